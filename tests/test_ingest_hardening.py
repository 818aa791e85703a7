"""Files that used to lose rows, or publish wrong text, without an error (issue 14): each test is one
such file, and what the importer must do with it instead."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import openpyxl.styles
import pytest
import xlsxwriter

from massorg.data.validate import errors
from massorg.ingest import limits
from massorg.ingest.commands import render
from massorg.ingest.importer import import_files
from tests.test_ingest_samples import AS_OF, labels, rows, sheet, tiny_store, write_csv, write_xlsx
from tests.test_ingest_tolerances import FUNDING


def dry_run(tmp_path, *files, base: str | None = "tiny", **kwargs):
    root = tiny_store(tmp_path)
    return import_files(list(files), as_of=kwargs.pop("as_of", AS_OF), base_id=base, dry_run=True, root=root,
                        **kwargs)


def rendered(result, lang: str = "en") -> list[str]:
    return [f.render(lang) for f in result.findings]


# --- 1. only a real totals row is set aside --------------------------------------------------------

MEETINGS = [
    ["M1", "02/04/2022", "P1", "68", "draft_law", "Góp ý dự thảo Luật", 10, 6],
    ["M2", "09/09/2023", "D1", "678", "local_project", "Tổng công ty Cà phê Lâm Đồng: dự án nhà máy", 4, 4],
    ["M3", "10/10/2023", "P1", "68", "plan_programme", "Tổng cộng đồng dân cư: kế hoạch", 3, 1],
    ["M4", "11/11/2023", "D1", "678", "other", "Góp ý quy hoạch", 2, 2],
]


def test_a_row_that_begins_like_tong_cong_is_data(tmp_path):
    grid = [labels("consultations"), *MEETINGS]
    result = dry_run(tmp_path, write_xlsx(tmp_path / "tu-van.xlsx", {"Tư vấn, phản biện xã hội": grid}))
    assert rendered(result) == []
    assert [r[0] for r in rows(result.tables["consultations"].frame)] == ["M1", "M2", "M3", "M4"]


def test_a_totals_label_beside_text_is_data_not_a_totals_row(tmp_path):
    grid = sheet("funding") + [["Tổng cộng", 2023, "state_budget", 7_570_000]]
    result = dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Kinh phí": grid}))
    # read as a data row: its association id is then unknown, an error that names the row
    (error,) = errors(result.findings)
    assert (error.rule, error.excel_row, error.value) == ("dangling_reference", 7, "Tổng cộng")


def test_data_below_a_totals_row_is_an_error_naming_the_row(tmp_path):
    grid = sheet("funding")
    grid.insert(4, ["Tổng cộng", None, None, 7_200_000])  # after three rows that add up to it
    result = dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Kinh phí": grid}))
    assert [(f.rule, f.excel_row) for f in errors(result.findings)] == [("data_after_total", 6),
                                                                        ("data_after_total", 7)]
    assert rendered(result)[0] == (
        "Error — file f.xlsx, sheet “Kinh phí”, row 6: This row holds data but lies below the totals row (row 5), "
        "so it would be lost. Move the totals row to the bottom of the table, or delete it."
    )


def test_a_signature_block_below_the_totals_row_is_only_a_warning(tmp_path):
    grid = sheet("funding") + [["Tổng cộng", None, None, 7_570_000], [],
                               ["Người lập biểu", None, None, "Thủ trưởng đơn vị"], ["Nguyễn Văn A", None, None, "Trần B"]]
    result = dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Kinh phí": grid}))
    assert [(f.severity, f.rule, f.params) for f in result.findings] == [
        ("warning", "rows_after_total", {"n": 2, "total_row": 7})]
    assert rows(result.tables["funding"].frame) == FUNDING


def test_a_true_totals_row_is_still_set_aside(tmp_path):
    grid = sheet("funding") + [["Tổng", None, None, "7.570.000"]]
    result = dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Kinh phí": grid}))
    assert rendered(result) == []
    assert rows(result.tables["funding"].frame) == FUNDING


# --- 2. hidden sheets are never imported silently -------------------------------------------------


def _workbook_with_hidden(path, state: str, hidden_grid, visible: dict | None = None, title: str = "Kinh phí"):
    path = write_xlsx(path, {**(visible or {"Ghi chú": [["Báo cáo quý 2"]]}), title: hidden_grid})
    book = openpyxl.load_workbook(path)
    book[title].sheet_state = state
    book.save(path)
    return path


def test_a_table_on_a_very_hidden_sheet_is_an_error_and_nothing_is_published(tmp_path):
    path = _workbook_with_hidden(tmp_path / "an.xlsx", "veryHidden", sheet("funding"))
    root = tiny_store(tmp_path)
    result = import_files([path], as_of=AS_OF, base_id="tiny", root=root)
    assert result.snapshot is None
    assert [(f.rule, f.file, f.sheet) for f in errors(result.findings)] == [
        ("very_hidden_sheet", "an.xlsx", "Kinh phí")]
    assert render(errors(result.findings)[0], "en").startswith(
        "Error — file an.xlsx, sheet “Kinh phí”: This sheet is “very hidden” (Excel's Unhide menu cannot show it) "
        "but holds a table of the reporting template, so it was not imported")


def test_a_table_on_a_hidden_sheet_is_an_error(tmp_path):
    path = _workbook_with_hidden(tmp_path / "an.xlsx", "hidden", sheet("funding"),
                                 {"Hội viên": sheet("membership")})
    result = dry_run(tmp_path, path)
    assert [(f.rule, f.sheet) for f in errors(result.findings)] == [("hidden_sheet", "Kinh phí")]


def test_a_hidden_sheet_without_a_table_is_named_in_a_warning(tmp_path):
    path = _workbook_with_hidden(tmp_path / "an.xlsx", "hidden", [["Ghi chú nội bộ"], ["x"]],
                                 {"Kinh phí": sheet("funding")}, title="Nháp")
    result = dry_run(tmp_path, path)
    assert rendered(result) == ["Warning — file an.xlsx, sheet “Nháp”: This sheet is hidden in Excel and holds no "
                                "table of the reporting template, so it was skipped."]
    assert rows(result.tables["funding"].frame) == FUNDING


# --- 3. Excel's _xHHHH_ escapes and control characters --------------------------------------------


def test_excel_escapes_are_undone_and_control_characters_removed_with_a_warning(tmp_path):
    grid = sheet("consultations")
    grid[1][5] = "Nghị quyết_x000D_ về phát triển"
    grid[2][5] = "dân_x0007_ xã_x001B_"
    grid.append(["M3", "10/10/2023", "P1", "68", "other", "Quỹ_x005F_x000D_ghi", 1, 1])  # an escaped underscore
    result = dry_run(tmp_path, write_xlsx(tmp_path / "tv.xlsx", {"Tư vấn, phản biện xã hội": grid}))
    subjects = [r[5] for r in rows(result.tables["consultations"].frame)]
    assert subjects == ["Nghị quyết về phát triển", "dân xã", "Quỹ_x000D_ghi"]
    assert rendered(result) == [
        "Warning — file tv.xlsx, sheet “Tư vấn, phản biện xã hội”, row 3, column “Nội dung”: The text held invisible "
        "control characters (U+0007, U+001B), which were removed: “dân xã”."
    ]


def test_control_characters_in_a_csv_are_removed_with_a_warning(tmp_path):
    grid = sheet("consultations")
    grid[2][5] = "Phản\x01 biện\x7f"
    result = dry_run(tmp_path, write_csv(tmp_path / "tu_van.csv", grid))
    assert [r[5] for r in rows(result.tables["consultations"].frame)][1] == "Phản biện"
    assert [(f.rule, f.excel_row, f.params) for f in result.findings] == [
        ("control_characters", 3, {"chars": "U+0001, U+007F"})]


# --- 4. founded after the report's date -----------------------------------------------------------


def test_an_association_founded_after_the_as_of_date_is_an_error(tmp_path):
    grid = sheet("associations")
    grid[3][10] = "15/03/2035"
    result = dry_run(tmp_path, write_xlsx(tmp_path / "hoi.xlsx", {"Danh sách hội": grid}),
                     as_of=dt.date(2025, 6, 30))
    (error,) = errors(result.findings)
    assert (error.rule, error.excel_row, error.header, error.value) == (
        "founded_after_as_of", 4, "Ngày thành lập", "15/03/2035")
    assert error.message("en") == (
        "The founding date 15/03/2035 is after the date the figures are as of (2025-06-30). Check the date.")


# --- 5. clear messages for awkward files ----------------------------------------------------------


def test_a_csv_saved_in_cp1252_says_the_encoding_lost_the_letters(tmp_path):
    path = tmp_path / "kinh_phi.csv"
    text = "\n".join(",".join(map(str, r)) for r in sheet("funding"))
    path.write_bytes(text.encode("cp1252", errors="replace"))
    (error,) = errors(dry_run(tmp_path, path).findings)
    assert (error.rule, error.file) == ("csv_lost_letters", "kinh_phi.csv")
    assert render(error, "en") == (
        "Error — file kinh_phi.csv: File “kinh_phi.csv” has lost its Vietnamese letters (e.g. “h?i”): it was saved "
        "in a Western encoding (Windows-1252, “ANSI”), which turns them into “?”. Open the original workbook in "
        "Excel and save it as “CSV UTF-8 (Comma delimited)”, or send the .xlsx itself."
    )


def test_a_question_mark_in_a_web_address_is_not_taken_for_lost_letters(tmp_path):
    grid = sheet("consultations")
    grid[1][5] = "Xem https://laws.example/view.php?id=3, ok?"
    result = dry_run(tmp_path, write_csv(tmp_path / "tu_van.csv", grid))
    assert rendered(result) == []


def test_a_semicolon_csv_with_commas_in_its_text(tmp_path):
    grid = [labels("consultations"), *[
        [*r[:5], "Góp ý, phản biện, kiến nghị: dự thảo luật, quy hoạch, kế hoạch, đề án, chương trình, dự án, nhà máy, đường, trường, trạm", *r[6:]] for r in MEETINGS]]
    result = dry_run(tmp_path, write_csv(tmp_path / "tu_van.csv", grid, delimiter=";"))
    assert rendered(result) == []
    assert [r[0] for r in rows(result.tables["consultations"].frame)] == ["M1", "M2", "M3", "M4"]


def test_a_formula_excel_never_calculated(tmp_path):
    grid = sheet("funding")
    grid[2][3] = "=2*2500000"  # openpyxl writes formulas without a value, as programs do
    (error,) = errors(dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Kinh phí": grid})).findings)
    assert (error.rule, error.excel_row, error.header, error.value) == (
        "uncalculated_formula", 3, "Số tiền (đồng)", "=2*2500000")
    assert "never calculated" in error.render("en") and "Open the file in Excel" in error.render("en")


def test_an_uncalculated_sum_in_a_totals_row(tmp_path):
    grid = sheet("funding") + [["Tổng cộng", None, None, "=SUM(D2:D6)"]]
    (error,) = errors(dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Kinh phí": grid})).findings)
    assert (error.rule, error.excel_row, error.value) == ("uncalculated_formula", 7, "=SUM(D2:D6)")


def _without(path, member: str):
    data = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(data, "w") as out:
        for item in src.infolist():
            if item.filename != member:
                out.writestr(item, src.read(item))
    path.write_bytes(data.getvalue())
    return path


def test_a_workbook_missing_its_sheet_part_is_damaged_naming_the_sheet(tmp_path):
    path = _without(write_xlsx(tmp_path / "f.xlsx", {"Kinh phí": sheet("funding")}), "xl/worksheets/sheet1.xml")
    (error,) = errors(dry_run(tmp_path, path).findings)
    assert (error.rule, error.file, error.sheet) == ("sheet_part_missing", "f.xlsx", "Kinh phí")
    assert "contents are missing from the file: the file is damaged" in render(error, "en")


def test_an_ods_file_is_told_to_be_saved_as_xlsx(tmp_path):
    path = tmp_path / "bao-cao.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    (error,) = errors(dry_run(tmp_path, path).findings)
    assert render(error, "vi") == (
        "Lỗi — tệp bao-cao.ods: Tệp «bao-cao.ods» là bảng tính OpenDocument (.ods). Hãy mở bằng LibreOffice Calc "
        "hoặc Excel, lưu thành sổ làm việc Excel (.xlsx) rồi nhập tệp đó."
    )


def test_a_sheet_of_only_a_totals_row_names_its_file_and_sheet(tmp_path):
    grid = [labels("funding"), ["Tổng cộng", None, None, 7_570_000]]
    result = dry_run(tmp_path, write_xlsx(tmp_path / "tong.xlsx", {"Kinh phí": grid}))
    assert [render(f, "en") for f in errors(result.findings)] == [
        "Error — file tong.xlsx, sheet “Kinh phí”, row 2: This sheet holds a totals row but no data rows above it. "
        "Enter the rows the total is made of, or delete the sheet.",
        "Error — file tong.xlsx: The files tong.xlsx hold only header rows and example rows, no data rows.",
    ]


def test_when_one_file_of_several_is_bad_its_finding_names_file_and_sheet(tmp_path):
    good = write_xlsx(tmp_path / "hoi-vien.xlsx", {"Hội viên": sheet("membership")})
    bad = write_xlsx(tmp_path / "kinh-phi.xlsx", {"Kinh phí": [labels("funding"), ["Tổng cộng", None, None, 5]]})
    result = dry_run(tmp_path, good, bad)
    assert [(f.rule, f.file, f.sheet, f.excel_row) for f in errors(result.findings)] == [
        ("only_totals", "kinh-phi.xlsx", "Kinh phí", 2)]


# --- 9. bounded reading: limits on file size, rows, columns, cell text and unpacked size -------------


@pytest.fixture
def small_limits(monkeypatch):
    """The importer's limits made small, so that a few rows go beyond them."""
    for name, value in (("MAX_ROWS", 12), ("MAX_COLUMNS", 8), ("MAX_CELL_CHARS", 100), ("MAX_FILE_BYTES", 200_000),
                        ("MAX_FILE_MB", 0.2), ("MAX_SHARED_STRINGS_BYTES", 4096), ("MAX_UNPACKED_BYTES", 150_000)):
        monkeypatch.setattr(limits, name, value)


