"""The membership & organisation page under AppTest: year-end stocks and growth worked out here with
pandas from the demo snapshot's tables, edge filters, English."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from tests.pages_support import chart_titles, metrics, signed, vi

PAGE = "pages/membership.py"
NO_DATA_VI = "Không có số liệu cho bộ lọc đã chọn"










@pytest.fixture(scope="module")
def tables(demo_snapshot) -> dict[str, pd.DataFrame]:
    return {name: demo_snapshot.read(name) for name in ("associations", "membership")}


def _active(associations: pd.DataFrame, year: int) -> int:
    end = dt.date(year, 12, 31)
    return int(((associations.founded_on <= end)
                & (associations.dissolved_on.isna() | (associations.dissolved_on > end))).sum())


def test_default_view(app, tables):
    at = app(PAGE)
    assert not at.exception
    m = metrics(at)
    members = tables["membership"].groupby("year").members.sum()
    assert m["Số hội (cuối năm 2024)"][0] == "672"
    assert m["Hội viên (cuối năm 2024)"] == (vi(f"{members[2024]:,}"),
                                             vi(signed((members[2024] / members[2023] - 1) * 100)) + "% năm 2024 so với 2023")
    assert m["Tăng hội viên 2014–2024"][0] == vi(signed((members[2024] / members[2014] - 1) * 100)) + "%"
    assert chart_titles(at) == [
        "Hội viên cuối mỗi năm, 2014–2024", "Hội viên tăng, giảm theo địa bàn, 2014–2024",
        "Hội viên theo loại hội, cuối năm 2024", "Số hội theo cấp, cuối năm 2024",
        "Hội có tính chất đặc thù, cuối năm 2024", "Số hội theo loại hội và cấp, cuối năm 2024",
        "Năm thành lập của các hội đang hoạt động, cuối năm 2024",
    ]
    table = at.dataframe[0].value.set_index("Đơn vị hành chính")
    # boundaries after 1 Dec 2024 (the default): ten district-level units and the province's own
    total, table = table.loc["Tổng cộng"], table.drop(index="Tổng cộng")
    assert len(table) == 11
    assert table["Hội viên cuối kỳ (người)"].sum() == members[2024] == total["Hội viên cuối kỳ (người)"]
    assert table["Tăng, giảm (người)"].sum() == members[2024] - members[2014] == total["Tăng, giảm (người)"]
    a = tables["associations"]
    huoai = a[a.unit_code.isin(["681", "682", "683"])].association_id
    m24 = tables["membership"].query("year == 2024")
    assert table.loc["Đạ Huoai", "Hội viên cuối kỳ (người)"] == m24[m24.association_id.isin(huoai)].members.sum()
    assert "Đạ Huoai (nay thuộc Đạ Huoai, mã 682)" not in table.index and "Đạ Tẻh" not in table.index


def test_by_unit_with_the_old_boundaries_keeps_the_merged_districts_apart(app, tables):
    at = app(PAGE, merged="false")
    table = at.dataframe[0].value.set_index("Đơn vị hành chính")
    assert len(table) == 14  # twelve district-level units, the province's own associations, the total
    assert "Đạ Huoai (nay thuộc Đạ Huoai, mã 682)" in table.index and "Đạ Tẻh" in table.index


def test_kpis_of_one_city_over_five_years(app, tables):
    at = app(PAGE, years=["2016", "2020"], units=["672"])
    assert not at.exception
    a, mem = tables["associations"], tables["membership"]
    chosen = a[a.unit_code == "672"]
    rows = mem[mem.association_id.isin(chosen.association_id)]
    members = rows.groupby("year").members.sum()
    new = rows.groupby("year").new_members.sum()
    m = metrics(at)
    assert m["Số hội (cuối năm 2020)"][0] == vi(f"{_active(chosen, 2020):,}")
    assert m["Hội viên (cuối năm 2020)"] == (vi(f"{members[2020]:,}"),
                                             vi(signed((members[2020] / members[2019] - 1) * 100)) + "% năm 2020 so với 2019")
    assert m["Hội viên mới kết nạp"] == (vi(f"{new.loc[2016:2020].sum():,}"),
                                         vi(signed((new[2020] / new[2019] - 1) * 100)) + "% năm 2020 so với 2019")
    assert m["Tăng hội viên 2016–2020"][0] == vi(signed((members[2020] / members[2016] - 1) * 100)) + "%"
    table = at.dataframe[0].value
    assert table["Đơn vị hành chính"].tolist() == ["Đà Lạt", "Tổng cộng"]
    assert table[["Hội viên đầu kỳ (người)", "Hội viên cuối kỳ (người)"]].iloc[0].tolist() == [
        members[2016], members[2020]]


def test_a_single_year_measures_growth_on_the_year_before(app, tables):
    at = app(PAGE, years=["2024", "2024"])
    assert not at.exception
    members = tables["membership"].groupby("year").members.sum()
    assert metrics(at)["Tăng hội viên 2023–2024"][0] == vi(signed((members[2024] / members[2023] - 1) * 100)) + "%"
    assert "Hội viên tăng, giảm theo địa bàn, 2023–2024" in chart_titles(at)


def test_the_first_year_has_nothing_to_compare_with(app):
    at = app(PAGE, years=["2014", "2014"])
    assert not at.exception
    m = metrics(at)
    assert m["Tăng hội viên 2014"] == ("–", "")
    assert m["Hội viên (cuối năm 2014)"][1] == ""
    assert any("Chưa có năm trước" in i.value for i in at.info)


def test_a_unit_without_the_chosen_type_shows_a_sentence(app):
    at = app(PAGE, units=["675"], types=["journalists"])
    assert not at.exception
    assert any(NO_DATA_VI in i.value for i in at.info)
    assert not at.metric and not at.get("plotly_chart") and not at.dataframe


def test_filters_that_leave_nothing_show_a_sentence(app):
    at = app(PAGE, special="true", types=["gardening"], levels=["province"])
    assert not at.exception
    assert any(NO_DATA_VI in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_english(app, tables):
    at = app(PAGE, lang="en", years=["2016", "2020"], units=["672"])
    assert not at.exception
    m = metrics(at)
    assert set(m) == {"Associations (end of 2020)", "Members (end of 2020)", "New members", "Member growth 2016–2020"}
    a, mem = tables["associations"], tables["membership"]
    members = mem[mem.association_id.isin(a[a.unit_code == "672"].association_id) & (mem.year == 2020)].members.sum()
    assert m["Members (end of 2020)"][0] == f"{members:,}"
    assert chart_titles(at)[:2] == ["Members at each year end, 2016–2020", "Members gained or lost by unit, 2016–2020"]
    assert at.dataframe[0].value["Unit"].tolist() == ["Da Lat city", "Total"]
    assert at.title[0].value == "Membership and organisation"
