"""The PowerPoint committee pack: 16:9, a title slide, a KPI slide, one slide per key chart.

Charts are native PowerPoint charts (their data embedded in a workbook inside the file), so staff can
restyle and edit them; every slide has its takeaway, a footer with source, snapshot and filters, the
demo badge when the data is a demo, and speaker notes with the exact figures. Text is set in Arial,
which carries Vietnamese on every office PC. The slides themselves come from massorg.export.slides.
"""

from __future__ import annotations

import io
import re

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Inches, Pt

from massorg.export import slides as sl
from massorg.export.names import file_stem
from massorg.i18n import t
from massorg.numbers import fmt_date, fmt_dec

FONT = "Arial"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
TITLE_TOP, TITLE_HEIGHT = Inches(0.35), Inches(0.8)
INK, MUTED, ACCENT, DEMO_RED = RGBColor(0x22, 0x22, 0x22), RGBColor(0x55, 0x55, 0x55), RGBColor(0x00, 0x4C, 0x8C), \
    RGBColor(0xC0, 0x00, 0x00)
CHART_TYPES = {
    "column_stacked": XL_CHART_TYPE.COLUMN_STACKED,
    "column_clustered": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "bar_stacked": XL_CHART_TYPE.BAR_STACKED,
    "bar_clustered": XL_CHART_TYPE.BAR_CLUSTERED,
}
CHART_SHARES = {0: (), 1: (1.0,), 2: (0.58, 0.42)}  # a slide's width split between its charts
_TITLE_ONLY = 5  # layout of python-pptx's default template: a title placeholder, nothing else


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _style(run, size: int, *, bold: bool = False, colour: RGBColor = INK) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = colour


def _text(slide, left, top, width, height, lines: list[tuple[str, int, bool, RGBColor]], *,
          align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP):
    """A text box of paragraphs (text, size, bold, colour), wrapped, not auto-sized."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for i, (text, size, bold, colour) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = text
        _style(run, size, bold=bold, colour=colour)
    return box


def _title(slide, text: str, size: int = 28, top=TITLE_TOP, height=TITLE_HEIGHT, width=None) -> None:
    """The layout's title placeholder, moved to fit 16:9 (so outlines and screen readers see the title)."""
    shape = slide.shapes.title
    shape.left, shape.top, shape.height = MARGIN, top, height
    shape.width = width or WIDTH - 2 * MARGIN
    size = size if len(text) <= 48 else size - 4  # a long title stays on one line
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    run = paragraph.add_run()
    run.text = text
    _style(run, size, bold=True, colour=ACCENT)


def _frame(slide, inputs: sl.SlideInputs, number: int, total: int) -> None:
    """Footer (source, snapshot, filters), slide number, and the demo badge when it applies."""
    _text(slide, MARGIN, HEIGHT - Inches(0.62), WIDTH - 2 * MARGIN - Inches(1.0), Inches(0.5),
          [(inputs.footer(), 10, False, MUTED)], anchor=MSO_ANCHOR.BOTTOM)
    _text(slide, WIDTH - MARGIN - Inches(1.0), HEIGHT - Inches(0.62), Inches(1.0), Inches(0.5),
          [(f"{number}/{total}", 11, False, MUTED)], align=PP_ALIGN.RIGHT, anchor=MSO_ANCHOR.BOTTOM)
    if inputs.snapshot.is_demo:
        _text(slide, WIDTH - MARGIN - Inches(3.0), Inches(0.05), Inches(3.0), Inches(0.35),
              [(t("deck.demo_badge", inputs.lang), 13, True, DEMO_RED)], align=PP_ALIGN.RIGHT,
              anchor=MSO_ANCHOR.MIDDLE)


def _notes(slide, lines: tuple[str, ...], inputs: sl.SlideInputs) -> None:
    source = t("deck.notes_source", inputs.lang, snapshot=inputs.snapshot.id,
               as_of=fmt_date(inputs.snapshot.as_of, inputs.lang))
    frame = slide.notes_slide.notes_text_frame
    frame.text = "\n".join([*lines, source])
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.name = FONT


