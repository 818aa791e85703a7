"""Tables as files: the CSV is the shown table with a BOM, the Excel file has the header block, real
numbers with number formats, localised headers, a frozen header row; file names say what they are."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from massorg.data.queries import Filters, run
from massorg.export.columns import Col, shown_frame
from massorg.export.filters import filter_lines, filters_text
from massorg.export.names import file_stem, slug, tidy_stem
from massorg.export.tables import csv_bytes, xlsx_bytes
from massorg.i18n import t
from massorg.labels import code_label

EXPORTED_AT = dt.datetime(2025, 3, 7, 14, 5)
COLS = [
    Col("year", "common.year", "year"),
    Col("source_name", "codes.source.state_budget"),  # any header key; the label is what is checked
    Col("amount_vnd", "overview.axis_bn", "money"),
    Col("share_pct", "units.percent", "pct"),
    Col("reported_on", "common.table", "date"),
]


@pytest.fixture(scope="module")
def funding(demo_snapshot) -> pd.DataFrame:
    """The funding query for 2020–2022 in Đức Trọng, with the columns a page would add."""
    df = run("funding_by_year_source", demo_snapshot, Filters(2020, 2022, unit_codes=("678",)))
    df["source_name"] = [code_label("source", s, "vi") for s in df["source"]]
    df["share_pct"] = df["amount_vnd"] / df.groupby("year")["amount_vnd"].transform("sum") * 100
    df["reported_on"] = [dt.date(int(y), 12, 31) for y in df["year"]]
    return df


def _sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def _xlsx(funding, demo_snapshot, lang="vi", is_demo=True) -> bytes:
    filters = Filters(2020, 2022, unit_codes=("678",), levels=("district",), type_codes=("red_cross",))
    return xlsx_bytes(funding, COLS, lang=lang, title="Kinh phí theo năm và nguồn", snapshot=demo_snapshot,
                      filters_text=filters_text(filters, lang), exported_at=EXPORTED_AT, is_demo=is_demo)


# ---------------------------------------------------------------- CSV


def test_csv_starts_with_the_bom_and_round_trips_to_the_shown_table(funding):
    shown = shown_frame(funding, COLS, "vi")
    data = csv_bytes(shown)
    assert data[:3] == b"\xef\xbb\xbf"
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back.columns) == ["Năm", "Ngân sách nhà nước", "Tỷ đồng", "%", "Bảng số liệu"]
    assert len(back) == len(shown) == len(funding)
    assert back.iloc[:, 1].tolist() == shown.iloc[:, 1].tolist()  # Vietnamese text intact
    assert back.iloc[:, 2].tolist() == shown.iloc[:, 2].tolist()  # đồng, exact integers
    assert back.iloc[:, 3].tolist() == pytest.approx(shown.iloc[:, 3].tolist(), rel=1e-12)


def test_csv_text_from_a_file_never_becomes_an_excel_formula():
    shown = pd.DataFrame({"Tên hội": ['=HYPERLINK("http://evil.example","Cập nhật")', "@SUM(1)", "Hội Khuyến học"],
                          "Số hội viên": [-5, 10, 20]})
    back = pd.read_csv(io.BytesIO(csv_bytes(shown)), encoding="utf-8-sig")
    assert back["Tên hội"].tolist() == ['\'=HYPERLINK("http://evil.example","Cập nhật")', "'@SUM(1)", "Hội Khuyến học"]
    assert back["Số hội viên"].tolist() == [-5, 10, 20]


def test_a_bn_column_is_exported_in_ty_as_shown(funding):
    cols = [Col("year", "common.year", "year"), Col("amount_vnd", "overview.axis_bn", "bn")]
    back = pd.read_csv(io.BytesIO(csv_bytes(shown_frame(funding, cols, "en"))), encoding="utf-8-sig")
    assert list(back.columns) == ["Year", "VND bn"]
    assert back["VND bn"].tolist() == pytest.approx((funding["amount_vnd"] / 1e9).tolist(), rel=1e-12)


# ---------------------------------------------------------------- Excel


def test_the_header_block_names_title_filters_snapshot_time_and_demo(funding, demo_snapshot):
    ws = _sheet(_xlsx(funding, demo_snapshot))
    block = [ws.cell(row, 1).value for row in range(1, 6)]
    assert block == [
        "Kinh phí theo năm và nguồn",
        "Bộ lọc: Giai đoạn: 2020–2022; Địa bàn: Đức Trọng; Cấp hội: Cấp huyện; Loại hội: Hội Chữ thập đỏ",
        "Bản dữ liệu: demo-2024-12-31, tính đến 31/12/2024",
        "Xuất lúc: 07/03/2025 14:05 (giờ Việt Nam)",
        t("app.demo_notice", "vi"),
    ]
    assert ws.cell(1, 1).font.bold and ws.cell(5, 1).font.color.rgb.endswith("C00000")
    assert ws.cell(6, 1).value is None  # one empty row, then the table


def test_no_demo_notice_for_real_data(funding, demo_snapshot):
    ws = _sheet(_xlsx(funding, demo_snapshot, is_demo=False))
    assert [ws.cell(row, 1).value for row in range(4, 7)] == ["Xuất lúc: 07/03/2025 14:05 (giờ Việt Nam)", None, "Năm"]


def test_headers_numbers_and_formats(funding, demo_snapshot):
    ws = _sheet(_xlsx(funding, demo_snapshot))
    header = 7
    assert [c.value for c in ws[header]] == ["Năm", "Ngân sách nhà nước", "Tỷ đồng (đồng)", "Tỷ đồng (tỷ đồng)", "%",
                                        "Bảng số liệu"]
    assert ws.freeze_panes == f"A{header + 1}"
    rows = list(ws.iter_rows(min_row=header + 1, values_only=False))
    assert len(rows) == len(funding)
    for cells, (_, expected) in zip(rows, funding.iterrows()):
        year, name, vnd, bn, pct, day = cells
        assert (year.value, year.number_format, year.data_type) == (expected["year"], "0", "n")
        assert name.value == expected["source_name"]
        assert (vnd.value, vnd.number_format) == (expected["amount_vnd"], "#,##0")
        assert bn.value == pytest.approx(expected["amount_vnd"] / 1e9) and bn.number_format == "#,##0.00"
        assert pct.value == pytest.approx(expected["share_pct"] / 100) and pct.number_format == "0.0%"
        assert day.value == dt.datetime.combine(expected["reported_on"], dt.time()) and day.number_format == "dd/mm/yyyy"
    assert {c.font.name for row in ws.iter_rows() for c in row if c.value is not None} == {"Arial"}


def test_english_headers_and_iso_dates(funding, demo_snapshot):
    ws = _sheet(_xlsx(funding, demo_snapshot, lang="en"))
    assert ws.cell(2, 1).value == ("Filters: Period: 2020–2022; Area: Duc Trong; Level: District; "
                                   "Association type: Red Cross Society")
    assert ws.cell(4, 1).value == "Exported: 2025-03-07 14:05 (Vietnam time)"
    assert [c.value for c in ws[7]][:4] == ["Year", "State budget", "VND bn (VND)", "VND bn (VND bn)"]
    assert ws.cell(8, 6).number_format == "yyyy-mm-dd"


def test_columns_are_wide_enough_for_their_values(funding, demo_snapshot):
    ws = _sheet(_xlsx(funding, demo_snapshot))
    longest_amount = max(len(f"{v:,}") for v in funding["amount_vnd"])
    assert ws.column_dimensions["C"].width >= longest_amount + 2
    longest_name = max(len(v) for v in funding["source_name"])
    assert ws.column_dimensions["B"].width >= longest_name + 2


def test_small_money_gets_a_trieu_column_and_no_rows_still_make_a_sheet(demo_snapshot):
    df = pd.DataFrame({"year": [2024, 2023], "amount_vnd": [250_000_000, 40_000_000]})
    cols = [Col("year", "common.year", "year"), Col("amount_vnd", "codes.source.member_fees", "money")]
    ws = _sheet(xlsx_bytes(df, cols, lang="vi", title="Hội phí", filters_text="Bộ lọc: –", snapshot=demo_snapshot,
                           exported_at=EXPORTED_AT, is_demo=False))
    assert [c.value for c in ws[6]] == ["Năm", "Hội phí (đồng)", "Hội phí (triệu đồng)"]
    assert [ws.cell(7, 3).value, ws.cell(8, 3).value] == [250.0, 40.0]
    empty = _sheet(xlsx_bytes(df.iloc[0:0], cols, lang="vi", title="Hội phí", filters_text="–", snapshot=demo_snapshot,
                              exported_at=EXPORTED_AT, is_demo=False))
    assert [c.value for c in empty[6]] == ["Năm", "Hội phí (đồng)"] and empty.max_row == 6


def test_the_download_builder_exports_the_rows_of_the_page(funding, demo_snapshot, demo_snapshots):
    from massorg.ui.context import PageContext
    from massorg.ui.tables import _builder

    filters = Filters(2020, 2022, unit_codes=("678",))
    ctx = PageContext("vi", demo_snapshot, demo_snapshots, filters, list(range(2014, 2025)))
    ws = _sheet(_builder(ctx, funding, COLS, "Kinh phí")())
    assert ws.cell(2, 1).value == "Bộ lọc: Giai đoạn: 2020–2022; Địa bàn: Đức Trọng; Cấp hội: tất cả; Loại hội: tất cả"
    assert [ws.cell(r, 3).value for r in range(8, 8 + len(funding))] == funding["amount_vnd"].tolist()


# ---------------------------------------------------------------- filters in words, file names


def test_filters_in_words_group_merged_units():
    filters = Filters(2014, 2024, unit_codes=("672", "681", "682", "683"), levels=("district", "commune"),
                      type_codes=None, special_only=True)
    assert filter_lines(filters, "vi") == [
        "Giai đoạn: 2014–2024", "Địa bàn: Đà Lạt, Đạ Huoai (gồm cả Đạ Huoai (681), Đạ Tẻh (682), Cát Tiên (683))", "Cấp hội: Cấp huyện, Cấp xã",
        "Loại hội: tất cả", "Chỉ tính hội có tính chất đặc thù",
    ]
    assert filters_text(Filters(2024, 2024), "en") == (
        "Filters: Period: 2024; Area: whole province; Level: all; Association type: all")


def test_file_names_say_what_when_and_which_snapshot():
    assert slug("Kinh phí theo năm, 2014–2024") == "kinh-phi-theo-nam-2014-2024"
    assert file_stem("Kinh phí theo năm", 2014, 2024, "demo-2024-12-31") == "kinh-phi-theo-nam_2014-2024_demo-2024-12-31"
    assert file_stem("Hội viên cuối mỗi năm, 2014–2024", 2014, 2024, "s1") == "hoi-vien-cuoi-moi-nam_2014-2024_s1"
    assert file_stem("Đồng", 2024, 2024, "a_b") == "dong_2024_a_b"
    assert tidy_stem("so-hoi-2024_2024-2024_x") == "so-hoi_2024_x"


@pytest.mark.parametrize("page", ["overview", "funding", "membership", "consultation", "legal_aid", "welfare",
                                  "directory", "data"])
def test_every_table_on_every_page_offers_excel_and_csv(app, page):
    at = app(f"pages/{page}.py")
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    tables = len(at.dataframe)
    assert labels.count(t("common.download_xlsx", "vi")) == labels.count(t("common.download_csv", "vi")) == tables


# ---------------------------------------------------------------- every numeric cell is a number


def test_a_column_of_mixed_measures_is_numbers_with_the_unit_in_the_row_name(demo_snapshot):
    """The Data page comparison exported "675 (2023)" and "1.003,8 tỷ đồng" as text (issue 13, item 14):
    now the year and the figure are numbers, counts as counts and money in tỷ with two decimals."""
    from massorg.data.compare import compare_tables
    from massorg.ui.figures.data import indicator_changes
    from tests.factories import tiny_tables

    old, new = tiny_tables(), tiny_tables()
    new["funding"].loc[0, "amount_vnd"] += 2_000_000_000
    changes = indicator_changes(compare_tables(old, new, "a", "b"), "vi")
    cols = [Col("indicator", "data.compare.indicator"), Col("old_year", "data.compare_numbers.old_year", "year"),
            Col("old", "data.compare.old_value", "num"), Col("new_year", "data.compare_numbers.new_year", "year"),
            Col("new", "data.compare.new_value", "num"), Col("difference", "data.compare.difference", "num"),
            Col("difference_pct", "data.compare.difference_pct", "pct")]
    ws = _sheet(xlsx_bytes(changes, cols, lang="vi", title="So sánh", filters_text="–", snapshot=demo_snapshot,
                           exported_at=EXPORTED_AT, is_demo=False))
    rows = {r[0].value: r for r in ws.iter_rows(min_row=7) if r[0].value}
    members = rows["Số hội viên (năm cuối) (người)"]
    assert [(c.value, c.number_format) for c in members[1:6]] == [
        (2023, "0"), (157, "#,##0"), (2023, "0"), (157, "#,##0"), (0, "#,##0")]
    total = rows["Tổng kinh phí (tổng các năm) (tỷ đồng)"]
    assert total[1].value is None and total[3].value is None  # a flow has no year of its own
    assert [(round(c.value, 5), c.number_format) for c in (total[2], total[4], total[5])] == [
        (0.00757, "#,##0.00"), (2.00757, "#,##0.00"), (2.0, "#,##0")]
    assert all(c.data_type == "n" for r in rows.values() for c in r[1:] if c.value is not None)


def test_the_welfare_spotlight_counts_are_numbers_with_their_units_beside_them(app):
    """The spotlight exported "18 ca" and "1.051 lượt người" as text (issue 13, item 14)."""
    at = app("pages/welfare.py")
    red_cross = at.dataframe[0].value
    assert list(red_cross.columns) == ["Chương trình", "Số lượng", "Đơn vị tính", "Người hưởng lợi", "Tính bằng",
                                       "Giá trị (tỷ đồng)"]
    assert red_cross["Chương trình"].iloc[-1] == "Tổng cộng"  # value sums; counts in different units do not
    assert pd.isna(red_cross["Số lượng"].iloc[-1]) and red_cross["Giá trị (tỷ đồng)"].iloc[-1] == pytest.approx(
        red_cross["Giá trị (tỷ đồng)"].iloc[:-1].sum())
    red_cross = red_cross.iloc[:-1]
    assert pd.api.types.is_numeric_dtype(red_cross["Số lượng"]) and pd.api.types.is_numeric_dtype(red_cross["Người hưởng lợi"])
    medicine = red_cross.set_index("Chương trình").loc["Cấp thuốc miễn phí"]
    assert (medicine["Người hưởng lợi"], medicine["Tính bằng"]) == (157_087, "người")


# ---------------------------------------------------------------- headers that fit, a block that wraps


def _one_table(lang, header_key, filters, demo_snapshot, is_demo=False):
    df = pd.DataFrame({"year": [2023, 2024], "cases": [5, 12]})
    cols = [Col("year", "common.year", "year"), Col("cases", header_key, "int")]
    return _sheet(xlsx_bytes(df, cols, lang=lang, title="Legal aid", filters_text=filters, snapshot=demo_snapshot,
                             exported_at=EXPORTED_AT, is_demo=is_demo))


def test_a_wrapped_header_row_is_tall_enough_for_its_lines(demo_snapshot):
    """'Legal-aid programmes and cases' wraps to three lines in its column; the row was 30 pt, two
    lines, and 'cases' overlapped the first data row in LibreOffice (issue 13, item 15)."""
    ws = _one_table("en", "overview.col_legal_aid_cases", "Filters: –", demo_snapshot)
    assert ws.cell(6, 2).value == "Legal-aid programmes and cases" and ws.cell(6, 2).alignment.wrap_text
    assert ws.row_dimensions[6].height >= 3 * 13


def test_a_long_filter_line_wraps_within_the_table_width(demo_snapshot):
    """A 327-character filter line ran far to the right of a two-column table and shrank the printed
    page (fit to one page wide); it now wraps in cells merged across the table (issue 13, item 15)."""
    types = ("red_cross", "elderly", "education_promotion", "agent_orange", "poor_patients_support", "lawyers")
    line = filters_text(Filters(2014, 2024, unit_codes=("672", "673", "674", "675"), type_codes=types), "en")
    assert len(line) > 300
    ws = _one_table("en", "overview.col_legal_aid_cases", line, demo_snapshot, is_demo=True)
    assert ws.cell(2, 1).value == line and ws.cell(2, 1).alignment.wrap_text
    assert {str(r) for r in ws.merged_cells.ranges} == {"A2:B2", "A3:B3", "A4:B4", "A5:B5"}
    table_chars = ws.column_dimensions["A"].width + ws.column_dimensions["B"].width
    assert ws.row_dimensions[2].height >= 13 * (len(line) / table_chars)
    assert ws.cell(5, 1).alignment.wrap_text and ws.row_dimensions[5].height >= 13 * 2  # the demo notice too


def test_data_page_files_name_no_period_and_say_the_filters_do_not_apply(app, monkeypatch):
    """The Data page's tables (snapshots, manifest, validation, comparison) are not filtered by the
    period: their files named '2014-2024' and listed the period filter (issue 13, item 15)."""
    import streamlit as st

    real, offered = st.download_button, []

    def spy(label, data=None, file_name=None, **kwargs):
        offered.append((file_name, data))
        return real(label, data=data, file_name=file_name, **kwargs)

    monkeypatch.setattr(st, "download_button", spy)
    at = app()
    offered.clear()
    at.switch_page("pages/data.py").run()
    assert not at.exception
    names = [name for name, _ in offered if name.endswith((".xlsx", ".csv")) and not name.startswith("mau-bao-cao")]
    assert len(names) >= 10 and not [n for n in names if "2014" in n]
    assert "cac-ban-du-lieu-da-cong-bo_demo-2024-12-31.xlsx" in names
    workbook = next(data for name, data in offered if name == "cac-ban-du-lieu-da-cong-bo_demo-2024-12-31.xlsx")
    ws = _sheet(workbook)  # built before the button is drawn (issue 13 item 8)
    assert ws.cell(2, 1).value == "Bảng này không phụ thuộc bộ lọc thanh bên (giai đoạn, địa bàn, cấp, loại hội)."


# ---------------------------------------------------------------- CSV: header block, rounded ratios


def test_the_csv_download_says_what_it_is_and_rounds_ratios(funding, demo_snapshot, demo_snapshots):
    """CSV files held 7.7044341738498625 and no title, filters or demo notice (issue 13, item 16)."""
    from massorg.export.tables import table_csv
    from massorg.ui.context import PageContext
    from massorg.ui.tables import _builder

    ctx = PageContext("vi", demo_snapshot, demo_snapshots, Filters(2020, 2022, unit_codes=("678",)), list(range(2014, 2025)))
    data = _builder(ctx, funding, COLS, "Kinh phí theo năm và nguồn", True, table_csv)()
    assert data[:3] == b"\xef\xbb\xbf"
    import csv

    lines = [row[0] if row else "" for row in csv.reader(io.StringIO(data.decode("utf-8-sig")))]
    assert lines[:6] == [
        "Kinh phí theo năm và nguồn",
        "Bộ lọc: Giai đoạn: 2020–2022; Địa bàn: Đức Trọng; Cấp hội: tất cả; Loại hội: tất cả",
        "Bản dữ liệu: demo-2024-12-31, tính đến 31/12/2024",
        lines[3], t("app.demo_notice", "vi"), "",
    ]
    assert lines[3].startswith("Xuất lúc: ")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", skiprows=6)
    assert list(back.columns) == ["Năm", "Ngân sách nhà nước", "Tỷ đồng", "%", "Bảng số liệu"]
    assert back["%"].tolist() == [round(v, 1) for v in funding["share_pct"]]
    assert all(len(str(v).split(".")[-1]) <= 1 for v in back["%"])
    assert back["Tỷ đồng"].tolist() == funding["amount_vnd"].tolist()  # đồng stay exact


def test_a_total_row_sums_flows_only_and_is_exported(demo_snapshot):
    """Tables had no total row where a total makes sense (issue 13, item 13): flows are summed, a stock
    (members at year end) is not, and the Excel row holds numbers under a text label."""
    from massorg.export.columns import with_total_row

    df = pd.DataFrame({"year": [2023, 2024], "members": [100, 110], "amount_vnd": [2_000_000_000, 3_000_000_000]})
    cols = [Col("year", "common.year", "year"), Col("members", "overview.col_members", "int"),
            Col("amount_vnd", "overview.col_state_budget", "bn", total=True)]
    total = with_total_row(df, cols, "vi")
    assert total["year"].tolist() == [2023, 2024, "Tổng cộng"]
    assert pd.isna(total["members"].iloc[-1]) and total["amount_vnd"].iloc[-1] == 5_000_000_000
    ws = _sheet(xlsx_bytes(total, cols, lang="vi", title="t", filters_text="–", snapshot=demo_snapshot,
                           exported_at=EXPORTED_AT, is_demo=False))
    assert [c.value for c in ws[9]] == ["Tổng cộng", None, 5.0]
    assert ws.cell(9, 3).number_format == "#,##0.00"
    assert with_total_row(df, cols[:2], "vi") is df  # nothing to total: the rows are left alone


def test_csv_counts_stay_whole_numbers_beside_a_total_row(demo_snapshot):
    """The funding table's CSV held 'Hội viên cuối năm' as 765119.0: the total row's blank stock had
    made the column float. Counts and đồng are written as whole numbers, the blank stays blank."""
    from massorg.export.columns import with_total_row
    from massorg.export.tables import table_csv

    df = pd.DataFrame({"year": [2023, 2024], "members": [765_119, 768_009], "per_member": [316_416.96, 111_599.36],
                       "amount_vnd": [2_000_000_000, 3_000_000_000]})
    cols = [Col("year", "common.year", "year"), Col("members", "overview.col_members", "int"),
            Col("per_member", "funding.col.per_member", "money"),
            Col("amount_vnd", "overview.col_state_budget", "bn", total=True)]
    data = table_csv(with_total_row(df, cols, "vi"), cols, lang="vi", title="t", filters_text="–",
                     snapshot=demo_snapshot, exported_at=EXPORTED_AT, is_demo=False)
    rows = data.decode("utf-8-sig").splitlines()[-3:]
    assert rows == ["2023,765119,316417,2.0", "2024,768009,111599,3.0", "Tổng cộng,,,5.0"]
