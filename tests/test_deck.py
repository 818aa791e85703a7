"""The PowerPoint committee pack: 16:9, the expected slides, native charts whose data are the query
results, takeaways whose numbers are the data's, notes with exact figures, Arial, the demo notice,
LibreOffice converts it to one PDF page per slide, and the `deck` command."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess

import pandas as pd
import pytest
from pptx import Presentation
from pptx.util import Inches

from massorg.__main__ import main
from massorg.data.queries import Filters, run
from massorg.export import slides as sl
from massorg.export.deck import deck_bytes, deck_file_name
from massorg.labels import code_label, type_name
from massorg.numbers import fmt_int, fmt_money, fmt_pct
from tests.tools_support import required_tool

MADE_ON = dt.date(2025, 3, 7)
TITLES_VI = [
    "Hội quần chúng tỉnh Lâm Đồng", "Các chỉ số chính, 2014–2024", "Kinh phí của các hội theo nguồn, 2014–2024",
    "Ngân sách nhà nước hỗ trợ các hội, 2014–2024", "Hội viên cuối mỗi năm, 2014–2024",
    "Số hội theo loại và cấp, cuối năm 2024", "Tư vấn, phản biện xã hội, 2014–2024",
    "Tư vấn, trợ giúp pháp lý và hòa giải, 2014–2024", "An sinh, từ thiện theo lĩnh vực, 2014–2024",
    "Phẫu thuật nhân đạo, 2014–2024",
]


@pytest.fixture(scope="module")
def inputs(demo_snapshot) -> sl.SlideInputs:
    return sl.slide_inputs(demo_snapshot, Filters(), "vi", made_on=MADE_ON)


@pytest.fixture(scope="module")
def deck(inputs) -> bytes:
    return deck_bytes(inputs)


@pytest.fixture(scope="module")
def prs(deck):
    return Presentation(io.BytesIO(deck))


def _charts(slide):
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def _texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def _chart_values(chart) -> dict[str, dict[str, float | None]]:
    """{series name: {category: value}} of a native chart."""
    categories = list(chart.plots[0].categories)
    return {s.name: dict(zip(categories, s.values)) for s in chart.plots[0].series}


def test_sixteen_by_nine_with_the_expected_slides(prs, inputs):
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    assert len(prs.slides) == sl.slide_count() == 10
    assert [s.shapes.title.text_frame.text for s in prs.slides] == TITLES_VI
    assert deck_file_name(inputs) == "trinh-chieu-hoi-quan-chung_2014-2024_demo-2024-12-31.pptx"


def test_every_slide_has_footer_number_and_demo_badge(prs):
    for number, slide in enumerate(prs.slides, start=1):
        texts = _texts(slide)
        assert "DỮ LIỆU MẪU" in texts
        assert f"{number}/10" in texts
        footer = [x for x in texts if x.startswith("Nguồn: bản dữ liệu demo-2024-12-31, tính đến 31/12/2024.")]
        assert footer == ["Nguồn: bản dữ liệu demo-2024-12-31, tính đến 31/12/2024. Bộ lọc: Giai đoạn: 2014–2024; "
                          "Địa bàn: toàn tỉnh; Cấp hội: tất cả; Loại hội: tất cả."]


def test_title_slide_names_period_filters_snapshot_date_and_demo(prs):
    texts = "\n".join(_texts(prs.slides[0]))
    for line in ("Tình hình hoạt động, giai đoạn 2014–2024", "Địa bàn: toàn tỉnh", "Loại hội: tất cả",
                 "Bản dữ liệu demo-2024-12-31, tính đến 31/12/2024", "Lập ngày 07/03/2025",
                 "DỮ LIỆU MẪU — không phải số liệu thật."):
        assert line in texts


def test_kpi_slide_matches_the_overview_query(prs, demo_snapshot):
    kpis = run("overview_kpis", demo_snapshot, Filters(2014, 2024))
    last = kpis[kpis["year"] == 2024].iloc[0]
    texts = _texts(prs.slides[1])
    assert any(t.startswith("Số hội (cuối năm 2024)\n672\n") for t in texts)
    assert f"Hội viên (cuối năm 2024)\n{fmt_int(last['members'], 'vi')}\n+2,5% năm 2024 so với 2023" in texts
    budget = kpis["state_budget_vnd"].sum() / 1e9
    assert f"Ngân sách nhà nước 2014–2024\n{budget:.1f}".replace(".", ",") + "\ntỷ đồng\n+2,5% năm 2024 so với 2023" in texts
    notes = prs.slides[1].notes_slide.notes_text_frame.text
    assert f"Ngân sách nhà nước 2014–2024: {fmt_int(kpis['state_budget_vnd'].sum(), 'vi')} đồng" in notes


def test_funding_chart_is_native_and_holds_the_query_result(prs, demo_snapshot):
    df = run("funding_by_year_source", demo_snapshot, Filters(2014, 2024))
    (chart,) = _charts(prs.slides[2])
    assert chart.chart_type.name == "COLUMN_STACKED"
    assert chart.part.chart_workbook.xlsx_part is not None  # data embedded: editable in PowerPoint
    values = _chart_values(chart)
    assert len(values) == df["source"].nunique()
    for row in df.itertuples():
        assert values[code_label("source", row.source, "vi")][str(row.year)] == pytest.approx(row.amount_vnd / 1e9)


def test_funding_takeaway_is_computed_from_the_data(prs, demo_snapshot):
    df = run("funding_by_year_source", demo_snapshot, Filters(2014, 2024))
    social = df[df["source"] == "social_mobilisation"].set_index("year")["amount_vnd"]
    change = (social[2024] - social[2023]) / social[2023] * 100
    share = social.sum() / df["amount_vnd"].sum() * 100
    expected = (f"Nguồn vận động xã hội hóa năm 2024 đạt {fmt_money(social[2024], 'vi')}, tăng {fmt_pct(change, 'vi')} "
                f"so với năm 2023; cả giai đoạn 2014–2024, nguồn này chiếm {fmt_pct(share, 'vi')} tổng kinh phí "
                f"({fmt_money(df['amount_vnd'].sum(), 'vi')}).")
    assert expected in _texts(prs.slides[2])
    assert expected.startswith("Nguồn vận động xã hội hóa năm 2024 đạt 138,3 tỷ đồng, tăng 2,5% so với năm 2023")
    notes = prs.slides[2].notes_slide.notes_text_frame.text
    assert f"Vận động xã hội hóa: {fmt_int(social[2014], 'vi')}" in notes  # exact đồng, not rounded


def test_state_budget_members_and_associations(prs, demo_snapshot):
    f = Filters(2014, 2024)
    funding = run("funding_by_year_source", demo_snapshot, f)
    budget = funding[funding["source"] == "state_budget"].set_index("year")["amount_vnd"]
    (line,) = _charts(prs.slides[3])
    assert line.chart_type.name == "LINE_MARKERS"
    assert list(_chart_values(line)["Ngân sách nhà nước"].values()) == pytest.approx((budget / 1e9).tolist())
    assert f"giai đoạn 2014–2024 là {fmt_money(budget.sum(), 'vi')}" in _texts(prs.slides[3])[1]

    members = run("members_by_year", demo_snapshot, f).set_index("year")["members"]
    (columns,) = _charts(prs.slides[4])
    assert list(_chart_values(columns)["Hội viên"].values()) == members.tolist()
    assert (f"Cuối năm 2024 các hội có {fmt_int(members[2024], 'vi')} hội viên, tăng "
            f"{fmt_pct((members[2024] / members[2023] - 1) * 100, 'vi')} so với cuối năm 2023") in _texts(prs.slides[4])[1]

    by_type = run("associations_by_level_type", demo_snapshot, f)
    (bars,) = _charts(prs.slides[5])
    values = _chart_values(bars)
    red_cross = by_type[by_type["type_code"] == "red_cross"].set_index("level")["associations"]
    for level, n in red_cross.items():
        assert values[code_label("level", level, "vi")][type_name("red_cross", "vi")] == n
    total = sum(v for series in values.values() for v in series.values())
    assert total == by_type["associations"].sum() == 672  # every association, the rest grouped
    assert "Cuối năm 2024 có 672 hội đang hoạt động" in _texts(prs.slides[5])[1]


def test_meetings_legal_aid_welfare_and_surgeries(prs, demo_snapshot):
    f = Filters(2014, 2024)
    meetings = run("meetings_by_year", demo_snapshot, f)
    count, rate = _charts(prs.slides[6])
    assert sum(v for s in _chart_values(count).values() for v in s.values()) == meetings["meetings"].sum()
    by_year = meetings.groupby("year")[["comments_submitted", "comments_accepted"]].sum()
    expected_rate = (by_year["comments_accepted"] / by_year["comments_submitted"] * 100).tolist()
    assert list(_chart_values(rate)["Tỷ lệ tiếp thu"].values()) == pytest.approx(expected_rate)
    overall = meetings["comments_accepted"].sum() / meetings["comments_submitted"].sum() * 100
    assert (f"có {meetings['meetings'].sum()} cuộc tư vấn, phản biện xã hội với "
            f"{fmt_int(meetings['comments_submitted'].sum(), 'vi')} ý kiến góp ý, {fmt_pct(overall, 'vi')}") in \
        _texts(prs.slides[6])[1]

    legal = run("legal_aid_by_year_kind", demo_snapshot, f)
    (chart,) = _charts(prs.slides[7])
    assert sum(v for s in _chart_values(chart).values() for v in s.values()) == legal["cases"].sum()
    assert f"thực hiện {fmt_int(legal['cases'].sum(), 'vi')} chương trình" in _texts(prs.slides[7])[1]
    assert fmt_int(legal["cases"].sum(), "vi") == "3.642"  # the article's "more than 3,600"

    welfare = run("welfare_by_programme", demo_snapshot, f)
    by_domain = welfare.groupby("domain")["value_vnd"].sum()
    (chart,) = _charts(prs.slides[8])
    shown = _chart_values(chart)["Giá trị (tỷ đồng)"]
    assert shown == pytest.approx({code_label("domain", d, "vi"): v / 1e9 for d, v in by_domain.items()})
    assert f"đạt {fmt_money(by_domain.sum(), 'vi')}" in _texts(prs.slides[8])[1]

    surgeries = welfare[welfare["programme_code"].isin(sl.FLAGSHIP_SURGERIES)].groupby("programme_code")["quantity"].sum()
    (chart,) = _charts(prs.slides[9])
    assert sorted(_chart_values(chart)["Số ca"].values()) == sorted(surgeries.tolist()) == [541, 1398, 21000]
    assert "1.398 ca phẫu thuật tim; 21.000 ca mổ mắt đục thủy tinh thể; 541 ca phẫu thuật chỉnh hình" in \
        _texts(prs.slides[9])[1]


def test_every_run_is_set_in_arial(prs):
    fonts = set()
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                fonts |= {r.font.name for p in shape.text_frame.paragraphs for r in p.runs}
            if shape.has_chart:
                fonts.add(shape.chart.font.name)
    assert fonts == {"Arial"}


def test_a_filter_without_data_gives_a_sentence_not_a_chart(demo_snapshot):
    inputs = sl.slide_inputs(demo_snapshot, Filters(2020, 2021, type_codes=("gardening",)), "en", made_on=MADE_ON)
    prs = Presentation(io.BytesIO(deck_bytes(inputs)))
    surgeries = prs.slides[9]
    assert _charts(surgeries) == [] and "No data for the chosen filters." in _texts(surgeries)
    assert prs.slides[2].shapes.title.text_frame.text == "Funding of the associations by source, 2020–2021"


def test_single_year_takeaways_do_not_compare(demo_snapshot):
    inputs = sl.slide_inputs(demo_snapshot, Filters(2024, 2024), "en", made_on=MADE_ON)
    members = sl.members_slide(inputs)
    assert members.takeaway == f"At the end of 2024 the associations had {members.facts['last']:,.0f} members."
    assert sl.funding_slide(inputs).takeaway.startswith("Funding from self-mobilised social funds reached VND 138.3 bn in 2024, ")
    assert sl.state_budget_slide(inputs).charts[0].kind == "column_clustered"  # one point is not a line


def test_a_one_year_kpi_slide_still_compares_with_the_year_before(demo_snapshot):
    """The one-year deck's KPI cards carry the change on 2023 like the pages do (issue 13, item 3)."""
    kpis = run("overview_kpis", demo_snapshot, Filters(2023, 2024)).set_index("year")
    cards = {c.label: c for c in sl.kpi_slide(sl.slide_inputs(demo_snapshot, Filters(2024, 2024), "en", MADE_ON)).cards}
    change = (kpis.loc[2024, "members"] / kpis.loc[2023, "members"] - 1) * 100
    assert cards["Members (end of 2024)"].delta == f"{change:+.1f}% in 2024 vs 2023"
    assert all(c.delta.endswith("in 2024 vs 2023") for label, c in cards.items() if not label.startswith("Comments"))