def test_a_sheet_beyond_the_row_limit_is_refused_naming_the_limit(tmp_path, small_limits):
    path = write_xlsx(tmp_path / "f.xlsx", {"Kinh phí": sheet("funding")})
    book = openpyxl.load_workbook(path)
    for row in range(7, 30):  # formatted but empty rows below the table, as Excel leaves them
        book["Kinh phí"].cell(row=row, column=1).fill = openpyxl.styles.PatternFill("solid", fgColor="FFFF00")
    book.save(path)
    (error,) = errors(dry_run(tmp_path, path).findings)
    assert (error.rule, error.file, error.sheet, error.excel_row) == ("too_many_rows", "f.xlsx", "Kinh phí", 13)
    assert "The table goes beyond row 12, the most rows the importer reads" in error.render("en")


def test_a_csv_beyond_the_row_limit_is_refused(tmp_path, small_limits):
    grid = sheet("funding") + [["P1", 2000 + i, "other", 1] for i in range(10)]
    (error,) = errors(dry_run(tmp_path, write_csv(tmp_path / "funding.csv", grid)).findings)
    assert (error.rule, error.excel_row) == ("too_many_rows", 13)
    assert render(error, "en").startswith("Error — file funding.csv, row 13: The table goes beyond row 12")


def test_a_cell_beyond_the_text_limit_is_refused_at_its_cell(tmp_path, small_limits):
    grid = sheet("consultations")
    grid[2][5] = "x" * 101
    (error,) = errors(dry_run(tmp_path, write_xlsx(tmp_path / "tv.xlsx", {"Tư vấn": grid})).findings)
    assert (error.rule, error.excel_row, error.header, error.params) == (
        "cell_too_long", 3, "F", {"limit": 100, "length": 101})
    assert render(error, "en") == (
        "Error — file tv.xlsx, sheet “Tư vấn”, row 3, column “F”: A cell holds more than 100 characters (101), "
        "the longest text the importer reads, so the table was not imported. Shorten the text.")


