"""Events on time charts: the committed reference list, the lines and bands on a yearly axis, the
sidebar toggle, the list under the chart."""

from __future__ import annotations

import datetime as dt
import json

import plotly.graph_objects as go

from massorg.events import all_events, events_between
from massorg.ui.charts import mark_events, theme, year_axis
from massorg.ui.components import events_text


def _trend(first: int, last: int) -> go.Figure:
    years = list(range(first, last + 1))
    fig = year_axis(go.Figure(go.Scatter(x=years, y=[1] * len(years))), years)
    return theme(fig, lang="vi", title="Hội viên", footer="Nguồn")


def test_reference_list_holds_the_named_events_in_both_languages():
    events = {e.code: e for e in all_events()}
    assert events["kl_102"].starts_on == dt.date(2014, 9, 22)
    assert events["kh_121"].starts_on == dt.date(2020, 3, 5)
    assert events["covid_19"].ends_on == dt.date(2021, 12, 31)
    assert events["district_merger"].is_boundary and events["province_merger"].is_boundary
    assert "60-NQ/TW" in events["nq_60"].name["vi"]
    assert all(e.name["vi"] and e.name["en"] and e.short["vi"] and e.short["en"] for e in events.values())


def test_events_between_picks_the_years_a_span_overlaps():
    assert [e.code for e in events_between(2021, 2023)] == ["covid_19"]
    assert [e.code for e in events_between(2014, 2024)] == ["kl_102", "covid_19", "kh_121", "district_merger"]


def _event_labels(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def test_lines_and_a_band_on_a_trend_chart_and_boundaries_drawn_once():
    fig = _trend(2014, 2026)
    boundary_shapes = len(fig.layout.shapes)
    assert boundary_shapes == 2  # 1/12/2024 and 1/7/2025, by mark_boundaries
    shown = mark_events(fig, list(all_events()), "vi")
    assert [e.code for e in shown] == ["kl_102", "covid_19", "kh_121", "district_merger", "nq_60", "province_merger"]
    shapes = fig.layout.shapes
    assert len(shapes) == boundary_shapes + 4  # KL 102, COVID band, KH 121, NQ 60: not the boundaries again
    band = [s for s in shapes if s.type == "rect"]
    assert len(band) == 1 and (band[0].x0, band[0].x1) == (2019.56, 2021.5)
    assert {"KL 102", "KH 121", "COVID-19", "NQ 60"} <= set(_event_labels(fig))
    assert mark_events(fig, list(all_events()), "vi") == []  # once per figure
    assert len(fig.layout.shapes) == boundary_shapes + 4


def test_a_chart_without_a_time_axis_gets_no_event():
    fig = theme(go.Figure(go.Bar(x=["a", "b"], y=[1, 2])), lang="vi", title="Theo loại", footer="Nguồn")
    assert mark_events(fig, list(all_events()), "vi") == []
    assert not fig.layout.shapes


def test_list_under_the_chart_in_both_languages():
    events = events_between(2020, 2021)
    assert events_text(events, "vi").splitlines() == [
        "Sự kiện trong giai đoạn:  ",
        "**COVID\\-19** (23/01/2020–31/12/2021): Những năm dịch COVID\\-19 \\(giãn cách xã hội\\)  ",
        "**KH 121** (05/03/2020): Kế hoạch 121\\-KH\\/TU của Tỉnh ủy Lâm Đồng thực hiện Kết luận 102\\-KL\\/TW",
    ]
    assert "2020-01-23 to 2021-12-31" in events_text(events, "en")


def _trend_shapes(at) -> list[dict]:
    charts = [json.loads(el.proto.spec)["layout"] for el in at.get("plotly_chart")]
    return [layout.get("shapes", []) for layout in charts if layout.get("meta", {}).get("years")]


def test_membership_trend_marks_events_and_the_toggle_hides_them(app):
    at = app("pages/membership.py")
    assert not at.exception
    with_events = _trend_shapes(at)
    assert with_events and all(len(shapes) >= 3 for shapes in with_events)  # KL 102, COVID, KH 121 (+1/12/2024)
    assert any("KL 102" in c.value and "COVID" in c.value for c in at.caption)
    at.toggle(key="events").set_value(False).run()
    assert not at.exception
    assert at.query_params["events"] in ("false", ["false"])  # a copied link keeps the choice
    without = _trend_shapes(at)
    assert without and all(all(s.get("line", {}).get("dash") == "dot" for s in shapes) for shapes in without)
    assert not any("KL 102" in c.value for c in at.caption)
