"""Chart theme and builders shared by every page: one look, readable on a projector.

Every figure carries its title (what and when), axis titles with units, hover values formatted for
the language, and a source footer inside the image (so a PNG taken from the toolbar says where it
came from and, for demo data, says so). Money is shown in billions of đồng (tỷ đồng / VND bn).
"""

from __future__ import annotations

import re
import unicodedata

import plotly.graph_objects as go

from massorg.numbers import BILLION, plotly_separators

# Colour-blind-safe palette (Okabe–Ito), dark enough to read on a washed-out projector.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C6D00", "#000000", "#999999"]
SOURCE_COLORS = {
    "state_budget": "#0072B2",
    "social_mobilisation": "#009E73",
    "foreign_aid": "#E69F00",
    "member_fees": "#CC79A7",
    "other": "#999999",
}
FONT = "Arial, 'Noto Sans', 'DejaVu Sans', sans-serif"


def to_bn(vnd):
    """Đồng to billions of đồng for plotting (a Series or a number)."""
    return vnd / BILLION


def theme(fig: go.Figure, *, lang: str, title: str, footer: str, x_title: str | None = None,
          y_title: str | None = None, height: int = 460, legend: bool = True) -> go.Figure:
    """Apply the house style: fonts, separators, title, axis titles, legend below, source footer."""
    fig.update_layout(
        template="plotly_white",
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 20}},
        font={"family": FONT, "size": 15, "color": "#222"},
        separators=plotly_separators(lang),
        height=height,
        margin={"l": 70, "r": 30, "t": 70, "b": 110 if legend else 80},
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "top", "y": -0.16, "x": 0, "font": {"size": 14}, "title": None},
        hoverlabel={"font": {"size": 14, "family": FONT}},
        colorway=PALETTE,
    )
    fig.update_xaxes(title_text=x_title, automargin=True)
    fig.update_yaxes(title_text=y_title, automargin=True, separatethousands=True, rangemode="tozero")
    fig.add_annotation(
        text=footer, xref="paper", yref="paper", x=0, y=0, yshift=-(95 if legend else 65),
        xanchor="left", yanchor="top", showarrow=False, font={"size": 12, "color": "#555"},
    )
    return fig


def slug(text: str) -> str:
    """ASCII file-name part from Vietnamese text: 'Kinh phí theo năm' -> 'kinh-phi-theo-nam'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def toolbar_config(file_stem: str) -> dict:
    """Plotly toolbar: PNG at 2x with a meaningful file name, no Plotly logo."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": file_stem, "scale": 2, "width": 1280, "height": 640},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }
