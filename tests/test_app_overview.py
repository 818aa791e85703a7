"""The overview page under AppTest: KPI values users rely on, language, URL state, bad links."""

import datetime as dt

import pandas as pd
import pytest


def _metrics(at) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def test_overview_shows_the_headline_figures_marked_as_demo(app):
    at = app()
    assert not at.exception
    m = _metrics(at)
    assert m["Số hội (cuối năm 2024)"] == ("672", "-0,4% năm 2024 so với 2023")  # 675 -> 672
    assert m["Hội viên (cuối năm 2024)"][0] == "519.386"
    assert m["Ngân sách nhà nước 2014–2024"][0] == "109,9 tỷ đồng"
    assert m["Cuộc tư vấn, phản biện 2014–2024"][0] == "198"
    assert m["Chương trình, vụ việc pháp lý 2014–2024"][0] == "3.642"
    assert any("DỮ LIỆU MẪU" in w.value for w in at.warning)
    assert any("DỮ LIỆU MẪU" in c.value for c in at.caption)  # the source footer says so too


def test_english_and_a_filtered_link(app, demo_snapshot):
    at = app(lang="en", years=["2020", "2022"], units=["678"], levels=["district"])
    assert not at.exception
    m = _metrics(at)
    t = demo_snapshot.read_all()
    a = t["associations"]
    chosen = a[(a.unit_code == "678") & (a.level == "district")]
    end = dt.date(2022, 12, 31)
    active = chosen[(chosen.founded_on <= end) & (chosen.dissolved_on.isna() | (chosen.dissolved_on > end))]
    members = t["membership"].query("year == 2022 and association_id in @chosen.association_id").members.sum()
    assert m["Associations (end of 2022)"][0] == f"{len(active):,}"
    assert m["Members (end of 2022)"][0] == f"{members:,}"
    state = t["funding"].query("source == 'state_budget' and 2020 <= year <= 2022 "
                               "and association_id in @chosen.association_id").amount_vnd.sum()
    label = "State budget 2020–2022"
    assert m[label][0] == (f"VND {state / 1e9:,.1f} bn" if state >= 1e9 else f"VND {state / 1e6:,.1f} m")


def test_the_url_follows_the_filters(app):
    at = app()
    assert dict(at.query_params) == {}
    at.slider(key="years").set_range(2016, 2018).run()
    at.multiselect(key="units").select("682").run()
    assert at.query_params["years"] == ["2016", "2018"]
    assert at.query_params["units"] in ("682", ["682"])
    assert _metrics(at)["Số hội (cuối năm 2018)"]


def test_a_link_reopens_the_same_view(app):
    first = app(years=["2016", "2018"], units=["682"], special="true")
    shared = {k: first.query_params[k] for k in first.query_params}
    second = app(**shared)
    assert _metrics(second) == _metrics(first)
    assert second.slider(key="years").value == (2016, 2018)
    assert second.multiselect(key="units").value == ["682"]
    assert second.checkbox(key="special").value is True


def test_bad_link_values_are_ignored_with_a_notice(app):
    at = app(years=["abc"], units=["999"], levels=["galaxy"], bogus="1", snapshot="nope")
    assert not at.exception
    notices = " ".join(i.value for i in at.info)
    assert "không hợp lệ" in notices and "years" in notices and "units" in notices and "bogus" in notices
    assert _metrics(at)["Số hội (cuối năm 2024)"][0] == "672"  # defaults used instead


def test_merged_districts_keep_their_history(app):
    """Huyện Đạ Huoai (682) after the Dec 2024 merger includes the old Đạ Huoai (681) and Cát Tiên (683);
    without the merger box, 682 is Đạ Tẻh alone."""
    merged = _metrics(app(units=["682"], years=["2014", "2024"]))
    alone = _metrics(app(units=["682"], years=["2014", "2024"], merged="false"))
    teh_tien = _metrics(app(units=["681", "683"], years=["2014", "2024"], merged="false"))
    key = "Hội viên (cuối năm 2024)"

    def n(s):
        return int(s[0].replace(".", ""))

    assert n(merged[key]) == n(alone[key]) + n(teh_tien[key])


