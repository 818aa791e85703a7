"""Click to filter: the value a clicked point stands for, the callback that sets the sidebar filter,
and, under AppTest, the chip that says so and clears it (the URL and the figures follow)."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from massorg import geography
from massorg.data.schema import FUNDING_SOURCES, LEVELS
from massorg.labels import programme_codes, type_codes
from massorg.ui import drill
from tests.pages_support import metrics, vi


def test_a_point_stands_for_its_year_or_the_code_in_its_customdata():
    assert drill.picked({"x": 2021, "y": 3.5}, "years") == 2021
    assert drill.picked({"x": "2021"}, "years") == 2021
    assert drill.picked({"x": "Đức Trọng"}, "years") is None
    assert drill.picked({"y": "Đức Trọng", "customdata": ["678"]}, "units") == "678"
    assert drill.picked({"y": "Hội Chữ thập đỏ", "customdata": "red_cross"}, "types") == "red_cross"
    assert drill.picked({"y": "x"}, "units") is None


class _Ctx:
    years = [2020, 2021, 2022]


def test_the_callback_sets_the_filter_and_remembers_what_it_was(monkeypatch):
    state = {"chart_x": {"selection": {"points": [{"y": "Đức Trọng", "customdata": ["678"]}]}}, "units": ["679"]}
    monkeypatch.setattr(drill.st, "session_state", state)
    drill.on_select(_Ctx(), "chart_x", "units")()
    assert state["units"] == ["678"]
    assert state[drill.DRILL_KEY] == {"param": "units", "value": "678", "before": ["679"]}
    state["chart_y"] = {"selection": {"points": [{"x": 2021, "y": 9}]}}
    drill.on_select(_Ctx(), "chart_y", "years")()
    assert state["years"] == (2021, 2021)
    state["chart_z"] = {"selection": {"points": [{"x": 2031, "y": 9}]}}  # not a year of the snapshot
    drill.on_select(_Ctx(), "chart_z", "years")()
    assert state["years"] == (2021, 2021)
    state["chart_t"] = {"selection": {"points": [{"customdata": ["no_such_type"]}]}}
    drill.on_select(_Ctx(), "chart_t", "types")()
    assert "types" not in state


def _numbers(values) -> list[float]:
    """A trace's numbers as plotly sends them: a list, or typed binary."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return [float(v) for v in values]


def _subtitles(at) -> set[str | None]:
    return {json.loads(el.proto.spec)["layout"]["title"].get("subtitle", {}).get("text") for el in at.get("plotly_chart")}


def test_chip_names_the_clicked_unit_and_one_click_restores_the_page(app):
    at = app("pages/funding.py")
    whole = metrics(at)["Tổng kinh phí (tỷ đồng)"][0]
    # what the unit chart's callback leaves in the session when Đức Trọng's bar is clicked
    at.session_state["units"] = ["678"]
    at.session_state[drill.DRILL_KEY] = {"param": "units", "value": "678", "before": []}
    at.run()
    assert not at.exception
    assert at.query_params["units"] in ("678", ["678"])
    assert at.button(key="drill_clear").label == "Đang lọc theo biểu đồ — đơn vị: Đức Trọng"
    assert metrics(at)["Tổng kinh phí (tỷ đồng)"][0] != whole
    assert _subtitles(at) == {"Đức Trọng"}
    at.button(key="drill_clear").click().run()
    assert not at.exception
    assert "units" not in at.query_params
    assert metrics(at)["Tổng kinh phí (tỷ đồng)"][0] == whole
    assert not [b for b in at.button if b.key == "drill_clear"]


def test_charts_that_break_down_by_year_unit_or_type_listen_for_clicks(app):
    at = app("pages/funding.py", lang="en")
    charts = {json.loads(el.proto.spec)["layout"]["title"]["text"]: el.proto for el in at.get("plotly_chart")}
    by_unit = next(p for title, p in charts.items() if "by administrative unit" in title)
    assert list(by_unit.selection_mode) and by_unit.id
    unit_trace = json.loads(by_unit.spec)["data"][0]
    assert "678" in [c[0] for c in unit_trace["customdata"]]
    assert all(list(p.selection_mode) for p in charts.values())  # years, types and units: all clickable