def _pdf_pages(pdf: bytes, path) -> int:
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_libreoffice_converts_the_deck_to_one_page_per_slide(deck, tmp_path):
    soffice = required_tool("soffice")
    source = tmp_path / "deck.pptx"
    source.write_bytes(deck)
    result = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180,
    )
    pdf_path = tmp_path / "deck.pdf"
    assert result.returncode == 0 and pdf_path.exists(), result.stdout + result.stderr
    assert "Error" not in result.stderr
    assert _pdf_pages(pdf_path.read_bytes(), pdf_path) == 10


def test_the_deck_command_writes_the_pack(tmp_path, demo_snapshots, capsys):
    out = tmp_path / "pack.pptx"
    code = main(["deck", "--out", str(out), "--lang", "en", "--years", "2020-2022", "--units", "678,672",
                 "--levels", "district", "commune", "--special-only"])
    assert code == 0
    assert capsys.readouterr().out.strip() == f"Wrote {out}: 10 slides (en, demo-2024-12-31, 2020–2022)."
    prs = Presentation(str(out))
    title = "\n".join(_texts(prs.slides[0]))
    assert "Area: Duc Trong, Da Lat city" in title and "Special-nature associations only" in title
    assert prs.slides[4].shapes.title.text_frame.text == "Members at each year end, 2020–2022"
    members = run("members_by_year", demo_snapshots[0],
                  Filters(2020, 2022, ("678", "672"), ("district", "commune"), None, True))
    assert list(_chart_values(_charts(prs.slides[4])[0])["Members"].values()) == members["members"].tolist()