@pytest.mark.parametrize("query", [
    {"years": ["2024", "2024"]},
    {"units": ["675"], "types": ["journalists"]},
    {"snapshot": "demo-2023-12-31", "years": ["2024", "2024"]},
])
def test_edge_filters_do_not_break_the_page(app, query):
    at = app(**query)
    assert not at.exception
    assert at.title[0].value


def test_overview_table_holds_the_rows_behind_the_cards(app, demo_snapshot):
    at = app(years=["2022", "2024"])
    table = at.dataframe[0].value
    assert list(table["Năm"]) == ["2022", "2023", "2024", "Tổng cộng"]
    total, table = table.iloc[-1], table.iloc[:-1]
    assert pd.isna(total["Hội viên (cuối năm)"])  # a stock has no total over years
    assert at.dataframe[0].proto.placeholder == "–"  # and the screen writes it as a dash, not "None"
    assert total["Cuộc tư vấn, phản biện"] == table["Cuộc tư vấn, phản biện"].sum()
    assert list(table["Hội viên (cuối năm)"])[-1] == 519_386
    funding = demo_snapshot.read("funding").query("source == 'state_budget' and 2022 <= year <= 2024")
    by_year = (funding.groupby("year").amount_vnd.sum() / 1e9).tolist()
    assert [round(v, 6) for v in table["Ngân sách nhà nước (tỷ đồng)"]] == [round(v, 6) for v in by_year]
    labels = [b.label for b in at.get("download_button")]
    assert "Tải Excel" in labels and "Tải CSV" in labels


def test_switching_language_keeps_the_filters(app):
    at = app()
    at.multiselect(key="units").select("678").run()
    at.slider(key="years").set_range(2018, 2022).run()
    vi_value = _metrics(at)["Số hội (cuối năm 2022)"][0]
    at.button_group(key="lang").set_value("en").run()
    assert not at.exception
    assert at.multiselect(key="units").value == ["678"]
    assert at.slider(key="years").value == (2018, 2022)
    assert _metrics(at)["Associations (end of 2022)"][0] == vi_value
    assert at.query_params["lang"] in ("en", ["en"])


def test_a_one_year_period_still_shows_the_change_on_the_year_before(app, demo_snapshot):
    """years=2024: every card with a change on the other pages has one here too (issue 13, item 3)."""
    at = app(years=["2024", "2024"])
    assert not at.exception
    m = _metrics(at)
    kpis = demo_snapshot.read_all()["membership"].groupby("year").members.sum()
    change = (kpis[2024] / kpis[2023] - 1) * 100
    sign = "+" if change > 0 else "-"
    assert m["Hội viên (cuối năm 2024)"][1] == f"{sign}{abs(change):.1f}".replace(".", ",") + "% năm 2024 so với 2023"
    for label in ("Số hội (cuối năm 2024)", "Ngân sách nhà nước 2024", "Kinh phí tự vận động 2024",
                  "Cuộc tư vấn, phản biện 2024", "Chương trình, vụ việc pháp lý 2024", "Giá trị an sinh, từ thiện 2024"):
        assert m[label][1].endswith("năm 2024 so với 2023"), label


def test_sidebar_pickers_find_names_typed_without_accents_and_speak_one_language(app):
    """The unit picker filters on its labels: 'da lat' and 'cat tien' found nothing; its 'Select all'
    entry was English in the Vietnamese UI (issue 13, item 10)."""
    at = app()
    units = at.multiselect(key="units")
    assert "Đà Lạt (Da Lat)" in units.options
    assert "Cát Tiên (Cat Tien, sáp nhập vào Đạ Huoai 682 từ 1/12/2024)" in units.options
    from massorg.labels import district_unit_codes, unit_name
    from massorg.text import without_accents

    for code, option in zip(district_unit_codes(), units.options):
        assert option.startswith(unit_name(code, "vi")) and without_accents(unit_name(code, "vi")) in option
    for key in ("units", "levels", "types"):
        proto = at.multiselect(key=key).proto
        assert proto.HasField("select_all") and proto.select_all == 0, key  # no "Select all"
        assert proto.wrap, key  # long names wrap instead of being cut