def _chart(slide, chart: sl.Chart, left, top, width, height, lang: str) -> None:
    # PowerPoint draws a bar chart's first category at the bottom: give them bottom-up, so the slide
    # reads top-down like the list (reversing the axis instead moves the value axis to the top).
    order = slice(None, None, -1) if chart.kind.startswith("bar_") else slice(None)
    data = CategoryChartData(number_format=chart.number_format)
    data.categories = list(chart.categories)[order]
    for series in chart.series:
        data.add_series(series.name, list(series.values)[order], number_format=chart.number_format)
    graphic = slide.shapes.add_chart(CHART_TYPES[chart.kind], left, top, width, height, data)
    c = graphic.chart
    c.font.name = FONT
    c.font.size = Pt(14)
    c.font.color.rgb = INK
    if chart.title:
        c.has_title = True
        c.chart_title.text_frame.text = chart.title
        _style(c.chart_title.text_frame.paragraphs[0].runs[0], 16, bold=True)
    else:
        c.has_title = False
    c.has_legend = len(chart.series) > 1
    if c.has_legend:
        c.legend.position = XL_LEGEND_POSITION.BOTTOM
        c.legend.include_in_layout = False
        c.legend.font.size = Pt(13)
    _axes(c, chart)
    _series_look(c, chart, lang)
    if chart.kind.startswith("bar_"):
        _plot_area_for_long_labels(c)


def _axes(c, chart: sl.Chart) -> None:
    value_axis = c.value_axis
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = RGBColor(0xDD, 0xDD, 0xDD)
    value_axis.tick_labels.number_format = _tick_format(chart)
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.tick_labels.font.size = Pt(13)
    value_axis.has_title = True
    value_axis.axis_title.text_frame.text = chart.value_title
    _style(value_axis.axis_title.text_frame.paragraphs[0].runs[0], 13, colour=MUTED)
    value_axis.minimum_scale = 0
    if chart.counts and chart.peak() < 10:
        value_axis.major_unit = 1  # whole meetings and cases on the axis, never 0.5
    category_axis = c.category_axis
    category_axis.tick_labels.font.size = Pt(12 if chart.kind.startswith("bar_") else 13)
    _label_every_category(category_axis)
    category_axis.format.line.color.rgb = RGBColor(0x99, 0x99, 0x99)
    if chart.category_title:
        category_axis.has_title = True
        category_axis.axis_title.text_frame.text = chart.category_title
        _style(category_axis.axis_title.text_frame.paragraphs[0].runs[0], 13, colour=MUTED)


def _tick_format(chart: sl.Chart) -> str:
    """Axis ticks in whole numbers without a thousands mark (1200, not 180.0 or 1,200: PowerPoint
    writes the mark of the presenting computer's locale, and '1,200' reads as 1,2 in Vietnamese),
    unless the values are small (0.3 ... 1.6): those decimals follow the computer's settings, a
    limit of PowerPoint stated in the README."""
    if chart.peak() >= 10:
        return re.sub(r"#,##", "", re.sub(r"\.0+", "", chart.number_format))
    return chart.number_format


def _label_every_category(category_axis) -> None:
    """<c:tickLblSkip val="1"/>: name every category (renderers otherwise drop every other long label).
    The schema wants it just before <c:noMultiLvlLbl>, which python-pptx always writes."""
    axis = category_axis._element
    skip = axis.find(qn("c:tickLblSkip"))
    if skip is None:
        skip = OxmlElement("c:tickLblSkip")
        axis.find(qn("c:noMultiLvlLbl")).addprevious(skip)
    skip.set("val", "1")