# ---- every chart that breaks down by unit, type, level or year, on every page ---------------------

# chart key (after "chart_") prefix -> what a click on it filters by; the charts not listed take no click
CLICKABLE = {
    "pages/funding.py": {"kinh-phi-theo-nguon-va-nam": "source", "co-cau-kinh-phi-theo-nguon": "source",
                         "tang-truong-kinh-phi": "years", "kinh-phi-theo-loai-hoi": "types",
                         "kinh-phi-theo-don-vi": "units"},
    "pages/overview.py": {"hoi-vien-cuoi-moi-nam": "years", "kinh-phi-theo-nguon": "years",
                          "so-hoi-theo-loai-hoi": "types"},
    "pages/membership.py": {"hoi-vien-cuoi-moi-nam": "years", "hoi-vien-tang-giam-theo-dia-ban": "units",
                            "hoi-vien-theo-loai-hoi": "types", "so-hoi-theo-cap": "levels",
                            "so-hoi-theo-loai-hoi-va-cap": "types", "hoi-co-tinh-chat-dac-thu": "special"},
    "pages/welfare.py": {"cac-chuong-trinh-tieu-bieu-theo-nam": "years", "gia-tri-theo-loai-hoi": "types",
                         "gia-tri-theo-noi-thuc-hien": "units", "gia-tri-theo-chuong-trinh": "programme",
                         "nguoi-huong-loi-theo-chuong-trinh": "programme"},
    "pages/legal_aid.py": {"vu-viec-phap-ly-theo-nam-va-loai": "years", "ty-le-hoa-giai-thanh": "years",
                           "vu-viec-phap-ly-theo-loai-hoi": "types"},
    "pages/consultation.py": {"so-cuoc-tu-van-phan-bien-theo-loai-noi-dung": "years",
                              "y-kien-gop-y-y-kien-duoc-tiep-thu": "years",
                              "10-hoi-chu-tri-nhieu-cuoc": "association"},
}


def _charts_by_key(at) -> dict[str, tuple[list[int], dict]]:
    return {el.proto.id.split("-chart_", 1)[1]: (list(el.proto.selection_mode), json.loads(el.proto.spec))
            for el in at.get("plotly_chart")}


def _param_of(key: str, expected: dict[str, str]) -> str | None:
    found = [param for prefix, param in expected.items() if key.startswith(prefix)]
    return max(found, key=len) if found else None  # the longest prefix: "so-hoi-theo-loai-hoi-va-cap" wins


@pytest.mark.parametrize("page", list(CLICKABLE))
def test_breakdown_charts_take_a_click_and_their_points_carry_valid_codes(app, demo_snapshot, page):
    at = app(page)
    assert not at.exception
    charts = _charts_by_key(at)
    expected = CLICKABLE[page]
    matched = {prefix for prefix in expected for key in charts if key.startswith(prefix)}
    assert matched == set(expected), f"charts missing on {page}: {set(expected) - matched} of {list(charts)}"
    ids = set(demo_snapshot.read("associations")["association_id"])
    valid = {"types": set(type_codes()), "levels": set(LEVELS), "association": ids, "programme": set(programme_codes()),
             "source": set(FUNDING_SOURCES),
             "units": set(geography.old_district_codes()) | set(geography.new_unit_codes()) | {"68"}}
    for key, (selection, spec) in charts.items():
        param = _param_of(key, CLICKABLE[page])
        assert bool(selection) == (param is not None), key
        if param == "years":
            assert spec["layout"]["meta"]["years"], key  # a yearly axis: the click's x is the year
        elif param == "special":  # a sunburst: Streamlit passes the clicked sector's id
            assert [trace["type"] for trace in spec["data"]] == ["sunburst"], key
            assert drill.SPECIAL in spec["data"][0]["ids"], key
        elif param is not None:
            codes = {str(c[-1]) for trace in spec["data"] if trace.get("customdata") for c in trace["customdata"]}
            assert codes and codes <= valid[param], (key, codes - valid[param])


