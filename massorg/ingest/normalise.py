"""From raw cells to typed tables: each cell parsed by its column's type, codes resolved from names,
the totals row checked against the rows above. Every problem becomes a Finding at its Excel cell."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from massorg.data.schema import FIXED_CODES, TABLES, Column, association_types, code_list
from massorg.data.validate import ERROR, WARNING, Finding
from massorg.i18n import LANGUAGES, has, t
from massorg.ingest.cells import (
    INT32_MAX,
    INT64_MAX,
    CellError,
    UncalculatedFormula,
    clean_text,
    control_characters,
    fold,
    is_blank,
    parse_bool,
    parse_date,
    parse_number,
    shown,
    to_int,
)
from massorg.ingest.reader import SheetTable

PANDAS_DTYPES = {"text": object, "int": "Int64", "bigint": "Int64", "bool": "boolean", "date": object}


@dataclass(frozen=True)
class Origin:
    """Where a row of a built table came from: a sheet's Excel row (None for carried rows)."""

    file: str
    sheet: str | None
    excel_row: int
    sheet_key: tuple[str, str | None]
    position: int  # index of the row in its sheet's data rows


def canonical(table: str, df: pd.DataFrame, *, compact: bool = False) -> pd.DataFrame:
    """A table with exactly the schema's columns in order, text as object (None when empty),
    integers as Int64, yes/no as boolean and dates as datetime.date. `compact` keeps text that is
    already in pandas' Arrow-backed str dtype so (missing as NaN): a snapshot's table of a million
    rows carried into an import whole, whose unique ids would take ten times the memory as objects."""
    out = {}
    for col in TABLES[table].columns:
        if col.name not in df.columns:
            out[col.name] = pd.Series([None] * len(df), dtype=PANDAS_DTYPES[col.dtype])
            continue
        series = df[col.name].reset_index(drop=True)
        if compact and col.dtype == "text" and series.dtype == "str":
            out[col.name] = series
            continue
        fast = _canonical_column(col, series)
        out[col.name] = fast if fast is not None else pd.Series(
            [_canonical_value(col, v) for v in series.tolist()], dtype=PANDAS_DTYPES[col.dtype])
    return pd.DataFrame(out, index=pd.RangeIndex(len(df)))


def _canonical_column(col: Column, series: pd.Series) -> pd.Series | None:
    """The column converted at once when its values already have the column's kind (a snapshot's
    table, a parsed sheet: millions of rows with --base); None when some value needs _canonical_value."""
    blank = series.isna()
    present = series[~blank]
    kind = pd.api.types.infer_dtype(present, skipna=True) if len(present) else "empty"
    if (col.dtype == "text" and kind in ("string", "empty")) or (col.dtype == "date" and kind in ("date", "empty")):
        return _shared_objects(series)
    if col.dtype in ("int", "bigint") and kind in ("integer", "empty"):
        return series.astype("Int64")
    if col.dtype in ("int", "bigint") and kind == "floating":  # a column with blanks read from Parquet
        try:
            return series.astype("Int64")
        except (TypeError, ValueError):  # a fraction: value by value, as before
            return None
    if col.dtype == "bool" and kind in ("boolean", "empty"):
        return series.astype("boolean")
    if col.dtype == "date" and kind == "datetime64":
        return pd.Series([None if pd.isna(v) else v.date() for v in series], dtype=object)
    return None


def _shared_objects(series: pd.Series) -> pd.Series:
    """The values as an object column (None where missing) in which equal values are one object: two
    million funding rows name 67,700 associations, and hold 67,700 strings, not two million."""
    codes, uniques = pd.factorize(series)
    objects = np.empty(len(uniques) + 1, dtype=object)  # the last one (None) for code -1, a missing value
    objects[:-1] = uniques.astype(object)
    return pd.Series(objects[codes], dtype=object)


