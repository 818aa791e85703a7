"""Charts of the overview page."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from massorg.i18n import t
from massorg.labels import code_label, type_name
from massorg.ui.charts import SOURCE_COLORS, codes_data, theme, to_bn, year_axis
from massorg.ui.figure_cache import cached_figure


@cached_figure
def members_trend(df: pd.DataFrame, lang: str, period: str, footer: str) -> go.Figure:
    """Members at each year end (members_by_year)."""
    fig = go.Figure(go.Scatter(
        x=df["year"], y=df["members"], mode="lines+markers", line={"width": 3},
        name=t("overview.axis_members", lang),
        hovertemplate="%{x}: %{y:,.0f}<extra></extra>",
    ))
    year_axis(fig, df["year"])
    return theme(fig, lang=lang, title=t("overview.members_chart", lang, period=period), footer=footer,
                 x_title=t("overview.axis_year", lang), y_title=t("overview.axis_members", lang), legend=False)


@cached_figure
def funding_by_source(df: pd.DataFrame, lang: str, period: str, footer: str) -> go.Figure:
    """Stacked columns of funding by source and year, in billions of đồng (funding_by_year_source)."""
    fig = go.Figure()
    for source in SOURCE_COLORS:
        part = df[df["source"] == source]
        if part.empty:
            continue
        label = code_label("source", source, lang)
        fig.add_bar(x=part["year"], y=to_bn(part["amount_vnd"]), name=label, marker_color=SOURCE_COLORS[source],
                    hovertemplate=f"{label} %{{x}}: %{{y:,.1f}} {t('units.bn_vnd', lang)}<extra></extra>")
    fig.update_layout(barmode="stack")
    year_axis(fig, df["year"])
    return theme(fig, lang=lang, title=t("overview.funding_chart", lang, period=period), footer=footer,
                 x_title=t("overview.axis_year", lang), y_title=t("overview.axis_bn", lang))


@cached_figure
def associations_by_type(df: pd.DataFrame, lang: str, year: int, footer: str) -> go.Figure:
    """Horizontal bars: active associations per type at the period's end (associations_by_level_type)."""
    by_type = df.groupby("type_code", as_index=False)["associations"].sum().sort_values("associations")
    names = [type_name(c, lang) for c in by_type["type_code"]]
    fig = go.Figure(go.Bar(
        x=by_type["associations"], y=names, orientation="h", marker_color="#0072B2",
        text=by_type["associations"], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:,.0f}<extra></extra>", customdata=codes_data(by_type["type_code"]),
    ))
    fig.update_yaxes(ticklabelstandoff=8)
    fig.update_xaxes(range=[0, by_type["associations"].max() * 1.12])  # room for the value labels
    return theme(fig, lang=lang, title=t("overview.types_chart", lang, year=year), footer=footer,
                 x_title=t("overview.axis_associations", lang), y_title=None, height=max(420, 28 * len(names) + 160),
                 legend=False)
