"""The years a snapshot has data for, from its Parquet files' statistics (no query database needed).

The sidebar's period slider spans every listed snapshot; reading the bounds from the files' row-group
statistics (written by the store) means a fresh process builds the query database of the snapshot
being opened only, not of every snapshot in the store. No streamlit here.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import pyarrow.parquet as pq

from massorg.data.store import Snapshot

YEAR_COLUMNS = {"membership": "year", "funding": "year", "legal_aid": "year", "welfare": "year",
                "consultations": "held_on"}


def _year(value: object) -> int:
    return value.year if isinstance(value, dt.date) else int(value)


@cache
def _bounds(path: str) -> tuple[int, int] | None:
    """(first, last) year with data in one published snapshot folder (published files never change)."""
    found: list[int] = []
    for table, column in YEAR_COLUMNS.items():
        meta = pq.ParquetFile(f"{path}/{table}.parquet").metadata
        index = meta.schema.names.index(column)
        for i in range(meta.num_row_groups):
            stats = meta.row_group(i).column(index).statistics
            if stats is not None and stats.has_min_max:
                found += [_year(stats.min), _year(stats.max)]
    return (min(found), max(found)) if found else None


def year_bounds(snapshot: Snapshot) -> tuple[int, int] | None:
    """The first and last year the snapshot's files hold data for (None for an empty snapshot)."""
    return _bounds(str(snapshot.path))
