"""What an .xlsx workbook holds, read in bounded memory (openpyxl's read-only streaming): each
sheet's filled rows with their Excel row numbers, whether Excel hides the sheet, the formulas Excel
never calculated, and Excel's _xHHHH_ escapes undone. The limits of massorg.ingest.limits are checked
before anything is loaded (the zip's sizes) and while streaming (rows, columns, cell text); a sheet
beyond one stops being read and carries the problem instead of its rows."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import get_column_letter

from massorg.ingest import limits
from massorg.ingest.cells import UncalculatedFormula, is_blank, unescape_excel

_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_FORMULA_TAG = re.compile(rb"<(\w+:)?f[\s>/]")


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
        has_formulas = _has_formulas(archive)
    values = _open(data, data_only=True)
    formulas = _open(data, data_only=False) if has_formulas else None
    try:
        sheets = [SheetCells(title, "visible", problem=SheetProblem("sheet_part_missing"))
                  for title in _missing_sheets(values)]
        for position, ws in enumerate(values.wb.worksheets):
            twin = formulas.wb.worksheets[position] if formulas is not None else None
            sheets.append(_read_sheet(ws, twin))
        return sheets
    finally:
        values.wb.close()
        if formulas is not None:
            formulas.wb.close()


def _open(data: bytes, *, data_only: bool) -> ExcelReader:
    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=data_only)
    reader.read()
    return reader


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


def _has_formulas(archive: zipfile.ZipFile) -> bool:
    """Whether any sheet holds a formula: only then is the workbook read a second time for them."""
    for name in archive.namelist():
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            with archive.open(name) as part:
                tail = b""
                while chunk := part.read(1 << 20):
                    if _FORMULA_TAG.search(tail + chunk):
                        return True
                    tail = chunk[-16:]
    return False


def _missing_sheets(reader: ExcelReader) -> list[str]:
    """Sheets the workbook lists whose part is absent from the zip (openpyxl skips them silently)."""
    return [sheet.name for sheet, rel in reader.parser.find_sheets()
            if rel.target not in reader.valid_files and "chartsheet" not in rel.Type]


def _read_sheet(ws, twin) -> SheetCells:
    sheet = SheetCells(ws.title, ws.sheet_state or "visible")
    ws.reset_dimensions()  # some writers store a wrong sheet size
    formula_rows = None
    if twin is not None:
        twin.reset_dimensions()
        formula_rows = twin.iter_rows(values_only=True)
    for excel_row, cells in enumerate(ws.iter_rows(values_only=True), 1):
        formulas = next(formula_rows, ()) if formula_rows is not None else ()
        if excel_row > limits.MAX_ROWS:
            sheet.problem = SheetProblem("too_many_rows", excel_row, params={"limit": limits.MAX_ROWS})
            break
        row = _row(cells, formulas)
        if not row:
            continue
        sheet.problem = check_row(excel_row, row)
        if sheet.problem is not None:
            break
        sheet.rows.append((excel_row, row))
    if sheet.problem is not None:
        sheet.rows = []
    return sheet


def _row(cells: tuple, formulas: tuple) -> list:
    """A row's cells up to its last filled one; formulas without a value become UncalculatedFormula
    and text is unescaped. An empty list for a blank row."""
    last = max((i for i, v in enumerate(cells) if not is_blank(v)), default=-1)
    last = max([last] + [i for i, f in enumerate(formulas) if f is not None and (i >= len(cells) or cells[i] is None)])
    if last < 0:
        return []
    row = list(cells[: last + 1]) + [None] * (last + 1 - len(cells))
    for i, value in enumerate(row):
        if value is None and i < len(formulas) and formulas[i] is not None:
            row[i] = UncalculatedFormula(str(getattr(formulas[i], "text", formulas[i])))
        elif isinstance(value, str):
            row[i] = unescape_excel(value)
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
