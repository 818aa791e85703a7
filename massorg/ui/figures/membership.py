"""Charts and KPI cards of the membership & organisation page (Hội viên).

Members and associations are stocks: read at a year end, compared between year ends, never summed
across years. New members are a flow.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from massorg.i18n import t
from massorg.indicators import change_pct, delta_text, value_at, year_change
from massorg.labels import code_label, straddling_label, type_name, unit_name
from massorg.numbers import fmt_int, fmt_pct, fmt_signed_pct
from massorg.ui.charts import PALETTE, codes_data, theme, wrap, year_axis
from massorg.ui.escape import chart_text
from massorg.ui.figure_cache import cached_figure

Card = tuple[str, str, str | None, str | None]
LEVEL_COLORS = {"province": "#0072B2", "district": "#E69F00", "commune": "#009E73"}
SPECIAL_COLOR, OTHER_COLOR = "#0072B2", "#BBBBBB"
GAIN_COLOR, LOSS_COLOR = "#009E73", "#D55E00"


def _text(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def unit_label(row: dict, lang: str) -> str:
    """A unit as a reader names it: 'Hội cấp tỉnh' for the province's own associations, and a merged
    district with the unit it now belongs to. `row` has unit_code, unit_name, unit_name_en, unit_kind,
    successor_code (as the by-unit queries return them)."""
    if row.get("unit_kind") == "province":
        return t("membership.province_level", lang)
    if row.get("straddles") is True:  # grouped by old district: a new unit in two of them stands alone
        return straddling_label(str(row["unit_code"]), lang)
    name = _text(row.get("unit_name_en")) if lang == "en" else None
    name = name or _text(row.get("unit_name")) or unit_name(str(row["unit_code"]), lang)
    successor = _text(row.get("successor_code"))
    if successor:
        return t("membership.merged_unit", lang, unit=name, successor=unit_name(successor, lang, later=True), code=successor)
    return name


def kpi_cards(members: pd.DataFrame, recent: pd.DataFrame, associations: pd.DataFrame, span: pd.DataFrame,
              lang: str, first: int, year: int, part_until: dt.date | None = None) -> list[Card]:
    """Associations and members at the end of `year`, new members over the period, member growth.

    `members` is members_by_year over the period; `recent` the same over `year` and the year before;
    `associations` is overview_kpis over those two years; `span` is members_by_year from `first` to
    `year`, the two year ends the growth is measured between (no growth when they are the same year).
    """
    def stock(df: pd.DataFrame, column: str, key: str) -> Card:
        last = value_at(df, column, year)
        return (t(key, lang, year=year), fmt_int(last or 0, lang),
                delta_text(change_pct(last, value_at(df, column, year - 1)), lang, year),
                t("membership.stock_help", lang, year=year))

    growth = change_pct(value_at(span, "members", year), value_at(span, "members", first)) if first < year else None
    growth_period = t("app.period", lang, first=first, last=year) if first < year else str(year)
    return [
        stock(associations, "associations", "membership.associations"),
        stock(recent, "members", "membership.members"),
        (t("membership.new_members", lang), fmt_int(members["new_members"].sum(), lang),
         year_change(recent, "new_members", lang, year, part_until), t("membership.flow_help", lang, year=year)),
        (t("membership.growth", lang, period=growth_period), fmt_signed_pct(growth, lang), None,
         t("membership.growth_help", lang, first=first, last=year)),
    ]


def _bars_height(n: int, per_bar: int = 30) -> int:
    return max(380, per_bar * n + 170)


@cached_figure
def members_trend(df: pd.DataFrame, lang: str, period: str, footer: str) -> go.Figure:
    """Members at each year end, as columns (members_by_year)."""
    unit = t("units.people", lang)
    fig = go.Figure(go.Bar(
        x=df["year"], y=df["members"], marker_color=PALETTE[0], name=t("membership.axis_members", lang),
        hovertemplate=f"{t('membership.end_of', lang, year='%{x}')}: %{{y:,.0f}} {unit}<extra></extra>",
    ))
    year_axis(fig, df["year"])
    fig = theme(fig, lang=lang, title=t("membership.trend_chart", lang, period=period), footer=footer,
                x_title=t("membership.axis_year", lang), y_title=t("membership.axis_members", lang), legend=False)
    return fig


@cached_figure
def members_by_type(df: pd.DataFrame, lang: str, year: int, footer: str) -> go.Figure:
    """Members at the end of the period's last year per association type (members_by_type)."""
    rows = df[df["members_end"] > 0].sort_values("members_end")
    names = [wrap(type_name(code, lang), 56) for code in rows["type_code"]]
    unit = t("units.people", lang)
    fig = go.Figure(go.Bar(
        x=rows["members_end"], y=names, orientation="h", marker_color=PALETTE[0],
        text=[fmt_int(v, lang) for v in rows["members_end"]], textposition="outside", cliponaxis=False,
        hovertemplate=f"%{{y}}: %{{x:,.0f}} {unit}<extra></extra>",
        customdata=codes_data(rows["type_code"]),  # a click filters the page by the type
    ))
    fig = theme(fig, lang=lang, title=t("membership.type_chart", lang, year=year), footer=footer,
                x_title=t("membership.axis_members", lang), height=_bars_height(len(names)), legend=False)
    fig.update_layout(margin={"r": 80})
    return fig


