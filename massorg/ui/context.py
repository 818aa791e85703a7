"""The shared sidebar and the state every page reads: language, snapshot, filters.

The whole filter state lives in the URL query string, written in codes (unit 678, level district),
so the address bar always holds the view and a copied link reopens it in any language. Values in a
link that are not valid are ignored with a small notice. (Streamlit's bind="query-params" writes the
displayed labels into the URL, which would change with the language, so we sync by hand.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from massorg import areas, config, geography
from massorg.access.scope import scope_units
from massorg.data import store
from massorg.data.queries import Filters, run
from massorg.data.schema import LEVELS
from massorg.data.years import year_bounds
from massorg.i18n import LANGUAGES, t
from massorg.indicators import part_year_until
from massorg.labels import district_unit_codes, expand_merged, merged_into, type_codes, type_name, unit_name
from massorg.numbers import fmt_date
from massorg.text import without_accents
from massorg.ui import province_filter, url_history
from massorg.ui.escape import md_list
from massorg.ui.opening import opening_snapshot

_CTX_KEY = "_page_context"
STYLE = Path(__file__).with_name("style.css")
# Query parameters that pages own (besides the shared filters); anything else in the URL is unknown.
PAGE_PARAMS = {"q", "assoc", "slide", "old", "new", "sort", "view", "provinces", "page", "programme", "source",
               "meetings_page", "welfare_page", "missing_page"}  # provinces: province_filter
FILTER_PARAMS = {"lang", "snapshot", "years", "units", "merged", "levels", "types", "special", "area", "by_old",
                 "events"}


@dataclass(frozen=True)
class PageContext:
    lang: str
    snapshot: store.Snapshot
    snapshots: list[store.Snapshot]
    filters: Filters
    years: list[int]  # years with data in the chosen snapshot
    notices: list[str] = field(default_factory=list)
    area: str = "old"  # massorg.areas: old Lâm Đồng, or the new province from 1/7/2025
    show_events: bool = True  # mark massorg.events on yearly charts (the sidebar toggle)

    @property
    def year_from(self) -> int:
        return self.filters.year_from

    @property
    def year_to(self) -> int:
        return self.filters.year_to

    @property
    def part_until(self) -> dt.date | None:
        """The snapshot's as-of date when the period ends in its unfinished year (see part_year_until)."""
        return part_year_until(self.snapshot.as_of, self.year_to)

    @property
    def is_demo(self) -> bool:
        return self.snapshot.is_demo

    def t(self, key: str, **params) -> str:
        return t(key, self.lang, **params)

    def period(self) -> str:
        if self.year_from == self.year_to:
            return str(self.year_from)
        return t("app.period", self.lang, first=self.year_from, last=self.year_to)

    def footer(self) -> str:
        key = "app.source_footer_demo" if self.is_demo else "app.source_footer"
        return t(key, self.lang, snapshot=self.snapshot.id, as_of=fmt_date(self.snapshot.as_of, self.lang))

    def run(self, query: str, filters: Filters | None = None, **extra):
        """Run a query on this page's snapshot with this page's filters (or the ones given)."""
        return run(query, self.snapshot, filters or self.filters, **extra)


def current() -> PageContext:
    """The context dashboard.py built for this run (pages call this first)."""
    ctx = st.session_state.get(_CTX_KEY)
    if ctx is None:
        # A link straight to a page (/welfare) as the first visit after the server started: Streamlit's
        # old "pages/ folder" mode ran the page file without dashboard.py. Switch that mode off for the
        # process (st.navigation would, had it run) and rerun through dashboard.py; the page keeps its
        # address because our url paths are the file names.
        PagesManager.uses_pages_directory = False
        st.rerun()
    return ctx


def _years_of(snapshot: store.Snapshot) -> list[int]:
    return [int(y) for y in run("snapshot_years", snapshot)["year"]]