def test_a_csv_cell_beyond_the_text_limit_is_refused(tmp_path, small_limits):
    grid = sheet("consultations")
    grid[1][5] = "y" * 150
    (error,) = errors(dry_run(tmp_path, write_csv(tmp_path / "tu_van.csv", grid)).findings)
    assert (error.rule, error.excel_row, error.header) == ("cell_too_long", 2, "F")


def test_filled_cells_beyond_the_column_limit_are_refused(tmp_path, small_limits):
    grid = sheet("funding")
    grid[3] += [None] * 6 + ["ghi chú"]
    (error,) = errors(dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Kinh phí": grid})).findings)
    assert (error.rule, error.excel_row, error.header) == ("too_many_columns", 4, "I")


def test_a_shared_strings_bomb_is_refused_before_it_is_loaded(tmp_path, small_limits):
    path = tmp_path / "bomb.xlsx"
    book = xlsxwriter.Workbook(path)  # XlsxWriter keeps text in the shared-strings part, as Excel does
    ws = book.add_worksheet("Kinh phí")
    for r, row in enumerate(sheet("funding")):
        ws.write_row(r, 0, row)
    for r in range(200):
        ws.write_string(10 + r, 20, f"chuỗi số {r:05d} " * 3)
    book.close()
    (error,) = errors(dry_run(tmp_path, path).findings)
    assert (error.rule, error.file) == ("too_much_text", "bomb.xlsx")


def test_a_zip_that_unpacks_beyond_the_limit_is_refused(tmp_path, small_limits):
    path = write_xlsx(tmp_path / "f.xlsx", {"Kinh phí": sheet("funding")})
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/padding.bin", b"\0" * 200_000)  # compresses to almost nothing
    assert path.stat().st_size < limits.MAX_FILE_BYTES
    (error,) = errors(dry_run(tmp_path, path).findings)
    assert error.rule == "unpacked_too_large"


def test_a_file_beyond_the_size_limit_is_refused_without_reading_it(tmp_path, small_limits):
    path = tmp_path / "big.csv"
    path.write_bytes(b"a,b\n" * 60_000)
    (error,) = errors(dry_run(tmp_path, path).findings)
    assert (error.rule, error.params) == ("file_too_large", {"limit_mb": 0.2})
