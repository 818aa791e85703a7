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
    """The period each row of a unit-keyed table is about (None where its dates are unreadable)."""
    out: list[Period | None] = []
    if table == "associations":
        for dissolved in df["dissolved_on"] if "dissolved_on" in df else [None] * len(df):
            end = _day(dissolved)
            last = min(as_of, end - dt.timedelta(days=1)) if end else as_of
            out.append(Period(last, last))
    elif table == "consultations":
        for held in df["held_on"]:
            day = _day(held)
            out.append(Period(day, day) if day else None)
    elif table == "welfare":
        for year in df["year"]:
            try:
                y = int(year)
            except (TypeError, ValueError):
                out.append(None)
                continue
            last = min(dt.date(y, 12, 31), as_of) if as_of.year == y else dt.date(y, 12, 31)
            out.append(Period(dt.date(y, 1, 1), last))
    return out


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
    out = []
    for row, (code, period) in enumerate(zip(df["unit_code"], row_periods(table, df, as_of), strict=True)):
        if period is None or code is None or (not isinstance(code, str) and pd.isna(code)):
            continue
        code = str(code)
        if code not in geography.units() or acceptable(code, period):
            continue
        start = geography.valid_from(code)
        if start is not None and start > period.last:
            out.append(Problem(row, code, "unit_not_yet", period))
        else:
            out.append(Problem(row, code, "unit_ended", period, tuple(geography.replaced_by(code, period.last))))
    return out


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
