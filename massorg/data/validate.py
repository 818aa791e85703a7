"""Validation of a complete set of tables against the schema: the rules every snapshot obeys.

Findings point at a table, a row position (0-based, in the DataFrame given) and a column, so that the
importer can translate them to file / sheet / Excel row / header as written. Errors block publishing;
warnings are published with the snapshot and shown on the Data page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from massorg.config import FIRST_YEAR
from massorg.data import unit_periods
from massorg.data.schema import TABLES, code_list
from massorg.geography import first_year_in_province
from massorg.i18n import t
from massorg.indicators import part_year_until
from massorg.labels import code_label, programme_name, type_name, unit_name
from massorg.numbers import fmt_date, fmt_dec, fmt_int

ERROR = "error"
WARNING = "warning"
# A year's total that is at least TOTAL_JUMP times, or at most 1/TOTAL_JUMP of, the year before's is
# flagged (a missing or mistyped report, like one association's funding row left out) when the
# difference is material: at least the minimum given here (money in đồng).
TOTAL_JUMP = 4 / 3
TOTAL_JUMP_SERIES = {
    "membership": (("association_id",), "members", 1_000),
    "funding": (("association_id", "source"), "amount_vnd", 1_000_000_000),
    "legal_aid": (("association_id", "kind"), "cases", 100),
    "welfare": (("association_id", "unit_code", "programme_code"), "value_vnd", 1_000_000_000),
}


@dataclass
class Finding:
    severity: str
    rule: str  # key under findings.* in the locale files
    table: str
    row: int | None = None  # 0-based position in the table as validated
    column: str | None = None
    value: object = None
    params: dict = field(default_factory=dict)
    # Filled by the importer: where the user can find the cell.
    file: str | None = None
    sheet: str | None = None
    excel_row: int | None = None
    header: str | None = None

    def message(self, lang: str) -> str:
        """What is wrong and what is expected, in the user's language (big numbers grouped the
        language's way: 5.000.000 đồng; years and small counts as they are)."""
        params = {k: _readable(v, lang) for k, v in self.params.items()}
        if "code_list" in self.params:  # name the allowed codes in the reader's language too
            params["allowed"] = _allowed_text(self.params["code_list"], self.params["allowed"].split(", "), lang)
        for name, value in self.params.items():
            if name.endswith("_on"):  # dates the reader's way
                params[name] = fmt_date(value, lang)
            elif name.endswith("_units"):  # unit codes with their names: 'Xã Di Linh (25xxx), …'
                params[name] = ", ".join(f"{unit_name(c, lang)} ({c})" for c in value.split(", ") if c) or "–"
        if "first_on" in self.params and "last_on" in self.params:  # one day, or first–last
            same = self.params["first_on"] == self.params["last_on"]
            params["period"] = params["first_on"] if same else f"{params['first_on']}–{params['last_on']}"
        if "unit" in self.params:
            params["unit"] = f"{unit_name(self.params['unit'], lang)} ({self.params['unit']})"
        return t(
            f"findings.{self.rule}",
            lang,
            table=self.table,
            column=self.header or self.column or "",
            value="" if self.value is None else _readable(self.value, lang),
            **params,
        )

    def location(self, lang: str) -> str:
        parts = []
        if self.file:
            parts.append(t("findings.loc_file", lang, file=self.file))
        if self.sheet:
            parts.append(t("findings.loc_sheet", lang, sheet=self.sheet))
        elif self.table:
            parts.append(t("findings.loc_table", lang, table=self.table))
        if self.excel_row is not None:
            parts.append(t("findings.loc_row", lang, row=self.excel_row))
        elif self.row is not None:
            parts.append(t("findings.loc_record", lang, row=self.row + 1))
        if self.header or self.column:
            parts.append(t("findings.loc_column", lang, column=self.header or self.column))
        return ", ".join(parts)

    def render(self, lang: str) -> str:
        label = t(f"findings.{self.severity}", lang)
        return f"{label} — {self.location(lang)}: {self.message(lang)}"

    def to_dict(self) -> dict:
        d = asdict(self)
        if d["value"] is not None and not isinstance(d["value"], (int, float, str, bool)):
            d["value"] = str(d["value"])
        return d


