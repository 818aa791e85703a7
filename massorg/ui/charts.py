"""Chart theme and builders shared by every page: one look, readable on a projector.

Every figure carries its title (what and when), axis titles with units, hover values formatted for
the language, and a source footer inside the image (so a PNG taken from the toolbar says where it
came from and, for demo data, says so). Money is shown in billions of đồng (tỷ đồng / VND bn).
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from massorg import areas
from massorg.events import Event
from massorg.export.names import slug, tidy_stem
from massorg.export.palette import PALETTE, SOURCE_COLORS
from massorg.i18n import t
from massorg.numbers import BILLION, plotly_separators
from massorg.ui.escape import chart_text

__all__ = ["FONT", "PALETTE", "SOURCE_COLORS", "codes_data", "hbar_height", "legend_room", "mark_events", "name_filters", "slug", "theme",
           "to_bn", "toolbar_config", "wrap", "wrap_label", "year_axis"]

FONT = "Arial, 'Noto Sans', 'DejaVu Sans', sans-serif"


def to_bn(vnd):
    """Đồng to billions of đồng for plotting (a Series or a number)."""
    return vnd / BILLION


EXPORT_WIDTH = 1280  # px of a toolbar PNG (before the 2x scale)
# Pixels below the plot area: tick labels, the axis title, then the source footer on the last line.
BOTTOM_MARGIN = 100
# Pixels above: the title from the top edge, the legend from the top edge (just under the title).
TITLE_TOP = 14
LEGEND_TOP = 50
FOOTER_SHIFT = 74


def theme(fig: go.Figure, *, lang: str, title: str, footer: str, x_title: str | None = None,
          y_title: str | None = None, height: int = 460, legend: bool = True, legend_width: int = 340) -> go.Figure:
    """Apply the house style: fonts, separators, title, legend above the plot, axis titles, footer.

    The legend sits between the title and the plot (so it can wrap on a narrow screen without
    running into anything), and the source footer sits at a fixed distance below the plot, under
    the axis title; both stay inside the image a PNG export makes.
    """
    fig.update_layout(
        # set on each figure, never through pio.templates.default: importing st.plotly_chart sets that
        # global to Streamlit's placeholder template ("#000001" colours) whatever ran before (the cost,
        # 5–30 ms of validation, is paid once per figure: figures are cached across sessions)
        template="plotly_white",
        title={"text": title, "x": 0, "xanchor": "left", "xref": "container", "y": 1, "yanchor": "top",
               "yref": "container", "pad": {"l": 12, "t": TITLE_TOP}, "font": {"size": 20}},
        font={"family": FONT, "size": 15, "color": "#222"},
        separators=plotly_separators(lang),
        height=height,
        margin={"l": 70, "r": 30, "t": LEGEND_TOP + 8, "b": BOTTOM_MARGIN},
        showlegend=legend,
        legend={"orientation": "h", "yref": "container", "yanchor": "top", "y": 1 - LEGEND_TOP / height,
                "x": 0, "xanchor": "left", "font": {"size": 14}, "title": None},
        hoverlabel={"font": {"size": 14, "family": FONT}},
        colorway=PALETTE,
        meta={**_meta(fig), "lang": lang},
    )
    mark_boundaries(fig)
    # exponentformat none: 500.000 rather than "500k" (an SI suffix Vietnamese readers don't use)
    fig.update_xaxes(title_text=x_title, automargin=True, exponentformat="none", separatethousands=True)
    fig.update_yaxes(title_text=y_title, automargin=True, separatethousands=True, rangemode="tozero",
                     exponentformat="none")
    fig.add_annotation(
        # right-aligned to the plot's right edge, which stays near the image's edge even when long
        # category labels push the plot to the right (a left-aligned footer would run off the image)
        text=footer, xref="paper", yref="paper", x=1, y=0, yshift=-FOOTER_SHIFT,
        xanchor="right", yanchor="top", showarrow=False, font={"size": 12, "color": "#555"},
    )
    if legend:
        legend_room(fig, [tr.name for tr in fig.data if tr.name and tr.showlegend is not False], legend_width)
    _whole_number_ticks(fig)
    return fig


def codes_data(codes, *hover_columns) -> np.ndarray:
    """A trace's customdata: the columns its hover text reads (customdata[0], [1] …), then the code each
    point stands for (a unit, type, level or association id), last, where a click reads it
    (massorg.ui.drill)."""
    columns = [np.asarray(list(c), dtype=object) for c in hover_columns]
    return np.column_stack([*columns, np.asarray([str(c) for c in codes], dtype=object)])


SUBTITLE_ROOM = 22  # px a one-line subtitle takes under the title


def name_filters(fig: go.Figure, text: str) -> go.Figure:
    """Name the filters under the title ('Đức Trọng · Hội Nông dân'), so a copied chart never looks
    province-wide when it is not; the legend and the plot move down to make room. Runs once."""
    meta = _meta(fig)
    if not text or meta.get("filters_named"):
        return fig
    height = fig.layout.height or 460
    legend_from_top = (1 - (fig.layout.legend.y if fig.layout.legend.y is not None else 1)) * height
    fig.update_layout(
        title_subtitle={"text": chart_text(text), "font": {"size": 14, "color": "#444"}},
        height=height + SUBTITLE_ROOM,
        margin_t=(fig.layout.margin.t or 0) + SUBTITLE_ROOM,
        legend_y=1 - (legend_from_top + SUBTITLE_ROOM) / (height + SUBTITLE_ROOM),
        meta={**meta, "filters_named": True, "filters": text},
    )
    return fig


def _whole_number_ticks(fig: go.Figure) -> None:
    """Counts of a few (2 meetings, 7 cases) get a tick per whole number, never 0.5 of a meeting."""
    stacked = fig.layout.barmode in ("stack", "relative")
    for axis in ("x", "y"):
        totals: dict[object, float] = {}
        for trace in fig.data:
            if trace.type not in ("bar", "scatter") or (getattr(trace, axis + "axis", None) or axis) != axis:
                continue
            horizontal = getattr(trace, "orientation", None) == "h"
            if (axis == "x") != horizontal:
                continue  # this axis holds the trace's categories or years, not its values
            values = getattr(trace, axis)
            positions = getattr(trace, "y" if axis == "x" else "x")
            if values is None:
                continue
            try:
                numbers = [float(v) for v in values]
            except (TypeError, ValueError):
                return
            if not all(n.is_integer() for n in numbers):
                return
            keys = list(positions) if positions is not None and stacked else list(range(len(numbers)))
            for key, n in zip(keys, numbers):
                key = key if stacked else (id(trace), key)
                totals[key] = totals.get(key, 0.0) + n if stacked else n
        if totals and 0 < max(totals.values()) <= 10:
            fig.update_layout({f"{axis}axis": {"dtick": 1}})


def toolbar_config(file_stem: str) -> dict:
    """Plotly toolbar: PNG at 2x, 1280 px wide at the figure's own height (so the layout, the legend
    and the footer are those of the theme, whatever the width on screen), a file name that says what
    and when, no Plotly logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": tidy_stem(file_stem), "scale": 2, "width": EXPORT_WIDTH},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


