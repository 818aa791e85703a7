"""Charts of the Presentation page: a slide's chart (massorg.export.slides.Chart) as a Plotly figure,
in the house theme with type large enough for the back of a meeting room. The PowerPoint pack draws
the same Chart as a native chart, so both show the same series and values."""

from __future__ import annotations

import plotly.graph_objects as go

from massorg.export.slides import Chart
from massorg.ui.charts import theme

SLIDE_FONT, SLIDE_TITLE_FONT, SLIDE_LEGEND_FONT = 18, 22, 17


def _hover(chart: Chart, series_name: str) -> str:
    suffix = "%" if "%" in chart.number_format else ""
    value, category = ("x", "y") if chart.kind.startswith("bar_") else ("y", "x")
    return f"{series_name} – %{{{category}}}: %{{{value}:{chart.hover_format}}}{suffix}<extra></extra>"


def _trace(chart: Chart, series_index: int) -> go.BaseTraceType:
    series = chart.series[series_index]
    categories = list(chart.categories)
    values = list(series.values)
    labels = {}
    if chart.data_labels:
        suffix = "%" if "%" in chart.number_format else ""
        labels = {"texttemplate": f"%{{{'x' if chart.kind.startswith('bar_') else 'y'}:{chart.hover_format}}}{suffix}",
                  "textfont": {"size": SLIDE_FONT}}
    if chart.kind == "line":
        return go.Scatter(x=categories, y=values, name=series.name, mode="lines+markers+text" if labels else "lines+markers",
                          line={"width": 4, "color": series.color}, marker={"size": 9}, textposition="top center",
                          hovertemplate=_hover(chart, series.name), **labels)
    if chart.kind.startswith("bar_"):
        return go.Bar(x=values, y=categories, orientation="h", name=series.name, marker_color=series.color,
                      textposition="outside", cliponaxis=False, hovertemplate=_hover(chart, series.name), **labels)
    return go.Bar(x=categories, y=values, name=series.name, marker_color=series.color, textposition="outside",
                  cliponaxis=False, hovertemplate=_hover(chart, series.name), **labels)


def slide_figure(chart: Chart, *, lang: str, title: str, footer: str, height: int, narrow: bool = False) -> go.Figure:
    """One chart of a slide. Categories are shown as text (years too, so no '2.014' grouping); a narrow
    chart (half a slide) names every other year rather than tilting them into its footer."""
    fig = go.Figure([_trace(chart, i) for i in range(len(chart.series))])
    horizontal = chart.kind.startswith("bar_")
    if chart.kind.endswith("stacked"):
        fig.update_layout(barmode="stack")
    fig = theme(fig, lang=lang, title=title, footer=footer, height=height, legend=len(chart.series) > 1,
                x_title=chart.value_title if horizontal else chart.category_title,
                y_title=None if horizontal else chart.value_title)
    fig.update_layout(font={"size": SLIDE_FONT}, title_font={"size": SLIDE_TITLE_FONT},
                      legend={"font": {"size": SLIDE_LEGEND_FONT}, "traceorder": "normal"}, bargap=0.3)
    if not title:  # the slide's own heading names the chart: no empty title band above the legend
        fig.update_layout(margin_t=24 if len(chart.series) > 1 else 16, legend_y=1 - 8 / height)
    category_axis = fig.update_yaxes if horizontal else fig.update_xaxes
    category_axis(type="category", **({"autorange": "reversed"} if horizontal else {}))
    if narrow and not horizontal and len(chart.categories) > 8:
        fig.update_xaxes(dtick=2, tickangle=0)
    value_axis = fig.update_xaxes if horizontal else fig.update_yaxes
    value_axis(separatethousands=True, ticksuffix="%" if "%" in chart.number_format else None)
    if chart.counts and chart.peak() < 10:
        value_axis(dtick=1)  # 1, 2, 3 meetings, never 0.5 of one
    return fig
