"""Unit codes checked against the period of each row: a unit code must name a unit at the time the row
is about. Since 1/7/2025 the district level is gone, so a row of 2025-H2 or later keyed to an old
district is an error that names the new units that replaced it; a new commune before 1/7/2025 is an
error too. Units that merged whole into another (Đạ Huoai 681 and Cát Tiên 683 into 682 on
1/12/2024) stay valid while their successor is: their associations keep their history.

When a row is about:
- associations: the last day the association existed in the snapshot (the day before dissolved_on,
  or the snapshot's as_of date);
- consultations: held_on;
- welfare: its year, up to the as_of date (2025 holds H1 on old units and H2 on new ones).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from massorg import geography

UNIT_TABLES = ("associations", "consultations", "welfare")


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date


def _day(value) -> dt.date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return value


def default_as_of(tables: dict[str, pd.DataFrame]) -> dt.date | None:
    """Without an as_of date: the end of the latest year (or meeting day) the tables hold."""
    days = []
    for name in ("membership", "funding", "legal_aid", "welfare"):
        df = tables.get(name)
        if df is not None and "year" in df and df["year"].notna().any():
            days.append(dt.date(int(pd.to_numeric(df["year"], errors="coerce").max()), 12, 31))
    cons = tables.get("consultations")
    if cons is not None and "held_on" in cons:
        held = [d for d in map(_day, cons["held_on"]) if d is not None]
        if held:
            days.append(max(held))
    return max(days) if days else None


def row_periods(table: str, df: pd.DataFrame, as_of: dt.date) -> list[Period | None]:
    """The period each row of a unit-keyed table is about (None where its dates are unreadable),
    worked out once per distinct date or year (a table of a million rows holds a few dozen)."""
    if table == "associations":
        values = df["dissolved_on"].tolist() if "dissolved_on" in df else [None] * len(df)
    elif table in ("consultations", "welfare"):
        values = df["held_on" if table == "consultations" else "year"].tolist()
    else:
        return []
    seen: dict = {}
    out: list[Period | None] = []
    for value in values:
        try:
            period = seen[value]
        except (KeyError, TypeError):
            period = _period(table, value, as_of)
            try:
                seen[value] = period
            except TypeError:  # unhashable: not cached
                pass
        out.append(period)
    return out


def _period(table: str, value, as_of: dt.date) -> Period | None:
    """The period of one row from its dissolved_on (associations), held_on (consultations) or year (welfare)."""
    if table == "associations":
        end = _day(value)
        last = min(as_of, end - dt.timedelta(days=1)) if end else as_of
        return Period(last, last)
    if table == "consultations":
        day = _day(value)
        return Period(day, day) if day else None
    try:
        y = int(value)
    except (TypeError, ValueError):
        return None
    last = min(dt.date(y, 12, 31), as_of) if as_of.year == y else dt.date(y, 12, 31)
    return Period(dt.date(y, 1, 1), last)


def _overlaps(code: str, period: Period) -> bool:
    start, end = geography.valid_from(code), geography.valid_to(code)
    return (start is None or start <= period.last) and (end is None or end >= period.first)


def acceptable(code: str, period: Period) -> bool:
    """Whether `code` may key a row about `period`: it names a unit then, or it merged whole into a
    unit that does (its history is kept and counts for that unit)."""
    seen = set()
    while code and code not in seen:
        if _overlaps(code, period):
            return True
        seen.add(code)
        code = geography.units().get(code, {}).get("successor_code", "")
    return False


@dataclass(frozen=True)
class Problem:
    row: int
    code: str
    rule: str  # unit_ended | unit_not_yet
    period: Period
    replacements: tuple[str, ...] = ()


def problems(table: str, df: pd.DataFrame, as_of: dt.date) -> list[Problem]:
    """Rows whose unit code does not fit their period (unknown codes are left to the code-list check)."""
    if df is None or df.empty or "unit_code" not in df:
        return []
    # one verdict per distinct (code, date or year): a welfare table of a million rows holds a few thousand
    code_ids, codes = pd.factorize(df["unit_code"], use_na_sentinel=False)
    date_ids, dates = pd.factorize(_period_column(table, df), use_na_sentinel=False)
    pair_ids, pairs = pd.factorize(code_ids.astype("int64") * len(dates) + date_ids)
    units = geography.units()
    verdicts: list[Problem | None] = []
    for pair in pairs:
        code, date = codes[pair // len(dates)], dates[pair % len(dates)]
        period = _period(table, date, as_of)
        if period is None or code is None or (not isinstance(code, str) and pd.isna(code)):
            verdicts.append(None)
            continue
        code = str(code)
        verdicts.append(None if code not in units else _verdict(code, period))
    out = []
    for row in (np.array([v is not None for v in verdicts], dtype=bool)[pair_ids]).nonzero()[0]:
        v = verdicts[pair_ids[row]]
        out.append(Problem(int(row), v.code, v.rule, v.period, v.replacements))
    return out


def _period_column(table: str, df: pd.DataFrame) -> pd.Series:
    """The column a row's period is worked out from (row_periods)."""
    if table == "associations":
        return df["dissolved_on"] if "dissolved_on" in df else pd.Series([None] * len(df), dtype=object)
    return df["held_on" if table == "consultations" else "year"]


def _verdict(code: str, period: Period) -> Problem | None:
    """The problem (row left 0) of a known unit code keying a row about `period`, or None."""
    if acceptable(code, period):
        return None
    start = geography.valid_from(code)
    if start is not None and start > period.last:
        return Problem(0, code, "unit_not_yet", period)
    return Problem(0, code, "unit_ended", period, tuple(geography.replaced_by(code, period.last)))


def alias_rewrites(table: str, df: pd.DataFrame, as_of: dt.date) -> list[tuple[int, str, str]]:
    """(row, code as written, code it stands for) for codes that are no unit of their period but a
    known alias of one (unit_code_aliases.csv: xã Hàm Liêm under the other source's code)."""
    if df is None or df.empty or "unit_code" not in df:
        return []
    out = []
    for row, (code, period) in enumerate(zip(df["unit_code"], row_periods(table, df, as_of), strict=True)):
        if period is None or not isinstance(code, str):
            continue
        if code in geography.units() and acceptable(code, period):
            continue
        means = geography.alias_for(code, period.last)
        if means and acceptable(means, period):
            out.append((row, code, means))
    return out