def _canonical_value(col: Column, value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if col.dtype == "text":
        return str(value)
    if col.dtype in ("int", "bigint"):
        return int(value)
    if col.dtype == "bool":
        return bool(value)
    if isinstance(value, pd.Timestamp):
        return value.date()
    return dt.date.fromisoformat(value[:10]) if isinstance(value, str) else value


class CodeBook:
    """Codes of every coded column, and the names that stand for them (matched ignoring case,
    spaces and diacritics): 'Hội Chữ thập đỏ' -> red_cross, 'Đà Lạt' -> 672, 'Ngân sách nhà nước' ->
    state_budget. Units and programmes come from the tables of the snapshot being built."""

    def __init__(self, tables: dict[str, pd.DataFrame]) -> None:
        self._codes: dict[str, dict[str, str]] = {}  # list -> folded code -> code
        self._names: dict[str, dict[str, set[str]]] = {}  # list -> folded name -> codes
        for name in FIXED_CODES:
            self._add(name, [(c, [t(f"codes.{name}.{c}", lang) for lang in LANGUAGES if has(f"codes.{name}.{c}", lang)])
                             for c in code_list(name)])
        self._add("type", [(r["type_code"], [r["name_vi"], r["name_en"]]) for r in association_types()])
        for name, table, columns in (("unit", "units", ("name", "name_en")),
                                     ("programme", "programmes", ("name_vi", "name_en"))):
            df = tables.get(table)
            code_col = TABLES[table].primary_key[0]
            rows = [] if df is None else df[[code_col, *columns]].itertuples(index=False)
            self._add(name, [(str(r[0]), [v for v in r[1:] if isinstance(v, str)]) for r in rows])

    def _add(self, name: str, entries: list[tuple[str, list[str]]]) -> None:
        codes, names = self._codes.setdefault(name, {}), self._names.setdefault(name, {})
        for code, labels in entries:
            codes.setdefault(fold(code), code)
            for label in labels:
                names.setdefault(fold(label), set()).add(code)

    def resolve(self, name: str, text: str) -> str:
        """The code `text` stands for; text left as written when nothing matches (validation then
        reports the unknown code); CellError when a name fits more than one code."""
        if text in self._codes[name].values():
            return text
        key = fold(text)
        if key in self._codes[name]:
            return self._codes[name][key]
        found = self._names[name].get(key, set())
        if len(found) > 1:
            raise CellError("ambiguous_code", candidates=", ".join(sorted(found)))
        return next(iter(found)) if found else text


def parse_cell(col: Column, raw: object, sheet: SheetTable, codes: CodeBook | None) -> object:
    """One cell as its column's type (None when blank); raises CellError."""
    if is_blank(raw):
        return None
    if isinstance(raw, UncalculatedFormula):
        raise CellError("uncalculated_formula")
    if col.dtype == "text":
        text = clean_text(raw)
        return codes.resolve(col.codes, text) if col.codes and codes is not None else text
    if col.dtype in ("int", "bigint"):
        multiplier = sheet.columns[col.name].multiplier if col.name in sheet.columns else 1
        limit = INT32_MAX if col.dtype == "int" else INT64_MAX
        return to_int(parse_number(raw, sheet.style), multiplier, money=col.money, limit=limit)
    if col.dtype == "bool":
        return parse_bool(raw)
    return parse_date(raw)


def to_frame(sheet: SheetTable, codes: CodeBook | None) -> tuple[pd.DataFrame, list[Origin], list[Finding]]:
    """The typed rows of one sheet, where each came from, and the findings (row = position here)."""
    spec = TABLES[sheet.table]
    findings: list[Finding] = []
    records: dict[str, list] = {c.name: [] for c in spec.columns}
    origins: list[Origin] = []
    parsed: dict[tuple[str, type, object], tuple[object, CellError | None, list[str]]] = {}
    for position, (excel_row, cells) in enumerate(sheet.rows):
        origins.append(Origin(sheet.file, sheet.sheet, excel_row, sheet.key, position))
        for col in spec.columns:
            source = sheet.columns.get(col.name)
            raw = cells[source.index] if source is not None and source.index < len(cells) else None
            value, problem, controls = _parsed(parsed, col, raw, sheet, codes)
            if problem is not None:
                findings.append(_cell_finding(sheet, col, problem, position, excel_row, raw))
            if controls:  # removed by clean_text: say so
                findings.append(Finding(WARNING, "control_characters", sheet.table, position, col.name, shown(raw),
                                        {"chars": ", ".join(controls)}, sheet.file, sheet.sheet, excel_row,
                                        sheet.header(col.name)))
            records[col.name].append(value)
    frame = canonical(sheet.table, pd.DataFrame(records))
    findings += _check_totals(sheet, frame)
    return frame, origins, findings


def _parsed(seen: dict, col: Column, raw: object, sheet: SheetTable,
            codes: CodeBook | None) -> tuple[object, CellError | None, list[str]]:
    """(value, problem, control characters) of one cell, worked out once per distinct cell of a column
    in a sheet (a sheet of 50,000 rows repeats its years, sources and association ids)."""
    try:
        key = (col.name, type(raw), raw)
        hit = seen.get(key)
    except TypeError:  # a value that cannot be a key
        key, hit = None, None
    if hit is not None:
        return hit
    try:
        value, problem = parse_cell(col, raw, sheet, codes), None
    except CellError as error:
        value, problem = None, error
    result = (value, problem, control_characters(raw))
    if key is not None:
        seen[key] = result
    return result


def _cell_finding(sheet: SheetTable, col: Column, problem: CellError, position: int, excel_row: int,
                  raw: object) -> Finding:
    return Finding(
        ERROR, problem.rule, sheet.table, position, col.name, shown(raw), dict(problem.params),
        sheet.file, sheet.sheet, excel_row, sheet.header(col.name),
    )


def _check_totals(sheet: SheetTable, frame: pd.DataFrame) -> list[Finding]:
    """Errors where the totals row differs from the sum of the rows above it: only a totals row that
    agrees is set aside, anything else must be corrected by the user (never silently dropped)."""
    if sheet.totals is None:
        return []
    excel_row, cells = sheet.totals
    out = []
    for col in TABLES[sheet.table].columns:
        source = sheet.columns.get(col.name)
        if col.dtype not in ("int", "bigint") or col.name == "year" or source is None:
            continue
        raw = cells[source.index] if source.index < len(cells) else None
        if is_blank(raw):
            continue
        if isinstance(raw, UncalculatedFormula):
            out.append(Finding(ERROR, "uncalculated_formula", sheet.table, None, col.name, shown(raw), {},
                               sheet.file, sheet.sheet, excel_row, source.header))
            continue
        try:
            total = to_int(parse_number(raw, sheet.style), source.multiplier, money=col.money, limit=INT64_MAX)
        except CellError:
            total = None
        rows_sum = int(frame[col.name].sum(skipna=True))
        if total != rows_sum:
            # The sum in the unit the header states, so it reads like the figure the user typed.
            written_sum = format((Decimal(rows_sum) / source.multiplier).normalize(), "f")
            out.append(
                Finding(
                    ERROR, "totals_mismatch", sheet.table, None, col.name, shown(raw),
                    {"sum": written_sum}, sheet.file, sheet.sheet, excel_row, source.header,
                )
            )
    return out
