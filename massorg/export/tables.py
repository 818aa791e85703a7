"""Tables as files: CSV that Excel opens in Vietnamese, and an Excel workbook a clerk can work with.

The Excel file has a block above the table saying what it is (title, filters in words, snapshot,
export time, the demo notice), headers in the chosen language, real numbers with number formats
(written in US syntax, which Excel shows in the reader's own convention: 1.234.567 in vi-VN), money
in đồng with a tỷ or triệu column beside it, a frozen header row and columns wide enough to read.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import xlsxwriter

from massorg.data.store import Snapshot
from massorg.export.columns import Col, is_whole, shown_frame
from massorg.i18n import t
from massorg.numbers import BILLION, MILLION, fmt_date, fmt_dec, fmt_int, fmt_pct

FONT = "Arial"
CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Number formats in US syntax: Excel localises them on display (pitfalls §18).
NUMBER_FORMATS = {
    "int": "#,##0", "money": "#,##0", "bn": "#,##0.00", "m": "#,##0.0", "pct": "0.0%", "dec": "#,##0.0", "year": "0",
}
DATE_FORMATS = {"vi": "dd/mm/yyyy", "en": "yyyy-mm-dd"}
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_UNIT_SUFFIX = re.compile(r"\s*\((đồng|VND|triệu đồng|tỷ đồng|VND m|VND bn)\)\s*$")


# Digits a CSV keeps: what the screen shows for ratios (percentages, one-decimal rates); tỷ đồng to
# the đồng (nine decimals), which only removes floating-point noise from whole đồng divided by 10^9.
CSV_DIGITS = {"pct": 1, "dec": 1, "bn": 9, "m": 6}


def csv_bytes(df_shown: pd.DataFrame, block: Sequence[str] = ()) -> bytes:
    """The table exactly as shown, as UTF-8 CSV with a byte-order mark (so Excel reads Vietnamese).
    `block` lines (title, filters, snapshot, export time, demo notice) come first, one per row, then
    an empty row: a spreadsheet shows them above the table. Text that Excel would run as a formula
    (a name from a file starting with =, +, -, @) gets a leading apostrophe, as Excel itself marks
    text; numbers are untouched."""
    safe = df_shown.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = [_as_text(v) for v in safe[column]]
    lines = pd.DataFrame({"": [_as_text(b) for b in block]}).to_csv(index=False, header=False) + "\n" if block else ""
    return (lines + safe.to_csv(index=False)).encode("utf-8-sig")


def _as_text(value: object) -> object:
    return f"'{value}" if isinstance(value, str) and value[:1] in _FORMULA_STARTS else value


def csv_frame(df: pd.DataFrame, cols: list[Col], lang: str) -> pd.DataFrame:
    """The shown table with ratios rounded to the digits shown (7,7044341738498625 -> 7,7), counts
    and đồng as whole numbers (765119, not 765119.0 when a total row's blank made the column float)."""
    shown = shown_frame(df, cols, lang)
    for c in cols:
        if c.kind in CSV_DIGITS:
            shown[c.label(lang)] = pd.to_numeric(shown[c.label(lang)], errors="coerce").round(CSV_DIGITS[c.kind])
        elif c.kind in ("int", "money"):
            whole = pd.to_numeric(shown[c.label(lang)], errors="coerce")
            if whole.notna().sum() == shown[c.label(lang)].notna().sum():  # numbers only (no label text)
                shown[c.label(lang)] = whole.round(0).astype("Int64")
    return shown


def table_csv(df: pd.DataFrame, cols: list[Col], *, lang: str, title: str, filters_text: str | Sequence[str],
              snapshot: Snapshot, exported_at: dt.datetime, is_demo: bool) -> bytes:
    """The CSV download of a table: the header block the Excel file has, then the rounded table."""
    block = [title, *header_lines(lang=lang, filters_text=filters_text, snapshot=snapshot, exported_at=exported_at)]
    if is_demo:
        block.append(t("app.demo_notice", lang))
    return csv_bytes(csv_frame(df, cols, lang), block)


def vietnam_now() -> dt.datetime:
    """The time in Vietnam (UTC+7, no daylight saving), as a naive datetime for display."""
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).replace(tzinfo=None)


@dataclass(frozen=True)
class _XlsxColumn:
    """One column of the sheet: where its values come from and how they are written."""

    header: str
    values: pd.Series
    kind: str


