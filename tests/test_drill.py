"""Click to filter: the value a clicked point stands for, the callback that sets the sidebar filter,
and, under AppTest, the chip that says so and clears it (the URL and the figures follow)."""

from __future__ import annotations

import json

from massorg.ui import drill
from tests.pages_support import metrics


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
    by_unit = next(p for title, p in charts.items() if "district-level unit" in title or "by unit" in title.lower())
    assert list(by_unit.selection_mode) and by_unit.id
    unit_trace = json.loads(by_unit.spec)["data"][0]
    assert "678" in [c[0] for c in unit_trace["customdata"]]
    assert all(list(p.selection_mode) for p in charts.values())  # years, types and units: all clickable
