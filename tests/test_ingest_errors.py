"""Every error of the issue, each with a test: the finding names the file, sheet, Excel row and header
as written, with the value found; the import publishes nothing and leaves the store byte-identical."""

from __future__ import annotations

import io
import zipfile

import pytest

from massorg.data.validate import errors
from massorg.ingest.commands import render
from massorg.ingest.importer import import_files
from massorg.ingest.template import workbook_bytes
from tests.factories import tiny_tables
from tests.test_ingest_samples import (
    AS_OF,
    labels,
    sheet,
    store_bytes,
    store_entries,
    tiny_store,
    write_csv,
    write_xlsx,
)


def failed(tmp_path, *files, base: str | None = "tiny"):
    """Import for real (not a dry run) and check that nothing at all changed in the store."""
    root = tiny_store(tmp_path)
    before = store_bytes(root)
    result = import_files(list(files), as_of=AS_OF, base_id=base, root=root)
    assert result.snapshot is None
    assert store_entries(root) == ["tiny"]
    assert store_bytes(root) == before
    return errors(result.findings)


def where(finding) -> tuple:
    return (finding.rule, finding.file, finding.sheet, finding.excel_row, finding.header, finding.value)


def funding_file(tmp_path, change) -> object:
    grid = sheet("funding")
    change(grid)
    return write_xlsx(tmp_path / "kinh-phi.xlsx", {"Kinh phí": grid})


def test_missing_required_column(tmp_path):
    grid = [r[:3] for r in sheet("funding")]
    (error,) = failed(tmp_path, write_xlsx(tmp_path / "kinh-phi.xlsx", {"Kinh phí": grid}))
    assert where(error) == ("missing_column", "kinh-phi.xlsx", "Kinh phí", 1, "Số tiền (đồng)", None)
    assert error.render("vi") == (
        "Lỗi — tệp kinh-phi.xlsx, trang tính «Kinh phí», dòng 1, cột «Số tiền (đồng)»: "
        "Thiếu cột bắt buộc «Số tiền (đồng)». Hãy thêm cột này vào dòng tiêu đề (xem mẫu báo cáo)."
    )
    assert error.render("en") == (
        "Error — file kinh-phi.xlsx, sheet “Kinh phí”, row 1, column “Số tiền (đồng)”: "
        "Required column “Số tiền (đồng)” is missing. Add it to the header row (see the reporting template)."
    )


def test_unknown_code(tmp_path):
    (error,) = failed(tmp_path, funding_file(tmp_path, lambda g: g[4].__setitem__(2, "ngân sách tỉnh")))
    assert where(error) == ("unknown_code", "kinh-phi.xlsx", "Kinh phí", 5, "Nguồn kinh phí", "ngân sách tỉnh")
    assert error.render("en") == (
        "Error — file kinh-phi.xlsx, sheet “Kinh phí”, row 5, column “Nguồn kinh phí”: “ngân sách tỉnh” is not "
        "an allowed code. Allowed: foreign_aid (Foreign organisations), member_fees (Member fees), other (Other "
        "sources), social_mobilisation (Self-mobilised social funds), state_budget (State budget)."
    )
    assert "state_budget (Ngân sách nhà nước)" in error.render("vi")


def test_duplicate_key(tmp_path):
    (error,) = failed(tmp_path, funding_file(tmp_path, lambda g: g.append(list(g[1]))))
    assert where(error) == ("duplicate_row", "kinh-phi.xlsx", "Kinh phí", 7, "Mã hội", "P1 / 2022 / state_budget")
    assert error.render("vi") == (
        "Lỗi — tệp kinh-phi.xlsx, trang tính «Kinh phí», dòng 7, cột «Mã hội»: Trùng khóa (Mã hội, Năm, "
        "Nguồn kinh phí): «P1 / 2022 / state_budget» đã có ở dòng 2 (Kinh phí). Hãy xóa dòng trùng hoặc sửa mã."
    )
    assert "already appears in row 2 (Kinh phí)" in error.render("en")


def test_reference_to_an_association_that_does_not_exist(tmp_path):
    (error,) = failed(tmp_path, funding_file(tmp_path, lambda g: g[3].__setitem__(0, "X9")))
    assert where(error) == ("dangling_reference", "kinh-phi.xlsx", "Kinh phí", 4, "Mã hội", "X9")
    assert error.message("vi") == (
        "«X9» không có trong bảng «associations». Hãy kiểm tra mã hoặc bổ sung vào bảng «associations»."
    )