def _allowed_text(code_list: str, codes: list[str], lang: str, most: int = 12) -> str:
    """'state_budget (Ngân sách nhà nước), …': the codes with their names, the first `most` of them."""
    name = {"type": type_name, "unit": unit_name, "programme": programme_name}.get(
        code_list, lambda code, lang: code_label(code_list, code, lang)
    )
    shown = [f"{c} ({name(c, lang)})" if name(c, lang) != c else c for c in codes[:most]]
    return ", ".join(shown) + (" …" if len(codes) > most else "")


def _readable(value: object, lang: str) -> object:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= 10_000:
        return fmt_int(value, lang) if float(value).is_integer() else fmt_dec(value, lang, 2)
    return value


def _plain(v):
    """A cell value as users would read it in a message."""
    if hasattr(v, "item"):
        v = v.item()
    return v


def validate_tables(tables: dict[str, pd.DataFrame], current_year: int | None = None, *,
                    as_of: dt.date | None = None) -> list[Finding]:
    """Every rule of the schema over a complete set of tables. Returns all findings, not just the first.
    `as_of` is the date the figures are as of: nothing can be founded after it (default: today), and unit
    codes are checked against the period of each row (default: the end of the latest year the tables hold)."""
    current_year = current_year or dt.date.today().year
    findings: list[Finding] = []
    for name, spec in TABLES.items():
        if name not in tables:
            if not spec.optional:
                findings.append(Finding(ERROR, "missing_table", name))
            continue
        df = tables[name]
        missing = [c for c in spec.column_names if c not in df.columns and spec.column(c).required]
        for col in missing:
            findings.append(Finding(ERROR, "missing_column", name, column=col))
        if missing:
            continue
        findings += _check_cells(name, df, tables, current_year)
        findings += _check_primary_key(name, df)
    for name, spec in TABLES.items():
        if name in tables:
            findings += _check_foreign_keys(name, tables)
    findings += _check_cross_rules(tables, as_of)
    findings += _check_founded_before_as_of(tables, as_of or dt.date.today())
    findings += _check_unit_periods(tables, as_of or unit_periods.default_as_of(tables))
    return findings


def _check_founded_before_as_of(tables: dict, as_of: dt.date) -> list[Finding]:
    """Error: an association founded after the date of the report (15/03/2035 in a report of 2025)."""
    assoc = tables.get("associations")
    if assoc is None or "founded_on" not in assoc.columns:
        return []
    out = []
    as_datetime = _memo_datetime()
    for i, value in enumerate(assoc["founded_on"].tolist()):
        founded = as_datetime(value)
        if not pd.isna(founded) and founded.date() > as_of:
            out.append(Finding(ERROR, "founded_after_as_of", "associations", i, "founded_on",
                               founded.date().isoformat(), {"as_of": as_of.isoformat()}))
    return out


def _memo_datetime():
    """pd.to_datetime(value, errors="coerce") of one value, computed once per distinct value: a
    table of 67,700 associations holds a few thousand founding dates."""
    seen: dict = {}

    def convert(value):
        try:
            return seen[value]
        except (KeyError, TypeError):  # TypeError: a value that cannot be a key (pd.NA compares to NA)
            pass
        converted = pd.to_datetime(value, errors="coerce")
        try:
            seen[value] = converted
        except TypeError:
            pass
        return converted

    return convert


def _check_unit_periods(tables: dict, as_of: dt.date | None) -> list[Finding]:
    """Unit codes that name no unit at the time of their row (massorg.data.unit_periods)."""
    if as_of is None:
        return []
    out = []
    for name in unit_periods.UNIT_TABLES:
        df = tables.get(name)
        for p in unit_periods.problems(name, df, as_of):
            params = {"unit": p.code, "first_on": p.period.first.isoformat(), "last_on": p.period.last.isoformat()}
            if p.rule == "unit_ended":
                ended = unit_periods.geography.valid_to(p.code)
                params |= {"ended_on": ended.isoformat(), "new_units": ", ".join(p.replacements)}
            else:
                params |= {"started_on": unit_periods.geography.valid_from(p.code).isoformat()}
            out.append(Finding(ERROR, p.rule, name, p.row, "unit_code", p.code, params))
    return out