# ---- layout helpers for the chart builders ----------------------------------------------------

def year_axis(fig: go.Figure, years: pd.Series, min_span: int = 6) -> go.Figure:
    """A year on every tick, and no bar as wide as the chart when the period has one or two years:
    the axis then spans `min_span` years around them, with ticks only where there is data."""
    values = sorted({int(y) for y in years})
    # upright labels; on long periods every other year (counted back from the latest) so a half-width
    # chart on a projector never turns them sideways
    shown = values[::-1][::2][::-1] if len(values) > 8 else values
    fig.update_xaxes(tickformat="d", tickmode="array", tickvals=shown, tickangle=0)
    if values and values[-1] - values[0] + 1 < min_span:
        middle = (values[0] + values[-1]) / 2
        fig.update_xaxes(range=[middle - min_span / 2, middle + min_span / 2])
    if values:
        fig.update_layout(meta={**_meta(fig), "years": [values[0], values[-1]]})
        mark_boundaries(fig)
    return fig


def _meta(fig: go.Figure) -> dict:
    return dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}


def mark_boundaries(fig: go.Figure) -> go.Figure:
    """A labelled dotted line where a yearly time axis crosses a boundary change (1/12/2024,
    1/7/2025) inside the data's years. Runs once both year_axis and theme have run (years, lang)."""
    meta = _meta(fig)
    if "years" not in meta or "lang" not in meta or meta.get("boundaries_marked"):
        return fig
    first, last = meta["years"]
    for n, (x, day) in enumerate(areas.boundary_marks(first, last)):
        if first < x < last:
            fig.add_vline(x=x, line={"dash": "dot", "width": 1.5, "color": "#555"},
                          annotation={"text": t(f"geography.boundaries.{day.isoformat()}", meta["lang"]),
                                      "font": {"size": 12, "color": "#555"}, "textangle": 0},
                          annotation_position="top left" if n == 0 else "top right")
    fig.update_layout(meta={**meta, "boundaries_marked": True})
    return fig


