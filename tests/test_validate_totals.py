"""The year-on-year total check of validation: a missing or mistyped report that moves a province total
is caught within any snapshot (demo, import, `massorg check`), and ordinary year-to-year change is not."""

from massorg.data.validate import validate_tables
from tests.factories import tiny_tables


def _jumps(tables):
    return [f for f in validate_tables(tables, current_year=2024) if f.rule.startswith("total_jump")]


def _funding_in_billions():
    tables = tiny_tables()
    tables["funding"]["amount_vnd"] *= 1_000  # 5.000.000 -> 5 tỷ đồng: a material amount
    return tables


def test_a_missing_funding_row_is_named_in_the_warning():
    (finding,) = _jumps(_funding_in_billions())
    assert (finding.table, finding.row, finding.column, finding.value) == ("funding", None, "amount_vnd",
                                                                             "P1 / social_mobilisation")
    assert finding.render("vi") == (
        "Cảnh báo — bảng «funding», cột «amount_vnd»: Tổng cột «amount_vnd» năm 2023 là 1.570.000.000 đồng, "
        "năm 2022 là 6.000.000.000 đồng (-74%): thay đổi lớn như vậy thường do thiếu hoặc nhập nhầm một báo cáo. "
        "Chênh lệch lớn nhất ở «P1 / social_mobilisation»: 5.000.000.000 đồng năm 2022, 0 đồng năm 2023. "
        "Hãy kiểm tra lại.")
    assert "against 6,000,000,000 đồng in 2022 (-74%)" in finding.render("en")


def test_a_tripled_membership_points_at_its_row():
    tables = tiny_tables()
    m = tables["membership"]
    m.loc[(m.association_id == "P1") & (m.year == 2023), "members"] = 5_000
    (finding,) = _jumps(tables)
    assert (finding.rule, finding.row, finding.value, finding.params["pct"]) == ("total_jump", 1, "P1", 3265)


def test_small_or_ordinary_changes_are_not_flagged():
    assert _jumps(tiny_tables()) == []  # −74% but only 4,4 triệu đồng: not material
    tables = _funding_in_billions()
    f = tables["funding"]
    f.loc[len(f)] = ("P1", 2023, "social_mobilisation", 4_000_000_000)  # 6,0 -> 5,57 tỷ: −7%
    assert _jumps(tables) == []
