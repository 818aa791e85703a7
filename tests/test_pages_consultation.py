"""The consultation & social-criticism page under AppTest: meetings, comments and the acceptance rate
worked out here with pandas from the demo snapshot's tables, the meeting list, edge filters, English."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from tests.pages_support import chart_titles, metrics, signed, vi

PAGE = "pages/consultation.py"
NO_DATA_VI = "Không có số liệu cho bộ lọc đã chọn"










@pytest.fixture(scope="module")
def meetings(demo_snapshot) -> pd.DataFrame:
    """Every meeting with its year and its lead association's type and level."""
    c, a = demo_snapshot.read("consultations"), demo_snapshot.read("associations")
    c = c.merge(a[["association_id", "type_code", "level", "name"]], on="association_id")
    return c.assign(year=pd.to_datetime(c.held_on).dt.year)


def test_default_view(app, meetings):
    at = app(PAGE)
    assert not at.exception
    m = metrics(at)
    assert m["Số cuộc tư vấn, phản biện"][0] == str(len(meetings)) == "198"  # ≈ 200 in the article
    submitted, accepted = meetings.comments_submitted.sum(), meetings.comments_accepted.sum()
    assert m["Ý kiến góp ý"][0] == vi(f"{submitted:,}")
    assert m["Ý kiến được tiếp thu"][0] == vi(f"{accepted:,}")
    assert m["Tỷ lệ tiếp thu"][0] == vi(f"{accepted / submitted * 100:.1f}") + "%"
    assert chart_titles(at) == [
        "Số cuộc tư vấn, phản biện theo loại nội dung, 2014–2024",
        "Ý kiến góp ý, ý kiến được tiếp thu và tỷ lệ tiếp thu, 2014–2024",
        "10 hội chủ trì nhiều cuộc tư vấn, phản biện nhất, 2014–2024",
    ]
    table = at.dataframe[0].value
    assert len(table) == 50  # one page; the count comes from SQL over every meeting
    assert at.subheader[0].value == "Danh sách cuộc tư vấn, phản biện xã hội, 2014–2024 (198 cuộc)"
    assert "Dòng 1–50 trong 198 (trang 1/4)." in [c.value.split(" Tệp")[0] for c in at.caption]


def opened(app, page_file: str = PAGE, **query: str):
    """The page opened from a link with these URL parameters (`page` too, which app() takes for the page file)."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)  # `app` keeps st.navigation on
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(page_file).run()


def test_the_meeting_list_pages_and_sorts_with_the_state_in_the_url(app, meetings):
    at = opened(app, sort="oldest", page="4")
    assert not at.exception
    oldest_first = meetings.sort_values(["held_on", "meeting_id"]).reset_index(drop=True)
    table = at.dataframe[0].value
    assert len(table) == 198 - 150
    assert list(table["Nội dung"]) == list(oldest_first.subject[150:])
    assert at.query_params["sort"] == "oldest" and at.query_params["page"] == "4"
    at.number_input(key="meetings_page").set_value(1).run()
    assert list(at.dataframe[0].value["Nội dung"]) == list(oldest_first.subject[:50])
    assert "page" not in at.query_params
    bad = opened(app, sort="x; drop", page="999")  # an unknown order and a page past the end
    assert not bad.exception
    assert bad.number_input(key="meetings_page").value == 4


def test_kpis_of_the_lawyers_over_five_years(app, meetings):
    at = app(PAGE, years=["2018", "2022"], types=["lawyers"])
    assert not at.exception
    chosen = meetings[(meetings.type_code == "lawyers") & meetings.year.between(2018, 2022)]
    per_year = chosen.groupby("year")[["comments_submitted", "comments_accepted"]].sum()
    count = chosen.groupby("year").size()
    rate = per_year.comments_accepted / per_year.comments_submitted * 100
    m = metrics(at)
    assert m["Số cuộc tư vấn, phản biện"] == (
        str(len(chosen)), vi(signed((count[2022] / count[2021] - 1) * 100)) + "% năm 2022 so với 2021")
    assert m["Ý kiến góp ý"][0] == vi(f"{chosen.comments_submitted.sum():,}")
    assert m["Ý kiến được tiếp thu"][0] == vi(f"{chosen.comments_accepted.sum():,}")
    assert m["Tỷ lệ tiếp thu"] == (
        vi(f"{chosen.comments_accepted.sum() / chosen.comments_submitted.sum() * 100:.1f}") + "%",
        vi(signed(rate[2022] - rate[2021])) + " điểm % năm 2022 so với 2021")


def test_the_meeting_list_reads_like_a_register(app, meetings):
    at = app(PAGE, years=["2023", "2023"], levels=["province"])
    assert not at.exception
    table = at.dataframe[0].value
    chosen = meetings[(meetings.year == 2023) & (meetings.level == "province")]
    newest = chosen.sort_values(["held_on", "meeting_id"], ascending=[False, True]).iloc[0]
    assert len(table) == len(chosen)
    assert list(table.columns) == ["Ngày", "Loại nội dung", "Nội dung", "Hội chủ trì", "Địa bàn", "Ý kiến góp ý",
                                   "Được tiếp thu", "Tỷ lệ tiếp thu (%)"]
    first = table.iloc[0]
    assert first["Ngày"] == newest.held_on
    assert first["Nội dung"] == newest.subject and first["Hội chủ trì"] == newest["name"]
    assert first["Địa bàn"] == "Lâm Đồng"
    # the date is shown dd/mm/yyyy in Vietnamese
    shown = at.dataframe[0].proto.arrow_data.styler.display_values
    assert newest.held_on.strftime("%d/%m/%Y").encode() in shown


def test_a_single_year_still_compares_with_the_year_before(app, meetings):
    at = app(PAGE, years=["2024", "2024"])
    assert not at.exception
    count = meetings.groupby("year").size()
    assert metrics(at)["Số cuộc tư vấn, phản biện"] == (
        str(count[2024]), vi(signed((count[2024] / count[2023] - 1) * 100)) + "% năm 2024 so với 2023")


def test_a_unit_without_the_chosen_type_shows_a_sentence(app):
    at = app(PAGE, units=["675"], types=["journalists"])
    assert not at.exception
    assert any(NO_DATA_VI in i.value for i in at.info)
    assert not at.metric and not at.get("plotly_chart") and not at.dataframe


def test_filters_that_leave_nothing_show_a_sentence(app):
    at = app(PAGE, special="true", types=["gardening"])
    assert not at.exception
    assert any(NO_DATA_VI in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_english(app, meetings):
    at = app(PAGE, lang="en", years=["2018", "2022"], types=["lawyers"])
    assert not at.exception
    chosen = meetings[(meetings.type_code == "lawyers") & meetings.year.between(2018, 2022)]
    m = metrics(at)
    assert set(m) == {"Consultation meetings", "Comments submitted", "Comments accepted", "Acceptance rate"}
    assert m["Comments submitted"][0] == f"{chosen.comments_submitted.sum():,}"
    assert chart_titles(at)[0] == "Consultation meetings by subject, 2018–2022"
    table = at.dataframe[0].value
    assert list(table.columns)[:3] == ["Date", "Subject kind", "Subject"]
    assert set(table["Subject kind"]) <= {"Party policy", "Draft law", "Plan or programme", "Local project", "Other subject"}
    assert isinstance(table["Date"].iloc[0], dt.date)
