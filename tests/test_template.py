"""The Excel reporting template: sheets, two header rows, drop-down lists, marked example rows that the
reader skips (and that are valid data once unmarked), the same bytes every time, and the CLI."""

from __future__ import annotations

import io

import openpyxl
import pytest

from massorg.__main__ import main
from massorg.data.schema import TABLES
from massorg.i18n import catalog
from massorg.ingest.importer import import_files
from massorg.ingest.reader import read_file
from massorg.ingest.template import code_lists, template_bytes
from tests.test_ingest_samples import AS_OF

SHEETS_VI = ["Hướng dẫn", "Đơn vị hành chính", "Chương trình an sinh", "Danh sách hội", "Hội viên", "Kinh phí",
             "Tư vấn, phản biện xã hội", "Trợ giúp pháp lý, hòa giải", "An sinh, từ thiện", "Sáp nhập, đổi tên, giải thể hội", "Danh mục"]
SHEETS_EN = ["Instructions", "Administrative units", "Welfare programmes", "Associations", "Membership", "Funding",
             "Consultation and social critici", "Legal aid and mediation", "Social welfare and charity", "Association lineage", "Lists"]


def _book(lang: str) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(template_bytes(lang)))


@pytest.mark.parametrize(("lang", "names"), [("vi", SHEETS_VI), ("en", SHEETS_EN)])
def test_one_sheet_per_table_between_instructions_and_lists(lang, names):
    assert _book(lang).sheetnames == names


def test_header_rows_vietnamese_then_english_and_a_note_column():
    book = _book("vi")
    for name, spec in TABLES.items():
        ws = book[spec.label_vi[:31]]
        first = [c.value for c in ws[1]]
        second = [c.value for c in ws[2]]
        assert first == [c.label_vi for c in spec.columns] + ["Ghi chú"], name
        assert second == [c.label_en for c in spec.columns] + ["Note"], name


def test_english_template_puts_english_headers_first():
    ws = _book("en")["Funding"]
    assert [c.value for c in ws[1]] == ["Association ID", "Year", "Funding source", "Amount (VND)", "Note"]
    assert [c.value for c in ws[2]] == ["Mã hội", "Năm", "Nguồn kinh phí", "Số tiền (đồng)", "Ghi chú"]


def test_coded_columns_have_drop_down_lists_from_the_lists_sheet():
    book = _book("vi")
    ws = book["Danh sách hội"]
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists == {"D3:D5000": "list_type", "E3:E5000": "list_field", "F3:F5000": "list_level",
                     "G3:G5000": "list_unit", "I3:I5000": "list_boolean", "J3:J5000": "list_boolean"}
    for sheet, formulas in (("Kinh phí", ["list_source"]), ("Tư vấn, phản biện xã hội", ["list_unit", "list_subject_kind"]),
                            ("An sinh, từ thiện", ["list_unit", "list_programme", "list_beneficiaries_unit"])):
        assert [dv.formula1 for dv in book[sheet].data_validations.dataValidation] == formulas
    assert all(dv.errorStyle == "warning" for dv in ws.data_validations.dataValidation)


@pytest.mark.parametrize(("lang", "column"), [("vi", 1), ("en", 2)])
def test_each_drop_down_lists_the_names_in_the_template_language(lang, column):
    book = _book(lang)
    for name, entries in code_lists().items():
        (sheet, cells), = book.defined_names[f"list_{name}"].destinations
        shown = [row[0].value for row in book[sheet][cells.replace("$", "")]]
        assert shown == [entry[column] for entry in entries], name
    assert [e[1] for e in code_lists()["source"]] == [
        "Ngân sách nhà nước", "Tổ chức nước ngoài hỗ trợ", "Vận động xã hội hóa", "Hội phí", "Nguồn khác"
    ]


def test_example_rows_are_marked_and_the_reader_skips_them(tmp_path):
    path = tmp_path / "mau.xlsx"
    path.write_bytes(template_bytes("vi"))
    ws = openpyxl.load_workbook(path)["Kinh phí"]
    assert [c.value for c in ws[3]] == ["VD01", 2024, "Ngân sách nhà nước", 250_000_000,
                                        "Ví dụ – dòng mẫu, không được nhập"]
    read = read_file(path)
    assert [(s.table, len(s.rows)) for s in read.tables] == [(name, 0) for name in TABLES]
    assert read.findings == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_examples_are_valid_data_once_unmarked(tmp_path, lang):
    path = tmp_path / "mau.xlsx"
    path.write_bytes(template_bytes(lang))
    book = openpyxl.load_workbook(path)
    for spec in TABLES.values():
        book[spec.label(lang)[:31]].cell(row=3, column=len(spec.columns) + 1).value = None
    book.save(path)
    result = import_files([path], as_of=AS_OF, dry_run=True, root=tmp_path / "store")
    assert [f.render("en") for f in result.findings] == []
    assert {n: len(b.frame) for n, b in result.tables.items()} == dict.fromkeys(TABLES, 1)
    assert result.tables["funding"].frame.iloc[0].tolist() == ["VD01", 2024, "state_budget", 250_000_000]


def test_instructions_explain_the_template_in_its_language():
    ws = _book("en")["Instructions"]
    texts = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert texts[0] == "Reporting template: mass associations of Lâm Đồng province"
    assert any("Amount (VND million)" in str(v) for v in texts)
    assert "Legal aid and mediation" in texts


def test_the_same_template_has_the_same_bytes():
    assert template_bytes("vi") == template_bytes("vi")
    assert template_bytes("vi") != template_bytes("en")


def test_cli_writes_the_template(tmp_path, capsys):
    out = tmp_path / "mau-bao-cao.xlsx"
    assert main(["template", str(out), "--lang", "en"]) == 0
    assert out.read_bytes() == template_bytes("en")
    assert capsys.readouterr().out == f"Wrote the reporting template to {out}.\n"


def test_importer_strings_exist_in_both_languages():
    def keys(lang, prefix):
        return {k for k in catalog(lang) if k.startswith(prefix)}

    assert keys("vi", "ingest.") == keys("en", "ingest.")
    assert keys("vi", "findings.") == keys("en", "findings.")
    for name in TABLES:
        assert f"ingest.tables.{name}" in catalog("vi")
