"""Helpers shared by the ingest tests (no tests here): report files written the way offices write
them, built from the hand-made tables of tests/factories.py, and a look at a store's bytes."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd

from massorg.data.schema import TABLES
from tests.factories import publish_tiny, tiny_tables

AS_OF = dt.date(2023, 12, 31)
REPORT_TABLES = ("associations", "membership", "funding", "consultations", "legal_aid", "welfare")


def labels(table: str, lang: str = "vi") -> list[str]:
    return [c.label(lang) for c in TABLES[table].columns]


def values(table: str, tables: dict[str, pd.DataFrame] | None = None) -> list[list]:
    """The rows of a hand-made table as plain Python values (None for blanks)."""
    df = (tables or tiny_tables())[table]
    return [[None if _blank(v) else v for v in row] for row in df[TABLES[table].column_names].itertuples(index=False)]


def _blank(v) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v))


def rows(frame: pd.DataFrame) -> list[tuple]:
    """A built table as tuples of plain values, for exact comparisons."""
    return [tuple(None if _blank(v) else v for v in r) for r in frame.itertuples(index=False)]


def sheet(table: str, lang: str = "vi", tables=None) -> list[list]:
    """A sheet as the template lays it out minus the second header row: header, then the rows."""
    return [labels(table, lang)] + values(table, tables)


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A workbook with one sheet per entry, cells exactly as given (None leaves a cell empty)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, grid in sheets.items():
        ws = book.create_sheet(title)
        for r, cells in enumerate(grid, start=1):
            for c, value in enumerate(cells, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)
    book.save(path)
    return path


def write_csv(path: Path, grid: list[list], delimiter: str = ",", encoding: str = "utf-8-sig") -> Path:
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f, delimiter=delimiter).writerows([["" if v is None else v for v in r] for r in grid])
    return path


def report_workbook(path: Path, lang: str = "vi", tables=None) -> Path:
    """Every reported table (not units, programmes) on its own sheet named as in the template."""
    return write_xlsx(path, {TABLES[n].label(lang)[:31]: sheet(n, lang, tables) for n in REPORT_TABLES})


def tiny_store(tmp_path: Path) -> Path:
    """A store holding the hand-made snapshot 'tiny' (as of 2023-12-31)."""
    root = tmp_path / "store"
    publish_tiny(root)
    return root


def store_bytes(root: Path) -> dict[str, bytes]:
    """Every file under the store, by relative path: equal before and after means untouched."""
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def store_entries(root: Path) -> list[str]:
    """Every name in the store folder, hidden temporary folders included."""
    return sorted(p.name for p in root.iterdir()) if root.exists() else []
