"""Headline indicators from the overview_kpis query: what a KPI card or a takeaway sentence says.

Stocks (associations, members) are read at the last year of the period; flows (money, meetings,
cases) are summed over the period. The change compares the last year with the year before it: for
stocks the year-end counts, for flows the two years' sums. Pure Python, shared by pages and the deck.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from massorg.i18n import t
from massorg.numbers import fmt_date, fmt_dec, fmt_signed_pct, shows_nonzero, signed

STOCKS = ("associations", "members")
FLOWS = (
    "state_budget_vnd", "social_mobilisation_vnd", "total_funding_vnd", "meetings",
    "comments_submitted", "comments_accepted", "legal_aid_cases", "legal_aid_person_times",
    "welfare_value_vnd",
)


@dataclass(frozen=True)
class Indicator:
    name: str
    value: float  # stock at the last year, or flow summed over the period
    last_year: int
    last_value: float  # the last year's own figure
    previous_value: float | None  # the year before's figure, None if the period has one year
    first_year: int

    @property
    def is_stock(self) -> bool:
        return self.name in STOCKS

    @property
    def change_pct(self) -> float | None:
        return change_pct(self.last_value, self.previous_value)


def indicators(overview: pd.DataFrame, recent: pd.DataFrame | None = None) -> dict[str, Indicator]:
    """One Indicator per column of overview_kpis; empty dict when the frame has no rows.

    `recent` is overview_kpis over the last year and the year before: the change is read from it, so
    a one-year period still compares with the year before. Without it the period's own rows are used.
    """
    if overview.empty:
        return {}
    df = overview.sort_values("year")
    first, last = int(df["year"].iloc[0]), int(df["year"].iloc[-1])
    before = (df if recent is None else recent).set_index("year")
    out = {}
    for name in STOCKS + FLOWS:
        series = df.set_index("year")[name]
        last_value = float(series.loc[last])
        previous = float(before[name].loc[last - 1]) if (last - 1) in before.index else None
        value = last_value if name in STOCKS else float(series.sum())
        out[name] = Indicator(name, value, last, last_value, previous, first)
    return out


def acceptance_rate_pct(submitted: float, accepted: float) -> float | None:
    """Share of comments the drafting agencies accepted, in percent; None when nothing was submitted."""
    return None if not submitted else accepted / submitted * 100


def value_at(df: pd.DataFrame, column: str, year: int) -> float | None:
    """`column` in `year`'s row of a per-year frame, or None when that year is missing."""
    row = df.loc[df["year"] == year, column]
    return None if row.empty or pd.isna(row.iloc[0]) else float(row.iloc[0])


def change_pct(last: float | None, previous: float | None) -> float | None:
    """Relative change in percent; None when there is nothing to compare with."""
    if last is None or previous in (None, 0):
        return None
    return (last - previous) / previous * 100


def part_year_until(as_of: dt.date | None, year: int) -> dt.date | None:
    """The as-of date when `year` is the snapshot's unfinished year (30/06/2026 for 2026), else None.
    That year's flows (money, meetings, cases) cover only part of it: they are not compared with the
    whole year before (a half year would read as a fall of half). Stocks at the date still compare."""
    if as_of is not None and as_of.year == year and (as_of.month, as_of.day) != (12, 31):
        return as_of
    return None


def delta_text(change: float | None, lang: str, year: int, part_until: dt.date | None = None) -> str | None:
    """'+4,2% năm 2024 so với 2023' for a KPI card of `year`: the text says which two years the
    arrow compares, since a card may show a whole period's total. '±0,0% (không đổi) …' when the
    change rounds to zero; None when there is nothing to compare with. With `part_until` (a flow of
    an unfinished year, see part_year_until) a sentence without an arrow says why there is no change."""
    if part_until is not None:
        return t("app.kpi.part_year", lang, year=year, date=fmt_date(part_until, lang), previous=year - 1)
    if change is None:
        return None
    return _with_years(fmt_signed_pct(change, lang), lang, year)


def indicator_delta(indicator: Indicator, lang: str, part_until: dt.date | None = None) -> str | None:
    """The KPI card's change text of an overview indicator; a flow of an unfinished year has none."""
    return delta_text(indicator.change_pct, lang, indicator.last_year, None if indicator.is_stock else part_until)


def year_change(recent: pd.DataFrame, column: str, lang: str, year: int,
                part_until: dt.date | None = None) -> str | None:
    """A card's change text for `column` of a per-year frame: `year` against the year before. Pass
    `part_until` for a flow (see part_year_until); a stock at a date compares whatever the date."""
    return delta_text(change_pct(value_at(recent, column, year), value_at(recent, column, year - 1)), lang, year,
                      part_until)


def points_text(last: float | None, previous: float | None, lang: str, year: int) -> str | None:
    """The change of a share in percentage points: '+0,3 điểm % năm 2024 so với 2023'."""
    if last is None or previous is None:
        return None
    digits = fmt_dec(abs(last - previous), lang, 1)
    sign = signed(last - previous if shows_nonzero(digits) else 0)
    return _with_years(t("app.kpi.points", lang, value=sign + digits), lang, year)


def _with_years(value: str, lang: str, year: int) -> str:
    if value.startswith("±"):
        value = f"{value} ({t('app.kpi.no_change', lang)})"
    return f"{value} {t('app.kpi.vs_previous', lang, year=year, previous=year - 1)}"


def is_no_change(delta: str | None) -> bool:
    """A delta text of a change that rounds to zero (its card shows no arrow)."""
    return bool(delta) and delta.startswith("±")