def _parse_url(allowed: dict[str, list[str]], bounds: tuple[int, int]) -> tuple[dict[str, object], list[str]]:
    """Filter values from the URL (codes, not labels), and the names of parameters that were not valid."""
    values: dict[str, object] = {}
    bad: list[str] = []
    for key in st.query_params.keys():
        raw = [v for v in st.query_params.get_all(key)]
        if key in ("lang", "snapshot", "area"):
            if len(raw) == 1 and raw[0] in allowed[key]:
                values[key] = raw[0]
            else:
                bad.append(key)
        elif key in ("units", "levels", "types"):
            good = [v for v in raw if v in allowed[key]]
            if len(good) != len([v for v in raw if v]):
                bad.append(key)
            values[key] = list(dict.fromkeys(good))
        elif key == "years":
            try:
                ys = sorted(int(v) for v in raw)
            except ValueError:
                ys = []
            if len(ys) == 2 and bounds[0] <= ys[0] <= ys[1] <= bounds[1]:
                values[key] = (ys[0], ys[1])
            else:
                bad.append(key)
        elif key in ("merged", "special", "by_old", "events"):
            if len(raw) == 1 and raw[0].lower() in ("true", "false", "1", "0"):
                values[key] = raw[0].lower() in ("true", "1")
            else:
                bad.append(key)
        elif key not in PAGE_PARAMS:
            bad.append(key)
    return values, bad


def _encode(value: object) -> str | list[str]:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return str(value)


def _write_url(state: dict[str, object], defaults: dict[str, object]) -> None:
    """Put every non-default filter in the URL (page parameters already there are kept)."""
    wanted = {k: _encode(v) for k, v in state.items() if _encode(v) != _encode(defaults[k])}
    wanted |= {k: st.query_params.get_all(k) for k in PAGE_PARAMS if k in st.query_params}
    current = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    normalised = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if normalised != current:
        st.query_params.from_dict(wanted)


def switch_page(page: str, **page_params: str) -> None:
    """Open another page with its own URL parameters (e.g. the directory's assoc). st.switch_page drops
    the widgets' state, the sidebar's filters included, so they go along in the URL and the sidebar
    reads them back from it on arrival, as from a shared link."""
    assert set(page_params) <= PAGE_PARAMS, page_params
    filters = {k: st.query_params.get_all(k) for k in st.query_params.keys() if k in FILTER_PARAMS}
    st.session_state["_url_loaded"] = False
    st.switch_page(page, query_params={**filters, **page_params})


def url_param(key: str) -> str | None:
    """A page's own URL parameter (one of PAGE_PARAMS), or None."""
    assert key in PAGE_PARAMS, key
    return st.query_params.get(key)


def set_url_param(key: str, value: str | None) -> None:
    """Set or remove a page's own URL parameter, so a copied link reopens the same item."""
    assert key in PAGE_PARAMS, key
    if value is None or value == "":
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != str(value):
        st.query_params[key] = str(value)


