"""Import by date: every row's unit code must name a unit in the row's period. After 1/7/2025 an old
district is an error naming the new units that replaced it (file, sheet, row and column named); the
December 2024 merger's codes 681, 682 and 683 all import for the first half of 2025; Đắk Nông and
Bình Thuận associations import; the template offers the units of the chosen period."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest

from massorg.data.schema import TABLES
from massorg.data.validate import errors, warnings
from massorg.ingest.commands import as_of_hint, summary
from massorg.ingest.importer import import_files
from massorg.ingest.template import template_bytes
from tests.test_ingest_samples import labels, tiny_store, write_xlsx

H1_2025 = dt.date(2025, 6, 30)
END_2025 = dt.date(2025, 12, 31)


def association(aid, name, level, unit, founded="2010-01-01", dissolved=None, type_code="elderly"):
    row = dict(association_id=aid, name=name, type_code=type_code, field="social", level=level, unit_code=unit,
               special_nature="Có", party_state_task="Không", founded_on=founded, dissolved_on=dissolved)
    return [row.get(c) for c in TABLES["associations"].column_names]


def meeting(mid, held_on, unit, aid="P1"):
    row = dict(meeting_id=mid, held_on=held_on, association_id=aid, unit_code=unit, subject_kind="local_project",
               subject="Phản biện dự án", comments_submitted=3, comments_accepted=1)
    return [row.get(c) for c in TABLES["consultations"].column_names]


def welfare(rid, year, unit, aid="P1"):
    row = dict(record_id=rid, association_id=aid, year=year, unit_code=unit, programme_code="charity_gift",
               quantity=10, beneficiaries=10, beneficiaries_unit="households", value_vnd=5_000_000)
    return [row.get(c) for c in TABLES["welfare"].column_names]


def workbook(tmp_path, name="bao-cao-2025.xlsx", associations=(), meetings=(), welfare_rows=()):
    sheets = {"Hội": [labels("associations"), *associations]}
    if meetings:
        sheets["Tư vấn"] = [labels("consultations"), *meetings]
    if welfare_rows:
        sheets["An sinh"] = [labels("welfare"), *welfare_rows]
    return write_xlsx(tmp_path / name, sheets)


def imported(tmp_path, path, as_of):
    root = tiny_store(tmp_path)
    return import_files([path], as_of=as_of, base_id="tiny", root=root, current_year=2026, dry_run=True)


# The base snapshot 'tiny' has D1 (district, Đức Trọng 678) and C1 (commune, Lạc Dương 675): the
# second half of 2025 reports them ended or re-keyed to their new commune.
ENDED_2025 = [
    association("D1", "Hội Khuyến học huyện Đức Trọng", "district", "678", "2000-01-01", "2025-07-01",
                "education_promotion"),
    association("C1", "Hội Làm vườn xã Đạ Sar", "commune", "24853", "2023-03-01", None, "gardening"),
]


def test_a_second_half_2025_row_keyed_to_an_old_district_names_the_new_units(tmp_path):
    path = workbook(tmp_path, associations=[
        *ENDED_2025,
        association("N1", "Hội Người cao tuổi phường Xuân Hương", "commune", "24781", "2025-08-01"),
        association("N2", "Hội Người cao tuổi huyện Di Linh", "district", "Di Linh"),
    ])
    result = imported(tmp_path, path, END_2025)
    (error,) = errors(result.findings)
    assert (error.rule, error.file, error.sheet, error.excel_row, error.header, error.value) == (
        "unit_ended", "bao-cao-2025.xlsx", "Hội", 5, "Đơn vị hành chính", "Di Linh")
    assert error.render("vi") == (
        "Lỗi — tệp bao-cao-2025.xlsx, trang tính «Hội», dòng 5, cột «Đơn vị hành chính»: "
        "Đơn vị «Di Linh» – Di Linh (679) – chỉ có hiệu lực đến 30/06/2025, nhưng dòng này thuộc kỳ "
        "31/12/2025. Từ 1/7/2025 không còn cấp huyện; các đơn vị thay thế: Xã Di Linh (25000), "
        "Xã Đinh Trang Thượng (25007), Xã Gia Hiệp (25015), Xã Bảo Thuận (25018), Xã Hòa Ninh (25036), "
        "Xã Hòa Bắc (25042), Xã Sơn Điền (25051). Hãy ghi mã của đơn vị mới nơi hội hoạt động "
        "(xem danh sách «Đơn vị hành chính» trong mẫu báo cáo của kỳ này)."
    )
    assert error.render("en").startswith(
        "Error — file bao-cao-2025.xlsx, sheet “Hội”, row 5, column “Đơn vị hành chính”: Unit “Di Linh” – "
        "Di Linh (679) – is valid only until 2025-06-30, but this row is about 2025-12-31. From 1 Jul 2025 "
        "there are no districts; the units that replaced it: Di Linh commune (25000), "
    )


def test_associations_on_ended_units_checked_as_of_a_later_date_get_a_hint_about_the_date(tmp_path):
    """A first-half-2025 list of associations checked as of 31/12/2025 (or today): one error per association
    on an old district, and above them one sentence asking whether the as-of date is right."""
    old_districts = [
        association("N2", "Hội Người cao tuổi huyện Di Linh", "district", "Di Linh"),
        association("N3", "Hội Khuyến học huyện Lâm Hà", "district", "Lâm Hà", type_code="education_promotion"),
    ]
    result = imported(tmp_path, workbook(tmp_path, associations=[*ENDED_2025, *old_districts]), END_2025)
    assert [(f.rule, f.value) for f in errors(result.findings)] == [("unit_ended", "Di Linh"), ("unit_ended", "Lâm Hà")]
    hint = (
        "Cả 2 lỗi đều là hội còn hoạt động ghi theo đơn vị đã kết thúc trước ngày tính đến (31/12/2025). Nếu đây "
        "là báo cáo của một kỳ trước, hãy kiểm tra lại với ngày tính đến là ngày cuối kỳ đó (ví dụ 30/06/2025 cho "
        "6 tháng đầu năm 2025, khi còn cấp huyện); nếu không, hãy ghi mã đơn vị mới như từng lỗi chỉ ra.")
    assert as_of_hint(result, END_2025, "vi") == hint
    assert as_of_hint(result, END_2025, "en").startswith(
        "All 2 errors are active associations keyed to units that had ended before the as-of date (2025-12-31).")
    assert hint in summary(result, "vi", as_of=END_2025).splitlines()
    # the date was the cause: as of the end of the first half they import (the base's own rows as they were)
    (tmp_path / "h1").mkdir()
    (tmp_path / "mixed").mkdir()
    assert not errors(imported(tmp_path / "h1", workbook(tmp_path / "h1", associations=old_districts), H1_2025).findings)
    # a meeting held after the unit ended is wrong whatever the date: no hint then
    with_meeting = workbook(tmp_path / "mixed", associations=ENDED_2025[:1] + [
        association("N2", "Hội Người cao tuổi huyện Di Linh", "district", "Di Linh")],
        meetings=[meeting("M25-2", "10/09/2025", "672")])
    mixed = imported(tmp_path / "mixed", with_meeting, END_2025)
    assert {f.table for f in errors(mixed.findings)} == {"associations", "consultations"}
    assert as_of_hint(mixed, END_2025, "vi") is None


def test_meetings_and_welfare_are_checked_against_their_own_dates(tmp_path):
    path = workbook(tmp_path, associations=ENDED_2025, meetings=[
        meeting("M25-1", "10/03/2025", "672"),  # first half on the old city: fine
        meeting("M25-2", "10/09/2025", "672"),  # second half on the old city: error
        meeting("M25-3", "10/03/2025", "24781"),  # a new ward before it existed: error
        meeting("M25-4", "10/09/2025", "24781"),
    ], welfare_rows=[
        welfare("W25-1", 2025, "672"),  # 2025 holds the first half on old units
        welfare("W25-2", 2025, "24781"),  # and the second on new ones
    ])
    result = imported(tmp_path, path, END_2025)
    found = [(f.rule, f.sheet, f.excel_row, f.value) for f in errors(result.findings)]
    assert found == [("unit_ended", "Tư vấn", 3, "672"), ("unit_not_yet", "Tư vấn", 4, "24781")]
    not_yet = errors(result.findings)[1]
    assert not_yet.message("vi") == (
        "Đơn vị «24781» – Phường Xuân Hương - Đà Lạt (24781) – chỉ có hiệu lực từ 01/07/2025, nhưng dòng này thuộc kỳ "
        "10/03/2025. Số liệu trước ngày đó phải ghi theo đơn vị cũ (cấp huyện)."
    )


def test_welfare_of_2026_on_an_old_district_is_an_error(tmp_path):
    path = workbook(tmp_path, associations=ENDED_2025, welfare_rows=[welfare("W26-1", 2026, "Đà Lạt")])
    result = imported(tmp_path, path, dt.date(2026, 6, 30))
    assert [(f.rule, f.sheet, f.excel_row, f.value) for f in errors(result.findings)] == [
        ("unit_ended", "An sinh", 2, "Đà Lạt")]


@pytest.mark.parametrize("code", ["681", "682", "683", "Đạ Huoai", "Cát Tiên"])
def test_the_merged_da_huoai_imports_under_either_code_in_the_first_half_of_2025(tmp_path, code):
    path = workbook(tmp_path, associations=[association("H1", "Hội Cựu TNXP huyện Đạ Huoai", "district", code,
                                                        "2012-05-01", None, "former_youth_volunteers")],
                    meetings=[meeting("M25-H", "20/02/2025", code, aid="H1")])
    result = imported(tmp_path, path, H1_2025)
    assert errors(result.findings) == []
    # the same in the second half of 2025 is an error: the district level has ended
    later = imported(tmp_path / "later", workbook(tmp_path, "h2.xlsx", associations=[
        *ENDED_2025, association("H1", "Hội Cựu TNXP huyện Đạ Huoai", "district", code, "2012-05-01")]), END_2025)
    (error,) = errors(later.findings)
    assert error.rule == "unit_ended" and "Xã Đạ Huoai" in error.message("vi")


def test_associations_of_dak_nong_and_binh_thuan_import(tmp_path):
    first_half = workbook(tmp_path, associations=[
        association("DN1", "Hội Chữ thập đỏ tỉnh Đắk Nông", "province", "67", "1995-03-01", None, "red_cross"),
        association("DN2", "Hội Khuyến học thành phố Gia Nghĩa", "district", "660", "2006-03-01", None,
                    "education_promotion"),
        association("BT1", "Hội Người cao tuổi huyện Phú Quí", "district", "Phú Quí", "2001-01-01"),
    ])
    assert errors(imported(tmp_path, first_half, H1_2025).findings) == []
    second_half = workbook(tmp_path, "h2.xlsx", associations=[
        *ENDED_2025,
        association("BT2", "Hội Người cao tuổi đặc khu Phú Quý", "commune", "Đặc khu Phú Quý", "2025-07-01"),
        association("DN3", "Hội Khuyến học phường Nam Gia Nghĩa", "commune", "24615", "2025-07-01", None,
                    "education_promotion"),
        association("DN1", "Hội Chữ thập đỏ tỉnh Đắk Nông", "province", "67", "1995-03-01", None, "red_cross"),
    ])
    result = imported(tmp_path / "h2", second_half, END_2025)
    (error,) = errors(result.findings)  # the old province's code after the merger
    assert (error.rule, error.excel_row, error.value) == ("unit_ended", 6, "67")
    assert "Lâm Đồng (68)" in error.message("vi")


def test_the_other_sources_code_of_xa_ham_liem_is_recorded_under_ours(tmp_path):
    path = workbook(tmp_path, associations=[
        *ENDED_2025, association("HL1", "Hội Người cao tuổi xã Hàm Liêm", "commune", "23098", "2025-07-15")])
    result = imported(tmp_path, path, END_2025)
    assert errors(result.findings) == []
    (alias,) = [f for f in warnings(result.findings) if f.rule == "unit_alias"]
    assert (alias.sheet, alias.excel_row, alias.value) == ("Hội", 4, "23098")
    assert alias.message("vi") == (
        "Mã đơn vị «23098» được hiểu là Xã Hàm Liêm (23095) cho kỳ 31/12/2025 và đã được ghi theo mã này.")
    frame = result.tables["associations"].frame
    assert frame.loc[frame.association_id == "HL1", "unit_code"].tolist() == ["23095"]


def _unit_list(period):
    book = openpyxl.load_workbook(io.BytesIO(template_bytes("vi", period)))
    ws = book["Danh mục"] if "Danh mục" in book.sheetnames else book.worksheets[-1]
    header = [c.value for c in ws[1]]
    col = header.index(next(h for h in header if h and "Đơn vị hành chính" in h)) + 1
    return [ws.cell(row=r, column=col).value for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=col).value]


def test_the_template_offers_the_units_of_the_chosen_period():
    after = _unit_list("from_2025_07")
    assert len(after) == 125 and after[0] == "68" and "25000" in after and "679" not in after
    before = _unit_list("to_2024_11")
    assert len(before) == 33 and {"681", "682", "683", "67", "660", "602"} <= set(before)
    assert "25000" not in before
    merged = _unit_list("2024_12_to_2025_06")
    assert len(merged) == 31 and "681" not in merged and "682" in merged
    assert len(_unit_list(None)) == 157


def test_the_template_command_takes_the_period(tmp_path, capsys):
    from massorg.__main__ import main

    out = tmp_path / "mau-2025.xlsx"
    assert main(["template", str(out), "--period", "from_2025_07", "--lang", "vi"]) == 0
    book = openpyxl.load_workbook(out)
    assert book.worksheets[0]["A2"].value.startswith("Kỳ báo cáo: Từ 1/7/2025 (124 xã, phường, đặc khu")
    # the drop-down's range holds the 125 units of the period (province + 124), from row 3
    assert re.fullmatch(r"'Danh mục'!\$([A-Z]+)\$3:\$\1\$127", book.defined_names["list_unit"].attr_text)
    with pytest.raises(SystemExit):  # an unknown period is refused by the argument parser
        main(["template", str(out), "--period", "2030"])
    assert "from_2025_07" in capsys.readouterr().err
