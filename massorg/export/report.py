"""The A4 report for meeting folders (eCabinet, iOffice): a Word document in the layout of Vietnamese
administrative documents (Nghị định 30/2020/NĐ-CP, Phụ lục I), and the same as PDF.

Layout: agency name (left) and national motto (right) over the number/symbol line and the place and
date; the title; sections whose paragraphs are the deck's computed takeaways (massorg.export.slides)
in the chosen language; the headline table (massorg.export.headline) with the previous year and the
change; the deck's charts as pictures; source and demo notice; a signature block left to fill.
Times New Roman 13 pt, A4 portrait, margins 20/20/30/15 mm, page number at the top centre from the
second page. Everything is an aggregate: no person's row appears.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from massorg.export.chart_images import chart_png
from massorg.export.filters import filter_lines
from massorg.export.headline import headlines
from massorg.export.names import file_stem
from massorg.export.slides import CHART_SLIDES, SlideInputs
from massorg.i18n import t
from massorg.numbers import fmt_date

FONT = "Times New Roman"  # the decree's font; LibreOffice uses the metric-equal Liberation Serif
BODY_PT, HEADER_PT = 13, 13
DEMO_RED = RGBColor(0xB0, 0x00, 0x20)
CHART_WIDTH_CM, CHART_HEIGHT_CM = 16.0, 7.5  # the text width (210 − 30 − 15 mm) less a little
PDF_TIMEOUT_S = 180
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIME = "application/pdf"


class ConversionError(Exception):
    """The PDF could not be made; the message says why and what to do."""


# ---------------------------------------------------------------- small helpers


def _run(paragraph, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
         underline: bool = False, color: RGBColor | None = None):
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color
    return run


def _paragraph(container, text: str = "", *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, bold: bool = False,
               italic: bool = False, size: float | None = None, indent: bool = False, after: float = 6,
               color: RGBColor | None = None):
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(0)
    if indent:
        p.paragraph_format.first_line_indent = Cm(1)
    if text:
        _run(p, text, bold=bold, italic=italic, size=size, color=color)
    return p


def _page_field(paragraph) -> None:
    """A PAGE field: Word and LibreOffice write the page's number there."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _widths(table, widths) -> None:
    """Fixed column widths (Word reads the cells', LibreOffice the grid's)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def _keep_rows_whole(table) -> None:
    for row in table.rows:
        properties = row._tr.get_or_add_trPr()
        element = OxmlElement("w:cantSplit")
        properties.append(element)


def _setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.different_first_page_header_footer = True  # the decree: no number on the first page
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(header)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


# ---------------------------------------------------------------- the parts of the document


def _heading_block(document, inputs: SlideInputs, agency: str | None, parent_agency: str | None) -> None:
    """Agency and motto side by side, then number/symbol and place and date (Phụ lục I, ô 1–4)."""
    table = document.add_table(rows=2, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, (Cm(6.0), Cm(10.5)))
    left, right = table.cell(0, 0), table.cell(0, 1)
    top = left.paragraphs[0]
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(top, parent_agency or inputs.t("documents.report.parent_agency"), size=12)
    p = _paragraph(left, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _run(p, agency or inputs.t("documents.report.agency"), bold=True, size=12)
    _paragraph(left, "―――――", align=WD_ALIGN_PARAGRAPH.CENTER, size=8, after=0)
    motto = right.paragraphs[0]
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(motto, inputs.t("documents.report.country"), bold=True, size=12)
    _paragraph(right, inputs.t("documents.report.motto"), align=WD_ALIGN_PARAGRAPH.CENTER, bold=True,
               size=HEADER_PT, after=0)
    _paragraph(right, "――――――――――――", align=WD_ALIGN_PARAGRAPH.CENTER, size=8, after=0)
    number = table.cell(1, 0).paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(number, inputs.t("documents.report.number"), size=HEADER_PT)
    place = table.cell(1, 1).paragraphs[0]
    place.alignment = WD_ALIGN_PARAGRAPH.CENTER
    made = inputs.made_on
    _run(place, inputs.t("documents.report.place_date", day=f"{made.day:02d}", month=f"{made.month:02d}",
                         year=made.year), italic=True, size=HEADER_PT)


def _title(document, inputs: SlideInputs) -> None:
    _paragraph(document, "", after=6)
    _paragraph(document, inputs.t("documents.report.kind"), align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=14,
               after=0)
    _paragraph(document, inputs.t("documents.report.title", period=inputs.period), align=WD_ALIGN_PARAGRAPH.CENTER,
               bold=True, size=14, after=0)
    _paragraph(document, "――――――", align=WD_ALIGN_PARAGRAPH.CENTER, size=8, after=12)


def _demo_notice(document, inputs: SlideInputs) -> None:
    if inputs.snapshot.is_demo:
        _paragraph(document, inputs.t("app.demo_notice"), align=WD_ALIGN_PARAGRAPH.CENTER, bold=True,
                   color=DEMO_RED, after=12)


def _scope(document, inputs: SlideInputs) -> None:
    _paragraph(document, inputs.t("documents.report.scope_heading"), bold=True)
    _paragraph(document, inputs.t("documents.report.scope_intro", snapshot=inputs.snapshot.id,
                                  as_of=fmt_date(inputs.snapshot.as_of, inputs.lang)), indent=True)
    for line in filter_lines(inputs.filters, inputs.lang):
        _paragraph(document, f"- {line}", indent=True, after=2)


def _headline_table(document, inputs: SlideInputs) -> None:
    _paragraph(document, inputs.t("documents.report.headline_heading", period=inputs.period), bold=True,
               after=6).paragraph_format.space_before = Pt(6)
    rows = headlines(inputs)
    if not rows:
        _paragraph(document, inputs.t("deck.no_data"), indent=True)
        return
    lang, year = inputs.lang, inputs.year
    columns = (inputs.t("documents.report.col_no"), inputs.t("documents.report.col_indicator"),
               inputs.t("documents.report.col_unit"), str(year - 1), str(year),
               inputs.t("documents.report.col_change"), inputs.t("documents.report.col_period", period=inputs.period))
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, columns):
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, text, bold=True, size=11)
    for number, row in enumerate(rows, start=1):
        period_text = "–" if row.is_stock else row.text(row.period_value, lang)
        texts = (str(number), row.label(lang), row.unit(lang), row.text(row.previous, lang),
                 row.text(row.last, lang), row.change_text(lang), period_text)
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, texts)):
            p = cell.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT if i == 1 else (
                WD_ALIGN_PARAGRAPH.CENTER if i in (0, 2) else WD_ALIGN_PARAGRAPH.RIGHT)
            _run(p, text, size=11)
    _widths(table, (Cm(0.9), Cm(5.1), Cm(1.8), Cm(2.3), Cm(2.3), Cm(1.7), Cm(2.4)))
    _keep_rows_whole(table)
    note = inputs.t("documents.report.headline_note", year=year, prev=year - 1)
    if inputs.part_until:  # the flows of an unfinished year have no change (half a year is no fall of half)
        note += " " + inputs.t("documents.report.part_year_note", year=year, prev=year - 1,
                               date=fmt_date(inputs.part_until, lang))
    _paragraph(document, note, italic=True, size=11, after=6)


def _findings(document, inputs: SlideInputs) -> None:
    heading = _paragraph(document, inputs.t("documents.report.findings_heading"), bold=True)
    heading.paragraph_format.space_before = Pt(6)
    heading.paragraph_format.keep_with_next = True
    for number, spec in enumerate(CHART_SLIDES, start=1):
        slide = spec.build(inputs)
        _paragraph(document, f"{number}. {slide.title}", bold=True, after=3).paragraph_format.keep_with_next = True
        text = _paragraph(document, slide.takeaway, indent=True)
        text.paragraph_format.keep_with_next = bool(slide.charts)
        for chart in slide.charts:
            picture = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
            picture.paragraph_format.keep_together = True
            height = CHART_HEIGHT_CM if len(slide.charts) == 1 else CHART_HEIGHT_CM * 0.8
            picture.add_run().add_picture(io.BytesIO(chart_png(chart, inputs.lang, CHART_WIDTH_CM, height)),
                                          width=Cm(CHART_WIDTH_CM))


def _source(document, inputs: SlideInputs) -> None:
    paragraphs = [_paragraph(document, inputs.t("documents.report.source_heading"), bold=True),
                  _paragraph(document, inputs.footer(), indent=True)]
    if inputs.snapshot.is_demo:
        paragraphs.append(_paragraph(document, inputs.t("app.demo_notice"), indent=True, bold=True, color=DEMO_RED))
    paragraphs[0].paragraph_format.space_before = Pt(6)
    for paragraph in paragraphs:  # the source stays on the page of the signature
        paragraph.paragraph_format.keep_with_next = True


def _signature(document, inputs: SlideInputs) -> None:
    """Recipients on the left, the signer's title and a space to sign on the right (ô 8–9)."""
    _paragraph(document, "", after=6).paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, (Cm(8.0), Cm(8.5)))
    _keep_rows_whole(table)
    left, right = table.rows[0].cells
    p = left.paragraphs[0]
    _run(p, inputs.t("documents.report.recipients"), bold=True, italic=True, size=12)
    for line in inputs.t("documents.report.recipients_list").split("\n"):
        _paragraph(left, line, align=WD_ALIGN_PARAGRAPH.LEFT, size=11, after=0)
    p = right.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, inputs.t("documents.report.signer_title"), bold=True, size=HEADER_PT)
    _paragraph(right, inputs.t("documents.report.signer_hint"), align=WD_ALIGN_PARAGRAPH.CENTER, italic=True,
               size=12, after=60)
    _paragraph(right, inputs.t("documents.report.signer_name"), align=WD_ALIGN_PARAGRAPH.CENTER, size=HEADER_PT)


