"""Reading what offices send: XLSX workbooks or CSV files, one table per sheet (or per CSV file).

The reader finds the header row (below any title rows), maps each header to a column of the schema,
skips the English second header row, column-number rows, blank rows and the template's example rows,
sets aside a totals row, and keeps every remaining row with its Excel row number. It never raises on
a bad file: a file it cannot read becomes an error finding naming the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from massorg.data.schema import TABLES
from massorg.data.validate import ERROR, WARNING, Finding
from massorg.i18n import LANGUAGES, t
from massorg.ingest import limits
from massorg.ingest.cells import CellError, UncalculatedFormula, clean_text, fold, is_blank, parse_number, shown
from massorg.ingest.headers import (
    HeaderMatch,
    is_example_marker,
    is_ignored_header,
    is_note_header,
    is_total_word,
    match_header,
    table_for_name,
)
from massorg.ingest.workbook import FileProblem, SheetProblem, check_row, read_workbook

HEADER_SCAN_ROWS = 30  # the header must start within this many rows from the top
MIN_HEADER_MATCHES = 2
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
# A word whose Vietnamese letters became "?" when the file was saved in a Western encoding: "Ng?n".
_LOST_LETTERS = re.compile(r"(?<![^\s,;\t\"'(])[^\W\d_]+\?[^\W\d_]+(?![^\s,;\t\"').:])")


@dataclass(frozen=True)
class ColumnSource:
    """Where a schema column is in a sheet: its position and the header as the user wrote it."""

    index: int
    header: str
    multiplier: int = 1


@dataclass
class SheetTable:
    """One table as found in one sheet (or CSV file), cells still raw."""

    file: str
    sheet: str | None
    table: str
    style: str  # number convention of the sheet: 'vi' (1.234,5) or 'en' (1,234.5)
    header_row: int
    columns: dict[str, ColumnSource]
    rows: list[tuple[int, list]] = field(default_factory=list)  # (Excel row, cells)
    totals: tuple[int, list] | None = None

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.file, self.sheet)

    def written(self, position: int, column: str) -> object:
        """A data row's cell as the user typed it (None when the sheet lacks the column)."""
        source = self.columns.get(column)
        cells = self.rows[position][1]
        return cells[source.index] if source is not None and source.index < len(cells) else None

    def header(self, column: str) -> str:
        """The header as written for a column, or the schema label in the sheet's language."""
        source = self.columns.get(column)
        if source is not None:
            return source.header
        return TABLES[self.table].column(column).label(self.style)


@dataclass
class FileRead:
    path: Path
    name: str
    sha256: str | None
    tables: list[SheetTable] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class _Grid:
    sheet: str | None
    name_hint: str
    rows: list[tuple[int, list]]
    state: str = "visible"  # Excel's sheet state: 'visible', 'hidden' or 'veryHidden'
    problem: SheetProblem | None = None  # why the sheet was not read


def read_file(path: Path) -> FileRead:
    """Every table in one file, with the findings of reading it (never raises on bad content)."""
    path = Path(path)
    result = FileRead(path, path.name, None)
    try:
        size = path.stat().st_size
        data = path.read_bytes() if size <= limits.MAX_FILE_BYTES else b""
    except OSError:
        result.findings.append(_file_finding("file_missing", result.name))
        return result
    if size > limits.MAX_FILE_BYTES:
        result.findings.append(_file_finding("file_too_large", result.name, limit_mb=limits.MAX_FILE_MB))
        return result
    result.sha256 = hashlib.sha256(data).hexdigest()
    if not data.strip():
        result.findings.append(_file_finding("empty_file", result.name))
        return result
    grids, problem = _grids(data, path)
    if problem:
        result.findings.append(_file_finding(problem.rule, result.name, **problem.params))
        return result
    for grid in grids:
        _read_grid(grid, result)
    if not result.tables and not any(f.severity == ERROR for f in result.findings):
        has_cells = any(any(not is_blank(v) for v in cells) for g in grids for _, cells in g.rows)
        result.findings.append(_file_finding("no_tables" if has_cells else "empty_file", result.name))
    return result


