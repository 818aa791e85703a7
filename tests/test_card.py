"""The phone summary card: PNG of 1080×1350, a one-page PDF whose text holds the headline figures
(equal to independent sums of the snapshot's tables), change, target status, the demo notice and the
source; the command; the Overview's downloads."""

from __future__ import annotations

import io
import subprocess
from dataclasses import replace

import pytest
from PIL import Image

from massorg.__main__ import main
from massorg.data.queries import Filters
from massorg.export.card import card_pdf, card_png, tiles
from massorg.export.slides import slide_inputs
from massorg.numbers import fmt_int, fmt_money, fmt_signed_pct
from massorg.targets import Target, read_targets
from tests.tools_support import required_tool


def _pdftotext(pdf: bytes, tmp_path) -> str:
    tool = required_tool("pdftotext")
    path = tmp_path / "card.pdf"
    path.write_bytes(pdf)
    return subprocess.run([tool, str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def inputs(demo_snapshot):
    return slide_inputs(demo_snapshot, Filters(), "vi")


def test_the_png_is_phone_sized(inputs):
    image = Image.open(io.BytesIO(card_png(inputs)))
    assert image.format == "PNG" and image.size == (1080, 1350)


def _target(code: str, value: float, measure: str = "level", is_demo: bool = False) -> Target:
    return Target(code, "old", 2024, measure, "at_least", value, "KH 121", is_demo)


def test_the_tiles_hold_the_overviews_figures_and_target_status(inputs, demo_snapshot):
    members = demo_snapshot.read("membership").groupby("year")["members"].sum()
    welfare = demo_snapshot.read("welfare").groupby("year")["value_vnd"].sum()
    targets = (_target("members", 500_000), _target("welfare_value_vnd", 100e9))
    by_label = {tile.label: tile for tile in tiles(inputs, targets)}
    assert len(by_label) == 8
    member = by_label["Hội viên (cuối năm)"]
    assert member.value == fmt_int(members[2024], "vi")
    assert member.change == f"{fmt_signed_pct((members[2024] - members[2023]) / members[2023] * 100, 'vi')} so với 2023"
    assert member.target == "Đạt chỉ tiêu 2024 (≥ 500.000)"
    care = by_label["An sinh, từ thiện"]
    assert care.value == fmt_money(welfare.loc[2014:2024].sum(), "vi")
    assert care.target == "Chưa đạt chỉ tiêu 2024 (≥ 100,0 tỷ đồng)"  # 2024 alone is below 100 bn
    assert by_label["Số hội (cuối năm)"].target == "Chưa đặt chỉ tiêu năm 2024"


def test_a_growth_target_and_a_demo_target_say_so(inputs, demo_snapshot):
    members = demo_snapshot.read("membership").groupby("year")["members"].sum()
    growth = (members[2024] - members[2023]) / members[2023] * 100
    [tile] = [t for t in tiles(inputs, (_target("members", round(growth) + 1, "growth_pct", is_demo=True),))
              if t.label == "Hội viên (cuối năm)"]
    assert tile.target == f"Chưa đạt chỉ tiêu 2024 (≥ {fmt_signed_pct(round(growth) + 1, 'vi')}, chỉ tiêu mẫu)"


def test_the_committed_demo_targets_reach_the_demo_card_only(inputs, demo_snapshot):
    by_label = {tile.label: tile for tile in tiles(inputs)}  # the committed file's demo rows (2024, old)
    assert by_label["Số hội (cuối năm)"].target == "Đạt chỉ tiêu 2024 (≥ 650, chỉ tiêu mẫu)"  # 672 associations
    real = replace(inputs, snapshot=replace(demo_snapshot, manifest={**demo_snapshot.manifest, "is_demo": False}))
    assert {tile.target for tile in tiles(real)} == {"Chưa đặt chỉ tiêu năm 2024"}


def test_a_view_of_one_district_does_not_claim_the_provinces_target(demo_snapshot):
    one = slide_inputs(demo_snapshot, Filters(unit_codes=("678",)), "vi")
    by_label = {tile.label: tile for tile in tiles(one, (_target("members", 1),))}
    assert by_label["Hội viên (cuối năm)"].target == "Chỉ tiêu 2024 đặt cho toàn địa bàn"


def test_the_targets_file_is_read(tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text("indicator_code,area,year,measure,direction,target_value,source_document,is_demo\n"
                    "members,old,2024,level,at_least,520000,KH 121,false\n", encoding="utf-8")
    assert read_targets(path) == (Target("members", "old", 2024, "level", "at_least", 520000.0, "KH 121", False),)
    path.write_text("indicator_code,area,year,measure,direction,target_value,source_document,is_demo\n",
                    encoding="utf-8")
    assert read_targets(path) == ()


def test_the_pdf_is_one_page_with_the_figures_source_and_demo_notice(inputs, demo_snapshot, tmp_path):
    pdf = card_pdf(inputs)
    assert pdf.startswith(b"%PDF")
    text = _pdftotext(pdf, tmp_path)
    assert text.count("\f") == 1  # one page
    members = demo_snapshot.read("membership").groupby("year")["members"].sum()
    assert fmt_int(members[2024], "vi") in text and "672" in text
    assert "DỮ LIỆU MẪU — không phải số liệu thật" in text
    assert "Nguồn: bản dữ liệu demo-2024-12-31" in text
    assert "Hội viên cuối mỗi năm, 2014–2024" in text  # the small trend's title


def test_the_card_command_writes_png_and_pdf(demo_snapshots, tmp_path, capsys):
    png = tmp_path / "the.png"
    assert main(["card", "--out", str(png), "--lang", "en", "--years", "2022-2024", "--units", "678"]) == 0
    assert capsys.readouterr().out.strip() == f"Wrote {png} (en, demo-2024-12-31, 2022–2024)."
    assert Image.open(png).size == (1080, 1350)
    pdf = tmp_path / "the.pdf"
    assert main(["card", "--out", str(pdf), "--lang", "en"]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert main(["card", "--out", str(tmp_path / "the.jpg"), "--lang", "en"]) == 2
    assert "must end in .png, .pdf" in capsys.readouterr().err


def test_the_overview_offers_the_card(app):
    at = app("pages/overview.py")
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Tải thẻ tóm tắt (PNG)" in labels and "Tải thẻ tóm tắt (PDF)" in labels