def sidebar(snapshots: list[store.Snapshot]) -> PageContext:
    """Draw the shared sidebar and return the page context. Called by dashboard.py on every run.

    The URL is read once per browser session (a shared link), then the widgets own the state and
    the URL is rewritten from them on every run, in codes (not labels) so links survive a language
    switch.
    """
    by_id = {s.id: s for s in snapshots}
    ids = list(by_id)
    # the slider's range from the files' statistics: opening one snapshot builds only its database
    all_years = sorted({y for s in snapshots for y in (year_bounds(s) or ())})
    bounds = (all_years[0], all_years[-1])
    scope = scope_units(snapshots[0])  # a viewer restricted to some units is offered only those
    units = [code for code in district_unit_codes() + geography.new_unit_codes() if scope is None or code in scope]
    types = type_codes()
    default_snapshot = store.default_snapshot(snapshots)
    defaults: dict[str, object] = {
        "lang": config.default_language(), "snapshot": default_snapshot.id, "years": bounds, "units": [],
        "merged": True, "levels": [], "types": [], "special": False, "area": areas.default_area(default_snapshot.as_of),
        "by_old": False, "events": True,
    }
    if not st.session_state.get("_url_loaded") or url_history.moved_in_history(FILTER_PARAMS):  # a link, or Back
        values, bad = _parse_url(
            {"lang": list(LANGUAGES), "snapshot": ids, "units": units, "levels": list(LEVELS), "types": types,
             "area": list(areas.AREAS)}, bounds
        )
        for key, default in defaults.items():
            st.session_state[key] = values.get(key, default)
        st.session_state["_url_loaded"] = True
        st.session_state["_url_bad"] = bad
    if st.session_state.get("snapshot") not in by_id:  # a snapshot list that changed under the session
        st.session_state["snapshot"] = defaults["snapshot"]

    with st.sidebar:
        lang = st.segmented_control(
            "🌐", LANGUAGES, key="lang", format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
            required=True, label_visibility="collapsed",
        ) or defaults["lang"]
        st.header(t("app.sidebar.filters", lang))
        snap_id = st.selectbox(
            t("app.sidebar.snapshot", lang), ids, key="snapshot", format_func=lambda i: _snapshot_label(by_id[i], lang),
        )
        snapshot = by_id[snap_id]
        badge = "app.sidebar.demo_badge" if snapshot.is_demo else "app.sidebar.real_badge"
        st.caption((":material/warning: " if snapshot.is_demo else "") + t(badge, lang))
        if areas.has_both(snapshot.as_of):  # a choice only where the snapshot reaches past 1/7/2025
            area = st.radio(t("geography.area.label", lang), areas.AREAS, key="area", help=t("geography.area.help", lang),
                            format_func=lambda a: t(f"geography.area.{a}", lang))
        else:  # kept (not a widget this run) so that a later snapshot finds the choice again
            area = st.session_state["area"] = st.session_state.get("area", defaults["area"])
        years_sel = st.slider(t("app.sidebar.years", lang), min_value=bounds[0], max_value=bounds[1], key="years", step=1)
        geo = areas.unit_geography(snapshot.as_of, int(years_sel[0]), int(years_sel[1]), area)
        options = [u for u in areas.unit_options(geo, area) if scope is None or u in scope]
        st.session_state["units"] = [u for u in st.session_state.get("units", []) if u in options]
        unit_sel = st.multiselect(
            t("geography.units.label_new" if geo == "new" else "app.sidebar.units", lang), options, key="units",
            format_func=lambda c: _unit_label(c, lang), placeholder=t("app.sidebar.units_placeholder", lang),
            help=t("app.sidebar.units_help", lang) + ("  \n" + t("geography.units.across_help", lang)
                                                     if geo == "across" else ""),
            select_all=False, wrap=True,  # no English "Select all" (nothing chosen already means all)
        )
        if geo != "old":  # grouping new communes by old district: only where there are new communes
            by_old = st.checkbox(t("geography.units.by_old_district", lang), key="by_old",
                                 help=t("geography.units.by_old_district_help", lang))
        else:
            by_old = st.session_state["by_old"] = st.session_state.get("by_old", False)
        merged = st.checkbox(t("app.sidebar.merged", lang), key="merged", help=t("app.sidebar.merged_help", lang))
        level_sel = st.multiselect(
            t("app.sidebar.levels", lang), list(LEVELS), key="levels",
            format_func=lambda c: t(f"codes.level.{c}", lang), placeholder=t("app.sidebar.all", lang),
            select_all=False, wrap=True,
        )
        type_sel = st.multiselect(
            t("app.sidebar.types", lang), types, key="types", format_func=lambda c: type_name(c, lang),
            placeholder=t("app.sidebar.all", lang), select_all=False, wrap=True,
        )
        special = st.checkbox(t("app.sidebar.special_only", lang), key="special")
        province_units = province_filter.choose(snapshot, lang)  # only for a snapshot of several provinces
        st.caption(t("app.sidebar.share", lang))
        # last, below the filters: at 1366×768 the unit, level and type pickers stay above the fold
        show_events = st.toggle(t("events.toggle", lang), key="events", help=t("events.toggle_help", lang))

    state = {"lang": lang, "snapshot": snap_id, "years": tuple(years_sel), "units": list(unit_sel),
             "merged": bool(merged), "levels": list(level_sel), "types": list(type_sel), "special": bool(special),
             "area": area, "by_old": bool(by_old), "events": bool(show_events)}
    _write_url(state, defaults)
    url_history.remember(FILTER_PARAMS)

    with opening_snapshot(snapshot, lang):
        years = _years_of(snapshot)
    year_from = max(int(years_sel[0]), years[0])
    year_to = min(int(years_sel[1]), years[-1])
    if year_from > year_to:  # the chosen period lies outside this snapshot: show its nearest year
        year_from = year_to = years[-1] if int(years_sel[0]) > years[-1] else years[0]
    chosen_units = expand_merged(list(unit_sel)) if merged else list(unit_sel)
    if geo == "across":
        chosen_units = areas.with_new_units(chosen_units)
    if scope is not None and not chosen_units:
        # a unit-scoped viewer who picks nothing sees all of their units: those the period's filter offers
        # (so that the files say "Địa bàn: Đà Lạt", not Đà Lạt's later wards one by one)
        offered = [u for u in options if u in scope]
        in_view = areas.with_new_units(offered) if geo == "across" else offered
        scope_in_view = tuple(expand_merged(in_view) if merged else in_view) or scope
    else:
        scope_in_view = scope
    area = area if areas.has_both(snapshot.as_of) else "old"
    notices = []
    if not chosen_units and (start := areas.first_year(area)) and year_from < start:  # the area is shown
        if year_to < start:
            notices.append(t("geography.area.new_starts", lang))
        year_from, year_to = start, max(year_to, start)
    area_units = areas.unit_codes(area) if areas.has_both(snapshot.as_of) else None
    filters = Filters(
        year_from=year_from,
        year_to=year_to,
        # a unit-scoped viewer who picks no unit sees (and exports, with that said) all of their units
        unit_codes=province_filter.restrict(tuple(chosen_units) or scope_in_view or area_units, province_units),
        area=None if chosen_units or scope or province_units or not areas.has_both(snapshot.as_of) else area,
        levels=tuple(level_sel) or None,
        type_codes=tuple(type_sel) or None,
        special_only=bool(special),
        merged=bool(merged),
        by_old_district=bool(by_old) and geo != "old",
    )
    bad = st.session_state.get("_url_bad") or []
    notices = ([t("app.sidebar.bad_url", lang, params=md_list(bad))] if bad else []) + notices  # typed into the URL
    ctx = PageContext(lang, snapshot, snapshots, filters, years, notices, area, show_events=bool(show_events))
    st.session_state[_CTX_KEY] = ctx
    return ctx


def _snapshot_label(snapshot: store.Snapshot, lang: str) -> str:
    """Short enough for the sidebar: the date and what it is (the id is on the Data page)."""
    what = t("app.demo_short", lang) if snapshot.is_demo else snapshot.label
    return f"{fmt_date(snapshot.as_of, lang)} · {what}"


def _unit_label(code: str, lang: str) -> str:
    """'Đà Lạt (Da Lat)': the picker filters on the label as typed, so typing 'da lat' finds it too;
    'Cát Tiên (Cat Tien, sáp nhập vào Đạ Huoai 682 từ 1/12/2024)' for a merged unit, and
    'Đạ Tẻh (Da Teh, từ 1/12/2024 là huyện Đạ Huoai)' for the one that took the merged district's name."""
    name = unit_name(code, lang)
    notes = [plain] if (plain := without_accents(name)) != name else []
    if successor := merged_into(code):
        notes.append(t("app.sidebar.merged_suffix", lang, unit=f"{unit_name(successor, lang, later=True)} {successor}"))
    elif (later := unit_name(code, lang, later=True)) != name:
        notes.append(t("app.sidebar.renamed_unit", lang, later=later))
    return f"{name} ({', '.join(notes)})" if notes else name