def test_a_type_clicked_on_the_membership_page_narrows_it_in_english_and_the_chip_clears_it(app, demo_snapshot):
    at = app("pages/membership.py", lang="en")
    whole = metrics(at)["Members (end of 2024)"][0]
    # what the type chart's callback leaves in the session when the Red Cross bar is clicked
    at.session_state["types"] = ["red_cross"]
    at.session_state[drill.DRILL_KEY] = {"param": "types", "value": "red_cross", "before": []}
    at.run()
    assert not at.exception
    assert at.query_params["types"] in ("red_cross", ["red_cross"])
    assert at.button(key="drill_clear").label == "Filtered from a chart — association type: Red Cross Society"
    a, m = demo_snapshot.read("associations"), demo_snapshot.read("membership")
    red_cross = m[(m.year == 2024) & m.association_id.isin(a[a.type_code == "red_cross"].association_id)]
    assert metrics(at)["Members (end of 2024)"][0] == f"{red_cross.members.sum():,}"
    assert _subtitles(at) == {"Red Cross Society"}
    at.button(key="drill_clear").click().run()
    assert "types" not in at.query_params and metrics(at)["Members (end of 2024)"][0] == whole
    assert _subtitles(at) == {None}


def test_a_year_clicked_on_a_trend_makes_the_period_that_year(monkeypatch):
    state = {"chart_t": {"selection": {"points": [{"x": 2022, "y": 480_000, "curve_number": 0}]}},
             "years": (2014, 2024)}
    monkeypatch.setattr(drill.st, "session_state", state)
    drill.on_select(_Ctx(), "chart_t", "years")()
    assert state["years"] == (2022, 2022)
    assert state[drill.DRILL_KEY] == {"param": "years", "value": 2022, "before": (2014, 2024)}


def test_an_association_clicked_in_a_chart_or_a_table_is_remembered_for_its_profile(monkeypatch):
    state = {"chart_top": {"selection": {"points": [{"y": "Hội Luật gia", "customdata": [12, 9, 75.0, "T006"]}]}},
             "table_x": {"selection": {"rows": [1]}}}
    monkeypatch.setattr(drill.st, "session_state", state)
    drill.on_select(_Ctx(), "chart_top", drill.ASSOCIATION)()
    assert state[drill.PROFILE_KEY] == "T006"
    assert "units" not in state and drill.DRILL_KEY not in state  # a profile is not a filter
    drill.on_row_select("table_x", ["A1", "B2"])()
    assert state[drill.PROFILE_KEY] == "B2"
    state["table_x"] = {"selection": {"rows": [5]}}  # a row past the shown ones (the total row): nothing
    state.pop(drill.PROFILE_KEY)
    drill.on_row_select("table_x", ["A1", "B2"])()
    assert drill.PROFILE_KEY not in state


def test_the_clicked_association_opens_its_profile_on_the_directory_page_with_the_filters_kept(app, demo_snapshot):
    at = app("pages/consultation.py", years=["2018", "2022"], lang="en")
    top = demo_snapshot.read("consultations").groupby("association_id").size().idxmax()
    at.session_state[drill.PROFILE_KEY] = top  # what a click on its bar leaves
    at.run()
    assert not at.exception
    assert at.query_params["assoc"] in (top, [top])
    assert at.selectbox(key="directory_assoc").value == top
    assert "#### Consultation and social-criticism meetings it led, 2018–2022" in [m.value for m in at.markdown]
    assert at.slider(key="years").value == (2018, 2022) and at.session_state["lang"] == "en"  # filters kept
    assert at.query_params["years"] == ["2018", "2022"]