def _plot_area_for_long_labels(c) -> None:
    """A horizontal bar chart's names need room: place the plot area (inner: the bars) so that the
    left third holds the category names on one line, instead of letting renderers wrap and drop them."""
    layout = c._chartSpace.chart.plotArea.find(qn("c:layout"))
    if layout is None:
        layout = OxmlElement("c:layout")
        c._chartSpace.chart.plotArea.insert(0, layout)
    for child in list(layout):
        layout.remove(child)
    manual = OxmlElement("c:manualLayout")
    for tag, val in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge"), ("x", "0.34"), ("y", "0.03"),
                     ("w", "0.62"), ("h", "0.72")):
        element = OxmlElement(f"c:{tag}")
        element.set("val", val)
        manual.append(element)
    layout.append(manual)


def _series_look(c, chart: sl.Chart, lang: str) -> None:
    plot = c.plots[0]
    if chart.kind != "line":
        plot.gap_width = 60
        if chart.kind.endswith("stacked"):
            plot.overlap = 100
    for series, spec in zip(plot.series, chart.series):
        if spec.color is None:
            continue
        if chart.kind == "line":
            series.format.line.color.rgb = _rgb(spec.color)
            series.format.line.width = Pt(3)
            series.smooth = False
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = _rgb(spec.color)
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = _rgb(spec.color)
    if chart.data_labels:
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = chart.number_format
        labels.number_format_is_linked = False
        labels.font.size = Pt(13)
        labels.position = XL_LABEL_POSITION.ABOVE if chart.kind == "line" else XL_LABEL_POSITION.OUTSIDE_END
        _fixed_label_texts(plot, chart, lang)


def _fixed_label_texts(plot, chart: sl.Chart, lang: str) -> None:
    """Each data label written as text in the deck's language ('314,1'), not as a number format:
    PowerPoint shows number formats with the presenting computer's separators ('314.1' on an
    English-locale laptop beside the text '314,1 tỷ đồng'). The values stay numbers in the chart's
    data, so the chart remains editable; an edited value needs its label retyped."""
    digits = len(re.search(r"\.(0*)", chart.number_format).group(1)) if "." in chart.number_format else 0
    suffix = "%" if "%" in chart.number_format else ""
    for series, spec in zip(plot.series, chart.series):
        values = list(spec.values)[::-1] if chart.kind.startswith("bar_") else list(spec.values)
        for point, value in enumerate(values):
            if value is None:
                continue
            label = series.points[point].data_label
            label.text_frame.text = fmt_dec(value, lang, digits) + suffix
            run = label.text_frame.paragraphs[0].runs[0]
            run.font.size, run.font.name = Pt(13), FONT
            label.position = XL_LABEL_POSITION.ABOVE if chart.kind == "line" else XL_LABEL_POSITION.OUTSIDE_END


def _title_slide(prs, slide_def: sl.TitleSlide, inputs: sl.SlideInputs, number: int, total: int) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[_TITLE_ONLY])
    _title(slide, slide_def.title, 36, top=Inches(1.3), height=Inches(1.1), width=WIDTH - 2 * MARGIN)
    lines = [(slide_def.subtitle, 26, False, INK), ("", 12, False, INK)]
    lines += [(line, 18, False, MUTED) for line in slide_def.filter_lines]
    lines += [("", 12, False, INK), (slide_def.snapshot_line, 16, False, MUTED), (slide_def.date_line, 16, False, MUTED)]
    _text(slide, MARGIN, Inches(2.5), WIDTH - 2 * MARGIN, Inches(3.4), lines)
    if slide_def.demo_notice:
        _text(slide, MARGIN, Inches(5.95), WIDTH - 2 * MARGIN, Inches(0.7), [(slide_def.demo_notice, 14, True, DEMO_RED)])
    _frame(slide, inputs, number, total)
    _notes(slide, slide_def.notes, inputs)