def _companion_unit(values: pd.Series) -> str | None:
    """'bn' or 'm' when money is large enough that a column in tỷ (or triệu) reads better."""
    biggest = pd.to_numeric(values, errors="coerce").abs().max()
    if pd.isna(biggest):
        return None
    if biggest >= BILLION:
        return "bn"
    if biggest >= MILLION:
        return "m"
    return None


def _sheet_columns(df: pd.DataFrame, cols: list[Col], lang: str) -> list[_XlsxColumn]:
    """Columns as written: like the screen, plus a tỷ/triệu column after each money column in đồng."""
    out = []
    for c in cols:
        label = c.label(lang)
        values = df[c.name].reset_index(drop=True)
        if c.kind != "money":
            scale = {"bn": BILLION, "m": MILLION}.get(c.kind, 1)
            out.append(_XlsxColumn(label, values / scale if scale != 1 else values, c.kind))
            continue
        base = _UNIT_SUFFIX.sub("", label)
        out.append(_XlsxColumn(t("export.xlsx.in_vnd", lang, label=base), values, "money"))
        unit = _companion_unit(values)
        if unit == "bn":
            out.append(_XlsxColumn(t("export.xlsx.in_bn", lang, label=base), values / BILLION, "bn"))
        elif unit == "m":
            out.append(_XlsxColumn(t("export.xlsx.in_m", lang, label=base), values / MILLION, "dec"))
    return out


def _blank(v) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v))


def _as_date(v) -> dt.date:
    if isinstance(v, str):
        return dt.date.fromisoformat(v[:10])
    if isinstance(v, pd.Timestamp):
        return v.date()
    return v


def _display(v, kind: str, lang: str) -> str:
    """The text Excel will show (to size the column)."""
    if _blank(v):
        return ""
    if isinstance(v, str):
        return v
    if kind in ("int", "money"):
        return fmt_int(v, lang)
    if kind == "bn":
        return fmt_dec(v, lang, 2)
    if kind in ("dec", "m"):
        return fmt_dec(v, lang, 1)
    if kind == "num":
        return fmt_int(v, lang) if is_whole(v) else fmt_dec(v, lang, 2)
    if kind == "pct":
        return fmt_pct(v, lang)
    if kind == "date":
        return fmt_date(_as_date(v), lang)
    return str(v)


def _width(column: _XlsxColumn, lang: str) -> tuple[float, int]:
    """(column width in characters, lines the header wraps to): values never wrap, headers may."""
    longest_value = max((len(_display(v, column.kind, lang)) for v in column.values), default=0)
    words = column.header.split()
    longest_word = max((len(w) for w in words), default=0)
    width = min(max(longest_value + 2, longest_word + 2, min(len(column.header) + 2, 18), 8), 60)
    return width, wrapped_lines(column.header, width)


# A bold header line in Arial 10 needs about 13 points; Excel and LibreOffice wrap at word ends and
# bold letters are wider than a column's nominal character, so wrapping is reckoned on fewer of them.
LINE_POINTS = 13
PADDING_POINTS = 4
BOLD_WIDTH = 0.8


def wrapped_lines(text: str, width_chars: float, factor: float = BOLD_WIDTH) -> int:
    """Lines `text` takes when wrapped at word ends in a cell `width_chars` wide."""
    return max(1, len(textwrap.wrap(text, max(int(width_chars * factor), 1), break_long_words=True)))


def row_points(lines: int) -> float:
    return LINE_POINTS * lines + PADDING_POINTS


def _write_value(ws, row: int, col: int, v, kind: str, fmt) -> None:
    if kind == "num":  # fmt holds the two formats: counts, and measures with decimals
        fmt = fmt["int"] if not _blank(v) and is_whole(v) else fmt["bn"]
        kind = "bn"
    if _blank(v):
        ws.write_blank(row, col, None, fmt)
    elif isinstance(v, str):  # the label of a total row in a column of years or dates
        ws.write_string(row, col, v, fmt)
    elif kind == "pct":
        ws.write_number(row, col, float(v) / 100, fmt)  # a real percentage: 8.2 -> 0.082 shown as 8,2%
    elif kind in NUMBER_FORMATS:
        ws.write_number(row, col, float(v), fmt)
    elif kind == "date":
        ws.write_datetime(row, col, dt.datetime.combine(_as_date(v), dt.time()), fmt)
    else:
        ws.write_string(row, col, str(v), fmt)