def test_a_programme_clicked_on_the_welfare_page_filters_it_through_its_url_and_the_chip_clears_it(
        app, demo_snapshot, monkeypatch):
    state, params = {"chart_p": {"selection": {"points": [{"y": "Mổ mắt", "customdata": ["cataract_surgery"]}]}}}, {}
    monkeypatch.setattr(drill.st, "session_state", state)
    monkeypatch.setattr(drill.st, "query_params", params)
    drill.on_select(_Ctx(), "chart_p", "programme")()
    assert params == {"programme": "cataract_surgery"}  # the page's own URL parameter: Back undoes it
    assert state[drill.DRILL_KEY] == {"param": "programme", "value": "cataract_surgery", "before": None}
    monkeypatch.undo()

    at = app("pages/welfare.py", programme="cataract_surgery")  # what the click leaves in the URL
    assert not at.exception
    w = demo_snapshot.read("welfare")
    cataract = w[(w.programme_code == "cataract_surgery") & w.year.between(2014, 2024)]
    charts = _charts_by_key(at)
    [programmes] = [spec for key, (_, spec) in charts.items() if key.startswith("gia-tri-theo-chuong-trinh")]
    assert {str(c[-1]) for trace in programmes["data"] for c in trace["customdata"]} == {"cataract_surgery"}
    assert _subtitles(at) == {"Mổ mắt đục thủy tinh thể"}
    [bar] = [trace for trace in programmes["data"] if trace.get("x")]
    assert round(_numbers(bar["x"])[0], 3) == round(cataract.value_vnd.sum() / 1e9, 3)  # in tỷ đồng
    at.session_state[drill.DRILL_KEY] = {"param": "programme", "value": "cataract_surgery", "before": None}
    at.run()
    chip = at.button(key="drill_clear")
    assert chip.label.startswith("Đang lọc theo biểu đồ — chương trình: Mổ")
    chip.click().run()
    assert not at.exception
    assert "programme" not in at.query_params and _subtitles(at) == {None}
    bad = app("pages/welfare.py", programme="no_such_programme")
    assert not bad.exception and any("programme" in i.value for i in bad.info)


def test_a_source_segment_clicked_sets_the_funding_pages_source_and_nothing_else(monkeypatch):
    # a segment of the stacked chart by year and source: its x is the year, its customdata the source
    point = {"x": 2020, "y": 3.2, "curve_number": 1, "customdata": ["social_mobilisation"]}
    state, params = {"chart_s": {"selection": {"points": [point]}}, "years": (2014, 2024)}, {}
    monkeypatch.setattr(drill.st, "session_state", state)
    monkeypatch.setattr(drill.st, "query_params", params)
    drill.on_select(_Ctx(), "chart_s", "source")()
    assert params == {"source": "social_mobilisation"} and state["years"] == (2014, 2024)  # the year is kept
    assert state[drill.DRILL_KEY] == {"param": "source", "value": "social_mobilisation", "before": None}
    state["chart_s"] = {"selection": {"points": [{"x": 2020, "customdata": ["no_such_source"]}]}}
    drill.on_select(_Ctx(), "chart_s", "source")()
    assert params == {"source": "social_mobilisation"}  # not a source: nothing changes


def _config(at, prefix: str) -> dict:
    [el] = [el for el in at.get("plotly_chart") if el.proto.id.split("-chart_", 1)[1].startswith(prefix)]
    return json.loads(el.proto.config)