def _blank(values: pd.Series) -> pd.Series:
    """Which values are blank: missing (None, NaN, NA), or text of spaces only."""
    blank = values.isna().to_numpy()
    if values.dtype == "str":  # Arrow-backed text (a table carried from --base): ids unique per row
        blank = blank | _blank_text(values)
    elif values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
        blank = blank | _per_distinct(values, lambda v: isinstance(v, str) and not v.strip())
    return pd.Series(blank, index=values.index)


# The characters str.strip() removes (str.isspace): a blank text starts with one, or is empty.
_SPACE_FIRST = r"^([\x09-\x0d\x1c-\x1f\x85]|\p{Z}|$)"


def _blank_text(values: pd.Series) -> np.ndarray:
    """Which texts are only spaces (as str.strip() sees them): Arrow finds the few that start with a
    space or are empty, and only those are asked of Python, not a million unique ids."""
    text = pa.array(values, type=pa.large_string(), from_pandas=True)
    maybe = pc.fill_null(pc.match_substring_regex(text, _SPACE_FIRST), False).to_numpy(zero_copy_only=False)
    out = np.zeros(len(values), dtype=bool)
    for i in maybe.nonzero()[0]:
        out[i] = not values.iloc[i].strip()
    return out


def _per_distinct(values: pd.Series, test) -> np.ndarray:
    """test(value) for every non-missing value, called once per distinct value (a column of two million
    rows holds a few thousand); False where the value is missing."""
    codes, uniques = pd.factorize(values)
    verdicts = np.array([bool(test(u)) for u in uniques] + [False], dtype=bool)
    return verdicts[codes]  # code -1 (missing) takes the last entry


