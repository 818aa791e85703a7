"""The committee slides, defined once: which query feeds each slide, which chart it shows, what its
one-sentence takeaway says. The PowerPoint pack (deck.py) and the Presentation page both build their
slides from here, so the slide on the projector and the slide in the file carry the same numbers.

A chart slide is data, not a picture: categories, series of values in the unit shown (tỷ đồng,
people, %), the number format, the axis title. Each renderer draws it its own way (a native
PowerPoint chart, a Plotly figure). Speaker notes give the exact figures behind the rounded ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from massorg.data import queries
from massorg.data.queries import Filters
from massorg.data.schema import LEGAL_AID_KINDS, LEVELS, SUBJECT_KINDS
from massorg.data.store import Snapshot
from massorg.export.filters import filter_lines, filters_text, period_text
from massorg.export.palette import LEVEL_COLORS, PALETTE, SOURCE_COLORS
from massorg.export.tables import vietnam_now
from massorg.i18n import t
from massorg.indicators import acceptance_rate_pct, indicator_delta, indicators, part_year_until
from massorg.labels import code_label, programme_name, type_name
from massorg.numbers import BILLION, MILLION, fmt_date, fmt_dec, fmt_int, fmt_money, fmt_pct

CHART_KINDS = ("column_stacked", "column_clustered", "line", "bar_stacked", "bar_clustered")
FLAGSHIP_SURGERIES = ("heart_surgery", "cataract_surgery", "corrective_surgery")
MAX_TYPES = 8  # association types named on the slide; the rest are grouped as "other types"
BN_FORMAT, COUNT_FORMAT, PCT_FORMAT = "#,##0.0", "#,##0", '0.0"%"'


# ---------------------------------------------------------------- what a slide is


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    color: str | None = None


@dataclass(frozen=True)
class Chart:
    kind: str  # one of CHART_KINDS; bar_* are horizontal, their first category on top
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    number_format: str  # Excel/PowerPoint syntax (US): '#,##0.0'
    hover_format: str  # d3 format for Plotly: ',.1f'
    value_title: str  # the value axis title, with its unit
    category_title: str | None = None
    title: str | None = None  # a sub-title when the slide holds two charts
    data_labels: bool = False

    def __post_init__(self) -> None:
        if self.kind not in CHART_KINDS:
            raise ValueError(f"unknown chart kind {self.kind!r}")

    @property
    def counts(self) -> bool:
        """Whole things (meetings, cases, people): an axis of them has no fractions."""
        return self.number_format == COUNT_FORMAT

    def peak(self) -> float:
        """The largest value drawn: a stacked chart's tallest stack, otherwise its largest point."""
        columns = [[v or 0 for v in series.values] for series in self.series]
        if not columns or not columns[0]:
            return 0.0
        if self.kind.endswith("stacked"):
            return float(max(sum(point) for point in zip(*columns)))
        return float(max(max(column) for column in columns))


@dataclass(frozen=True)
class ChartSlide:
    key: str
    title: str
    takeaway: str
    charts: tuple[Chart, ...]  # empty when the filters leave no data (the takeaway then says so)
    notes: tuple[str, ...]
    facts: Mapping[str, float] = field(default_factory=dict)  # the takeaway's numbers, unrounded


@dataclass(frozen=True)
class KpiCard:
    label: str
    value: str  # as the dashboard writes it: '1.220,8 tỷ đồng'
    delta: str | None
    exact: str  # the unrounded figure, for the speaker notes
    number: str  # the value split for a narrow card: '1.220,8' ...
    unit: str = ""  # ... and 'tỷ đồng'