def test_negative_money(tmp_path):
    (error,) = failed(tmp_path, funding_file(tmp_path, lambda g: g[2].__setitem__(3, "-500.000")))
    assert where(error) == ("negative", "kinh-phi.xlsx", "Kinh phí", 3, "Số tiền (đồng)", "-500.000")
    assert error.message("en") == "-500.000 is negative; counts and money must be zero or more."


def test_negative_money_is_shown_as_typed_in_a_column_of_millions(tmp_path):
    grid = sheet("funding")
    grid[0][3] = "Số tiền (triệu đồng)"
    for row in grid[1:]:
        row[3] = row[3] / 1_000_000
    grid[5][3] = "-0,07"
    (error,) = failed(tmp_path, write_xlsx(tmp_path / "kinh-phi.xlsx", {"Kinh phí": grid}))
    assert where(error) == ("negative", "kinh-phi.xlsx", "Kinh phí", 6, "Số tiền (triệu đồng)", "-0,07")
    assert error.message("vi") == "Giá trị -0,07 là số âm; số lượng và số tiền phải lớn hơn hoặc bằng 0."


def test_negative_count(tmp_path):
    grid = sheet("membership")
    grid[2][2] = -3
    (error,) = failed(tmp_path, write_xlsx(tmp_path / "hv.xlsx", {"Hội viên": grid}))
    assert where(error) == ("negative", "hv.xlsx", "Hội viên", 3, "Số hội viên (cuối năm)", "-3")


def test_accepted_comments_above_submitted(tmp_path):
    grid = sheet("consultations")
    grid[2][7] = 12  # M2: 4 submitted
    (error,) = failed(tmp_path, write_xlsx(tmp_path / "pb.xlsx", {"Tư vấn, phản biện xã hội": grid}))
    assert where(error) == (
        "accepted_above_submitted", "pb.xlsx", "Tư vấn, phản biện xã hội", 3, "Số ý kiến được tiếp thu", "12"
    )
    assert error.message("en") == "Comments accepted (12) exceed comments submitted (4)."


@pytest.mark.parametrize("year", [1999, 2999])
def test_year_outside_2000_to_this_year(tmp_path, year):
    grid = sheet("membership")
    grid[5][1] = year
    (error,) = failed(tmp_path, write_csv(tmp_path / "hoi-vien.csv", grid))
    assert where(error) == ("year_range", "hoi-vien.csv", None, 6, "Năm", str(year))
    assert error.render("en").startswith(f"Error — file hoi-vien.csv, table “membership”, row 6, column “Năm”: Year {year}")


@pytest.mark.parametrize("text", ["31/02/2023", "hôm qua", "2023-13-01"])
def test_date_that_does_not_parse(tmp_path, text):
    grid = sheet("consultations")
    grid[1][1] = text
    (error,) = failed(tmp_path, write_xlsx(tmp_path / "pb.xlsx", {"Tư vấn, phản biện xã hội": grid}))
    assert where(error) == ("bad_date", "pb.xlsx", "Tư vấn, phản biện xã hội", 2, "Ngày tổ chức", text)
    assert "dd/mm/yyyy" in error.message("vi") and "dd/mm/yyyy" in error.message("en")


@pytest.mark.parametrize(("text", "rule"), [("nhiều", "bad_number"), ("12,5", "not_whole_number"),
                                            ("3000000000", "number_too_large")])
def test_count_that_is_not_a_whole_number(tmp_path, text, rule):
    grid = sheet("membership")
    grid[3][2] = text
    (error,) = failed(tmp_path, write_xlsx(tmp_path / "hv.xlsx", {"Hội viên": grid}))
    assert where(error) == (rule, "hv.xlsx", "Hội viên", 4, "Số hội viên (cuối năm)", text)


def test_required_cell_left_empty(tmp_path):
    (error,) = failed(tmp_path, funding_file(tmp_path, lambda g: g[5].__setitem__(3, None)))
    assert where(error) == ("missing_value", "kinh-phi.xlsx", "Kinh phí", 6, "Số tiền (đồng)", None)


