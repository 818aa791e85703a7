"""Notices about the snapshot store: a store that cannot be listed (the page says so instead of a
traceback), and snapshots of an S3 store that are refused (a file does not match its manifest), so
an operator learns of a tampered or damaged upload from any page."""

from __future__ import annotations

import streamlit as st

from massorg.data import objectstore, store
from massorg.i18n import t
from massorg.ui.access import Visitor


def list_or_stop(lang: str) -> list[store.Snapshot]:
    """The store's snapshots; if the store cannot be reached at all, a message and the end of the run."""
    try:
        return store.list_snapshots()
    except store.SnapshotError as exc:
        st.error(t("store.unreachable", lang, reason=str(exc)), icon=":material/cloud_off:")
        st.stop()


def refused_snapshots(who: Visitor, lang: str) -> None:
    """One warning per refused snapshot the visitor could otherwise have seen (demo ones for anyone,
    real ones for a signed-in person whose grant covers every unit)."""
    sees_real = who.grant is not None and who.grant.units is None
    for refusal in store.refused_snapshots():
        if refusal.is_demo or sees_real:
            st.sidebar.warning(objectstore.refusal_text(refusal, lang), icon=":material/gpp_bad:")