@dataclass(frozen=True)
class KpiSlide:
    key: str
    title: str
    cards: tuple[KpiCard, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class TitleSlide:
    key: str
    title: str
    subtitle: str
    filter_lines: tuple[str, ...]
    snapshot_line: str
    date_line: str
    demo_notice: str | None
    notes: tuple[str, ...]


Slide = TitleSlide | KpiSlide | ChartSlide


@dataclass(frozen=True)
class SlideInputs:
    """What every slide is computed from: the snapshot, the filters (period resolved), the language."""

    snapshot: Snapshot
    filters: Filters
    lang: str
    made_on: dt.date

    def run(self, query: str, filters: Filters | None = None) -> pd.DataFrame:
        return queries.run(query, self.snapshot, filters or self.filters)

    def t(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)

    @property
    def year(self) -> int:
        return self.filters.year_to

    @property
    def first_year(self) -> int:
        return self.filters.year_from

    @property
    def part_until(self) -> dt.date | None:
        """The snapshot's as-of date when the period ends in its unfinished year: flows not compared."""
        return part_year_until(self.snapshot.as_of, self.year)

    @property
    def period(self) -> str:
        return period_text(self.filters.year_from, self.filters.year_to, self.lang)

    @property
    def years(self) -> list[int]:
        """Every year of the period: flows are shown as 0 in a year without activity, not skipped."""
        return list(range(self.first_year, self.year + 1))

    def when(self, capital: bool) -> str:
        """'Giai đoạn 2014–2024' / 'năm 2024' (vi); 'Over 2014–2024' / 'in 2024' (en)."""
        key = "deck.when_year" if self.first_year == self.year else "deck.when_period"
        text = self.t(key, period=self.period, year=self.year)
        return text[:1].upper() + text[1:] if capital else text

    def footer(self) -> str:
        return self.t("deck.footer", snapshot=self.snapshot.id, as_of=fmt_date(self.snapshot.as_of, self.lang),
                      filters=filters_text(self.filters, self.lang))


@dataclass(frozen=True)
class SlideSpec:
    """One chart slide: its key, the queries it reads, its chart kinds, and the function that builds it."""

    key: str
    queries: tuple[str, ...]
    chart_kinds: tuple[str, ...]
    build: Callable[[SlideInputs], ChartSlide]


# ---------------------------------------------------------------- wording helpers


def _mid(label: str) -> str:
    """A code label inside a sentence: 'Vận động xã hội hóa' -> 'vận động xã hội hóa'."""
    return label[:1].lower() + label[1:]


def _change_pct(last: float, previous: float | None) -> float | None:
    if previous in (None, 0):
        return None
    return (last - previous) / previous * 100


def _change(pct: float, lang: str) -> str:
    """'tăng 2,5%' / 'up 2.5%'; 'không đổi' / 'unchanged' when it rounds to 0,0%."""
    if round(pct, 1) == 0:
        return t("deck.change.flat", lang)
    key = "deck.change.up" if pct > 0 else "deck.change.down"
    return t(key, lang, pct=fmt_pct(abs(pct), lang))


def _share(part: float, whole: float, lang: str) -> str:
    return fmt_pct(part / whole * 100 if whole else None, lang)


def _no_data(inputs: SlideInputs, key: str, title: str) -> ChartSlide:
    return ChartSlide(key, title, inputs.t("deck.no_data"), (), (inputs.t("deck.no_data"),))


def _note_lines(heading: str, table: pd.DataFrame, fmt: Callable[[float], str]) -> tuple[str, ...]:
    """Speaker notes: a heading, then one line per row of `table` (index: category, columns: series)."""
    lines = [heading]
    for category, row in table.iterrows():
        cells = "; ".join(f"{name}: {fmt(v)}" for name, v in row.items() if pd.notna(v))
        lines.append(f"{category} — {cells}")
    return tuple(lines)


def _values(column: pd.Series, scale: float = 1.0) -> tuple[float | None, ...]:
    """Chart values: NaN becomes None (python-pptx writes None as a gap; NaN corrupts files)."""
    return tuple(None if pd.isna(v) else float(v) / scale for v in column)


def _trend_kind(points: int) -> str:
    """A line needs two points; a single year is shown as a column."""
    return "line" if points > 1 else "column_clustered"


def _year_axis(inputs: SlideInputs) -> str:
    return inputs.t("deck.axis.year")


# ---------------------------------------------------------------- the chart slides


def _funding_pivot(inputs: SlideInputs) -> pd.DataFrame:
    """đồng by year (rows) and source (columns, in the house order), 0 where a source gave nothing."""
    df = inputs.run("funding_by_year_source")
    if df.empty or not df["amount_vnd"].any():
        return pd.DataFrame()
    pivot = df.pivot_table(index="year", columns="source", values="amount_vnd", aggfunc="sum", fill_value=0)
    order = [s for s in SOURCE_COLORS if s in pivot.columns] + [s for s in pivot.columns if s not in SOURCE_COLORS]
    return pivot[order].reindex(inputs.years, fill_value=0)


def funding_slide(inputs: SlideInputs) -> ChartSlide:
    lang = inputs.lang
    title = inputs.t("deck.funding.title", period=inputs.period)
    pivot = _funding_pivot(inputs)
    if pivot.empty:
        return _no_data(inputs, "funding", title)
    totals = pivot.sum()
    main = str(totals.idxmax())
    year = int(pivot.index[-1])
    last = float(pivot.loc[year, main])
    previous = float(pivot.loc[year - 1, main]) if (year - 1) in pivot.index else None
    change = _change_pct(last, previous)
    label = code_label("source", main, lang)
    params = dict(source=_mid(label), year=year, prev=year - 1, value=fmt_money(last, lang),
                  share=_share(float(totals[main]), float(totals.sum()), lang), total=fmt_money(float(totals.sum()), lang),
                  period=inputs.period)
    year_total = float(pivot.loc[year].sum())
    if inputs.first_year == inputs.year:  # the period is the year: its figures are the year's
        takeaway = inputs.t("deck.funding.takeaway_single", **(params | dict(
            share=_share(last, year_total, lang), total=fmt_money(year_total, lang))))
    elif inputs.part_until:  # half a year is no fall of half: the unfinished year is not compared
        change = None
        takeaway = inputs.t("deck.funding.takeaway_part", date=fmt_date(inputs.part_until, lang), **params)
    elif change is None:  # nothing the year before: say so, and keep the period's figures apart
        takeaway = inputs.t("deck.funding.takeaway_no_previous", year_share=_share(last, year_total, lang),
                            year_total=fmt_money(year_total, lang), **params)
    else:
        takeaway = inputs.t("deck.funding.takeaway", change=_change(change, lang), **params)
    chart = Chart(
        "column_stacked", tuple(str(y) for y in pivot.index),
        tuple(Series(code_label("source", s, lang), _values(pivot[s], BILLION), SOURCE_COLORS.get(s))
              for s in pivot.columns),
        BN_FORMAT, ",.1f", inputs.t("deck.axis.bn"), _year_axis(inputs),
    )
    named = pivot.rename(columns=lambda s: code_label("source", s, lang))
    named[inputs.t("deck.total")] = named.sum(axis=1)
    notes = _note_lines(inputs.t("deck.notes.vnd_heading", what=title), named, lambda v: fmt_int(v, lang))
    facts = {"last_vnd": last, "previous_vnd": previous or 0.0, "change_pct": change if change is not None else 0.0,
             "share_pct": float(totals[main]) / float(totals.sum()) * 100, "total_vnd": float(totals.sum())}
    return ChartSlide("funding", title, takeaway, (chart,), notes, facts)


def state_budget_slide(inputs: SlideInputs) -> ChartSlide:
    lang = inputs.lang
    title = inputs.t("deck.state_budget.title", period=inputs.period)
    pivot = _funding_pivot(inputs)
    if pivot.empty or "state_budget" not in pivot.columns or not pivot["state_budget"].any():
        return _no_data(inputs, "state_budget", title)
    budget = pivot["state_budget"]
    year = int(pivot.index[-1])
    last = float(budget.loc[year])
    previous = float(budget.loc[year - 1]) if (year - 1) in budget.index else None
    change = _change_pct(last, previous)
    total, all_funding = float(budget.sum()), float(pivot.to_numpy().sum())
    params = dict(period=inputs.period, year=year, prev=year - 1, value=fmt_money(last, lang),
                  total=fmt_money(total, lang), share=_share(total, all_funding, lang))
    if inputs.first_year == inputs.year:  # the period is the year: its figures are the year's
        takeaway = inputs.t("deck.state_budget.takeaway_single", **(params | dict(
            share=_share(last, float(pivot.loc[year].sum()), lang))))
    elif inputs.part_until:  # the unfinished year is not compared with the whole year before
        change = None
        takeaway = inputs.t("deck.state_budget.takeaway_part", date=fmt_date(inputs.part_until, lang), **params)
    elif change is None:  # nothing the year before: say so, and keep the period's figures apart
        takeaway = inputs.t("deck.state_budget.takeaway_no_previous", **params)
    else:
        takeaway = inputs.t("deck.state_budget.takeaway", change=_change(change, lang), **params)
    series_name = code_label("source", "state_budget", lang)
    chart = Chart(_trend_kind(len(budget)), tuple(str(y) for y in budget.index),
                  (Series(series_name, _values(budget, BILLION), SOURCE_COLORS["state_budget"]),),
                  BN_FORMAT, ",.1f", inputs.t("deck.axis.bn"), _year_axis(inputs), data_labels=True)
    table = pd.DataFrame({series_name: budget, inputs.t("deck.share_of_all"): budget / pivot.sum(axis=1) * 100})
    notes = (inputs.t("deck.notes.vnd_heading", what=title),) + tuple(
        f"{y} — {fmt_int(row.iloc[0], lang)} ({fmt_pct(row.iloc[1], lang)})" for y, row in table.iterrows())
    facts = {"last_vnd": last, "previous_vnd": previous or 0.0, "change_pct": change if change is not None else 0.0,
             "total_vnd": total, "share_pct": total / all_funding * 100}
    return ChartSlide("state_budget", title, takeaway, (chart,), notes, facts)


def members_slide(inputs: SlideInputs) -> ChartSlide:
    lang = inputs.lang
    title = inputs.t("deck.members.title", period=inputs.period)
    df = inputs.run("members_by_year").sort_values("year")
    if df.empty or not df["members"].any():
        return _no_data(inputs, "members", title)
    series = df.set_index("year")["members"]
    year, first = int(series.index[-1]), int(series.index[0])
    last = float(series.loc[year])
    previous = float(series.loc[year - 1]) if (year - 1) in series.index else None
    change = _change_pct(last, previous)
    change_first = _change_pct(last, float(series.loc[first]))
    params = dict(year=year, prev=year - 1, first=first, value=fmt_int(last, lang))
    if change is None:
        takeaway = inputs.t("deck.members.takeaway_single", **params)
    elif first >= year - 1 or change_first is None:
        takeaway = inputs.t("deck.members.takeaway_previous", change=_change(change, lang), **params)
    else:
        takeaway = inputs.t("deck.members.takeaway", change=_change(change, lang),
                            change_first=_change(change_first, lang), **params)
    name = inputs.t("deck.members.series")
    chart = Chart("column_clustered", tuple(str(y) for y in series.index), (Series(name, _values(series), PALETTE[0]),),
                  COUNT_FORMAT, ",.0f", inputs.t("deck.axis.members"), _year_axis(inputs))
    table = df.set_index("year")[["members", "new_members"]].rename(
        columns={"members": name, "new_members": inputs.t("deck.members.new")})
    notes = _note_lines(inputs.t("deck.notes.people_heading", what=title), table, lambda v: fmt_int(v, lang))
    facts = {"last": last, "previous": previous or 0.0, "first": float(series.loc[first]),
             "change_pct": change if change is not None else 0.0,
             "change_first_pct": change_first if change_first is not None else 0.0}
    return ChartSlide("members", title, takeaway, (chart,), notes, facts)


def associations_slide(inputs: SlideInputs) -> ChartSlide:
    lang = inputs.lang
    title = inputs.t("deck.associations.title", year=inputs.year)
    df = inputs.run("associations_by_level_type")
    if df.empty or not df["associations"].any():
        return _no_data(inputs, "associations", title)
    pivot = df.pivot_table(index="type_code", columns="level", values="associations", aggfunc="sum", fill_value=0)
    pivot = pivot[[lv for lv in LEVELS if lv in pivot.columns]]
    pivot = pivot.loc[pivot.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    pivot.index = [type_name(c, lang) for c in pivot.index]
    if len(pivot) > MAX_TYPES + 1:
        rest = pivot.iloc[MAX_TYPES:].sum().to_frame(inputs.t("deck.associations.other_types")).T
        shown = pd.concat([pivot.iloc[:MAX_TYPES], rest])
    else:
        shown = pivot
    by_level = pivot.sum()
    total = int(by_level.sum())
    special = int(df["special_nature"].sum())
    levels = ", ".join(inputs.t("deck.associations.level_count", n=fmt_int(by_level[lv], lang),
                                 level=_mid(code_label("level", lv, lang))) for lv in by_level.index)
    takeaway = inputs.t("deck.associations.takeaway", year=inputs.year, total=fmt_int(total, lang), levels=levels,
                        special=fmt_int(special, lang))
    chart = Chart(
        "bar_stacked", tuple(shown.index),
        tuple(Series(code_label("level", lv, lang), _values(shown[lv]), LEVEL_COLORS[lv]) for lv in shown.columns),
        COUNT_FORMAT, ",.0f", inputs.t("deck.axis.associations"),
    )
    named = pivot.rename(columns=lambda lv: code_label("level", lv, lang))
    notes = _note_lines(inputs.t("deck.notes.count_heading", what=title), named, lambda v: fmt_int(v, lang))
    facts = {"total": float(total), "special": float(special)} | {f"level_{lv}": float(n) for lv, n in by_level.items()}
    return ChartSlide("associations", title, takeaway, (chart,), notes, facts)


def meetings_slide(inputs: SlideInputs) -> ChartSlide:
    lang = inputs.lang
    title = inputs.t("deck.meetings.title", period=inputs.period)
    df = inputs.run("meetings_by_year")
    if df.empty or not df["meetings"].any():
        return _no_data(inputs, "meetings", title)
    by_kind = df.pivot_table(index="year", columns="subject_kind", values="meetings", aggfunc="sum", fill_value=0)
    by_kind = by_kind[[k for k in SUBJECT_KINDS if k in by_kind.columns]].reindex(inputs.years, fill_value=0)
    by_year = df.groupby("year")[["meetings", "comments_submitted", "comments_accepted"]].sum()
    by_year = by_year.reindex(inputs.years, fill_value=0)
    rates = pd.Series([acceptance_rate_pct(s, a) for s, a in zip(by_year["comments_submitted"],
                                                                 by_year["comments_accepted"])], index=by_year.index)
    meetings, submitted = int(by_year["meetings"].sum()), int(by_year["comments_submitted"].sum())
    rate = acceptance_rate_pct(submitted, int(by_year["comments_accepted"].sum()))
    year = inputs.year
    params = dict(When=inputs.when(True), meetings=fmt_int(meetings, lang), submitted=fmt_int(submitted, lang),
                  rate=fmt_pct(rate, lang), year=year)
    if inputs.first_year < year and year in by_year.index and by_year.loc[year, "meetings"]:
        takeaway = inputs.t("deck.meetings.takeaway", meetings_last=fmt_int(by_year.loc[year, "meetings"], lang),
                            rate_last=fmt_pct(rates.loc[year], lang), **params)
    else:
        takeaway = inputs.t("deck.meetings.takeaway_total", **params)
    years = tuple(str(y) for y in by_kind.index)
    count_chart = Chart(
        "column_stacked", years,
        tuple(Series(code_label("subject_kind", k, lang), _values(by_kind[k]), PALETTE[i % len(PALETTE)])
              for i, k in enumerate(by_kind.columns)),
        COUNT_FORMAT, ",.0f", inputs.t("deck.axis.meetings"), _year_axis(inputs),
        title=inputs.t("deck.meetings.count_chart"),
    )
    rate_chart = Chart(
        _trend_kind(len(rates)), tuple(str(y) for y in rates.index), (Series(inputs.t("deck.meetings.rate_series"), _values(rates),
                                                            PALETTE[3]),),
        PCT_FORMAT, ",.1f", inputs.t("deck.axis.pct"), _year_axis(inputs),
        title=inputs.t("deck.meetings.rate_chart"),
    )
    table = by_year.rename(columns={"meetings": inputs.t("deck.axis.meetings"),
                                    "comments_submitted": inputs.t("deck.meetings.submitted"),
                                    "comments_accepted": inputs.t("deck.meetings.accepted")})
    notes = _note_lines(inputs.t("deck.notes.count_heading", what=title), table, lambda v: fmt_int(v, lang))
    facts = {"meetings": float(meetings), "submitted": float(submitted), "rate_pct": rate or 0.0}
    if year in by_year.index:
        facts |= {"meetings_last": float(by_year.loc[year, "meetings"]), "rate_last_pct": rates.loc[year] or 0.0}
    return ChartSlide("meetings", title, takeaway, (count_chart, rate_chart), notes, facts)


def legal_aid_slide(inputs: SlideInputs) -> ChartSlide:
    lang = inputs.lang
    title = inputs.t("deck.legal_aid.title", period=inputs.period)
    df = inputs.run("legal_aid_by_year_kind")
    if df.empty or not df["cases"].any():
        return _no_data(inputs, "legal_aid", title)
    pivot = df.pivot_table(index="year", columns="kind", values="cases", aggfunc="sum", fill_value=0)
    pivot = pivot[[k for k in LEGAL_AID_KINDS if k in pivot.columns]].reindex(inputs.years, fill_value=0)
    cases, people = int(df["cases"].sum()), int(df["people_served"].fillna(0).sum())
    mediation = df[df["kind"] == "mediation"]
    mediations = int(mediation["cases"].sum())
    successful = int(mediation["successful"].fillna(0).sum())
    params = dict(When=inputs.when(True), cases=fmt_int(cases, lang), people=fmt_int(people, lang))
    if mediations:
        takeaway = inputs.t("deck.legal_aid.takeaway", success=fmt_pct(successful / mediations * 100, lang), **params)
    else:
        takeaway = inputs.t("deck.legal_aid.takeaway_no_mediation", **params)
    chart = Chart(
        "column_stacked", tuple(str(y) for y in pivot.index),
        tuple(Series(code_label("legal_aid_kind", k, lang), _values(pivot[k]), PALETTE[i % len(PALETTE)])
              for i, k in enumerate(pivot.columns)),
        COUNT_FORMAT, ",.0f", inputs.t("deck.axis.cases"), _year_axis(inputs),
    )
    named = pivot.rename(columns=lambda k: code_label("legal_aid_kind", k, lang))
    named[inputs.t("deck.legal_aid.person_times")] = df.groupby("year")["people_served"].sum().reindex(
        inputs.years, fill_value=0)
    notes = _note_lines(inputs.t("deck.notes.count_heading", what=title), named, lambda v: fmt_int(v, lang))
    facts = {"cases": float(cases), "people": float(people),
             "success_pct": successful / mediations * 100 if mediations else 0.0}
    return ChartSlide("legal_aid", title, takeaway, (chart,), notes, facts)


def welfare_slide(inputs: SlideInputs) -> ChartSlide:
    lang = inputs.lang
    title = inputs.t("deck.welfare.title", period=inputs.period)
    df = inputs.run("welfare_by_programme")
    if df.empty or not df["value_vnd"].any():
        return _no_data(inputs, "welfare", title)
    by_domain = df.groupby("domain")["value_vnd"].sum().sort_values(ascending=False, kind="stable")
    by_domain = by_domain[by_domain > 0]
    total = float(by_domain.sum())
    top = str(by_domain.index[0])
    takeaway = inputs.t("deck.welfare.takeaway", When=inputs.when(True), total=fmt_money(total, lang),
                        domain=_mid(code_label("domain", top, lang)), value=fmt_money(float(by_domain.iloc[0]), lang),
                        share=_share(float(by_domain.iloc[0]), total, lang))
    names = tuple(code_label("domain", d, lang) for d in by_domain.index)
    chart = Chart("bar_clustered", names, (Series(inputs.t("deck.welfare.series"), _values(by_domain, BILLION),
                                                  PALETTE[2]),),
                  BN_FORMAT, ",.1f", inputs.t("deck.axis.bn"), data_labels=True)
    table = pd.DataFrame({inputs.t("deck.value_vnd"): by_domain.to_numpy()}, index=names)
    notes = _note_lines(inputs.t("deck.notes.vnd_heading", what=title), table, lambda v: fmt_int(v, lang))
    facts = {"total_vnd": total, "top_vnd": float(by_domain.iloc[0]), "top_share_pct": float(by_domain.iloc[0]) / total * 100}
    return ChartSlide("welfare", title, takeaway, (chart,), notes, facts)


def surgeries_slide(inputs: SlideInputs) -> ChartSlide:
    lang = inputs.lang
    title = inputs.t("deck.surgeries.title", period=inputs.period)
    df = inputs.run("welfare_by_programme")
    df = df[df["programme_code"].isin(FLAGSHIP_SURGERIES)]
    if df.empty or not df["quantity"].any():
        return _no_data(inputs, "surgeries", title)
    grouped = df.groupby("programme_code")[["quantity", "value_vnd"]].sum()
    grouped = grouped.loc[[c for c in FLAGSHIP_SURGERIES if c in grouped.index and grouped.loc[c, "quantity"]]]
    names = tuple(programme_name(c, lang) for c in grouped.index)
    items = "; ".join(inputs.t("deck.surgeries.item", n=fmt_int(q, lang), name=_mid(name))
                      for name, q in zip(names, grouped["quantity"]))
    total, value = float(grouped["quantity"].sum()), float(grouped["value_vnd"].sum())
    takeaway = inputs.t("deck.surgeries.takeaway", When=inputs.when(True), total=fmt_int(total, lang),
                        value=fmt_money(value, lang), items=items)
    chart = Chart("bar_clustered", names, (Series(inputs.t("deck.surgeries.series"), _values(grouped["quantity"]),
                                                  PALETTE[3]),),
                  COUNT_FORMAT, ",.0f", inputs.t("deck.axis.surgeries"), data_labels=True)
    table = pd.DataFrame({inputs.t("deck.surgeries.series"): grouped["quantity"].to_numpy(),
                          inputs.t("deck.value_vnd"): grouped["value_vnd"].to_numpy()}, index=names)
    notes = _note_lines(inputs.t("deck.notes.count_heading", what=title), table, lambda v: fmt_int(v, lang))
    facts = {"total": total, "value_vnd": value} | {f"n_{c}": float(q) for c, q in grouped["quantity"].items()}
    return ChartSlide("surgeries", title, takeaway, (chart,), notes, facts)


CHART_SLIDES: tuple[SlideSpec, ...] = (
    SlideSpec("funding", ("funding_by_year_source",), ("column_stacked",), funding_slide),
    SlideSpec("state_budget", ("funding_by_year_source",), ("line",), state_budget_slide),
    SlideSpec("members", ("members_by_year",), ("column_clustered",), members_slide),
    SlideSpec("associations", ("associations_by_level_type",), ("bar_stacked",), associations_slide),
    SlideSpec("meetings", ("meetings_by_year",), ("column_stacked", "line"), meetings_slide),
    SlideSpec("legal_aid", ("legal_aid_by_year_kind",), ("column_stacked",), legal_aid_slide),
    SlideSpec("welfare", ("welfare_by_programme",), ("bar_clustered",), welfare_slide),
    SlideSpec("surgeries", ("welfare_by_programme",), ("bar_clustered",), surgeries_slide),
)


# ---------------------------------------------------------------- the title and KPI slides


def title_slide(inputs: SlideInputs) -> TitleSlide:
    lang = inputs.lang
    snapshot_line = inputs.t("deck.title_slide.snapshot", snapshot=inputs.snapshot.id,
                             as_of=fmt_date(inputs.snapshot.as_of, lang))
    date_line = inputs.t("deck.title_slide.made_on", date=fmt_date(inputs.made_on, lang))
    lines = tuple(filter_lines(inputs.filters, lang))
    demo = inputs.t("app.demo_notice") if inputs.snapshot.is_demo else None
    return TitleSlide("title", inputs.t("deck.title_slide.title"), inputs.t("deck.title_slide.subtitle", period=inputs.period),
                      lines, snapshot_line, date_line, demo, (*lines, snapshot_line, date_line, *(d for d in [demo] if d)))


def _money_parts(vnd: float, lang: str) -> tuple[str, str]:
    """('1.220,8', 'tỷ đồng'): fmt_money's figure and unit apart (same rounding and threshold)."""
    if abs(vnd) >= BILLION:
        return fmt_dec(vnd / BILLION, lang, 1), t("units.bn_vnd", lang)
    return fmt_dec(vnd / MILLION, lang, 1), t("units.m_vnd", lang)


def kpi_slide(inputs: SlideInputs) -> KpiSlide:
    lang = inputs.lang
    title = inputs.t("deck.kpis.title", period=inputs.period)
    recent = inputs.filters.with_years(inputs.year - 1, inputs.year)  # a one-year deck still has a change
    kpis = indicators(inputs.run("overview_kpis"), inputs.run("overview_kpis", recent))
    if not kpis:
        return KpiSlide("kpis", title, (), (inputs.t("deck.no_data"),))
    year, period = kpis["members"].last_year, inputs.period
    rate = acceptance_rate_pct(kpis["comments_submitted"].value, kpis["comments_accepted"].value)

    def money(name: str, label_key: str) -> KpiCard:
        k = kpis[name]
        number, unit = _money_parts(k.value, lang)
        return KpiCard(inputs.t(label_key, period=period), fmt_money(k.value, lang), indicator_delta(k, lang, inputs.part_until),
                       f"{fmt_int(k.value, lang)} {inputs.t('deck.kpis.vnd')}", number, unit)

    def count(name: str, label_key: str) -> KpiCard:
        k = kpis[name]
        value = fmt_int(k.value, lang)
        return KpiCard(inputs.t(label_key, period=period, year=year), value, indicator_delta(k, lang, inputs.part_until), value, value)

    cards = (
        count("associations", "deck.kpis.associations"),
        count("members", "deck.kpis.members"),
        money("state_budget_vnd", "deck.kpis.state_budget"),
        money("social_mobilisation_vnd", "deck.kpis.social_mobilisation"),
        count("meetings", "deck.kpis.meetings"),
        KpiCard(inputs.t("deck.kpis.acceptance", period=period), fmt_pct(rate, lang), None,
                f"{fmt_int(kpis['comments_accepted'].value, lang)}/{fmt_int(kpis['comments_submitted'].value, lang)}",
                fmt_pct(rate, lang)),
        count("legal_aid_cases", "deck.kpis.legal_aid_cases"),
        money("welfare_value_vnd", "deck.kpis.welfare_value"),
    )
    notes = tuple(f"{c.label}: {c.exact}" + (f" ({c.delta})" if c.delta else "") for c in cards)
    return KpiSlide("kpis", title, cards, notes)


# ---------------------------------------------------------------- the deck as a list


def resolve_filters(filters: Filters, snapshot: Snapshot) -> Filters:
    """The filters with the period made explicit (None years become the snapshot's first and last)."""
    if filters.year_from is not None and filters.year_to is not None:
        return filters
    years = [int(y) for y in queries.run("snapshot_years", snapshot)["year"]]
    return filters.with_years(filters.year_from or years[0], filters.year_to or years[-1])


def slide_count() -> int:
    return 2 + len(CHART_SLIDES)


def slide_keys() -> tuple[str, ...]:
    return ("title", "kpis", *(spec.key for spec in CHART_SLIDES))


def build_slide(index: int, inputs: SlideInputs) -> Slide:
    """The slide at `index` (0-based): title, KPIs, then the chart slides in CHART_SLIDES order."""
    if index == 0:
        return title_slide(inputs)
    if index == 1:
        return kpi_slide(inputs)
    return CHART_SLIDES[index - 2].build(inputs)


def build_slides(inputs: SlideInputs) -> list[Slide]:
    return [build_slide(i, inputs) for i in range(slide_count())]


def slide_inputs(snapshot: Snapshot, filters: Filters, lang: str, made_on: dt.date | None = None) -> SlideInputs:
    return SlideInputs(snapshot, resolve_filters(filters, snapshot), lang, made_on or vietnam_now().date())