def _file_finding(rule: str, name: str, **params: object) -> Finding:
    """An error about a whole file: its message names the file."""
    return Finding(ERROR, rule, "", value=name, params=params, file=name)


def _grids(data: bytes, path: Path) -> tuple[list[_Grid], FileProblem | None]:
    """The cell grids of a file, or the problem that says why there are none."""
    if data.startswith(_OLE_MAGIC):
        return [], FileProblem("encrypted_file" if _ENCRYPTION_STREAM in data else "legacy_xls")
    if data.startswith(b"PK"):
        try:
            return [_Grid(s.title, s.title, s.rows, s.state, s.problem) for s in read_workbook(data)], None
        except FileProblem as problem:
            return [], problem
        except zipfile.BadZipFile:
            return [], FileProblem("damaged_file")
        except KeyError:
            return [], FileProblem("not_spreadsheet")  # a zip without a workbook in it (a .docx, a .zip)
        except Exception:  # noqa: BLE001 - any damage inside the zip is the file's fault, not ours
            return [], FileProblem("damaged_file")
    text = _decode(data)
    if text is None:
        return [], FileProblem("not_spreadsheet")
    lost = _LOST_LETTERS.search(text)
    if lost:
        return [], FileProblem("csv_lost_letters", example=lost.group(0))
    return [_csv_grid(text, path)], None


def _decode(data: bytes) -> str | None:
    """The text of a CSV file (UTF-8, UTF-16 as Excel's 'Unicode text', or Windows-1258), or None
    when the bytes are not text at all."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1258")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n")
        return None if controls > len(text) // 200 or "\x00" in text else text
    return None


def _csv_grid(text: str, path: Path) -> _Grid:
    """The filled rows of a CSV file, within the limits on rows, columns and cell text."""
    grid = _Grid(None, path.stem, [])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text))
    try:
        for excel_row, cells in enumerate(reader, 1):
            if excel_row > limits.MAX_ROWS:
                grid.problem = SheetProblem("too_many_rows", excel_row, params={"limit": limits.MAX_ROWS})
                break
            if not any(not is_blank(v) for v in cells):
                continue
            grid.problem = check_row(excel_row, cells)
            if grid.problem is not None:
                break
            grid.rows.append((excel_row, cells))
    except csv.Error:  # a field beyond the csv module's own limit (131,072 characters)
        grid.problem = SheetProblem("cell_too_long", reader.line_num, None,
                                    {"limit": limits.MAX_CELL_CHARS, "length": csv.field_size_limit()})
    if grid.problem is not None:
        grid.rows = []
    return grid


def csv_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most rows of one same width (two columns or
    more): a ';' file whose notes hold commas is still a ';' file. Ties go to the wider table."""
    sample = "\n".join(text.splitlines()[:50])
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t"):
        try:
            widths = [len(cells) for cells in csv.reader(io.StringIO(sample), delimiter=delimiter) if len(cells) > 1]
        except csv.Error:
            continue
        if not widths:
            continue
        width, rows = Counter(widths).most_common(1)[0]
        if (rows, width) > best_score:
            best, best_score = delimiter, (rows, width)
    return best


# --- tables in a grid ----------------------------------------------------------------------------


def _skipped_sheet_names() -> set[str]:
    return {fold(t(f"ingest.template.{key}", lang)) for key in ("sheet_help", "sheet_lists") for lang in LANGUAGES}


def _read_grid(grid: _Grid, result: FileRead) -> None:
    if grid.problem is not None:
        p = grid.problem
        result.findings.append(Finding(ERROR, p.rule, "", None, None, result.name, dict(p.params), result.name,
                                       grid.sheet, p.excel_row, p.column))
        return
    if grid.state != "visible":
        result.findings.append(_hidden_sheet(grid, result.name))
        return
    if grid.sheet is not None and fold(grid.sheet) in _skipped_sheet_names():
        return
    if not any(any(not is_blank(v) for v in cells) for _, cells in grid.rows):
        return
    choice = _choose_table(grid)
    if isinstance(choice, Finding):
        choice.file, choice.sheet = result.name, grid.sheet
        result.findings.append(choice)
        return
    table, header_at = choice
    sheet_table, findings = _sheet_table(grid, table, header_at, result.name)
    result.tables.append(sheet_table)
    result.findings.extend(findings)


