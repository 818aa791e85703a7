"""Cell values and headers as offices type them: numbers, money units, dates, yes/no, matching keys."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from massorg.data.schema import TABLES
from massorg.data.validate import ERROR, Finding
from massorg.ingest.cells import CellError, clean_text, fold, parse_bool, parse_date, parse_number, to_int
from massorg.ingest.commands import render
from massorg.ingest.headers import match_header, table_for_name


@pytest.mark.parametrize(
    ("raw", "style", "expected"),
    [
        ("1.234.567", "vi", "1234567"),
        ("1.234.567,5", "vi", "1234567.5"),
        ("12,5", "vi", "12.5"),
        ("1.234", "vi", "1234"),  # a thousands mark in Vietnamese
        ("1,234", "vi", "1.234"),  # ...and a decimal comma
        ("1,234", "en", "1234"),
        ("1.234", "en", "1.234"),
        ("1,234,567.5", "en", "1234567.5"),
        ("1.5", "vi", "1.5"),  # not three digits after the dot: a decimal point
        ("0.008", "vi", "0.008"),  # no thousands group starts with 0
        ("1 234 567", "vi", "1234567"),
        ("300.000 đ", "vi", "300000"),
        ("VND 1,000", "en", "1000"),
        ("(1.234)", "vi", "-1234"),
        ("\u22125", "vi", "-5"),
        (1234, "vi", "1234"),
        (12.5, "vi", "12.5"),
    ],
)
def test_numbers(raw, style, expected):
    assert parse_number(raw, style) == Decimal(expected)


@pytest.mark.parametrize("raw", ["1.2.3", "abc", "1,2,3", "12-5", "1.234,5.6", True, dt.date(2024, 1, 1),
                                 float("nan"), "--5"])
def test_not_numbers(raw):
    with pytest.raises(CellError) as caught:
        parse_number(raw, "vi")
    assert caught.value.rule == "bad_number"


def test_money_is_rounded_to_whole_dong_after_the_header_unit():
    assert to_int(Decimal("12.5"), 1_000_000, money=True) == 12_500_000
    assert to_int(Decimal("0.0000004"), 1_000_000, money=True) == 0
    assert to_int(Decimal("1200000.5"), money=True) == 1_200_001
    with pytest.raises(CellError, match="not_whole_number"):
        to_int(Decimal("12.5"))
    with pytest.raises(CellError, match="number_too_large"):
        to_int(Decimal(2**31))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("30/09/2024", dt.date(2024, 9, 30)),
        ("1/2/2024", dt.date(2024, 2, 1)),
        ("30-09-2024", dt.date(2024, 9, 30)),
        ("30.09.2024", dt.date(2024, 9, 30)),
        ("2024-09-30", dt.date(2024, 9, 30)),
        ("2024-09-30 00:00:00", dt.date(2024, 9, 30)),
        ("2024/9/30", dt.date(2024, 9, 30)),
        (45565, dt.date(2024, 9, 30)),
        ("45565", dt.date(2024, 9, 30)),
        (45565.75, dt.date(2024, 9, 30)),
        (dt.datetime(2024, 9, 30, 8, 0), dt.date(2024, 9, 30)),
        (dt.date(2024, 9, 30), dt.date(2024, 9, 30)),
    ],
)
def test_dates(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["31/02/2023", "2024-13-01", "hôm qua", "09/30", 0, -3, True, "1/1/1850",
                                 dt.time(8, 0)])
def test_not_dates(raw):
    with pytest.raises(CellError, match="bad_date"):
        parse_date(raw)


@pytest.mark.parametrize(("raw", "expected"), [("Có", True), ("có", True), ("x", True), ("Yes", True), (1, True),
                                               (True, True), ("Không", False), ("khong", False), ("No", False),
                                               (0, False), ("FALSE", False)])
def test_yes_no(raw, expected):
    assert parse_bool(raw) is expected


def test_not_yes_no():
    with pytest.raises(CellError, match="bad_bool"):
        parse_bool("có lẽ")


def test_fold_and_clean_text():
    assert fold("Số tiền (đồng)") == "sotiendong"
    assert fold("  MÃ  HỘI ") == "mahoi"
    assert clean_text("  Hội\u00a0 Chữ   thập đỏ\u200b ") == "Hội Chữ thập đỏ"
    assert clean_text(672.0) == "672"
    assert clean_text("   ") is None


@pytest.mark.parametrize(
    ("header", "column", "multiplier"),
    [
        ("Số tiền (đồng)", "amount_vnd", 1),
        ("Số tiền (triệu đồng)", "amount_vnd", 1_000_000),
        ("so tien, ty dong", "amount_vnd", 1_000_000_000),
        ("Số tiền (nghìn đồng)", "amount_vnd", 1_000),
        ("Amount (VND million)", "amount_vnd", 1_000_000),
        ("amount_vnd", "amount_vnd", 1),
        ("Số tiền", "amount_vnd", 1),
        ("NGUỒN KINH PHÍ", "source", 1),
        ("year", "year", 1),
    ],
)
def test_funding_headers(header, column, multiplier):
    match = match_header(TABLES["funding"], header)
    assert (match.column, match.multiplier) == (column, multiplier)


def test_unknown_headers_match_nothing():
    assert match_header(TABLES["funding"], "Số tiền (đô la)") is None
    assert match_header(TABLES["funding"], "Ghi chú") is None


def test_every_label_of_every_column_names_that_column():
    for spec in TABLES.values():
        for col in spec.columns:
            for text in (col.label_vi, col.label_en, col.name):
                assert match_header(spec, text).column == col.name, (spec.name, text)


@pytest.mark.parametrize(("name", "table"), [("Kinh phí", "funding"), ("funding_2024", "funding"),
                                             ("HOI VIEN", "membership"), ("Consultation and social critici",
                                                                          "consultations"),
                                             ("Sheet1", None), ("Hướng dẫn", None)])
def test_sheet_and_file_names(name, table):
    assert table_for_name(name) == table


# Every rule the importer emits, with the parameters it passes: each renders in both languages.
RULE_PARAMS = {
    "file_missing": {}, "empty_file": {}, "encrypted_file": {}, "legacy_xls": {}, "damaged_file": {},
    "not_spreadsheet": {}, "no_tables": {}, "no_header": {}, "no_header_csv": {}, "no_data": {},
    "table_unclear": {"candidates": "Hội viên, Kinh phí"}, "duplicate_column": {}, "ignored_column": {},
    "rows_after_total": {"n": 2, "total_row": 9}, "data_after_total": {"total_row": 9}, "bad_number": {},
    "not_whole_number": {},
    "number_too_large": {"limit": 2147483647}, "bad_date": {}, "bad_bool": {}, "ambiguous_code": {"candidates": "a, b"},
    "totals_mismatch": {"sum": "12"}, "missing_column": {"expected": "Năm"},
    "jump": {"year": 2024, "new": 400, "old": 110, "old_year": 2023, "previous": "tiny", "factor": 3},
    "jump_money": {"year": 2024, "new": 400, "old": 110, "old_year": 2023, "previous": "tiny", "factor": 3},
    "duplicate_import": {"snapshot": "s"}, "duplicate_file": {"snapshot": "s"}, "same_file_twice": {"other": "b.csv"},
    "base_missing": {}, "publish_failed": {}, "only_totals": {}, "hidden_sheet": {}, "very_hidden_sheet": {},
    "hidden_sheet_skipped": {}, "control_characters": {"chars": "U+0007"}, "uncalculated_formula": {},
    "file_too_large": {"limit_mb": 50}, "too_many_rows": {"limit": 100000}, "cell_too_long": {"limit": 5000, "length": 6000},
    "too_many_columns": {"limit": 200}, "too_much_text": {"limit_mb": 20}, "unpacked_too_large": {"limit_mb": 500},
    "sheet_part_missing": {}, "ods_file": {}, "csv_lost_letters": {"example": "Ng?n"},
    "founded_after_as_of": {"as_of": "2025-06-30"}, "duplicate_row": {"columns": "Mã hội", "first_row": 2, "first_place": "x"},
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_importer_finding_renders(lang):
    for rule, params in RULE_PARAMS.items():
        for table in ("", "funding"):
            text = render(Finding(ERROR, rule, table, None, None, "v", params, file="f.xlsx"), lang)
            assert "{" not in text and text.startswith("Lỗi" if lang == "vi" else "Error"), rule


@pytest.mark.parametrize("text, total", [
    ("Tổng cộng", True), ("TỔNG CỘNG:", True), (" Tổng số ", True), ("Total", True), ("Grand total", True),
    ("Tổng công ty Cà phê", False), ("Tổng cộng đồng", False), ("Tổng cộng 2024", False), ("T001", False),
    ("2024", False), (2024, False), (None, False),
])
def test_the_totals_label_alone_is_a_total_word(text, total):
    """A totals row is told by its label alone: text that only begins like one, or with a figure in it
    (a year, a code), is data."""
    from massorg.ingest.headers import is_total_word

    assert is_total_word(text) is total