def header_lines(*, lang: str, filters_text: str | Sequence[str], snapshot: Snapshot,
                 exported_at: dt.datetime) -> list[str]:
    """The lines under the title: filters, snapshot and as_of, export time."""
    filters = [filters_text] if isinstance(filters_text, str) else list(filters_text)
    return [
        *filters,
        t("export.xlsx.snapshot", lang, snapshot=snapshot.id, as_of=fmt_date(snapshot.as_of, lang)),
        t("export.xlsx.exported", lang, time=fmt_date(exported_at, lang)),
    ]


def xlsx_bytes(df: pd.DataFrame, cols: list[Col], *, lang: str, title: str, filters_text: str | Sequence[str],
               snapshot: Snapshot, exported_at: dt.datetime, is_demo: bool) -> bytes:
    """An .xlsx of the rows of `df` (the rows shown), described by `cols`, with the header block."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {
        "in_memory": True,
        "default_format_properties": {"font_name": FONT, "font_size": 10},
        "default_row_height": 17,
    })
    wb.set_properties({"title": title, "subject": " · ".join(header_lines(
        lang=lang, filters_text=filters_text, snapshot=snapshot, exported_at=exported_at)),
        "author": t("export.xlsx.app", lang), "comments": t("app.demo_notice", lang) if is_demo else ""})
    ws = wb.add_worksheet(t("export.xlsx.sheet", lang))
    base = {"font_name": FONT, "font_size": 10}
    title_fmt = wb.add_format(base | {"bold": True, "font_size": 14})
    note_fmt = wb.add_format(base | {"font_color": "#444444", "text_wrap": True, "valign": "top"})
    demo_fmt = wb.add_format(base | {"bold": True, "font_color": "#C00000", "text_wrap": True, "valign": "top"})
    head_fmt = wb.add_format(base | {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7",
                                     "bottom": 1})
    cell_fmts = {kind: wb.add_format(base | {"num_format": f}) for kind, f in NUMBER_FORMATS.items()}
    cell_fmts["date"] = wb.add_format(base | {"num_format": DATE_FORMATS[lang], "align": "left"})
    cell_fmts["text"] = wb.add_format(base)

    columns = _sheet_columns(df, cols, lang)
    widths = [_width(column, lang) for column in columns]
    ws.write_string(0, 0, title, title_fmt)
    row = 1
    # The lines of the block wrap within the table's width (a long filter line would otherwise run
    # far past the table and shrink it on the printed page).
    block_width = sum(w for w, _ in widths) if len(columns) > 1 else 60
    block = header_lines(lang=lang, filters_text=filters_text, snapshot=snapshot, exported_at=exported_at)
    for line, fmt in [(line, note_fmt) for line in block] + ([(t("app.demo_notice", lang), demo_fmt)] if is_demo else []):
        if len(columns) > 1:
            ws.merge_range(row, 0, row, len(columns) - 1, line, fmt)
        else:
            ws.write_string(row, 0, line, fmt)
        lines = wrapped_lines(line, block_width, 0.9)
        if lines > 1:
            ws.set_row(row, row_points(lines))
        row += 1
    header_row = row + 1  # one empty row between the block and the table

    wrap_lines = 1
    for j, (column, (width, lines)) in enumerate(zip(columns, widths)):
        wrap_lines = max(wrap_lines, lines)
        ws.set_column(j, j, width)
        ws.write_string(header_row, j, column.header, head_fmt)
        fmt = cell_fmts if column.kind == "num" else cell_fmts[column.kind if column.kind in cell_fmts else "text"]
        for i, v in enumerate(column.values):
            _write_value(ws, header_row + 1 + i, j, v, column.kind, fmt)
    ws.set_row(header_row, row_points(wrap_lines))
    ws.freeze_panes(header_row + 1, 0)
    last_row = header_row + max(len(df), 1)
    ws.autofilter(header_row, 0, last_row, max(len(columns) - 1, 0))
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_footer(f"&L&\"Arial\"&8{_footer_safe(title)}&R&\"Arial\"&8{t('export.xlsx.page_footer', lang)}")
    wb.close()
    return buffer.getvalue()


def _footer_safe(text: str) -> str:
    """Excel header/footer codes start with '&': double a literal ampersand; keep it short."""
    return text.replace("&", "&&")[:100]
