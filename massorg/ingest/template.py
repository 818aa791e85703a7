"""The Excel reporting template: an instruction sheet, one sheet per table with Vietnamese and English
header rows, drop-down lists for coded columns, example rows marked as such, and a lists sheet.

The same layout, filled with a snapshot's rows instead of examples, is what workbook_bytes() writes:
a workbook the importer reads back into the same tables.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd
import xlsxwriter

from massorg import geography
from massorg.data.schema import (
    FIXED_CODES,
    TABLES,
    Column,
    Table,
    association_types,
    reference_programmes,
    reference_units,
)
from massorg.i18n import has, t
from massorg.ingest.headers import sheet_title

VALIDATION_ROWS = 5000  # drop-down lists reach this far down each sheet
FIRST_DATA_ROW = 2  # 0-based: Excel row 3, below the two header rows
# Fixed document dates, so that the same template always has the same bytes.
DOCUMENT_DATE = dt.datetime(2024, 1, 1)

# One sample row per table, coded columns given as codes (written as names in the template).
EXAMPLES: dict[str, dict[str, object]] = {
    "units": {
        "unit_code": "68", "name": "Lâm Đồng", "name_en": "Lam Dong province", "kind": "province",
        "population": 1360000,
    },
    "programmes": {
        "programme_code": "scholarship", "domain": "education", "quantity_unit": "scholarships",
        "name_vi": "Học bổng cho học sinh nghèo hiếu học", "name_en": "Scholarships for poor students",
    },
    "associations": {
        "association_id": "VD01", "name": "Hội Khuyến học tỉnh Lâm Đồng",
        "name_en": "Lam Dong Association for Promoting Education", "type_code": "education_promotion",
        "field": "education", "level": "province", "unit_code": "68", "special_nature": True,
        "party_state_task": True, "founded_on": dt.date(2005, 3, 15), "licence_ref": "123/QĐ-UBND",
    },
    "membership": {"association_id": "VD01", "year": 2024, "members": 12345, "new_members": 870},
    "funding": {"association_id": "VD01", "year": 2024, "source": "state_budget", "amount_vnd": 250_000_000},
    "consultations": {
        "meeting_id": "VD-2024-01", "held_on": dt.date(2024, 5, 20), "association_id": "VD01",
        "unit_code": "68", "subject_kind": "draft_law", "subject": "Góp ý dự thảo Luật Đất đai (sửa đổi)",
        "comments_submitted": 12, "comments_accepted": 8,
    },
    "legal_aid": {
        "association_id": "VD01", "year": 2024, "kind": "mediation", "cases": 10, "people_served": 35,
        "successful": 7,
    },
    "lineage": {
        "predecessor_id": "VD01", "effective_on": dt.date(2025, 7, 1), "kind": "dissolution",
        "members_at_change": 12345,
    },
    "welfare": {
        "record_id": "VD-W-0001", "association_id": "VD01", "year": 2024, "unit_code": "68",
        "programme_code": "scholarship", "quantity": 50, "beneficiaries": 50, "beneficiaries_unit": "people",
        "value_vnd": 100_000_000,
    },
}


def template_bytes(lang: str, period: str | None = None) -> bytes:
    """The reporting template as .xlsx bytes (instructions and names in `lang`). With `period` (one of
    massorg.geography.REPORT_PERIODS) the unit drop-down offers only the units valid in it."""
    return _workbook(lang, {name: None for name in TABLES}, period)


def write_template(path: Path, lang: str, period: str | None = None) -> None:
    Path(path).write_bytes(template_bytes(lang, period))


def workbook_bytes(tables: dict[str, pd.DataFrame], lang: str) -> bytes:
    """A snapshot's tables in the template's layout (codes written as codes, no example rows)."""
    return _workbook(lang, {name: tables.get(name) for name in TABLES})


def code_lists(period: str | None = None) -> dict[str, list[tuple[str, str, str]]]:
    """Every list a coded column picks from: (code, Vietnamese name, English name); units only those
    valid in `period` when given."""
    out = {
        name: [(c, t(f"codes.{name}.{c}", "vi"), t(f"codes.{name}.{c}", "en")) for c in codes]
        for name, codes in FIXED_CODES.items()
    }
    out["type"] = [(r["type_code"], r["name_vi"], r["name_en"]) for r in association_types()]
    valid = set(geography.units_for_period(period)) if period else None
    out["unit"] = [(r["unit_code"], r["name"], r["name_en"] or r["name"]) for r in reference_units()
                   if valid is None or r["unit_code"] in valid]
    out["programme"] = [(r["programme_code"], r["name_vi"], r["name_en"]) for r in reference_programmes()]
    out["boolean"] = [("TRUE", t("codes.boolean.yes", "vi"), t("codes.boolean.yes", "en")),
                      ("FALSE", t("codes.boolean.no", "vi"), t("codes.boolean.no", "en"))]
    return out


def _list_of(col: Column) -> str | None:
    return "boolean" if col.dtype == "bool" else col.codes


def _other(lang: str) -> str:
    return "en" if lang == "vi" else "vi"


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        font = {"font_name": "Arial", "font_size": 10}
        self.title = book.add_format({**font, "bold": True, "font_size": 14})
        self.bold = book.add_format({**font, "bold": True})
        self.text = book.add_format({**font, "text_wrap": True, "valign": "top"})
        self.header = book.add_format({**font, "bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
        self.required = book.add_format(
            {**font, "bold": True, "bg_color": "#1F4E79", "font_color": "#FFFFFF", "border": 1, "text_wrap": True}
        )
        self.second = book.add_format({**font, "italic": True, "font_color": "#595959", "border": 1, "text_wrap": True})
        self.example = book.add_format({**font, "italic": True, "font_color": "#808080"})
        self.example_date = book.add_format({**font, "italic": True, "font_color": "#808080", "num_format": "dd/mm/yyyy"})
        self.example_number = book.add_format({**font, "italic": True, "font_color": "#808080", "num_format": "#,##0"})
        self.cell_text = book.add_format({**font, "num_format": "@"})
        self.cell_number = book.add_format({**font, "num_format": "#,##0"})
        self.cell_date = book.add_format({**font, "num_format": "dd/mm/yyyy"})


def _workbook(lang: str, tables: dict[str, pd.DataFrame | None], period: str | None = None) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    book.set_properties({"title": t("ingest.template.title", lang), "created": DOCUMENT_DATE})
    formats = _Formats(book)
    lists = code_lists(period)
    _instructions(book, formats, lang, period)
    for name, spec in TABLES.items():
        _table_sheet(book, formats, spec, lang, tables[name], lists)
    _lists_sheet(book, formats, lang, lists)
    book.close()
    return buffer.getvalue()


def _instructions(book: xlsxwriter.Workbook, formats: _Formats, lang: str, period: str | None = None) -> None:
    sheet = book.add_worksheet(t("ingest.template.sheet_help", lang))
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 58)
    sheet.set_column(2, 2, 70)
    sheet.write(0, 0, t("ingest.template.title", lang), formats.title)
    if period:
        sheet.write(1, 0, t("geography.template.period_line", lang, period=t(f"geography.periods.{period}", lang)),
                    formats.bold)
    row = 2
    for n in range(1, 100):
        key = f"ingest.template.help_{n:02d}"
        if not has(key, lang):
            break
        sheet.merge_range(row, 0, row, 2, f"{n}. {t(key, lang)}", formats.text)
        sheet.set_row(row, 30)
        row += 1
    row += 1
    sheet.write(row, 0, t("ingest.template.tables_heading", lang), formats.bold)
    row += 1
    for i, key in enumerate(("col_sheet", "col_row", "col_required")):
        sheet.write(row, i, t(f"ingest.template.{key}", lang), formats.header)
    for spec in TABLES.values():
        row += 1
        required = ", ".join(c.label(lang) for c in spec.columns if c.required)
        sheet.write(row, 0, sheet_title(spec, lang), formats.text)
        sheet.write(row, 1, t(f"ingest.tables.{spec.name}", lang), formats.text)
        sheet.write(row, 2, required, formats.text)


def _comment(col: Column, lang: str) -> str:
    parts = [col.label(_other(lang)) + ".", t(f"ingest.template.comment_{'required' if col.required else 'optional'}", lang)]
    if _list_of(col):
        parts.append(t("ingest.template.comment_bool" if col.dtype == "bool" else "ingest.template.comment_codes", lang))
    elif col.money:
        parts.append(t("ingest.template.comment_money", lang))
    elif col.dtype == "date":
        parts.append(t("ingest.template.comment_date", lang))
    elif col.dtype == "int":
        parts.append(t("ingest.template.comment_whole", lang))
    return " ".join(parts)


def _table_sheet(book: xlsxwriter.Workbook, formats: _Formats, spec: Table, lang: str,
                 df: pd.DataFrame | None, lists: dict) -> None:
    sheet = book.add_worksheet(sheet_title(spec, lang))
    note_col = len(spec.columns)
    for c, col in enumerate(spec.columns):
        sheet.write(0, c, col.label(lang), formats.required if col.required else formats.header)
        sheet.write(1, c, col.label(_other(lang)), formats.second)
        sheet.write_comment(0, c, _comment(col, lang), {"x_scale": 2, "y_scale": 1.5})
        width = min(max(len(col.label(lang)), len(col.label(_other(lang)))) + 2, 40)
        column_format = formats.cell_number if col.dtype in ("int", "bigint") else (
            formats.cell_date if col.dtype == "date" else formats.cell_text)
        sheet.set_column(c, c, max(width, 12), column_format)
    sheet.write(0, note_col, t("ingest.template.note_header", lang), formats.header)
    sheet.write(1, note_col, t("ingest.template.note_header", _other(lang)), formats.second)
    sheet.set_column(note_col, note_col, 36)
    sheet.set_row(0, 32)
    sheet.freeze_panes(FIRST_DATA_ROW, 0)
    if df is None:
        _write_example(sheet, formats, spec, lang, lists)
        last = VALIDATION_ROWS - 1
    else:
        _write_rows(sheet, formats, spec, df, lang)
        last = max(VALIDATION_ROWS - 1, FIRST_DATA_ROW + len(df))
    for c, col in enumerate(spec.columns):
        list_name = _list_of(col)
        if list_name:
            sheet.data_validation(FIRST_DATA_ROW, c, last, c, {
                "validate": "list",
                "source": f"=list_{list_name}",
                "error_type": "warning",
                "error_title": t("ingest.template.dropdown_title", lang),
                "error_message": t("ingest.template.dropdown_message", lang),
            })


def _display(col: Column, value: object, lang: str, lists: dict) -> object:
    """An example value as a user would pick it: the name of a code in `lang`."""
    name = _list_of(col)
    if name is None:
        return value
    key = ("TRUE" if value else "FALSE") if col.dtype == "bool" else value
    for code, name_vi, name_en in lists[name]:
        if code == key:
            return name_vi if lang == "vi" else name_en
    return value


def _write_example(sheet, formats: _Formats, spec: Table, lang: str, lists: dict) -> None:
    example = EXAMPLES[spec.name]
    for c, col in enumerate(spec.columns):
        value = example.get(col.name)
        if value is None:
            continue
        value = _display(col, value, lang, lists)
        if isinstance(value, dt.date):
            sheet.write_datetime(FIRST_DATA_ROW, c, dt.datetime.combine(value, dt.time()), formats.example_date)
        elif isinstance(value, int):
            sheet.write_number(FIRST_DATA_ROW, c, value, formats.example_number)
        else:
            sheet.write_string(FIRST_DATA_ROW, c, str(value), formats.example)
    sheet.write_string(FIRST_DATA_ROW, len(spec.columns), t("ingest.template.example_marker", lang), formats.example)


def _write_rows(sheet, formats: _Formats, spec: Table, df: pd.DataFrame, lang: str) -> None:
    yes, no = t("codes.boolean.yes", lang), t("codes.boolean.no", lang)
    columns = [df[c.name].tolist() if c.name in df.columns else [None] * len(df) for c in spec.columns]
    for r, values in enumerate(zip(*columns, strict=False), start=FIRST_DATA_ROW):
        for c, (col, value) in enumerate(zip(spec.columns, values, strict=False)):
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                continue
            if col.dtype == "date":
                day = value.date() if isinstance(value, (pd.Timestamp, dt.datetime)) else value
                if isinstance(day, str):
                    day = dt.date.fromisoformat(day[:10])
                sheet.write_datetime(r, c, dt.datetime.combine(day, dt.time()), formats.cell_date)
            elif col.dtype == "bool":
                sheet.write_string(r, c, yes if value else no)
            elif col.dtype in ("int", "bigint"):
                sheet.write_number(r, c, int(value))
            else:
                sheet.write_string(r, c, str(value))


def _lists_sheet(book: xlsxwriter.Workbook, formats: _Formats, lang: str, lists: dict) -> None:
    title = t("ingest.template.sheet_lists", lang)
    sheet = book.add_worksheet(title)
    name_col = 1 if lang == "vi" else 2
    for i, (name, entries) in enumerate(lists.items()):
        first = i * 4
        sheet.set_column(first, first, 22)
        sheet.set_column(first + 1, first + 2, 36)
        sheet.write(0, first, t(f"ingest.lists.{name}", lang), formats.bold)
        for j, key in enumerate(("lists_code", "lists_name_vi", "lists_name_en")):
            sheet.write(1, first + j, t(f"ingest.template.{key}", lang), formats.header)
        for r, entry in enumerate(entries, start=2):
            for j, value in enumerate(entry):
                sheet.write_string(r, first + j, value)
        column = xlsxwriter.utility.xl_col_to_name(first + name_col)
        book.define_name(f"list_{name}", f"='{title}'!${column}$3:${column}${len(entries) + 2}")