def test_a_source_clicked_on_the_funding_page_narrows_it_to_that_money_and_the_chip_clears_it(app, demo_snapshot):
    at = app("pages/funding.py")
    whole = metrics(at)["Tổng kinh phí (tỷ đồng)"][0]
    a, f = demo_snapshot.read("associations"), demo_snapshot.read("funding")
    f = f[f.year.between(2014, 2024) & f.association_id.isin(a.association_id)]
    state = f[f.source == "state_budget"]
    at = app("pages/funding.py", source="state_budget")  # what a click on a state budget segment leaves in the URL
    assert not at.exception
    m = metrics(at)
    assert m["Tổng kinh phí (tỷ đồng)"][0] == vi(f"{state.amount_vnd.sum() / 1e9:,.1f}") != whole
    assert m["Ngân sách nhà nước (tỷ đồng)"][0] == "109,9"  # the same money as on the whole page
    assert m["Kinh phí tự vận động (tỷ đồng)"][0] == "0,0"
    # the state budget's share stays a share of all funding, not 100%
    assert m["Tỷ trọng ngân sách nhà nước"][0] == vi(f"{state.amount_vnd.sum() / f.amount_vnd.sum() * 100:,.1f}") + "%"
    charts = _charts_by_key(at)
    for prefix in ("kinh-phi-theo-nguon-va-nam", "kinh-phi-theo-loai-hoi", "kinh-phi-theo-don-vi"):
        [spec] = [spec for key, (_, spec) in charts.items() if key.startswith(prefix)]
        assert [trace["name"] for trace in spec["data"]] == ["Ngân sách nhà nước"], prefix
        assert round(sum(_numbers(spec["data"][0]["y" if prefix.endswith("nam") else "x"])), 3) == round(
            (state if prefix != "kinh-phi-theo-don-vi" else state[state.association_id.isin(
                a[a.level != "province"].association_id)]).amount_vnd.sum() / 1e9, 3), prefix
    [shares] = [spec for key, (_, spec) in charts.items() if key.startswith("co-cau-kinh-phi")]
    by_year = f.groupby("year").amount_vnd.sum()
    state_share = state.groupby("year").amount_vnd.sum() / by_year * 100
    assert [round(v, 6) for v in _numbers(shares["data"][0]["y"])] == [round(v, 6) for v in state_share]
    assert _subtitles(at) == {"Ngân sách nhà nước"}
    stem = _config(at, "kinh-phi-theo-nguon-va-nam")["toImageButtonOptions"]["filename"]
    assert "ngan-sach-nha-nuoc" in stem, stem
    at.session_state[drill.DRILL_KEY] = {"param": "source", "value": "state_budget", "before": None}
    at.run()
    chip = at.button(key="drill_clear")
    assert chip.label == "Đang lọc theo biểu đồ — nguồn kinh phí: Ngân sách nhà nước"
    chip.click().run()
    assert not at.exception
    assert "source" not in at.query_params and metrics(at)["Tổng kinh phí (tỷ đồng)"][0] == whole
    assert _subtitles(at) == {None}
    english = app("pages/funding.py", source="foreign_aid", lang="en")
    assert not english.exception and _subtitles(english) == {"Foreign organisations"}
    bad = app("pages/funding.py", source="no_such_source")
    assert not bad.exception and any("source" in i.value for i in bad.info)


def test_a_click_on_the_special_nature_sector_ticks_the_special_only_box_and_other_sectors_do_nothing(monkeypatch):
    # what Streamlit passes for a click on a sunburst's sector: its id, label, parent and value
    state = {"chart_r": {"selection": {"points": [{"id": "other", "parent": "all", "label": "Hội khác", "value": 400}]}},
             "special": False}
    monkeypatch.setattr(drill.st, "session_state", state)
    drill.on_select(_Ctx(), "chart_r", "special")()
    assert state["special"] is False and drill.DRILL_KEY not in state  # no filter of the other associations
    state["chart_r"] = {"selection": {"points": [{"id": "all", "parent": "", "label": "450 hội", "value": 450}]}}
    drill.on_select(_Ctx(), "chart_r", "special")()
    assert state["special"] is False and drill.DRILL_KEY not in state  # the centre: the total
    state["chart_r"] = {"selection": {"points": [{"id": "special", "parent": "all", "label": "Hội có tính chất đặc thù"}]}}
    drill.on_select(_Ctx(), "chart_r", "special")()
    assert state["special"] is True
    assert state[drill.DRILL_KEY] == {"param": "special", "value": True, "before": False}


def test_the_special_nature_ring_clicked_narrows_the_membership_page_and_the_chip_clears_it(app, demo_snapshot):
    at = app("pages/membership.py")
    label = "Hội viên (cuối năm 2024)"
    whole = metrics(at)[label][0]
    # what the ring's callback leaves in the session when the special-nature sector is clicked
    at.session_state["special"] = True
    at.session_state[drill.DRILL_KEY] = {"param": "special", "value": True, "before": False}
    at.run()
    assert not at.exception
    assert at.query_params["special"] in ("true", ["true"])
    chip = at.button(key="drill_clear")
    assert chip.label == "Đang lọc theo biểu đồ — tính chất hội: Chỉ tính hội có tính chất đặc thù"
    a, m = demo_snapshot.read("associations"), demo_snapshot.read("membership")
    special = m[(m.year == 2024) & m.association_id.isin(a[a.special_nature].association_id)]
    assert metrics(at)[label][0] == vi(f"{special.members.sum():,}") != whole
    assert _subtitles(at) == {"Chỉ tính hội có tính chất đặc thù"}
    chip.click().run()
    assert not at.exception
    assert "special" not in at.query_params and metrics(at)[label][0] == whole
    assert at.checkbox(key="special").value is False and _subtitles(at) == {None}