EVENT_COLOR = "#7a5195"  # events differ from the boundary lines by dash and label place, not colour only


def mark_events(fig: go.Figure, events: list[Event], lang: str) -> list[Event]:
    """Draw the events on a yearly time axis (the boundary changes are drawn by mark_boundaries
    already): a dashed line for a day, a light band for a span, each labelled at the bottom of the plot
    with its short name. Returns every event of the chart's years (boundary ones too), to list under it."""
    meta = _meta(fig)
    if "years" not in meta or meta.get("events_marked"):
        return []
    first, last = meta["years"]
    shown = [e for e in events if e.within(first, last)]
    for event in shown:
        if event.is_boundary:
            continue
        start, end = event.position()
        label = {"text": chart_text(event.short[lang]), "font": {"size": 12, "color": EVENT_COLOR}, "textangle": 0}
        if end is None:
            fig.add_vline(x=start, line={"dash": "dash", "width": 1.5, "color": EVENT_COLOR},
                          annotation=label, annotation_position="bottom right")
        else:
            fig.add_vrect(x0=max(start, first - 0.5), x1=min(end, last + 0.5), fillcolor=EVENT_COLOR, opacity=0.1,
                          line_width=0, layer="below", annotation=label, annotation_position="bottom left")
    fig.update_layout(meta={**meta, "events_marked": True, "events": [e.code for e in shown]})
    return shown


def wrap(text: str, width: int = 26) -> str:
    """A long category label on several lines, so that it fits beside a bar on a projector."""
    return "<br>".join(textwrap.wrap(str(text), width)) or str(text)


def legend_room(fig: go.Figure, labels: list[str], width_px: int = 340) -> go.Figure:
    """Make room for the extra rows a horizontal legend of `labels` takes when it has `width_px` to
    wrap in (the plot area of a half-width chart on a 1366 px projector): the figure grows by those
    rows, so the legend never covers the bars and the plot keeps its size."""
    rows, used = 1, 0.0
    for label in labels:
        item = 40 + 7.6 * len(label)  # symbol, padding and 14 px text
        if used and used + item > width_px:
            rows, used = rows + 1, 0.0
        used += item
    extra = 22 * (rows - 1)
    fig.update_layout(margin_t=(fig.layout.margin.t or 0) + extra, height=(fig.layout.height or 460) + extra)
    return fig


def wrap_label(text: str, width: int = 30) -> str:
    """Break a long category label onto two lines (at the space nearest the middle) for bar charts."""
    if len(text) <= width or " " not in text:
        return text
    middle = len(text) // 2
    spaces = [i for i, c in enumerate(text) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return f"{text[:cut]}<br>{text[cut + 1:]}"


def hbar_height(labels: list[str], extra: int = 220, minimum: int = 420) -> int:
    """Height of a horizontal bar chart: room per bar, more when a label runs onto two lines."""
    per_bar = 40 if any("<br>" in label for label in labels) else 30
    return max(minimum, per_bar * len(labels) + extra)