def test_every_error_is_reported_not_just_the_first(tmp_path):
    def spoil(g):
        g[1][2] = "?"
        g[2][3] = "abc"
        g[3][0] = "X9"

    found = failed(tmp_path, funding_file(tmp_path, spoil))
    assert sorted((f.rule, f.excel_row) for f in found) == [
        ("bad_number", 3), ("dangling_reference", 4), ("unknown_code", 2)
    ]


def test_a_table_missing_without_base(tmp_path):
    found = failed(tmp_path, funding_file(tmp_path, lambda g: None), base=None)
    assert sorted(f.table for f in found if f.rule == "missing_table") == [
        "associations", "consultations", "legal_aid", "membership", "welfare"
    ]


def _file(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _file_error(tmp_path, name: str, data: bytes):
    found = failed(tmp_path, _file(tmp_path, name, data))
    return next(f for f in found if f.file == name)


def test_not_a_spreadsheet(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    error = _file_error(tmp_path, "anh.xlsx", png)
    assert (error.rule, error.file, error.value) == ("not_spreadsheet", "anh.xlsx", "anh.xlsx")
    assert render(error, "vi") == (
        "Lỗi — tệp anh.xlsx: Tệp «anh.xlsx» không phải là bảng tính Excel (.xlsx) hoặc tệp CSV."
    )


def test_a_zip_that_is_not_a_workbook(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    assert _file_error(tmp_path, "van-ban.docx", buffer.getvalue()).rule == "not_spreadsheet"


@pytest.mark.parametrize("data", [b"", b"  \r\n", b"\xef\xbb\xbf"])
def test_an_empty_file(tmp_path, data):
    assert _file_error(tmp_path, "trong.csv", data).rule == "empty_file"


def test_a_workbook_with_only_empty_sheets(tmp_path):
    path = write_xlsx(tmp_path / "trong.xlsx", {"Sheet1": [], "Sheet2": [[None]]})
    (error,) = failed(tmp_path, path)
    assert (error.rule, error.file) == ("empty_file", "trong.xlsx")


def test_a_password_protected_workbook(tmp_path):
    # Excel stores an encrypted workbook in an OLE2 compound file with an EncryptionInfo stream.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptionInfo".encode("utf-16-le") + bytes(1000)
    error = _file_error(tmp_path, "mat-khau.xlsx", ole)
    assert error.rule == "encrypted_file"
    assert "password-protected" in render(error, "en")


def test_an_old_xls_workbook(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "Workbook".encode("utf-16-le") + bytes(1000)
    assert _file_error(tmp_path, "cu.xls", ole).rule == "legacy_xls"


def test_a_truncated_workbook(tmp_path):
    data = workbook_bytes(tiny_tables(), "vi")
    error = _file_error(tmp_path, "cat-ngang.xlsx", data[: len(data) // 2])
    assert error.rule == "damaged_file"
    assert render(error, "en") == (
        "Error — file cat-ngang.xlsx: File “cat-ngang.xlsx” is damaged or incomplete (perhaps cut short while "
        "downloading or copying). Get the original file again."
    )


def test_a_file_that_does_not_exist(tmp_path):
    (error,) = failed(tmp_path, tmp_path / "khong-co.xlsx")
    assert (error.rule, error.file) == ("file_missing", "khong-co.xlsx")


def test_a_csv_without_any_known_header(tmp_path):
    path = write_csv(tmp_path / "ghi-chu.csv", [["Họ tên", "Điện thoại"], ["Nguyễn Văn A", "0909"]])
    (error,) = failed(tmp_path, path)
    assert (error.rule, error.file) == ("no_header_csv", "ghi-chu.csv")


def test_a_sheet_that_could_be_two_tables(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", {"Sheet1": [labels("funding")[:2], ["P1", 2023]]})
    (error,) = failed(tmp_path, path)
    assert (error.rule, error.sheet) == ("table_unclear", "Sheet1")
    assert error.params == {"candidates": "Hội viên, Kinh phí"}


def test_an_unknown_base_snapshot(tmp_path):
    (error,) = failed(tmp_path, funding_file(tmp_path, lambda g: None), base="khong-co")
    assert (error.rule, error.value) == ("base_missing", "khong-co")
