"""The A4 report: the Word file opens and holds the administrative header, the headline table with
figures equal to independent sums of the snapshot's tables, the charts, the demo notice and the
signature block; the PDF is A4 with the expected pages and its fonts embedded; the command and the
Presentation page's downloads."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from docx import Document

from massorg.__main__ import main
from massorg.data.queries import Filters
from massorg.export.report import docx_to_pdf, report_docx
from massorg.export.slides import CHART_SLIDES, slide_inputs
from massorg.numbers import fmt_int, fmt_money, fmt_signed_pct
from tests.tools_support import required_tool

PAGE = "pages/presentation.py"


@pytest.fixture(scope="module")
def report_vi(demo_snapshot):
    return report_docx(slide_inputs(demo_snapshot, Filters(), "vi"))


def _texts(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _headline_rows(document) -> dict[str, list[str]]:
    table = next(t for t in document.tables if t.rows[0].cells[1].text in ("Chỉ tiêu", "Indicator"))
    return {row.cells[1].text: [c.text for c in row.cells] for row in table.rows[1:]}


def test_the_header_follows_decree_30(report_vi, demo_snapshot):
    document = Document(io.BytesIO(report_vi))
    header = document.tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs][:2] == ["UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ"]
    assert [p.text for p in header.cell(0, 1).paragraphs][:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                                                  "Độc lập - Tự do - Hạnh phúc"]
    assert header.cell(1, 0).text.startswith("Số:") and header.cell(1, 0).text.endswith("/BC-SNV")
    assert re.fullmatch(r"Lâm Đồng, ngày \d\d tháng \d\d năm \d{4}", header.cell(1, 1).text)
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert "Tình hình hoạt động của các hội quần chúng tỉnh Lâm Đồng, giai đoạn 2014–2024" in texts
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml  # the page number field


def test_the_headline_table_equals_independent_sums(report_vi, demo_snapshot):
    rows = _headline_rows(Document(io.BytesIO(report_vi)))
    members = demo_snapshot.read("membership").groupby("year")["members"].sum()
    assert rows["Số hội viên (cuối năm)"][2:] == [
        "người", fmt_int(members[2023], "vi"), fmt_int(members[2024], "vi"),
        fmt_signed_pct((members[2024] - members[2023]) / members[2023] * 100, "vi"), "–"]
    funding = demo_snapshot.read("funding")
    budget = funding[funding["source"] == "state_budget"].groupby("year")["amount_vnd"].sum()
    assert rows["Kinh phí ngân sách nhà nước"][3:] == [
        fmt_money(budget[2023], "vi"), fmt_money(budget[2024], "vi"),
        fmt_signed_pct((budget[2024] - budget[2023]) / budget[2023] * 100, "vi"),
        fmt_money(budget.loc[2014:2024].sum(), "vi")]
    meetings = demo_snapshot.read("consultations")
    assert rows["Cuộc tư vấn, phản biện xã hội"][6] == fmt_int(len(meetings), "vi")
    legal = demo_snapshot.read("legal_aid")
    assert rows["Chương trình, vụ việc trợ giúp pháp lý, hòa giải"][6] == fmt_int(legal["cases"].sum(), "vi")
    assert list(rows) == ["Số hội quần chúng (cuối năm)", "Số hội viên (cuối năm)", "Kinh phí ngân sách nhà nước",
                          "Kinh phí vận động xã hội hóa", "Cuộc tư vấn, phản biện xã hội",
                          "Tỷ lệ ý kiến được tiếp thu", "Chương trình, vụ việc trợ giúp pháp lý, hòa giải",
                          "Giá trị an sinh xã hội, từ thiện"]
    assert rows["Số hội quần chúng (cuối năm)"][4] == "672"  # the article's figure


def test_sections_hold_the_decks_takeaways_charts_demo_notice_and_signature(report_vi, demo_snapshot):
    document = Document(io.BytesIO(report_vi))
    text = _texts(document)
    inputs = slide_inputs(demo_snapshot, Filters(), "vi")
    for spec in CHART_SLIDES:
        slide = spec.build(inputs)
        assert slide.takeaway in text and slide.title in text
    assert len(document.inline_shapes) == sum(len(spec.build(inputs).charts) for spec in CHART_SLIDES) == 9
    assert text.count("DỮ LIỆU MẪU — không phải số liệu thật") == 2
    assert "Nơi nhận:" in text and "THỦ TRƯỞNG CƠ QUAN" in text and "(Ký, ghi rõ họ tên, đóng dấu)" in text
    assert "Nguồn: bản dữ liệu demo-2024-12-31, tính đến 31/12/2024." in text
    for word in ("record_id", "meeting_id", "beneficiaries"):  # aggregates only
        assert word not in text


def test_filters_and_english_reach_the_report(demo_snapshot):
    filters = Filters(2020, 2022, unit_codes=("678",))
    document = Document(io.BytesIO(report_docx(slide_inputs(demo_snapshot, filters, "en"))))
    texts = [p.text for p in document.paragraphs]
    assert "REPORT" in texts and "Activities of the mass associations of Lâm Đồng province, 2020–2022" in texts
    assert "- Area: Duc Trong" in texts
    associations = demo_snapshot.read("associations")
    ids = set(associations.loc[associations["unit_code"] == "678", "association_id"])
    membership = demo_snapshot.read("membership")
    members = membership[membership["association_id"].isin(ids)].groupby("year")["members"].sum()
    row = _headline_rows(document)["Members (year end)"]
    assert row[3:5] == [fmt_int(members[2021], "en"), fmt_int(members[2022], "en")]


def test_the_pdf_is_a4_with_its_fonts_embedded(report_vi, tmp_path):
    required_tool("soffice")
    pdf = tmp_path / "bao-cao.pdf"
    pdf.write_bytes(docx_to_pdf(report_vi))
    info = subprocess.run([required_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
    assert int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)) == 6
    fonts = subprocess.run([required_tool("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(re.search(r"\byes\s+yes\s+yes\b", row) for row in rows), fonts  # emb, sub, uni
    assert any("LiberationSerif" in row for row in rows), fonts
    text = subprocess.run([required_tool("pdftotext"), "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "DỮ LIỆU MẪU" in text


def test_the_report_command_writes_docx_and_refuses_a_bad_name(demo_snapshots, tmp_path, capsys):
    out = tmp_path / "bao-cao.docx"
    assert main(["report", "--out", str(out), "--lang", "en", "--years", "2024"]) == 0
    assert capsys.readouterr().out.strip() == f"Wrote {out} (en, demo-2024-12-31, 2024)."
    assert "REPORT" in [p.text for p in Document(str(out)).paragraphs]
    assert main(["report", "--out", str(tmp_path / "bao-cao.txt"), "--lang", "en"]) == 2
    assert "The output must end in .docx, .pdf and sit in an existing folder" in capsys.readouterr().err


def test_the_presentation_page_offers_the_report(app):
    at = app(PAGE)
    at.toggle(key="presentation_mode").set_value(False).run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Tải báo cáo Word (A4)" in labels and "Tải báo cáo PDF (A4)" in labels
