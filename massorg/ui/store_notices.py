"""Sidebar notices about the snapshot store: snapshots of an S3 store that are refused (a file does
not match its manifest), so an operator learns of a tampered or damaged upload from any page."""

from __future__ import annotations

import streamlit as st

from massorg.data import objectstore, store
from massorg.ui.access import Visitor


def refused_snapshots(who: Visitor, lang: str) -> None:
    """One warning per refused snapshot the visitor could otherwise have seen (demo ones for anyone,
    real ones for a signed-in person whose grant covers every unit)."""
    sees_real = who.grant is not None and who.grant.units is None
    for refusal in store.refused_snapshots():
        if refusal.is_demo or sees_real:
            st.sidebar.warning(objectstore.refusal_text(refusal, lang), icon=":material/gpp_bad:")
