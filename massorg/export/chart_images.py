"""Pictures of the slides' charts (massorg.export.slides.Chart) for documents that hold images: the A4
report and the phone card. Drawn with matplotlib (no browser needed) in the house palette, numbers
grouped the language's way (1.234,5 / 1,234.5), DejaVu Sans (matplotlib's own font, which has every
Vietnamese letter).
"""

from __future__ import annotations

import io

import matplotlib
import numpy as np
from matplotlib.figure import Figure  # a Figure, not pyplot: no global state, no display needed
from matplotlib.ticker import FuncFormatter, MaxNLocator

from massorg.export.palette import PALETTE
from massorg.export.slides import Chart
from massorg.numbers import fmt_dec

FONT = "DejaVu Sans"
INK, GRID = "#222222", "#DDDDDD"


def _digits(chart: Chart) -> int:
    return 0 if chart.counts else 1


def _formatter(chart: Chart, lang: str) -> FuncFormatter:
    digits = _digits(chart)
    return FuncFormatter(lambda v, _pos: fmt_dec(v, lang, digits))


def _color(index: int, given: str | None) -> str:
    return given or PALETTE[index % len(PALETTE)]


def _values(series_values: tuple[float | None, ...]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in series_values], dtype=float)


def draw(ax, chart: Chart, lang: str, font_size: float = 9.0, legend: bool = True) -> None:
    """Draw `chart` on a matplotlib axes: columns or bars (stacked or side by side) or lines."""
    horizontal = chart.kind.startswith("bar")
    stacked = chart.kind.endswith("stacked")
    categories = list(chart.categories)
    positions = np.arange(len(categories))
    base = np.zeros(len(categories))
    n = max(len(chart.series), 1)
    width = 0.7 if stacked or n == 1 else 0.8 / n
    for i, series in enumerate(chart.series):
        values = _values(series.values)
        color = _color(i, series.color)
        if chart.kind == "line":
            ax.plot(positions, values, marker="o", color=color, linewidth=2, label=series.name)
            if chart.data_labels:
                for x, v in zip(positions, values):
                    if not np.isnan(v):
                        ax.annotate(fmt_dec(v, lang, _digits(chart)), (x, v), textcoords="offset points",
                                    xytext=(0, 5), ha="center", fontsize=font_size * 0.8, color=INK)
            continue
        filled = np.nan_to_num(values)
        offset = 0 if stacked or n == 1 else (i - (n - 1) / 2) * width
        if horizontal:
            bars = ax.barh(positions + offset, filled, height=width, left=base if stacked else None, color=color,
                           label=series.name)
        else:
            bars = ax.bar(positions + offset, filled, width=width, bottom=base if stacked else None, color=color,
                          label=series.name)
        if chart.data_labels:
            ax.bar_label(bars, labels=[fmt_dec(v, lang, _digits(chart)) for v in filled], padding=2,
                         fontsize=font_size * 0.8, color=INK)
        if stacked:
            base = base + filled
    value_axis, category_axis = (ax.xaxis, ax.yaxis) if horizontal else (ax.yaxis, ax.xaxis)
    value_axis.set_major_formatter(_formatter(chart, lang))
    value_axis.set_major_locator(MaxNLocator(nbins=5, integer=chart.counts))
    if horizontal:
        ax.set_yticks(positions, categories)
        ax.invert_yaxis()  # the first category on top, as in the deck
        ax.set_xlabel(chart.value_title, fontsize=font_size, color=INK)
        ax.grid(axis="x", color=GRID)
    else:
        ax.set_xticks(positions, categories)
        ax.set_ylabel(chart.value_title, fontsize=font_size, color=INK)
        if chart.category_title:
            ax.set_xlabel(chart.category_title, fontsize=font_size, color=INK)
        ax.grid(axis="y", color=GRID)
        if len(categories) > 8:
            ax.tick_params(axis="x", labelrotation=0, labelsize=font_size * 0.8)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=font_size * 0.9, colors=INK)
    category_axis.set_tick_params(length=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if legend and len(chart.series) > 1:
        ax.legend(fontsize=font_size * 0.85, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.2),
                  ncol=min(len(chart.series), 3))
    if chart.title:
        ax.set_title(chart.title, fontsize=font_size * 1.05, color=INK, loc="left")


def chart_png(chart: Chart, lang: str, width_cm: float = 16.0, height_cm: float = 8.0, dpi: int = 200) -> bytes:
    """One chart as a PNG of the given printed size."""
    fig = Figure(figsize=(width_cm / 2.54, height_cm / 2.54), dpi=dpi)
    with matplotlib.rc_context({"font.family": FONT}):
        ax = fig.add_subplot()
        draw(ax, chart, lang)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png", dpi=dpi)
    return out.getvalue()
