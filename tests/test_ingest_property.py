"""Random corruptions of a valid workbook either import or fail with findings: never a traceback,
never a partial snapshot, and every finding renders in both languages."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from massorg.data import store
from massorg.data.validate import errors, validate_tables
from massorg.ingest.commands import render
from massorg.ingest.importer import import_files
from massorg.ingest.template import workbook_bytes
from tests.factories import publish_tiny, tiny_tables
from tests.test_ingest_samples import AS_OF, store_bytes, store_entries

VALID = workbook_bytes(tiny_tables(), "vi")
SHEETS = 8  # the data sheets come after the instruction sheet

cell_values = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    st.integers(min_value=-(10**13), max_value=10**13),
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 12, 31)),
    st.booleans(),
    st.sampled_from(["Tổng cộng", "1.234,5", "31/02/2023", "Ví dụ", "Mã hội", "Năm", "P1", "68", "-1",
                     "state_budget", "Cấp tỉnh", "12,5", "=SUM(A1:A3)", "#N/A", "x"]),
)
cell_edits = st.lists(
    st.tuples(st.integers(1, SHEETS), st.integers(1, 8), st.integers(1, 14), cell_values), min_size=1, max_size=6
)
row_deletions = st.lists(st.tuples(st.integers(1, SHEETS), st.integers(1, 8)), max_size=2)
sheet_renames = st.lists(st.tuples(st.integers(1, SHEETS), st.sampled_from(["Sheet1", "Kinh phí", "x"])),
                         max_size=1)


def _edited(edits, deletions, renames) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(VALID))
    for sheet, row, col, value in edits:
        book.worksheets[sheet].cell(row=row, column=col, value=value)
    for sheet, row in deletions:
        book.worksheets[sheet].delete_rows(row)
    for sheet, title in renames:
        if title not in book.sheetnames:
            book.worksheets[sheet].title = title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _check_import(data: bytes) -> None:
    """Import into a store holding 'tiny' (the previous real snapshot, so jumps are checked too)."""
    with tempfile.TemporaryDirectory() as folder:
        path, root = Path(folder) / "bao-cao.xlsx", Path(folder) / "store"
        path.write_bytes(data)
        publish_tiny(root)
        before = store_bytes(root)
        result = import_files([path], as_of=AS_OF, root=root)
        for finding in result.findings:
            assert render(finding, "vi") and render(finding, "en")
        if result.errors:
            assert result.snapshot is None
            assert store_bytes(root) == before and store_entries(root) == ["tiny"]
        else:
            assert store_entries(root) == sorted(["tiny", result.snapshot.id])
            assert store.open_snapshot(result.snapshot.id, root).row_counts == result.snapshot.row_counts
            assert errors(validate_tables(result.snapshot.read_all())) == []


@settings(max_examples=30, deadline=None)
@given(edits=cell_edits, deletions=row_deletions, renames=sheet_renames)
def test_edited_cells_import_or_fail_with_findings(edits, deletions, renames):
    _check_import(_edited(edits, deletions, renames))


@settings(max_examples=30, deadline=None)
@given(
    cut=st.one_of(st.none(), st.integers(1, len(VALID) - 1)),
    flips=st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), max_size=8),
)
def test_damaged_bytes_import_or_fail_with_findings(cut, flips):
    data = bytearray(VALID)
    for position, byte in flips:
        data[position] = byte
    _check_import(bytes(data[:cut]))
