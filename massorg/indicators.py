"""Headline indicators from the overview_kpis query: what a KPI card or a takeaway sentence says.

Stocks (associations, members) are read at the last year of the period; flows (money, meetings,
cases) are summed over the period. The change compares the last year with the year before it: for
stocks the year-end counts, for flows the two years' sums. Pure Python, shared by pages and the deck.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from massorg.i18n import t
from massorg.numbers import fmt_dec, fmt_signed_pct

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


def indicators(overview: pd.DataFrame) -> dict[str, Indicator]:
    """One Indicator per column of overview_kpis; empty dict when the frame has no rows."""
    if overview.empty:
        return {}
    df = overview.sort_values("year")
    first, last = int(df["year"].iloc[0]), int(df["year"].iloc[-1])
    out = {}
    for name in STOCKS + FLOWS:
        series = df.set_index("year")[name]
        last_value = float(series.loc[last])
        previous = float(series.loc[last - 1]) if (last - 1) in series.index else None
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


def delta_text(change: float | None, lang: str, year: int) -> str | None:
    """'+4,2% so với 2023' for a KPI card of `year`, or None when there is nothing to compare with."""
    if change is None:
        return None
    return f"{fmt_signed_pct(change, lang)} {t('app.kpi.vs_previous', lang, year=year - 1)}"


def points_text(last: float | None, previous: float | None, lang: str, year: int) -> str | None:
    """The change of a share in percentage points: '+0,3 điểm % so với 2023'."""
    if last is None or previous is None:
        return None
    diff = last - previous
    sign = "+" if diff > 0 else ("-" if diff < 0 else "±")  # ASCII minus: st.metric colours by it
    value = t("app.kpi.points", lang, value=sign + fmt_dec(abs(diff), lang, 1))
    return f"{value} {t('app.kpi.vs_previous', lang, year=year - 1)}"
