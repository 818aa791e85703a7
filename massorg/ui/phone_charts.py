"""Charts on a phone: a browser that says it is a phone (its User-Agent has "Mobi", the convention
phones follow) gets each chart's title and source line broken at word boundaries into lines that fit
a 390-pixel-wide screen, in a smaller font, with room made above and below the plot for the extra
lines, and axis titles in a smaller font. Plotly draws one line per text and cuts whatever runs past the image's edge; the figures are
built on the server, which knows the browser only by its headers.

A desktop browser made narrow keeps the one-line layout (it says it is not a phone)."""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go
import streamlit as st

# A phone's chart is about 358 px wide; the title (16 px) and the source line (11 px, right-aligned
# to the plot's right edge, which long category labels can push to about 200 px from the image's
# left) take these many characters per line.
TITLE_CHARS = 34
FOOTER_CHARS = 32
TITLE_PX, TITLE_LINE_PX = 16, 20
FOOTER_PX, FOOTER_LINE_PX = 11, 14
SUBTITLE_CHARS, SUBTITLE_PX, SUBTITLE_LINE_PX = 40, 12, 16
AXIS_TITLE_PX = 12


def is_phone() -> bool:
    """The visitor's browser says it is a phone."""
    try:
        agent = st.context.headers.get("User-Agent", "")
    except Exception:  # no browser behind this run (a script or a test without headers)
        return False
    return "Mobi" in agent


def _lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(text.replace("<br>", " "), width, break_long_words=False) or [text]


def for_phone(fig: go.Figure) -> go.Figure:
    """A copy of `fig` whose title, source line (the bottom annotation set by charts.theme) and axis
    titles fit a phone's width."""
    fig = go.Figure(fig)
    height = fig.layout.height or 460
    grow_top = grow_bottom = 0
    title = fig.layout.title.text
    if title:
        lines = _lines(title, TITLE_CHARS)
        grow_top = TITLE_LINE_PX * (len(lines) - 1)
        fig.update_layout(title_text="<br>".join(lines), title_font_size=TITLE_PX)
    subtitle = fig.layout.title.subtitle.text  # the filters (charts.name_filters)
    if subtitle:
        lines = _lines(subtitle, SUBTITLE_CHARS)
        grow_top += SUBTITLE_LINE_PX * (len(lines) - 1)
        fig.update_layout(title_subtitle_text="<br>".join(lines), title_subtitle_font_size=SUBTITLE_PX)
    annotations = list(fig.layout.annotations)
    for note in annotations:
        if note.yref == "paper" and note.y == 0 and (note.yshift or 0) < 0 and note.text:  # the source line
            lines = _lines(note.text, FOOTER_CHARS)
            grow_bottom = max(grow_bottom, FOOTER_LINE_PX * len(lines) - FOOTER_LINE_PX)
            note.update(text="<br>".join(lines), font_size=FOOTER_PX, align="right")
    fig.update_layout(annotations=annotations)
    fig.update_xaxes(title_font_size=AXIS_TITLE_PX)
    fig.update_yaxes(title_font_size=AXIS_TITLE_PX)
    if grow_top or grow_bottom:
        new_height = height + grow_top + grow_bottom
        margin = fig.layout.margin
        fig.update_layout(height=new_height, margin_t=(margin.t or 0) + grow_top, margin_b=(margin.b or 0) + grow_bottom)
        legend_y = fig.layout.legend.y
        if fig.layout.legend.yref == "container" and legend_y is not None:  # keep it just under the title
            fig.update_layout(legend_y=1 - ((1 - legend_y) * height + grow_top) / new_height)
    return fig


def for_screen(fig: go.Figure) -> go.Figure:
    """The figure as this visitor's screen should draw it."""
    return for_phone(fig) if is_phone() else fig
