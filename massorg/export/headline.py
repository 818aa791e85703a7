"""The headline indicators as rows: the last year, the year before, the change, and the whole period.
Shared by the A4 report's table and the phone card, computed like the overview's KPI cards and the
deck's KPI slide (massorg.indicators over the overview_kpis query), so the figures agree everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from massorg.export.slides import SlideInputs
from massorg.i18n import t
from massorg.indicators import acceptance_rate_pct, indicators
from massorg.numbers import fmt_dec, fmt_int, fmt_money, fmt_pct, fmt_signed_pct

# (indicator, how its values are written); the order of the overview's KPI cards
HEADLINES = (
    ("associations", "count"), ("members", "count"), ("state_budget_vnd", "money"),
    ("social_mobilisation_vnd", "money"), ("meetings", "count"), ("acceptance_rate_pct", "pct"),
    ("legal_aid_cases", "count"), ("welfare_value_vnd", "money"),
)


@dataclass(frozen=True)
class Headline:
    code: str
    style: str  # count, money or pct
    is_stock: bool  # stocks are read at the year end; flows are summed
    last: float | None  # the last year's figure
    previous: float | None  # the year before's figure (None when the period has one year)
    period_value: float | None  # flows: the sum over the period; stocks: the last year's figure
    part_year: bool = False  # a flow whose last year is unfinished (as-of before 31/12): not compared

    @property
    def change_pct(self) -> float | None:
        """Relative change of the last year on the year before; for a rate, its change in points."""
        if self.last is None or self.previous is None or self.part_year:
            return None
        if self.style == "pct":
            return self.last - self.previous
        return None if self.previous == 0 else (self.last - self.previous) / self.previous * 100

    def text(self, value: float | None, lang: str) -> str:
        if self.style == "money":
            return fmt_money(value, lang)
        if self.style == "pct":
            return fmt_pct(value, lang)
        return fmt_int(value, lang)

    def change_text(self, lang: str) -> str:
        change = self.change_pct
        if change is None:
            return "–"
        if self.style == "pct":
            sign = "+" if change > 0 else ("-" if change < 0 else "±")
            return t("app.kpi.points", lang, value=sign + fmt_dec(abs(change), lang, 1))
        return fmt_signed_pct(change, lang)

    def label(self, lang: str) -> str:
        return t(f"documents.headline.{self.code}", lang)

    def unit(self, lang: str) -> str:
        return t(f"documents.headline_unit.{self.code}", lang)


def headlines(inputs: SlideInputs) -> list[Headline]:
    """The eight headline indicators for the inputs' filters; empty when the filters leave no data."""
    kpis = indicators(inputs.run("overview_kpis"))
    if not kpis:
        return []
    part = inputs.part_until is not None
    out = []
    for code, style in HEADLINES:
        if code == "acceptance_rate_pct":
            sub, acc = kpis["comments_submitted"], kpis["comments_accepted"]
            previous = None if sub.previous_value is None else acceptance_rate_pct(sub.previous_value, acc.previous_value)
            out.append(Headline(code, style, False, acceptance_rate_pct(sub.last_value, acc.last_value), previous,
                                acceptance_rate_pct(sub.value, acc.value)))  # a rate compares at any date
            continue
        k = kpis[code]
        out.append(Headline(code, style, k.is_stock, k.last_value, k.previous_value, k.value, part and not k.is_stock))
    return out