def _kpi_slide(prs, slide_def: sl.KpiSlide, inputs: sl.SlideInputs, number: int, total: int) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[_TITLE_ONLY])
    _title(slide, slide_def.title)
    if not slide_def.cards:
        _text(slide, MARGIN, Inches(1.6), WIDTH - 2 * MARGIN, Inches(1), [(t("deck.no_data", inputs.lang), 24, False, INK)])
    columns, gap = 4, Inches(0.25)
    card_w = Emu(int((WIDTH - 2 * MARGIN - gap * (columns - 1)) / columns))
    card_h = Inches(2.3)
    for i, card in enumerate(slide_def.cards):
        left = MARGIN + (card_w + gap) * (i % columns)
        top = Inches(1.5) + (card_h + gap) * (i // columns)
        box = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, card_w, card_h)
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor(0xF2, 0xF6, 0xFA)
        box.line.color.rgb = RGBColor(0xC8, 0xD6, 0xE5)
        box.shadow.inherit = False
        lines = [(card.label, 15, False, MUTED), (card.number, 30, True, ACCENT)]
        if card.unit:
            lines.append((card.unit, 16, True, ACCENT))
        if card.delta:
            lines.append((card.delta, 14, False, MUTED))
        _text(slide, left + Inches(0.15), top + Inches(0.1), card_w - Inches(0.3), card_h - Inches(0.2), lines)
    _frame(slide, inputs, number, total)
    _notes(slide, slide_def.notes, inputs)


def _chart_slide(prs, slide_def: sl.ChartSlide, inputs: sl.SlideInputs, number: int, total: int) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[_TITLE_ONLY])
    _title(slide, slide_def.title)
    _text(slide, MARGIN, Inches(1.15), WIDTH - 2 * MARGIN, Inches(1.05), [(slide_def.takeaway, 20, False, INK)])
    top, height = Inches(2.3), HEIGHT - Inches(2.3) - Inches(0.75)
    gap = Inches(0.3)
    left = MARGIN
    for chart, share in zip(slide_def.charts, CHART_SHARES[len(slide_def.charts)]):
        width = Emu(int((WIDTH - 2 * MARGIN - gap * (len(slide_def.charts) - 1)) * share))
        _chart(slide, chart, left, top, width, height, inputs.lang)
        left += width + gap
    _frame(slide, inputs, number, total)
    _notes(slide, (slide_def.takeaway, *slide_def.notes), inputs)


CORE_PROPERTY_CHARS = 255  # python-pptx refuses longer document properties (title, subject)


def _property_text(text: str) -> str:
    """A document property that fits: a long filter line is cut at a word and ends with '…'."""
    if len(text) <= CORE_PROPERTY_CHARS:
        return text
    return text[: CORE_PROPERTY_CHARS - 1].rsplit(" ", 1)[0] + "…"


def deck_bytes(inputs: sl.SlideInputs) -> bytes:
    """The whole pack as .pptx bytes."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    prs.core_properties.title = _property_text(t("deck.title_slide.subtitle", inputs.lang, period=inputs.period))
    prs.core_properties.subject = _property_text(inputs.footer())  # the full filters are on the title slide
    prs.core_properties.language = "vi-VN" if inputs.lang == "vi" else "en-GB"
    defs = sl.build_slides(inputs)
    for number, slide_def in enumerate(defs, start=1):
        if isinstance(slide_def, sl.TitleSlide):
            _title_slide(prs, slide_def, inputs, number, len(defs))
        elif isinstance(slide_def, sl.KpiSlide):
            _kpi_slide(prs, slide_def, inputs, number, len(defs))
        else:
            _chart_slide(prs, slide_def, inputs, number, len(defs))
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def deck_file_name(inputs: sl.SlideInputs) -> str:
    """'trinh-chieu-hoi-quan-chung_2014-2024_<snapshot>.pptx'."""
    title = t("deck.file_title", inputs.lang)
    return f"{file_stem(title, inputs.filters.year_from, inputs.filters.year_to, inputs.snapshot.id)}.pptx"
