"""The first open of a snapshot in a fresh server process: its query database is built (seconds for a
large snapshot), with a spinner that says so and counts the time, and only for the snapshot opened."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from massorg.data import queries
from massorg.data.store import Snapshot
from massorg.i18n import t
from massorg.numbers import fmt_int


@contextmanager
def opening_snapshot(snapshot: Snapshot, lang: str) -> Iterator[None]:
    """Around the snapshot's first query: a spinner while its database is built, nothing once it is."""
    if queries.database_ready(snapshot):
        yield
        return
    rows = fmt_int(sum(snapshot.row_counts.values()), lang)
    with st.spinner(t("opening.building", lang, id=snapshot.id, rows=rows), show_time=True):
        yield
