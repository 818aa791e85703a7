"""Click to filter: a click on a bar or point of a chart that breaks down by year, unit or association
type sets that sidebar filter (so the URL, and Back, follow), and a chip above the page says so with one
click to clear it.

The click arrives as a Plotly selection (st.plotly_chart(on_select=callback, selection_mode="points"));
the callback runs before the rerun, the only moment a sidebar widget's value may be set. A year is the
point's x; a unit or a type is the code the chart builder put in the point's customdata.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from massorg.data.schema import LEVELS
from massorg.i18n import t
from massorg.labels import type_codes, type_name, unit_name
from massorg.ui.context import PageContext

DRILL_KEY = "_drill"  # the last click's filter: param, value, and the filter's value before it
PARAMS = ("years", "units", "types", "levels")


def picked(point: dict, param: str) -> str | int | None:
    """The value a clicked point stands for: the year (x) or the code in its customdata."""
    if param == "years":
        x = point.get("x")
        try:
            return int(round(float(x)))
        except (TypeError, ValueError):
            return None
    data = point.get("customdata")
    if isinstance(data, (list, tuple)):
        data = data[0] if data else None
    return str(data) if data not in (None, "") else None


def _allowed(ctx: PageContext, param: str, value: str | int) -> bool:
    if param == "years":
        return isinstance(value, int) and value in ctx.years
    if param == "types":
        return value in type_codes()
    if param == "levels":
        return value in LEVELS
    return True  # units: the sidebar keeps only the units it offers


def on_select(ctx: PageContext, chart_key: str, param: str) -> Callable[[], None]:
    """The callback of a chart whose click filters by `param`."""
    assert param in PARAMS, param

    def handler() -> None:
        event = st.session_state.get(chart_key)
        points = (event or {}).get("selection", {}).get("points", [])
        value = picked(points[0], param) if points else None
        if value is None or not _allowed(ctx, param, value):
            return
        before = st.session_state.get(param)
        st.session_state[param] = (value, value) if param == "years" else [value]
        st.session_state[DRILL_KEY] = {"param": param, "value": value, "before": before}

    return handler


def _label(param: str, value: str | int, lang: str) -> str:
    if param == "years":
        return str(value)
    if param == "units":
        return unit_name(str(value), lang)
    if param == "types":
        return type_name(str(value), lang)
    return t(f"codes.level.{value}", lang)


def _clear() -> None:
    drill = st.session_state.pop(DRILL_KEY, None)
    if drill:
        st.session_state[drill["param"]] = drill["before"]


def chip(ctx: PageContext) -> None:
    """'Lọc theo biểu đồ: Đức Trọng ✕' while the filter a click set is still the sidebar's."""
    drill = st.session_state.get(DRILL_KEY)
    if not drill:
        return
    value, param = drill["value"], drill["param"]
    now = st.session_state.get(param)
    still = (now == (value, value) or list(now or []) == [value, value]) if param == "years" else list(now or []) == [value]
    if not still:  # changed since in the sidebar, or by Back
        st.session_state.pop(DRILL_KEY, None)
        return
    st.button(ctx.t("drill.chip", what=ctx.t(f"drill.param.{param}"), value=_label(param, value, ctx.lang)),
              icon=":material/close:", key="drill_clear", on_click=_clear, help=ctx.t("drill.chip_help"),
              type="secondary")
