"""Charts, KPI cards and the takeaway sentence of the funding page (Kinh phí).

Money is a flow: period values are sums, and every change compares the last year with the year before.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from massorg.i18n import t
from massorg.indicators import change_pct, points_text, value_at, year_change
from massorg.labels import code_label, type_name
from massorg.numbers import BILLION, fmt_bn, fmt_dec, fmt_int, fmt_pct, fmt_signed_pct
from massorg.ui.charts import SOURCE_COLORS, codes_data, theme, to_bn, wrap, year_axis
from massorg.ui.escape import chart_text
from massorg.ui.figure_cache import cached_figure
from massorg.ui.figures.membership import unit_label

Card = tuple[str, str, str | None, str | None]


def kpi_cards(period: pd.DataFrame, recent: pd.DataFrame, lang: str, year: int,
              part_until: dt.date | None = None) -> list[Card]:
    """Six cards: total, state budget and self-mobilised funds (period sums, in tỷ đồng), the state
    budget's share and the self-mobilised đồng per đồng of state budget (over the period), and funding
    per member in the last year. The unit is in the label, so the values stay short on a projector.

    `period` is funding_by_year over the chosen period, `recent` the same query over the last year and
    the year before it (so a one-year period still shows its change on the previous year). With
    `part_until` the last year is unfinished: its sums and funding per member are not compared.
    """
    def change(column: str, flow: bool = True) -> str | None:
        return year_change(recent, column, lang, year, part_until if flow else None)

    def flow(column: str, key: str) -> Card:
        return (t(key, lang), fmt_dec(period[column].sum() / BILLION, lang), change(column),
                t("funding.flow_help", lang, year=year))

    state, mobilised = period["state_budget_vnd"].sum(), period["social_mobilisation_vnd"].sum()
    # the state budget's share of all funding, also when the page shows some sources only (?source=)
    total = period["all_funding_vnd" if "all_funding_vnd" in period else "total_funding_vnd"].sum()
    per_member = value_at(recent, "funding_per_member_vnd", year)
    share_delta = points_text(value_at(recent, "state_share_pct", year),
                              value_at(recent, "state_share_pct", year - 1), lang, year)
    return [
        flow("total_funding_vnd", "funding.total"),
        flow("state_budget_vnd", "funding.state_budget"),
        flow("social_mobilisation_vnd", "funding.social_mobilisation"),
        (t("funding.state_share", lang), fmt_pct(state / total * 100 if total else None, lang), share_delta,
         t("funding.share_help", lang, year=year)),
        (t("funding.ratio_kpi", lang), fmt_dec(mobilised / state if state else None, lang),
         change("mobilised_per_state_budget", flow=False), t("funding.ratio_help", lang, year=year)),
        (t("funding.per_member", lang, year=year), fmt_int(per_member, lang), change("funding_per_member_vnd"),
         t("funding.per_member_help", lang, year=year)),
    ]


@cached_figure
def by_year_source(df: pd.DataFrame, lang: str, period: str, footer: str) -> go.Figure:
    """Stacked columns of funding by source and year, in billions of đồng (funding_by_year_source)."""
    fig = go.Figure()
    unit = t("units.bn_vnd", lang)
    for source, color in SOURCE_COLORS.items():
        part = df[df["source"] == source]
        if part.empty:
            continue
        label = code_label("source", source, lang)
        fig.add_bar(x=part["year"], y=to_bn(part["amount_vnd"]), name=label, marker_color=color,
                    hovertemplate=f"{label} %{{x}}: %{{y:,.1f}} {unit}<extra></extra>",
                    customdata=codes_data(part["source"]))  # a click on a segment filters by its source
    fig.update_layout(barmode="stack")
    year_axis(fig, df["year"])
    return theme(fig, lang=lang, title=t("funding.stacked_chart", lang, period=period), footer=footer,
                            x_title=t("funding.axis_year", lang), y_title=t("funding.axis_bn", lang))


@cached_figure
def source_shares(df: pd.DataFrame, lang: str, period: str, footer: str) -> go.Figure:
    """100% stacked columns: each source's share of the year's funding (funding_share_by_year_source)."""
    fig = go.Figure()
    unit = t("units.bn_vnd", lang)
    for source, color in SOURCE_COLORS.items():
        part = df[df["source"] == source]
        if part.empty:
            continue
        label = code_label("source", source, lang)
        fig.add_bar(x=part["year"], y=part["share_pct"], name=label, marker_color=color,
                    customdata=codes_data(part["source"], to_bn(part["amount_vnd"])),  # a click: the source
                    hovertemplate=f"{label} %{{x}}: %{{y:,.1f}}% (%{{customdata[0]:,.1f}} {unit})<extra></extra>")
    fig.update_layout(barmode="stack")
    fig.update_yaxes(range=[0, 100], ticksuffix="%")
    year_axis(fig, df["year"])
    return theme(fig, lang=lang, title=t("funding.shares_chart", lang, period=period), footer=footer,
                            x_title=t("funding.axis_year", lang), y_title=t("funding.axis_share", lang))


def base_year(df: pd.DataFrame) -> int | None:
    """The first year in which both the state budget and self-mobilised funds are above zero."""
    both = df[(df["state_budget_vnd"] > 0) & (df["social_mobilisation_vnd"] > 0)]
    return int(both["year"].min()) if not both.empty else None


@cached_figure
def state_vs_mobilised(df: pd.DataFrame, lang: str, period: str, footer: str) -> go.Figure | None:
    """Growth of self-mobilised funds against the state budget, as an index (base year = 100), with the
    amounts in the hover (funding_by_year). None unless at least two years follow from the base year."""
    base = base_year(df)
    rows = df[df["year"] >= base] if base is not None else df.iloc[0:0]
    if len(rows) < 2:
        return None
    unit = t("units.bn_vnd", lang)
    fig = go.Figure()
    for column, source in (("social_mobilisation_vnd", "social_mobilisation"), ("state_budget_vnd", "state_budget")):
        index = rows[column] / float(rows.loc[rows["year"] == base, column].iloc[0]) * 100
        label = code_label("source", source, lang)
        fig.add_scatter(x=rows["year"], y=index, mode="lines+markers", name=label, line={"width": 3},
                        marker_color=SOURCE_COLORS[source], customdata=to_bn(rows[column]),
                        hovertemplate=f"{label} %{{x}}: %{{y:,.0f}} (%{{customdata:,.1f}} {unit})<extra></extra>")
    fig.add_hline(y=100, line={"color": "#999", "dash": "dot", "width": 1})
    year_axis(fig, rows["year"])
    fig = theme(fig, lang=lang, title=t("funding.trend_chart", lang, period=period), footer=footer,
                x_title=t("funding.axis_year", lang), y_title=t("funding.axis_index", lang, year=base))
    fig.update_yaxes(rangemode="normal")
    return fig


def growth_sentence(df: pd.DataFrame, lang: str) -> str | None:
    """One sentence: both sources in the base year and the last year, their changes, and the last
    year's self-mobilised đồng per đồng of state budget. None when there is nothing to compare."""
    base = base_year(df)
    last = int(df["year"].max()) if not df.empty else None
    if base is None or last == base:
        return None

    def at(column: str, year: int) -> float:
        return float(df.loc[df["year"] == year, column].iloc[0])
    mob, state = "social_mobilisation_vnd", "state_budget_vnd"
    text = t("funding.growth", lang, first=base, last=last,
             mob_first=fmt_bn(at(mob, base), lang), mob_last=fmt_bn(at(mob, last), lang),
             mob_change=fmt_signed_pct(change_pct(at(mob, last), at(mob, base)), lang),
             state_first=fmt_bn(at(state, base), lang), state_last=fmt_bn(at(state, last), lang),
             state_change=fmt_signed_pct(change_pct(at(state, last), at(state, base)), lang))
    if at(state, last) > 0:
        text += " " + t("funding.ratio", lang, year=last, ratio=fmt_dec(at(mob, last) / at(state, last), lang, 1))
    return text