@pytest.mark.parametrize("args, message", [
    (["--years", "2030"], "Giai đoạn «2030» không hợp lệ"),
    (["--years", "2024-2014"], "Giai đoạn «2024-2014» không hợp lệ"),
    (["--units", "672,999"], "Mã đơn vị không hợp lệ: 999."),
    (["--levels", "national"], "Cấp hội không hợp lệ: national."),
    (["--types", "choir"], "Mã loại hội không hợp lệ: choir."),
    (["--snapshot", "nope"], "Không tìm thấy bản dữ liệu «nope». Có: demo-2024-12-31, demo-2023-12-31."),
])
def test_bad_arguments_say_what_is_wrong_and_exit_2(tmp_path, demo_snapshots, capsys, args, message):
    out = tmp_path / "x.pptx"
    assert main(["deck", "--out", str(out), "--lang", "vi", *args]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_a_wrong_output_or_language_exits_2(tmp_path, demo_snapshots, capsys):
    assert main(["deck", "--out", str(tmp_path / "x.pdf"), "--lang", "en"]) == 2
    assert "The output must end in .pptx" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        main(["deck", "--out", str(tmp_path / "x.pptx"), "--lang", "fr"])
    assert stop.value.code == 2


def test_slides_and_deck_share_one_definition():
    keys = sl.slide_keys()
    assert keys == ("title", "kpis", "funding", "state_budget", "members", "associations", "meetings", "legal_aid",
                    "welfare", "surgeries")
    assert all(spec.queries and spec.chart_kinds for spec in sl.CHART_SLIDES)
    assert pd.Series([q for spec in sl.CHART_SLIDES for q in spec.queries]).isin(
        ["funding_by_year_source", "members_by_year", "associations_by_level_type", "meetings_by_year",
         "legal_aid_by_year_kind", "welfare_by_programme"]).all()


class _FundingRows(sl.SlideInputs):
    """Slide inputs whose funding_by_year_source is a few hand-made rows (in millions of đồng)."""

    def run(self, query, filters=None):
        assert query == "funding_by_year_source"
        rows = [(2023, "social_mobilisation", 700), (2023, "state_budget", 300), (2024, "foreign_aid", 2_200),
                (2024, "state_budget", 900), (2022, "foreign_aid", 7_200), (2022, "state_budget", 0)]
        df = pd.DataFrame(rows, columns=["year", "source", "amount_vnd"])
        return df[df.year.between(self.first_year, self.year)].assign(amount_vnd=lambda d: d.amount_vnd * 1_000_000)


def test_a_main_source_without_money_the_year_before_keeps_year_and_period_figures_apart(demo_snapshot):
    """Multi-year deck, main source 0 the year before: the sentence gives the year's share of the year's
    funding and the period's share of the period's, each named (issue 13, item 5)."""
    inputs = _FundingRows(demo_snapshot, Filters(2022, 2024), "en", MADE_ON)
    assert sl.funding_slide(inputs).takeaway == (
        "Funding from foreign organisations reached VND 2.2 bn in 2024, 71.0% of that year's funding (VND 3.1 bn); "
        "there was none from it in 2023; over 2022–2024 this source made up 83.2% of all funding (VND 11.3 bn).")
    budget = _FundingRows(demo_snapshot, Filters(2023, 2024), "en", MADE_ON)
    assert sl.state_budget_slide(budget).takeaway == (
        "The state budget gave the associations VND 1.2 bn over 2023–2024, 29.3% of all funding; "
        "in 2024 it gave VND 900.0 m, up 200.0% on 2023.")
    no_previous = _FundingRows(demo_snapshot, Filters(2022, 2023), "vi", MADE_ON)
    assert sl.state_budget_slide(no_previous).takeaway == (
        "Ngân sách nhà nước hỗ trợ các hội giai đoạn 2022–2023 là 300,0 triệu đồng, bằng 3,7% tổng kinh phí; "
        "năm 2023 đạt 300,0 triệu đồng, năm 2022 không có.")
    one_year = _FundingRows(demo_snapshot, Filters(2024, 2024), "vi", MADE_ON)
    assert sl.state_budget_slide(one_year).takeaway == (
        "Ngân sách nhà nước hỗ trợ các hội năm 2024 là 900,0 triệu đồng, bằng 29,0% tổng kinh phí.")


def test_a_long_filter_line_fits_the_document_properties(demo_snapshot):
    """`deck --lang en --types red_cross elderly education_promotion agent_orange` crashed: the footer
    (filters) is longer than the 255 characters python-pptx allows in a document property (issue 13, item 8)."""
    types = ("red_cross", "elderly", "education_promotion", "agent_orange")
    inputs = sl.slide_inputs(demo_snapshot, Filters(type_codes=types), "en", made_on=MADE_ON)
    assert len(inputs.footer()) > 255
    prs = Presentation(io.BytesIO(deck_bytes(inputs)))
    subject = prs.core_properties.subject
    assert len(subject) <= 255 and subject.endswith("…") and inputs.footer().startswith(subject[:-1])
    title_slide = "\n".join(_texts(prs.slides[0]))
    assert "Association of Agent Orange/Dioxin Victims" in title_slide  # the whole filter is on the slide


def _label_texts(chart) -> list[str]:
    return [t.text for t in chart._chartSpace.xpath(".//c:dLbl//a:t")]


def test_chart_numbers_read_vietnamese_whatever_the_presenting_computer(prs):
    """Data labels are text in the deck's language ('314,1', not a number format PowerPoint shows as
    '314.1' on an English-locale machine); large axis ticks carry no thousands mark (issue 13, item 18)."""
    welfare = _charts(prs.slides[8])[0]
    values = sorted(v for v in _chart_values(welfare)["Giá trị (tỷ đồng)"].values())
    labels = _label_texts(welfare)
    assert sorted(labels, key=lambda s: float(s.replace(",", "."))) == [f"{v:.1f}".replace(".", ",") for v in values]
    surgeries = _charts(prs.slides[9])[0]
    assert "21.000" in _label_texts(surgeries)
    for slide in prs.slides:
        for chart in _charts(slide):
            assert "," not in chart.value_axis.tick_labels.number_format or max(
                max(v or 0 for v in s.values) for s in chart.plots[0].series) < 10


def test_libreoffice_on_this_machine_prints_the_vietnamese_labels(deck, tmp_path):
    soffice, pdftotext = required_tool("soffice"), required_tool("pdftotext")
    source = tmp_path / "deck.pptx"
    source.write_bytes(deck)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], capture_output=True, timeout=180, env=os.environ | {"LANG": "en_US.UTF-8"})
    text = subprocess.run([pdftotext, "-f", "9", "-l", "9", str(tmp_path / "deck.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout.split()
    assert "314,1" in text and "314.1" not in text
