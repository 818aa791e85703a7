"""What offices really send, one tolerance per test, each with its own small file: the importer reads
it into exactly the rows the office meant (dry runs over the hand-made 'tiny' snapshot as --base)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import openpyxl

from massorg.data.validate import errors
from massorg.ingest.importer import import_files
from massorg.ingest.template import template_bytes
from tests.factories import tiny_tables
from tests.test_ingest_samples import (
    AS_OF,
    labels,
    report_workbook,
    rows,
    sheet,
    tiny_store,
    values,
    write_csv,
    write_xlsx,
)

FUNDING = [
    ("P1", 2022, "state_budget", 1_000_000),
    ("P1", 2022, "social_mobilisation", 5_000_000),
    ("P1", 2023, "state_budget", 1_200_000),
    ("D1", 2023, "social_mobilisation", 300_000),
    ("C1", 2023, "member_fees", 70_000),
]


def dry_run(tmp_path, *files, base: str | None = "tiny"):
    root = tiny_store(tmp_path)
    return import_files(list(files), as_of=AS_OF, base_id=base, dry_run=True, root=root)


def only(result, table: str) -> list[tuple]:
    assert [f.render("en") for f in result.findings] == []
    return rows(result.tables[table].frame)


def test_one_csv_file_for_one_table_other_tables_carried_from_base(tmp_path):
    grid = sheet("funding")
    grid[3][3] = 1_300_000  # P1 2023 state budget revised
    result = dry_run(tmp_path, write_csv(tmp_path / "funding.csv", grid))
    assert only(result, "funding")[2] == ("P1", 2023, "state_budget", 1_300_000)
    assert result.tables["funding"].source == "files"
    assert {n: b.source for n, b in result.tables.items() if n != "funding"} == dict.fromkeys(
        ["units", "programmes", "associations", "membership", "consultations", "legal_aid", "welfare", "lineage"], "base"
    )


def test_one_workbook_with_every_table_needs_no_base(tmp_path):
    result = dry_run(tmp_path, report_workbook(tmp_path / "bao-cao.xlsx"), base=None)
    assert only(result, "funding") == FUNDING
    assert rows(result.tables["membership"].frame) == [tuple(r) for r in values("membership")]
    assert rows(result.tables["welfare"].frame) == [tuple(r) for r in values("welfare")]
    assert result.tables["units"].source == "reference"
    assert len(result.tables["units"].frame) == 157


def test_english_headers_in_any_order(tmp_path):
    header = ["Amount (VND)", "Funding source", "Association ID", "Year"]
    grid = [header] + [[amount, source, aid, year] for aid, year, source, amount in FUNDING]
    result = dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Funding": grid}))
    assert only(result, "funding") == FUNDING


def test_headers_match_ignoring_case_spaces_punctuation_and_diacritics(tmp_path):
    header = ["MÃ HỘI", "  nam ", "Nguon  kinh-phi", "so tien (DONG)"]
    result = dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Kinh phí": [header] + values("funding")}))
    assert only(result, "funding") == FUNDING


def test_title_and_blank_rows_above_the_header(tmp_path):
    grid = [["BÁO CÁO KINH PHÍ CÁC HỘI NĂM 2023"], [], ["Đơn vị báo cáo: Ban Dân vận Tỉnh ủy"], []] + sheet("funding")
    result = dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Kinh phí": grid}))
    assert only(result, "funding") == FUNDING
    assert result.tables["funding"].origins[0].excel_row == 6


def test_a_sheet_named_otherwise_is_recognised_by_its_headers(tmp_path):
    result = dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Sheet1": sheet("funding")}))
    assert only(result, "funding") == FUNDING


def test_a_totals_row_that_agrees_is_checked_and_left_out(tmp_path):
    grid = sheet("funding") + [["Tổng cộng", None, None, 7_570_000]]
    result = dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Kinh phí": grid}))
    assert only(result, "funding") == FUNDING


def test_a_totals_row_that_disagrees_is_an_error_naming_both_figures(tmp_path):
    grid = sheet("funding") + [["TỔNG CỘNG:", None, None, "7.000.000"]]
    result = dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Kinh phí": grid}))
    assert rows(result.tables["funding"].frame) == FUNDING
    (error,) = result.findings
    assert (error.severity, error.rule, error.sheet, error.excel_row, error.header) == (
        "error", "totals_mismatch", "Kinh phí", 7, "Số tiền (đồng)"
    )
    assert error.render("vi") == (
        "Lỗi — tệp f.xlsx, trang tính «Kinh phí», dòng 7, cột «Số tiền (đồng)»: Dòng tổng cộng ghi 7.000.000, "
        "nhưng cộng các dòng phía trên được 7570000. Hãy sửa lại số liệu, hoặc xóa dòng tổng cộng (không bắt "
        "buộc phải có)."
    )
    assert "says 7.000.000, but the rows above add up to 7570000" in error.render("en")


def test_rows_below_a_totals_row_are_left_out_with_a_warning(tmp_path):
    grid = sheet("funding") + [["Tổng cộng", None, None, 7_570_000], [], ["Người lập biểu"], ["Nguyễn Văn A"]]
    result = dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Kinh phí": grid}))
    assert rows(result.tables["funding"].frame) == FUNDING
    (warning,) = result.findings
    assert (warning.rule, warning.excel_row, warning.params) == ("rows_after_total", 9, {"n": 2, "total_row": 7})


def test_numbers_typed_as_text_with_vietnamese_separators_in_a_semicolon_csv(tmp_path):
    grid = [labels("funding")] + [
        ["P1", "2022", "state_budget", "1.000.000"],
        ["P1", "2022", "social_mobilisation", "5.000.000,00"],
        ["P1", "2023", "state_budget", "1.200.000,4"],  # rounded to whole đồng
        ["D1", "2023", "social_mobilisation", "300.000 đ"],
        ["C1", "2023", "member_fees", "70.000"],
    ]
    members = [labels("membership"), ["P1", "2022", "100", ""], ["P1", "2023", "110", "1.234"],
               ["D1", "2022", "50", "5"], ["D1", "2023", "40", "2"], ["C1", "2023", "7", "7"]]
    result = dry_run(
        tmp_path,
        write_csv(tmp_path / "kinh-phi.csv", grid, delimiter=";"),
        write_csv(tmp_path / "hoi-vien.csv", members, delimiter=";"),
    )
    assert only(result, "funding") == FUNDING
    assert rows(result.tables["membership"].frame)[:2] == [("P1", 2022, 100, None), ("P1", 2023, 110, 1234)]


def test_money_in_millions_or_billions_when_the_header_says_so(tmp_path):
    funding = [["Mã hội", "Năm", "Nguồn kinh phí", "Số tiền (triệu đồng)"],
               ["P1", 2022, "state_budget", 1], ["P1", 2022, "social_mobilisation", "5"],
               ["P1", 2023, "state_budget", 1.2], ["D1", 2023, "social_mobilisation", "0,3"],
               ["C1", 2023, "member_fees", 0.07]]
    welfare = [labels("welfare")[:-1] + ["Giá trị (tỷ đồng)"]] + [r[:-1] + [v] for r, v in
                                                                   zip(values("welfare"), [0.009, "0,001", "0.008"],
                                                                       strict=True)]
    result = dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Kinh phí": funding, "An sinh": welfare}))
    assert only(result, "funding") == FUNDING
    assert [r[-1] for r in rows(result.tables["welfare"].frame)] == [9_000_000, 1_000_000, 8_000_000]


def test_dates_as_dd_mm_yyyy_iso_text_or_excel_serial(tmp_path):
    grid = sheet("consultations")
    grid[1][1] = "02/04/2022"
    grid[2][1] = "2023-09-09"
    grid.append(["M3", 45000, "P1", "68", "draft_law", "Góp ý dự thảo", 3, 1])  # Excel serial 45000
    result = dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Tư vấn, phản biện xã hội": grid}))
    assert [r[1] for r in only(result, "consultations")] == [dt.date(2022, 4, 2), dt.date(2023, 9, 9),
                                                            dt.date(2023, 3, 15)]


def test_nfd_text_and_headers_become_nfc(tmp_path):
    grid = [[unicodedata.normalize("NFD", v) if isinstance(v, str) else v for v in r] for r in sheet("associations")]
    assert grid[1][1] != tiny_tables()["associations"]["name"][0]  # really decomposed
    result = dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Danh sách hội": grid}))
    names = [r[1] for r in only(result, "associations")]
    assert names == list(tiny_tables()["associations"]["name"])
    assert all(unicodedata.is_normalized("NFC", n) for n in names)


def test_stray_spaces_are_removed(tmp_path):
    grid = [labels("funding")] + [
        [" P1 ", " 2022", "state_budget\u00a0", " 1000000 "],
        ["P1", 2022, "  social_mobilisation", 5_000_000],
        ["P1\t", 2023, "state_budget", 1_200_000],
        ["D1", 2023, "social_mobilisation", 300_000],
        ["C1", 2023, "member_fees", 70_000],
    ]
    assoc = sheet("associations")
    assoc[1][1] = "  Hội  Chữ thập   đỏ tỉnh Lâm Đồng "
    result = dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Kinh phí": grid, "Danh sách hội": assoc}))
    assert only(result, "funding") == FUNDING
    assert rows(result.tables["associations"].frame)[0][1] == "Hội Chữ thập đỏ tỉnh Lâm Đồng"


def test_names_written_out_instead_of_codes(tmp_path):
    assoc = [labels("associations")] + [
        ["P1", "Hội Chữ thập đỏ tỉnh Lâm Đồng", "Red Cross", "Hội Chữ thập đỏ", "Nhân đạo, từ thiện", "Cấp tỉnh",
         "Lâm Đồng", None, "Có", "x", dt.date(1976, 5, 15), None, "1/QĐ"],
        ["D1", "Hội Khuyến học huyện Đức Trọng", None, "hoi khuyen hoc", "Education", "Cấp huyện",
         "Duc Trong", None, "có", "Không", dt.date(2000, 1, 1), None, None],
        ["C1", "Hội Làm vườn xã Đạ Sar", None, "Gardening Association", "Kinh tế", "commune",
         "Lạc Dương", None, "không", "no", dt.date(2023, 3, 1), None, None],
    ]
    funding = [labels("funding")] + [
        ["P1", 2022, "Ngân sách nhà nước", 1_000_000], ["P1", 2022, "Vận động xã hội hóa", 5_000_000],
        ["P1", 2023, "State budget", 1_200_000], ["D1", 2023, "van dong xa hoi hoa", 300_000],
        ["C1", 2023, "Hội phí", 70_000],
    ]
    result = dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Danh sách hội": assoc, "Kinh phí": funding}))
    assert only(result, "funding") == FUNDING
    expected = [tuple(r) for r in values("associations")]
    assert rows(result.tables["associations"].frame) == expected


def test_codes_typed_as_numbers(tmp_path):
    grid = sheet("consultations")
    grid[1][3], grid[2][3] = 68, 678.0
    result = dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Tư vấn, phản biện xã hội": grid}))
    assert [r[3] for r in only(result, "consultations")] == ["68", "678"]


def test_a_name_that_fits_two_units_is_an_error_naming_both_codes(tmp_path):
    units = sheet("units", tables=tiny_tables()) + [
        ["67201", "Phường 1", None, "ward", "672", None, None, None, 9000],
        ["67301", "Phường 1", None, "ward", "673", None, None, None, 8000],
    ]
    cons = sheet("consultations")
    cons[1][3] = "Phường 1"
    result = dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Đơn vị hành chính": units,
                                                                 "Tư vấn, phản biện xã hội": cons}))
    (error,) = errors(result.findings)
    assert (error.rule, error.sheet, error.excel_row, error.header, error.value) == (
        "ambiguous_code", "Tư vấn, phản biện xã hội", 2, "Đơn vị hành chính", "Phường 1"
    )
    assert error.message("en") == "“Phường 1” matches several codes (67201, 67301). Enter the code instead of the name."


def test_the_template_with_its_example_and_english_header_rows(tmp_path):
    path = tmp_path / "mau.xlsx"
    path.write_bytes(template_bytes("vi"))
    book = openpyxl.load_workbook(path)
    ws = book["Kinh phí"]
    for r, row in enumerate(values("funding"), start=4):  # row 3 holds the example
        for c, v in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=v)
    book.save(path)
    result = dry_run(tmp_path, path)
    assert only(result, "funding") == FUNDING
    assert result.tables["funding"].origins[0].excel_row == 4
    assert result.tables["associations"].source == "base"  # empty template sheets change nothing


def test_a_running_number_column_and_a_column_number_row(tmp_path):
    grid = [["STT"] + labels("funding"), ["(1)", "(2)", "(3)", "(4)", "(5)"]]
    grid += [[i] + r for i, r in enumerate(values("funding"), start=1)]
    result = dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Kinh phí": grid}))
    assert only(result, "funding") == FUNDING


def test_a_unicode_text_export_from_excel(tmp_path):
    path = write_csv(tmp_path / "funding.txt", sheet("funding"), delimiter="\t", encoding="utf-16")
    result = dry_run(tmp_path, path)
    assert only(result, "funding") == FUNDING