def _stacked_bars(df: pd.DataFrame, labels: pd.Series, lang: str, codes: pd.Series) -> go.Figure:
    """Horizontal bars stacked by source, categories sorted by their total (largest on top); each bar
    carries its category's code (customdata), which a click filters the page by."""
    order = df.assign(label=labels).groupby("label")["amount_vnd"].sum().sort_values().index.tolist()
    unit = t("units.bn_vnd", lang)
    fig = go.Figure()
    for source, color in SOURCE_COLORS.items():
        part = df[df["source"] == source]
        if part.empty:
            continue
        label = code_label("source", source, lang)
        fig.add_bar(x=to_bn(part["amount_vnd"]), y=labels[part.index], orientation="h", name=label,
                    marker_color=color, hovertemplate=f"%{{y}} · {label}: %{{x:,.1f}} {unit}<extra></extra>",
                    customdata=codes_data(codes[part.index]))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(categoryorder="array", categoryarray=order)
    return fig


def _bars_height(n: int) -> int:
    return max(380, 30 * n + 170)


@cached_figure
def by_type(df: pd.DataFrame, lang: str, period: str, footer: str) -> go.Figure:
    """Funding over the period per association type, stacked by source (funding_by_type)."""
    labels = df["type_code"].map(lambda code: wrap(type_name(code, lang), 56))
    fig = _stacked_bars(df, labels, lang, df["type_code"])
    fig = theme(fig, lang=lang, title=t("funding.type_chart", lang, period=period), footer=footer,
                x_title=t("funding.axis_bn", lang), height=_bars_height(labels.nunique()))
    return fig


@cached_figure
def by_unit(df: pd.DataFrame, lang: str, period: str, footer: str) -> go.Figure | None:
    """Funding over the period per district-level unit of the association, stacked by source
    (funding_by_unit). The province's own associations are left out (province_note says how much
    they had): their total would dwarf every district. None when only they are in the data."""
    districts = df[df["unit_kind"] != "province"]
    if districts.empty:
        return None
    labels = pd.Series([wrap(chart_text(unit_label(row, lang)), 56) for row in districts.to_dict("records")],
                       index=districts.index)  # unit names may come from a file
    fig = _stacked_bars(districts, labels, lang, districts["unit_code"])
    return theme(fig, lang=lang, title=t("funding.unit_chart", lang, period=period), footer=footer,
                 x_title=t("funding.axis_bn", lang), height=_bars_height(labels.nunique()))


def province_note(df: pd.DataFrame, lang: str) -> str | None:
    """'Not shown: provincial associations, 1.030,5 tỷ đồng' under the by-unit chart, if they had any."""
    amount = df.loc[df["unit_kind"] == "province", "amount_vnd"].sum()
    return t("funding.province_note", lang, amount=fmt_bn(amount, lang)) if amount else None