@cached_figure
def members_change_by_unit(df: pd.DataFrame, lang: str, footer: str) -> go.Figure:
    """Members gained or lost per unit between the two year ends of members_by_unit (diverging bars)."""
    rows = df.sort_values("members_change")
    first, last = int(rows["start_year"].iloc[0]), int(rows["end_year"].iloc[0])
    names = [chart_text(unit_label(row, lang)) for row in rows.to_dict("records")]  # names may come from a file
    texts = [f"{'+' if c > 0 else ''}{fmt_int(c, lang)} ({fmt_signed_pct(p, lang)})"
             for c, p in zip(rows["members_change"], rows["members_change_pct"])]
    hover = (f"%{{y}}<br>{t('membership.end_of', lang, year=first)}: %{{customdata[0]:,.0f}}"
             f"<br>{t('membership.end_of', lang, year=last)}: %{{customdata[1]:,.0f}}"
             f"<br>{t('membership.change_label', lang)}: %{{x:+,.0f}} {t('units.people', lang)}<extra></extra>")
    fig = go.Figure(go.Bar(
        x=rows["members_change"], y=names, orientation="h",
        marker_color=[GAIN_COLOR if c >= 0 else LOSS_COLOR for c in rows["members_change"]],
        text=texts, textposition="outside", cliponaxis=False,
        customdata=codes_data(rows["unit_code"], rows["members_start"], rows["members_end"]), hovertemplate=hover,
    ))
    fig = theme(fig, lang=lang, title=t("membership.unit_chart", lang, first=first, last=last), footer=footer,
                x_title=t("membership.axis_change", lang), height=_bars_height(len(names)), legend=False)
    fig.update_xaxes(rangemode="normal", zeroline=True, zerolinecolor="#444")
    fig.update_layout(margin={"r": 150, "l": 150 if (rows["members_change"] < 0).any() else 70})
    return fig


@cached_figure
def associations_by_level(df: pd.DataFrame, lang: str, year: int, footer: str) -> go.Figure:
    """Associations per level, split into special nature and the others (associations_by_level_type)."""
    by_level = df.groupby("level")[["associations", "special_nature"]].sum()
    by_level = by_level.reindex([level for level in LEVEL_COLORS if level in by_level.index])
    names = [code_label("level", level, lang) for level in by_level.index]
    fig = go.Figure()
    for label, values, color in (
        (t("membership.special", lang), by_level["special_nature"], SPECIAL_COLOR),
        (t("membership.not_special", lang), by_level["associations"] - by_level["special_nature"], OTHER_COLOR),
    ):
        fig.add_bar(x=names, y=values, name=label, marker_color=color, customdata=codes_data(by_level.index),
                    hovertemplate=f"%{{x}} · {label}: %{{y:,.0f}}<extra></extra>")
    fig.add_scatter(x=names, y=by_level["associations"], mode="text", textposition="top center",
                    text=[fmt_int(v, lang) for v in by_level["associations"]], showlegend=False, hoverinfo="skip")
    fig.update_layout(barmode="stack")
    fig = theme(fig, lang=lang, title=t("membership.levels_chart", lang, year=year), footer=footer,
                y_title=t("membership.axis_associations", lang))
    fig.update_yaxes(range=[0, float(by_level["associations"].max()) * 1.15])
    return fig