def _hidden_sheet(grid: _Grid, file: str) -> Finding:
    """A sheet Excel hides is never imported: an error when it holds a table (nobody can see what it
    would publish), else a warning that names it."""
    choice = _choose_table(grid) if any(any(not is_blank(v) for v in c) for _, c in grid.rows) else None
    if isinstance(choice, tuple):
        rule = "very_hidden_sheet" if grid.state == "veryHidden" else "hidden_sheet"
        return Finding(ERROR, rule, "", value=grid.sheet, file=file, sheet=grid.sheet)
    return Finding(WARNING, "hidden_sheet_skipped", "", value=grid.sheet, file=file, sheet=grid.sheet)


def _matches(table: str, cells: list) -> dict[str, tuple[int, HeaderMatch]]:
    """The columns a row of header cells names: column -> (position, match); first one wins."""
    out: dict[str, tuple[int, HeaderMatch]] = {}
    for i, value in enumerate(cells):
        if isinstance(value, str):
            m = match_header(TABLES[table], value)
            if m is not None and m.column not in out:
                out[m.column] = (i, m)
    return out


def _choose_table(grid: _Grid) -> tuple[str, int] | Finding:
    """(table, position of the header row in grid.rows), or a finding saying why none was found."""
    top = grid.rows[:HEADER_SCAN_ROWS]
    best: dict[str, tuple[int, int]] = {}  # table -> (matches, position)
    for name in TABLES:
        for pos, (_, cells) in enumerate(top):
            n = len(_matches(name, cells))
            if n > best.get(name, (0, 0))[0]:
                best[name] = (n, pos)
    hinted = table_for_name(grid.name_hint)
    if hinted and best.get(hinted, (0, 0))[0] >= MIN_HEADER_MATCHES:
        return hinted, best[hinted][1]
    ranked = sorted(
        ((n, n / len(TABLES[name].columns), name, pos) for name, (n, pos) in best.items() if n >= MIN_HEADER_MATCHES),
        reverse=True,
    )
    if not ranked:
        rule = "no_header_csv" if grid.sheet is None else "no_header"
        return Finding(ERROR if grid.sheet is None else WARNING, rule, "")
    top_score = ranked[0][:2]
    tied = [r for r in ranked if r[:2] == top_score]
    if len(tied) > 1:
        candidates = ", ".join(sorted(TABLES[r[2]].label_vi for r in tied))
        return Finding(ERROR, "table_unclear", "", params={"candidates": candidates})
    return ranked[0][2], ranked[0][3]


