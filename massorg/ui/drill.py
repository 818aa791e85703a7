"""Click to filter: a click on a bar or point of a chart that breaks down by year, unit, association
type or level sets that sidebar filter (so the URL, and Back, follow), and a chip above the page says so
with one click to clear it. A page may have filters of its own, kept in its URL only (PAGE_FILTERS): the
welfare page's programme (?programme=<code>) and the funding page's source (?source=<code>: only money
from that source).

On a chart stacked by funding source a segment is both its bar's year, type or unit and a source; the
rule is one filter per click, the one the chart is about besides time: on the funding page's charts by
year and source (amounts and shares) a segment filters by its source (the year: the trend chart's points
or the sidebar); on the charts by type and by unit a segment filters by its bar's type or unit, whatever
its source (a leader clicks Đức Trọng to see Đức Trọng). The Overview has no source filter: its funding
chart's click sets the year. On the membership page's ring of special-nature associations a click on
"special" ticks the sidebar's special-only box (URL special=true); "other" sets nothing (there is no
filter of the other associations only), nor does the centre (the total). A click on an association (a bar of a top list, a row of a table that lists
associations) opens its profile on the directory page (directory?assoc=<id>).

The click arrives as a Plotly selection (st.plotly_chart(on_select=callback, selection_mode="points"))
or a table's row selection; the callback runs before the rerun, the only moment a sidebar widget's value
may be set. A year is the point's x; a unit, a type, a level or an association is the code the chart
builder put last in the point's customdata (earlier columns may feed the hover text); a sector of a
sunburst (the only kind of pie Streamlit passes a click from) is its id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from massorg.data.schema import FUNDING_SOURCES, LEVELS
from massorg.i18n import t
from massorg.labels import code_label, programme_codes, programme_name, type_codes, type_name, unit_name
from massorg.ui.context import PageContext, switch_page

DRILL_KEY = "_drill"  # the last click's filter: param, value, and the filter's value before it
PROFILE_KEY = "_drill_profile"  # an association clicked: its profile opens on the next run
PARAMS = ("years", "units", "types", "levels", "special")
SPECIAL = "special"  # the id of the special-nature sector (massorg.ui.figures.membership.special_nature)
# filters a page has of its own (no sidebar widget): the URL parameter, the Filters field it sets
PAGE_FILTERS = {"programme": "programme_codes", "source": "source_codes"}
ASSOCIATION = "association"  # a chart's drill_by for bars that stand for associations
DIRECTORY_PAGE = "pages/directory.py"
DIRECTORY_CHOICE = "directory_assoc"  # the directory's own state of the chosen association (pages/directory.py)


def picked(point: dict, param: str) -> str | int | None:
    """The value a clicked point stands for: the year (x) or the code in its customdata."""
    if param == "years":
        x = point.get("x")
        try:
            return int(round(float(x)))
        except (TypeError, ValueError):
            return None
    if param == "special":
        return True if point.get("id", point.get("customdata")) == SPECIAL else None
    data = point.get("customdata")
    if isinstance(data, (list, tuple)):
        data = data[-1] if data else None
    return str(data) if data not in (None, "") else None


def _allowed(ctx: PageContext, param: str, value: str | int) -> bool:
    if param == "years":
        return isinstance(value, int) and value in ctx.years
    if param == "types":
        return value in type_codes()
    if param == "levels":
        return value in LEVELS
    if param == "special":
        return value is True
    if param == "programme":
        return value in programme_codes()
    if param == "source":
        return value in FUNDING_SOURCES
    return True  # units: the sidebar keeps only the units it offers


def on_select(ctx: PageContext, chart_key: str, param: str) -> Callable[[], None]:
    """The callback of a chart whose click filters by `param` (or opens an association's profile)."""
    assert param in (*PARAMS, *PAGE_FILTERS, ASSOCIATION), param

    def handler() -> None:
        event = st.session_state.get(chart_key)
        points = (event or {}).get("selection", {}).get("points", [])
        value = picked(points[0], param) if points else None
        if param == ASSOCIATION:
            if value:
                st.session_state[PROFILE_KEY] = str(value)
            return
        if value is None or not _allowed(ctx, param, value):
            return
        if param in PAGE_FILTERS:  # the page reads it from its URL on every run (so Back undoes it)
            before = st.query_params.get(param)
            st.query_params[param] = str(value)
            st.session_state[DRILL_KEY] = {"param": param, "value": value, "before": before}
            return
        before = st.session_state.get(param)
        st.session_state[param] = (value, value) if param == "years" else value if param == "special" else [value]
        st.session_state[DRILL_KEY] = {"param": param, "value": value, "before": before}

    return handler


def page_filter(ctx: PageContext, param: str) -> PageContext:
    """The page's context narrowed by its own filter from the URL (?programme=cataract_surgery), which a
    click on one of its charts sets; a value that is not valid is ignored with the URL notice."""
    value = st.query_params.get(param)
    if not value:
        return ctx
    if not _allowed(ctx, param, value):
        return replace(ctx, notices=[*ctx.notices, t("app.sidebar.bad_url", ctx.lang, params=param)])
    return replace(ctx, filters=replace(ctx.filters, **{PAGE_FILTERS[param]: (value,)}))


def on_row_select(table_key: str, ids: list[str]) -> Callable[[], None]:
    """The callback of a table listing associations (ids in the shown order): a row opens its profile."""
    def handler() -> None:
        rows = (st.session_state.get(table_key) or {}).get("selection", {}).get("rows", [])
        if rows and rows[0] < len(ids) and isinstance(ids[rows[0]], str):
            st.session_state[PROFILE_KEY] = ids[rows[0]]

    return handler


def open_profile() -> None:
    """Go to the directory's profile of the association clicked on the last run, if one was. The
    directory takes the association from the URL when it has no choice of its own, so that is cleared."""
    chosen = st.session_state.pop(PROFILE_KEY, None)
    if chosen:
        st.session_state.pop(DIRECTORY_CHOICE, None)
        switch_page(DIRECTORY_PAGE, assoc=chosen)


def _label(param: str, value: str | int, lang: str) -> str:
    if param == "years":
        return str(value)
    if param == "units":
        return unit_name(str(value), lang)
    if param == "types":
        return type_name(str(value), lang)
    if param == "programme":
        return programme_name(str(value), lang)
    if param == "source":
        return code_label("source", str(value), lang)
    if param == "special":
        return t("export.filters.special_only", lang)
    return t(f"codes.level.{value}", lang)


def _clear() -> None:
    drill = st.session_state.pop(DRILL_KEY, None)
    if not drill:
        return
    if drill["param"] in PAGE_FILTERS:
        if drill["before"]:
            st.query_params[drill["param"]] = drill["before"]
        else:
            del st.query_params[drill["param"]]
    elif drill["param"] == "special":  # a checkbox: never None
        st.session_state["special"] = bool(drill["before"])
    else:
        st.session_state[drill["param"]] = drill["before"]


def chip(ctx: PageContext) -> None:
    """'Lọc theo biểu đồ: Đức Trọng ✕' while the filter a click set is still the sidebar's."""
    drill = st.session_state.get(DRILL_KEY)
    if not drill:
        return
    value, param = drill["value"], drill["param"]
    now = st.query_params.get(param) if param in PAGE_FILTERS else st.session_state.get(param)
    if param in PAGE_FILTERS:
        still = now == value
    elif param == "years":
        still = now == (value, value) or list(now or []) == [value, value]
    elif param == "special":
        still = now is True
    else:
        still = list(now or []) == [value]
    if not still:  # changed since in the sidebar, or by Back
        st.session_state.pop(DRILL_KEY, None)
        return
    st.button(ctx.t("drill.chip", what=ctx.t(f"drill.param.{param}"), value=_label(param, value, ctx.lang)),
              icon=":material/close:", key="drill_clear", on_click=_clear, help=ctx.t("drill.chip_help"),
              type="secondary")
