"""What an .xlsx workbook holds, read in bounded memory (openpyxl's streaming sheet parser, one pass):
each sheet's filled rows with their Excel row numbers, whether Excel hides the sheet, the formulas
Excel never calculated, and Excel's _xHHHH_ escapes undone. The limits of massorg.ingest.limits are checked
before anything is loaded (the zip's sizes) and while streaming (rows, columns, cell text); a sheet
beyond one stops being read and carries the problem instead of its rows."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import FORMULA_TAG as _FORMULA
from openpyxl.worksheet._reader import WorkSheetParser

from massorg.ingest import limits
from massorg.ingest.cells import UncalculatedFormula, is_blank, unescape_excel

_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


class FileProblem(Exception):
    """A whole file that cannot be read: `rule` is the findings key."""

    def __init__(self, rule: str, **params: object) -> None:
        super().__init__(rule)
        self.rule = rule
        self.params = params


@dataclass(frozen=True)
class SheetProblem:
    """Why a sheet was not read (or not read to its end), at its Excel row and column letter."""

    rule: str
    excel_row: int | None = None
    column: str | None = None
    params: dict = field(default_factory=dict)


@dataclass
class SheetCells:
    title: str
    state: str  # 'visible', 'hidden' or 'veryHidden' (only a macro can show it again)
    rows: list[tuple[int, list]] = field(default_factory=list)  # (Excel row, cells), blank rows left out
    problem: SheetProblem | None = None


def read_workbook(data: bytes) -> list[SheetCells]:
    """Every worksheet of an .xlsx, in order. Raises FileProblem, zipfile.BadZipFile or KeyError."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        _check_package(archive)
    reader = _open(data)
    try:
        sheets = []
        for sheet, rel in reader.parser.find_sheets():
            if "chartsheet" in rel.Type:
                continue
            if rel.target not in reader.valid_files:  # openpyxl would skip it without a word
                sheets.append(SheetCells(sheet.name, sheet.state or "visible", problem=SheetProblem("sheet_part_missing")))
                continue
            with reader.archive.open(rel.target) as source:
                sheets.append(_read_sheet(sheet.name, sheet.state or "visible", _CellParser(source, reader)))
        return sheets
    finally:
        reader.archive.close()


def _open(data: bytes) -> ExcelReader:
    """openpyxl's reader up to (not including) its worksheets: the sheet list, the shared strings and the
    number formats. The sheets themselves are streamed by _CellParser: openpyxl's own read-only sheets
    first parse a sheet without a <dimension> to its end (in memory) just to learn its size."""
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    return reader


class _CellParser(WorkSheetParser):
    """openpyxl's streaming sheet parser (cached values), that also tells a formula saved without its
    value from an empty cell."""

    def __init__(self, source, reader: ExcelReader) -> None:
        wb = reader.wb
        super().__init__(source, reader.shared_strings, data_only=True, epoch=wb.epoch,
                         date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)

    def parse_cell(self, element):
        cell = super().parse_cell(element)
        if cell["value"] is None and (formula := element.find(_FORMULA)) is not None:
            cell["value"] = UncalculatedFormula(formula.text or "…")
        return cell


def _check_package(archive: zipfile.ZipFile) -> None:
    names = archive.namelist()
    if "mimetype" in names:  # an OpenDocument file: LibreOffice's .ods, or a text document
        raise FileProblem("ods_file" if archive.read("mimetype").startswith(_ODS_MIMETYPE) else "not_spreadsheet")
    infos = archive.infolist()
    # zipfile stops at the declared size (and fails on a wrong CRC), so these sizes are upper bounds.
    if sum(i.file_size for i in infos) > limits.MAX_UNPACKED_BYTES:
        raise FileProblem("unpacked_too_large", limit_mb=limits.MAX_UNPACKED_BYTES // 2**20)
    if any(i.filename.lower().endswith("sharedstrings.xml") and i.file_size > limits.MAX_SHARED_STRINGS_BYTES
           for i in infos):
        raise FileProblem("too_much_text", limit_mb=limits.MAX_SHARED_STRINGS_BYTES // 2**20)


def _read_sheet(title: str, state: str, parser: _CellParser) -> SheetCells:
    sheet = SheetCells(title, state)
    for excel_row, cells in parser.parse():
        if excel_row > limits.MAX_ROWS:
            sheet.problem = SheetProblem("too_many_rows", excel_row, params={"limit": limits.MAX_ROWS})
            break
        row = _row(cells)
        if row is None:
            sheet.problem = SheetProblem("too_many_columns", excel_row, get_column_letter(limits.MAX_COLUMNS + 1),
                                         {"limit": limits.MAX_COLUMNS})
            break
        if not row:
            continue
        sheet.problem = check_row(excel_row, row)
        if sheet.problem is not None:
            break
        sheet.rows.append((excel_row, row))
    if sheet.problem is not None:
        sheet.rows = []
    return sheet


def _row(cells: list[dict]) -> list | None:
    """A row's values up to its last filled cell, text unescaped ([] for a blank row); None when a cell
    beyond MAX_COLUMNS is filled."""
    filled = [(c["column"], c["value"]) for c in cells if not is_blank(c["value"])]
    if not filled:
        return []
    width = max(column for column, _ in filled)
    if width > limits.MAX_COLUMNS:
        return None
    row: list = [None] * width
    for column, value in filled:
        row[column - 1] = unescape_excel(value) if isinstance(value, str) else value
    return row


def check_row(excel_row: int, row: list) -> SheetProblem | None:
    """The first limit a row of cells exceeds (columns, characters in a cell), or None."""
    if len(row) > limits.MAX_COLUMNS and any(not is_blank(v) for v in row[limits.MAX_COLUMNS:]):
        return SheetProblem("too_many_columns", excel_row, get_column_letter(limits.MAX_COLUMNS + 1),
                            {"limit": limits.MAX_COLUMNS})
    for i, value in enumerate(row):
        if isinstance(value, str) and len(value) > limits.MAX_CELL_CHARS:
            return SheetProblem("cell_too_long", excel_row, get_column_letter(i + 1),
                                {"limit": limits.MAX_CELL_CHARS, "length": len(value)})
    return None