def _sheet_table(grid: _Grid, table: str, header_at: int, file: str) -> tuple[SheetTable, list[Finding]]:
    spec = TABLES[table]
    findings: list[Finding] = []
    header_row, header_cells = grid.rows[header_at]
    matched = _matches(table, header_cells)
    vi = sum(1 for _, m in matched.values() if m.language == "vi")
    style = "en" if len(matched) - vi > vi else "vi"
    columns = {c: ColumnSource(i, clean_text(header_cells[i]) or "", m.multiplier) for c, (i, m) in matched.items()}
    note_at = next((i for i, v in enumerate(header_cells) if is_note_header(v)), None)

    def where(rule, severity, excel_row, column=None, header=None, value=None, **params) -> Finding:
        return Finding(severity, rule, table, None, column, value, params, file, grid.sheet, excel_row, header)

    for i, value in enumerate(header_cells):
        if i in {s.index for s in columns.values()} or i == note_at or is_ignored_header(value):
            continue
        m = match_header(spec, value) if isinstance(value, str) else None
        if m is not None:
            findings.append(where("duplicate_column", ERROR, header_row, m.column, shown(value), shown(value)))
        elif not is_blank(value):
            findings.append(where("ignored_column", WARNING, header_row, None, shown(value), shown(value)))

    pos = header_at + 1
    while pos < len(grid.rows) and _is_header_like(table, grid.rows[pos][1], columns, note_at):
        for c, (i, m) in _matches(table, grid.rows[pos][1]).items():
            columns.setdefault(c, ColumnSource(i, clean_text(grid.rows[pos][1][i]) or "", m.multiplier))
        pos += 1

    for col in spec.columns:
        if col.required and col.name not in columns:
            findings.append(
                where("missing_column", ERROR, header_row, col.name, col.label(style), expected=col.label(style))
            )

    sheet = SheetTable(file, grid.sheet, table, style, header_row, columns)
    used = sorted(s.index for s in columns.values())
    after_total: list[int] = []
    for excel_row, cells in grid.rows[pos:]:
        filled = sum(1 for i in used if i < len(cells) and not is_blank(cells[i]))
        if not filled:
            continue
        if sheet.totals is not None:
            if _looks_like_data(cells, used, sheet.style):  # never dropped silently
                findings.append(where("data_after_total", ERROR, excel_row, total_row=sheet.totals[0]))
            else:  # a signature or a note ("Người lập biểu", "Thủ trưởng đơn vị")
                after_total.append(excel_row)
        elif note_at is not None and note_at < len(cells) and is_example_marker(cells[note_at]):
            continue
        elif _is_totals_row(cells, sheet.style):
            sheet.totals = (excel_row, cells)
        else:
            sheet.rows.append((excel_row, cells))
    if after_total:
        findings.append(
            where("rows_after_total", WARNING, after_total[0], n=len(after_total), total_row=sheet.totals[0])
        )
    if sheet.totals is not None and not sheet.rows:
        findings.append(where("only_totals", ERROR, sheet.totals[0]))
    return sheet, findings


def _looks_like_data(cells: list, used: list[int], style: str) -> bool:
    """A row below the totals row that holds data, not a signature: two filled columns, one a figure."""
    values = [cells[i] for i in used if i < len(cells) and not is_blank(cells[i])]
    if len(values) < MIN_HEADER_MATCHES:
        return False
    for value in values:
        if isinstance(value, (int, float, dt.date, UncalculatedFormula)) and not isinstance(value, bool):
            return True
        try:
            parse_number(value, style)
            return True
        except CellError:
            continue
    return False


def _is_totals_row(cells: list, style: str) -> bool:
    """A row that is the totals label alone plus numbers: one text cell saying "Tổng cộng" (or
    "Total"), every other filled cell a number. Whether the numbers are the sums of the rows above is
    checked once they are parsed (normalise.py); a row that fails that is an error, never dropped."""
    if not any(is_total_word(value) for value in cells):  # a data row: no label, so never a totals row
        return False
    labels = 0
    for value in cells:
        if is_blank(value):
            continue
        if is_total_word(value):
            labels += 1
            continue
        if isinstance(value, UncalculatedFormula):  # =SUM(…) saved without its value: checked later
            continue
        try:
            parse_number(value, style)
        except CellError:
            return False
    return labels == 1


def _is_header_like(table: str, cells: list, columns: dict[str, ColumnSource], note_at: int | None) -> bool:
    """A second header row (the template's English one) or a row numbering the columns (1), (2)…"""
    filled = [(i, v) for i, v in enumerate(cells) if not is_blank(v)]
    if not filled:
        return False
    if all(_COLUMN_NUMBER.match(str(v).strip()) for _, v in filled) and len(filled) >= MIN_HEADER_MATCHES:
        numbers = [int(str(v).strip().strip("()")) for _, v in filled]
        return numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    matches = 0
    for i, v in filled:
        if i == note_at or (isinstance(v, str) and is_ignored_header(v)):
            continue
        m = match_header(TABLES[table], v) if isinstance(v, str) else None
        if m is None:
            return False
        matches += 1
    return matches >= MIN_HEADER_MATCHES