@cached_figure
def special_nature(df: pd.DataFrame, lang: str, year: int, footer: str) -> go.Figure:
    """A ring: associations of special nature against the others (associations_by_level_type). Drawn as
    a one-level sunburst, not a pie: Streamlit passes a click on a sunburst's sector (its id: "special"
    or "other"), never one on a pie's slice, and a click on "special" sets the special-only filter."""
    total, special = int(df["associations"].sum()), int(df["special_nature"].sum())
    labels = [t("membership.special", lang), t("membership.not_special", lang)]
    values = [special, total - special]
    shares = [fmt_pct(v / total * 100 if total else None, lang) for v in values]
    # the whole is the centre (the total, in white), the ring its two parts
    fig = go.Figure(go.Sunburst(
        ids=["all", "special", "other"], parents=["", "all", "all"], values=[total, *values], branchvalues="total",
        labels=[f"<b>{fmt_int(total, lang)}</b><br>{t('units.associations', lang)}", *labels], sort=False,
        marker={"colors": ["white", SPECIAL_COLOR, OTHER_COLOR], "line": {"color": "white", "width": 2}},
        text=["", *[f"{fmt_int(v, lang)} ({share})" for v, share in zip(values, shares)]],
        texttemplate=["%{label}", "%{label}<br>%{text}", "%{label}<br>%{text}"], insidetextorientation="auto",
        hovertemplate=["%{label}<extra></extra>", "%{label}: %{text}<extra></extra>", "%{label}: %{text}<extra></extra>"],
        insidetextfont={"size": 15}, rotation=90,
    ))
    fig = theme(fig, lang=lang, title=t("membership.special_chart", lang, year=year), footer=footer, legend=False)
    return fig


@cached_figure
def associations_by_type(df: pd.DataFrame, lang: str, year: int, footer: str) -> go.Figure:
    """Associations per type, stacked by level (associations_by_level_type)."""
    totals = df.groupby("type_code")["associations"].sum().sort_values()
    names = {code: wrap(type_name(code, lang), 56) for code in totals.index}
    fig = go.Figure()
    for level, color in LEVEL_COLORS.items():
        part = df[df["level"] == level]
        if part.empty:
            continue
        label = code_label("level", level, lang)
        fig.add_bar(x=part["associations"], y=part["type_code"].map(names), orientation="h", name=label,
                    marker_color=color, hovertemplate=f"%{{y}} · {label}: %{{x:,.0f}}<extra></extra>",
                    customdata=codes_data(part["type_code"]))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(categoryorder="array", categoryarray=[names[c] for c in totals.index])
    fig = theme(fig, lang=lang, title=t("membership.assoc_type_chart", lang, year=year), footer=footer,
                x_title=t("membership.axis_associations", lang), height=_bars_height(len(totals)))
    return fig


@cached_figure
def founding_years(df: pd.DataFrame, lang: str, year: int, footer: str) -> go.Figure:
    """Active associations by the year they were founded, special nature stacked on the others
    (associations_by_founding_year)."""
    fig = go.Figure()
    for label, values, color in (
        (t("membership.special", lang), df["special_nature"], SPECIAL_COLOR),
        (t("membership.not_special", lang), df["associations"] - df["special_nature"], OTHER_COLOR),
    ):
        fig.add_bar(x=df["founded_year"], y=values, name=label, marker_color=color,
                    hovertemplate=f"%{{x}} · {label}: %{{y:,.0f}}<extra></extra>")
    fig.update_layout(barmode="stack", bargap=0.1)
    fig.update_xaxes(tickformat="d")
    fig = theme(fig, lang=lang, title=t("membership.founding_chart", lang, year=year), footer=footer,
                x_title=t("membership.axis_founded", lang), y_title=t("membership.axis_associations", lang))
    return fig


def unit_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """members_by_unit with a readable unit column, for the table."""
    return df.assign(unit=[unit_label(row, lang) for row in df.to_dict("records")])