def _is_numeric(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def _check_cells(name: str, df: pd.DataFrame, tables: dict, current_year: int) -> list[Finding]:
    """Missing values, unknown codes, negative figures and years out of range, column by column; each
    column is checked at once and only its faulty rows become findings (a snapshot has millions)."""
    spec = TABLES[name]
    out: list[Finding] = []
    for col in spec.columns:
        if col.name not in df.columns:
            continue
        values = df[col.name].reset_index(drop=True)
        blank = _blank(values)
        found: list[tuple[int, int, Finding]] = []  # (row, order of the rule, finding)
        if col.required:
            found += [(i, 0, Finding(ERROR, "missing_value", name, i, col.name)) for i in _positions(blank)]
        if col.codes:
            allowed = set(code_list(col.codes, tables))
            unknown = ~blank & _per_distinct(values, lambda v: str(_plain(v)) not in allowed)
            params = {"allowed": ", ".join(sorted(allowed)), "code_list": col.codes}
            found += [(i, 1, Finding(ERROR, "unknown_code", name, i, col.name, _plain(values.iloc[i]), dict(params)))
                      for i in _positions(unknown)]
        if col.min_value is not None or col.name == "year":
            found += _number_findings(name, col, values, blank, current_year)
        out += [f for _, _, f in sorted(found, key=lambda x: x[:2])]
    return out


def _positions(mask: pd.Series) -> list[int]:
    return [int(p) for p in mask.to_numpy(dtype=bool, na_value=False).nonzero()[0]]


def _number_findings(name: str, col, values: pd.Series, blank: pd.Series,
                     current_year: int) -> list[tuple[int, int, Finding]]:
    """Negative figures (rule order 2) and years out of range (3) of one column."""
    if _is_numeric(values):
        numbers = values
        checked = ~blank
    else:  # mixed values: only the numbers among them are compared, as each cell would be
        numbers = pd.Series([float(v) if isinstance(v := _plain(raw), (int, float)) else None for raw in values.tolist()],
                            dtype="Float64")
        checked = ~blank & numbers.notna()
    found = []
    if col.min_value is not None:
        negative = checked & (numbers < col.min_value).fillna(False)
        found += [(i, 2, Finding(ERROR, "negative", name, i, col.name, _plain(values.iloc[i]))) for i in _positions(negative)]
    if col.name == "year":
        outside = checked & ~((numbers >= FIRST_YEAR) & (numbers <= current_year)).fillna(True)
        found += [(i, 3, Finding(ERROR, "year_range", name, i, col.name, _plain(values.iloc[i]),
                                 {"first": FIRST_YEAR, "last": current_year})) for i in _positions(outside)]
    return found


def _check_primary_key(name: str, df: pd.DataFrame) -> list[Finding]:
    key = list(TABLES[name].primary_key)
    dup = _duplicated(df, key)
    out = []
    for i in [int(p) for p in dup.to_numpy().nonzero()[0]]:
        value = " / ".join(str(_plain(df.iloc[i][k])) for k in key)
        out.append(Finding(ERROR, "duplicate_key", name, i, key[0], value, {"key": ", ".join(key)}))
    return out


def _duplicated(df: pd.DataFrame, key: list[str]) -> pd.Series:
    """df.duplicated(subset=key, keep="first") by way of one integer per row: each key column's codes
    (pd.factorize, missing values alike as pandas compares them) combined, so two million rows keyed by
    text take tens of MB, not the hundreds that hashing their tuples does."""
    combined = np.zeros(len(df), dtype=np.int64)
    span = 1
    for column in key:
        codes, uniques = pd.factorize(df[column], use_na_sentinel=False)
        span *= max(len(uniques), 1)
        if span >= 2**62:  # too many combinations for one integer: pandas' own way
            return df.duplicated(subset=key, keep="first")
        combined = combined * max(len(uniques), 1) + codes
    return pd.Series(combined, index=df.index).duplicated(keep="first")


def _check_foreign_keys(name: str, tables: dict) -> list[Finding]:
    out = []
    df = tables[name]
    for fk in TABLES[name].foreign_keys:
        if fk.table not in tables or fk.column not in df.columns:
            continue
        targets = set(tables[fk.table][fk.target].astype(str))
        values = df[fk.column].reset_index(drop=True)
        dangling = ~_blank(values) & _per_distinct(values, lambda v: str(_plain(v)) not in targets)
        for i in _positions(dangling):
            v = _plain(values.iloc[i])
            out.append(Finding(ERROR, "dangling_reference", name, i, fk.column, v, {"target": fk.table}))
    return out


def _check_cross_rules(tables: dict, as_of: dt.date | None = None) -> list[Finding]:
    out: list[Finding] = []
    cons = tables.get("consultations")
    if cons is not None and {"comments_submitted", "comments_accepted"} <= set(cons.columns):
        bad = cons["comments_accepted"] > cons["comments_submitted"]
        for i in [int(p) for p in bad.fillna(False).to_numpy().nonzero()[0]]:
            out.append(
                Finding(
                    ERROR, "accepted_above_submitted", "consultations", i, "comments_accepted",
                    _plain(cons["comments_accepted"].iloc[i]),
                    {"submitted": _plain(cons["comments_submitted"].iloc[i])},
                )
            )
    legal = tables.get("legal_aid")
    if legal is not None and {"successful", "cases"} <= set(legal.columns):
        bad = (legal["successful"].fillna(0) > legal["cases"]).fillna(False)
        for i in [int(p) for p in bad.to_numpy().nonzero()[0]]:
            out.append(
                Finding(
                    ERROR, "successful_above_cases", "legal_aid", i, "successful",
                    _plain(legal["successful"].iloc[i]), {"cases": _plain(legal["cases"].iloc[i])},
                )
            )
    out += _check_silent_associations(tables)
    out += _check_year_totals(tables, as_of)
    return out


def _check_year_totals(tables: dict, as_of: dt.date | None = None) -> list[Finding]:
    """Warning: a table's province total for a year jumps against the year before (TOTAL_JUMP_SERIES),
    naming the series that moved most, so that a missing report is caught within any snapshot. The year
    of an as-of date before 31/12 is only part of a year and is not compared."""
    out: list[Finding] = []
    # a year in which the lineage table records mergers and endings (1/7/2025: the new province, the
    # end of the district level) is no like-for-like comparison with the year before: its jump is explained
    lineage = tables.get("lineage")
    explained = set() if lineage is None or lineage.empty else {
        d.year for d in pd.to_datetime(lineage["effective_on"], errors="coerce").dropna()}
    for name, (series, column, minimum) in TOTAL_JUMP_SERIES.items():
        df = tables.get(name)
        if df is None or df.empty or not {*series, "year", column} <= set(df.columns):
            continue
        frame = df[[*series, "year", column]].dropna(subset=["year"])
        by_series = frame.groupby([*series, "year"])[column].sum().unstack("year", fill_value=0)
        totals = by_series.sum()
        for year in totals.index:
            old_year = year - 1
            if old_year not in totals.index or year in explained or part_year_until(as_of, year):
                continue
            # like for like: the series that reported in the year before (associations that join, such as
            # those of Đắk Nông and Bình Thuận in 2025, are new series, not a jump; a missing report is)
            alike = by_series[by_series[old_year] != 0]
            new, old = float(alike[year].sum()), float(alike[old_year].sum())
            if abs(new - old) < minimum or (old > 0 and new < old * TOTAL_JUMP and new * TOTAL_JUMP > old):
                continue
            moved = (alike[year] - alike[old_year]).abs().idxmax()
            key = moved if isinstance(moved, tuple) else (moved,)
            rows = frame.index[(frame["year"] == year) & (frame[list(series)] == list(key)).all(axis=1)]
            money = TABLES[name].column(column).money
            out.append(Finding(
                WARNING, "total_jump_money" if money else "total_jump", name,
                df.index.get_loc(rows[0]) if len(rows) else None, column, " / ".join(map(str, key)),
                {"year": int(year), "old_year": int(old_year), "new": _plain(totals[year]), "old": _plain(totals[old_year]),
                 "pct": round((totals[year] - totals[old_year]) / totals[old_year] * 100) if totals[old_year] else "∞",
                 "series_new": _plain(alike.loc[moved, year]), "series_old": _plain(alike.loc[moved, old_year])},
            ))
    return out


def _check_silent_associations(tables: dict) -> list[Finding]:
    """Warning: an association active in a year that has membership data but reported no members."""
    assoc, members = tables.get("associations"), tables.get("membership")
    if assoc is None or members is None or members.empty:
        return []
    if not {"association_id", "founded_on"} <= set(assoc.columns) or "year" not in members.columns:
        return []
    years = sorted({int(y) for y in members["year"].dropna()})
    ids = pd.Index(assoc["association_id"].astype(str).tolist(), dtype=object)
    as_datetime, first_years = _memo_datetime(), {}

    def year_of(values: list) -> np.ndarray:
        days = [as_datetime(v) for v in values]
        return np.array([np.nan if pd.isna(d) else d.year for d in days], dtype=float)

    founded = year_of(assoc["founded_on"].tolist())
    dissolved = year_of(assoc["dissolved_on"].tolist() if "dissolved_on" in assoc.columns else [None] * len(assoc))
    units = assoc["unit_code"].tolist() if "unit_code" in assoc.columns else [""] * len(assoc)
    for unit in map(str, units):
        if unit not in first_years:
            first_years[unit] = first_year_in_province(unit) or FIRST_YEAR
    # associations of Đắk Nông and Bình Thuận reported to their own province before 2025
    joined = np.array([first_years[str(u)] for u in units], dtype=float)
    # which (year, association) has a membership row: ids and reported ids coded together (an id listed
    # twice among the associations gets one code, and both rows are judged, as by isin)
    member_years = members["year"].astype("Int64")
    known_year = member_years.notna().to_numpy(dtype=bool)
    codes, uniques = pd.factorize(np.concatenate([ids.to_numpy(dtype=object),
                                                  members["association_id"].astype(str).to_numpy(dtype=object)]))
    id_codes, member_codes = codes[:len(ids)], codes[len(ids):][known_year]
    reported = np.zeros((len(years), len(uniques)), dtype=bool)
    reported[np.searchsorted(years, member_years.to_numpy(dtype="int64", na_value=0)[known_year]), member_codes] = True
    silent: dict[int, list[int]] = {}
    for row, y in enumerate(years):  # year by year, all associations at once: active that year and not reported
        active = (founded <= y) & (joined <= y) & (np.isnan(dissolved) | (dissolved > y))
        for i in (active & ~reported[row, id_codes]).nonzero()[0]:
            silent.setdefault(int(i), []).append(y)
    return [
        Finding(WARNING, "no_report", "associations", i, "association_id", ids[i],
                {"years": ", ".join(map(str, silent[i]))})
        for i in sorted(silent)
    ]


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]


def warnings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == WARNING]


def report(findings: list[Finding]) -> dict:
    """The validation report kept in a manifest."""
    return {
        "errors": [f.to_dict() for f in errors(findings)],
        "warnings": [f.to_dict() for f in warnings(findings)],
    }
