"""The funding page under AppTest: KPI values worked out here with pandas from the demo snapshot's
own tables, edge filters (one year, a unit without the chosen type, nothing left), English."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.pages_support import chart_titles, metrics, signed, vi

PAGE = "pages/funding.py"
NO_DATA_VI = "Không có số liệu cho bộ lọc đã chọn"










@pytest.fixture(scope="module")
def tables(demo_snapshot) -> dict[str, pd.DataFrame]:
    return {name: demo_snapshot.read(name) for name in ("associations", "funding", "membership")}


def _funding(tables, years: tuple[int, int], unit: str | None = None) -> pd.DataFrame:
    a, f = tables["associations"], tables["funding"]
    ids = a[a.unit_code == unit].association_id if unit else a.association_id
    return f[f.association_id.isin(ids) & f.year.between(*years)]


def test_default_view_is_the_whole_province(app, tables):
    at = app(PAGE)
    assert not at.exception
    fund = _funding(tables, (2014, 2024))
    state = fund[fund.source == "state_budget"].amount_vnd.sum()
    m = metrics(at)
    assert m["Tổng kinh phí (tỷ đồng)"][0] == vi(f"{fund.amount_vnd.sum() / 1e9:,.1f}")
    assert m["Ngân sách nhà nước (tỷ đồng)"][0] == vi(f"{state / 1e9:,.1f}")
    assert m["Ngân sách nhà nước (tỷ đồng)"][0] == "109,9"  # ≈ 110 tỷ đồng (the article's figure)
    assert chart_titles(at) == [
        "Kinh phí theo nguồn và năm, 2014–2024", "Cơ cấu kinh phí theo nguồn (%), 2014–2024",
        "Tăng trưởng kinh phí tự vận động và ngân sách nhà nước, 2014–2024", "Kinh phí theo loại hội, 2014–2024",
        "Kinh phí theo đơn vị hành chính, 2014–2024",
    ]
    table = at.dataframe[0].value
    assert table["Năm"].tolist() == [str(y) for y in range(2014, 2025)] + ["Tổng cộng"]
    assert table["Ngân sách (tỷ đồng)"].iloc[-1] == pytest.approx(state / 1e9)  # the total row
    assert table["Ngân sách (tỷ đồng)"].iloc[:-1].sum() == pytest.approx(state / 1e9)
    assert any("DỮ LIỆU MẪU" in c.value for c in at.caption)


def test_kpis_of_one_district_over_three_years(app, tables):
    at = app(PAGE, years=["2020", "2022"], units=["678"])
    assert not at.exception
    fund = _funding(tables, (2020, 2022), "678")
    by_year = fund.groupby("year").amount_vnd.sum()
    state = fund[fund.source == "state_budget"].groupby("year").amount_vnd.sum()
    mob = fund[fund.source == "social_mobilisation"].groupby("year").amount_vnd.sum()
    a, mem = tables["associations"], tables["membership"]
    members_2022 = mem[mem.association_id.isin(a[a.unit_code == "678"].association_id) & (mem.year == 2022)].members.sum()
    per_member = by_year[2022] / members_2022
    share = state / by_year * 100

    m = metrics(at)
    assert m["Tổng kinh phí (tỷ đồng)"] == (
        vi(f"{by_year.sum() / 1e9:,.1f}"), vi(signed((by_year[2022] / by_year[2021] - 1) * 100)) + "% năm 2022 so với 2021")
    assert m["Ngân sách nhà nước (tỷ đồng)"][0] == vi(f"{state.sum() / 1e9:,.1f}")
    assert m["Kinh phí tự vận động (tỷ đồng)"][0] == vi(f"{mob.sum() / 1e9:,.1f}")
    assert m["Tỷ trọng ngân sách nhà nước"] == (
        vi(f"{state.sum() / by_year.sum() * 100:,.1f}") + "%",
        vi(signed(share[2022] - share[2021])) + " điểm % năm 2022 so với 2021")
    assert m["Tự vận động trên 1 đồng ngân sách"][0] == vi(f"{mob.sum() / state.sum():,.1f}")
    assert m["Bình quân một hội viên năm 2022 (đồng)"][0] == vi(f"{per_member:,.0f}")


def test_a_single_year_still_compares_with_the_year_before(app, tables):
    at = app(PAGE, years=["2024", "2024"])
    assert not at.exception
    by_year = _funding(tables, (2023, 2024)).groupby("year").amount_vnd.sum()
    assert metrics(at)["Tổng kinh phí (tỷ đồng)"] == (
        vi(f"{by_year[2024] / 1e9:,.1f}"), vi(signed((by_year[2024] / by_year[2023] - 1) * 100)) + "% năm 2024 so với 2023")
    # one year has no growth to draw: a sentence says so instead of a one-point line
    assert any("cần ít nhất hai năm" in i.value for i in at.info)
    assert len(chart_titles(at)) == 4


def test_a_unit_without_the_chosen_type_shows_a_sentence(app):
    at = app(PAGE, units=["675"], types=["journalists"])  # journalists exist only at provincial level
    assert not at.exception
    assert any(NO_DATA_VI in i.value for i in at.info)
    assert not at.metric and not at.get("plotly_chart") and not at.dataframe


def test_filters_that_leave_nothing_show_a_sentence(app):
    at = app(PAGE, special="true", types=["gardening"])  # gardening associations are not of special nature
    assert not at.exception
    assert any(NO_DATA_VI in i.value for i in at.info)
    assert not at.metric and not at.get("plotly_chart")


def test_english(app, tables):
    at = app(PAGE, lang="en", years=["2020", "2022"], units=["678"])
    assert not at.exception
    fund = _funding(tables, (2020, 2022), "678")
    m = metrics(at)
    assert m["Total funding (VND bn)"][0] == f"{fund.amount_vnd.sum() / 1e9:,.1f}"
    assert m["Total funding (VND bn)"][1].endswith("vs 2021")
    assert set(m) == {"Total funding (VND bn)", "State budget (VND bn)", "Self-mobilised funds (VND bn)",
                      "State budget share", "Self-mobilised per state VND", "Funding per member, 2022 (VND)"}
    assert chart_titles(at)[0] == "Funding by source and year, 2020–2022"
    assert at.subheader[0].value == "Funding by year and source, 2020–2022"
    assert list(at.dataframe[0].value.columns)[:2] == ["Year", "State budget (VND bn)"]
    assert at.title[0].value == "Funding of the associations"
