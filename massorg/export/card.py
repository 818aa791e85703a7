"""The phone summary card for leaders' Zalo groups: a PNG of 1080×1350 px (4:5, what chat apps show
whole) and the same as a one-page PDF. The eight headline indicators (massorg.export.headline: the
overview's figures) with the change on the year before and the target status, one small trend (the
deck's members chart), the source and the demo notice. Type is large enough to read on a phone
without zooming (no text under 12 pt at 150 dpi, i.e. 25 px). Aggregates only.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

import matplotlib
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from massorg.export.chart_images import FONT, INK, draw
from massorg.export.filters import filter_lines
from massorg.export.headline import headlines
from massorg.export.names import file_stem
from massorg.export.slides import SlideInputs, members_slide
from massorg.i18n import t
from massorg.numbers import fmt_date
from massorg.targets import Target, assess, committed_targets, for_snapshot, target_text, whole_area

WIDTH_PX, HEIGHT_PX, DPI = 1080, 1350, 150
UP, DOWN, FLAT = "#1B7F3B", "#B0002A", "#555555"
DEMO_RED = "#B0002A"
PNG_MIME, PDF_MIME = "image/png", "application/pdf"


def target_status(inputs: SlideInputs, code: str, targets: tuple[Target, ...]) -> tuple[str, str]:
    """('met' | 'not_met' | 'none' | 'area_only' | 'part', the target as written): the last year's figure
    against that year's target for the area (massorg.targets, the Overview's rule). A target speaks
    for a whole area, so a view of some units, levels or types is 'area_only'."""
    year, area = inputs.year, inputs.filters.area or "old"
    chosen = [target for target in targets if target.indicator == code]
    if not any(target.year == year and target.area == area for target in chosen):
        return "none", ""
    if not whole_area(inputs.filters):
        return "area_only", ""
    [result, *_] = assess(tuple(chosen), inputs.run("overview_kpis", inputs.filters.with_years(year - 1, year)),
                          area, year, inputs.part_until)
    text = target_text(result.target, inputs.lang)
    if result.target.is_demo:
        text = inputs.t("documents.card.target_demo", target=text)
    status = "part" if result.part_until else {True: "met", False: "not_met", None: "unknown"}[result.met]
    return status, text


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    change: str
    change_color: str
    target: str


def tiles(inputs: SlideInputs, targets: tuple[Target, ...] | None = None) -> list[Tile]:
    """One tile per headline indicator: the year's figure for stocks and rates, the period's for flows
    (as on the overview's KPI cards), the change on the year before, the target status. `targets`:
    those of the committed file that apply to the snapshot (demo or real) unless given."""
    if targets is None:
        targets = for_snapshot(committed_targets(), inputs.snapshot.is_demo)
    lang, year = inputs.lang, inputs.year
    out = []
    for row in headlines(inputs):
        value = row.last if row.is_stock else row.period_value
        change = row.change_pct
        color = FLAT if change is None or round(change, 1) == 0 else (UP if change > 0 else DOWN)
        if row.part_year:  # a flow of an unfinished year: no change on the whole year before
            change_text = inputs.t("documents.card.part_year", date=fmt_date(inputs.part_until, lang))
        else:
            change_text = "–" if change is None else inputs.t("documents.card.change", change=row.change_text(lang),
                                                               year=year - 1)
        status, target = target_status(inputs, row.code, targets)
        date = fmt_date(inputs.part_until, lang) if inputs.part_until else ""
        out.append(Tile(inputs.t(f"documents.card_label.{row.code}"), row.text(value, lang), change_text, color,
                        inputs.t(f"documents.card.target_{status}", year=year, target=target, date=date)))
    return out


def _figure(inputs: SlideInputs, targets: tuple[Target, ...] | None) -> Figure:
    fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, facecolor="white")
    lang = inputs.lang
    fig.text(0.05, 0.965, inputs.t("documents.card.title"), fontsize=20, fontweight="bold", color=INK, va="top")
    scope = filter_lines(inputs.filters, lang)
    fig.text(0.05, 0.925, textwrap.fill(" · ".join(scope[:2]), 62), fontsize=12, color=INK, va="top")
    top = 0.875
    if inputs.snapshot.is_demo:
        fig.text(0.5, top, inputs.t("deck.demo_badge") + " — " + inputs.t("documents.card.demo_short"),
                 fontsize=13, fontweight="bold", color="white", ha="center", va="top",
                 bbox=dict(boxstyle="round,pad=0.35", facecolor=DEMO_RED, edgecolor="none"))
        top -= 0.045
    cells = tiles(inputs, targets)
    if not cells:
        fig.text(0.5, 0.6, inputs.t("deck.no_data"), fontsize=16, ha="center", color=INK)
    tile_h, gap = 0.128, 0.008
    for i, tile in enumerate(cells):
        col, row = i % 2, i // 2
        x, y = 0.04 + col * 0.465, top - (row + 1) * tile_h - row * gap
        fig.patches.append(FancyBboxPatch((x, y), 0.455, tile_h, boxstyle="round,pad=0,rounding_size=0.012",
                                          transform=fig.transFigure, facecolor="#F2F5F9", edgecolor="#D5DCE5"))
        fig.text(x + 0.02, y + tile_h - 0.012, tile.label, fontsize=12, color=INK, va="top")
        fig.text(x + 0.02, y + 0.052, tile.value, fontsize=21, fontweight="bold", color=INK, va="bottom")
        fig.text(x + 0.02, y + 0.030, tile.change, fontsize=12, color=tile.change_color, va="bottom")
        fig.text(x + 0.02, y + 0.008, tile.target, fontsize=12, color=FLAT, va="bottom")
    trend = members_slide(inputs)
    bottom_of_tiles = top - 4 * tile_h - 3 * gap
    if trend.charts:
        ax = fig.add_axes((0.12, 0.115, 0.84, bottom_of_tiles - 0.17))
        draw(ax, trend.charts[0], lang, font_size=12, legend=False)
        ax.set_xlabel("")
        ax.set_ylabel("")  # the title above says what and in which unit
        fig.text(0.05, bottom_of_tiles - 0.015, trend.title, fontsize=13, fontweight="bold", color=INK, va="top")
        labels = ax.get_xticklabels()
        if len(labels) > 6:  # every other year, so the years stay readable
            for k, label in enumerate(labels):
                label.set_visible(k % 2 == (len(labels) - 1) % 2)
    fig.text(0.05, 0.015, textwrap.fill(inputs.footer(), 72), fontsize=12, color=FLAT, va="bottom",
             linespacing=1.1)
    return fig


def _save(fig: Figure, fmt: str) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format=fmt, dpi=DPI, metadata={"Title": "massorg card"} if fmt == "pdf" else None)
    return out.getvalue()


def card_png(inputs: SlideInputs, targets: tuple[Target, ...] | None = None) -> bytes:
    with matplotlib.rc_context({"font.family": FONT}):
        return _save(_figure(inputs, targets), "png")


def card_pdf(inputs: SlideInputs, targets: tuple[Target, ...] | None = None) -> bytes:
    """One PDF page of the card's size, fonts embedded as TrueType (text can be copied)."""
    with matplotlib.rc_context({"font.family": FONT, "pdf.fonttype": 42}):
        return _save(_figure(inputs, targets), "pdf")


def card_file_name(inputs: SlideInputs, suffix: str) -> str:
    """'the-tom-tat-hoi-quan-chung_2014-2024_<snapshot>.png'."""
    title = t("documents.card.file_title", inputs.lang)
    return f"{file_stem(title, inputs.filters.year_from, inputs.filters.year_to, inputs.snapshot.id)}{suffix}"