# ---------------------------------------------------------------- the files


def report_docx(inputs: SlideInputs, *, agency: str | None = None, parent_agency: str | None = None) -> bytes:
    """The report as .docx bytes."""
    document = Document()
    _setup(document)
    document.core_properties.title = inputs.t("documents.report.title", period=inputs.period)
    document.core_properties.language = inputs.lang
    _heading_block(document, inputs, agency, parent_agency)
    _title(document, inputs)
    _demo_notice(document, inputs)
    _paragraph(document, inputs.t("documents.report.intro", period=inputs.period), indent=True)
    _scope(document, inputs)
    _headline_table(document, inputs)
    _findings(document, inputs)
    _source(document, inputs)
    _signature(document, inputs)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes, lang: str = "vi") -> bytes:
    """Convert with LibreOffice headless (its own throw-away profile, so runs in parallel do not clash).
    LibreOffice embeds the fonts it uses, so the PDF shows every Vietnamese letter on any reader."""
    soffice = soffice_path()
    if soffice is None:
        raise ConversionError(t("documents.report.no_soffice", lang))
    with tempfile.TemporaryDirectory(prefix="massorg-report-") as tmp:
        folder = Path(tmp)
        source = folder / "bao-cao.docx"
        source.write_bytes(docx)
        try:
            result = subprocess.run(
                [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                 "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(folder), str(source)],
                capture_output=True, text=True, timeout=PDF_TIMEOUT_S,
            )
        except subprocess.TimeoutExpired as exc:
            raise ConversionError(t("documents.report.pdf_failed", lang, detail=f"timeout {PDF_TIMEOUT_S} s")) from exc
        target = folder / "bao-cao.pdf"
        if result.returncode != 0 or not target.exists():
            detail = (result.stderr or result.stdout).strip()[-300:] or f"exit {result.returncode}"
            raise ConversionError(t("documents.report.pdf_failed", lang, detail=detail))
        return target.read_bytes()


def report_pdf(inputs: SlideInputs, **kwargs: str | None) -> bytes:
    return docx_to_pdf(report_docx(inputs, **kwargs), inputs.lang)


def report_file_name(inputs: SlideInputs, suffix: str) -> str:
    """'bao-cao-hoi-quan-chung_2014-2024_<snapshot>.docx'."""
    title = t("documents.report.file_title", inputs.lang)
    return f"{file_stem(title, inputs.filters.year_from, inputs.filters.year_to, inputs.snapshot.id)}{suffix}"
