"""Danh bạ hội / Association directory: search (accent-insensitive), filter, sort, and one association's
profile with its history on every measure. The search text, the order and the chosen association
live in the URL (q, sort, assoc), so a copied link reopens the same profile."""

from functools import partial

import pandas as pd
import streamlit as st

from massorg.data import listing
from massorg.numbers import fmt_int
from massorg.ui import components as ui
from massorg.ui import listing as paged
from massorg.ui.context import PageContext, current, set_url_param, url_param
from massorg.ui.escape import md
from massorg.ui.figures import directory as figures
from massorg.ui.figures import lineage as lineage_figures
from massorg.ui.tables import Col, data_table

Q, SORT, ASSOC, TABLE = "directory_q", "directory_sort", "directory_assoc", "table_directory"


def _state_from_url(ctx: PageContext) -> list[str]:
    """On arrival, take the search text, order and association from the URL; returns notices."""
    notices = []
    if Q not in st.session_state:
        st.session_state[Q] = url_param("q") or ""
    if SORT not in st.session_state:
        sort = url_param("sort")
        if sort and sort not in figures.SORTS:
            notices.append(ctx.t("directory.bad_sort", value=md(sort)))
        st.session_state[SORT] = sort if sort in figures.SORTS else figures.DEFAULT_SORT
    if ASSOC not in st.session_state:
        st.session_state[ASSOC] = url_param("assoc")
    return notices


def _pick_from_table(ids: list[str]) -> None:
    """A row clicked in the directory table opens that association's profile."""
    rows = st.session_state[TABLE]["selection"]["rows"]
    if rows and rows[0] < len(ids):
        st.session_state[ASSOC] = ids[rows[0]]


LIST_COLS = [
    Col("shown_name", "directory.col.name"),
    Col("type_name", "directory.col.type"),
    Col("level_name", "directory.col.level"),
    Col("unit_name", "directory.col.unit"),
    Col("special", "directory.col.special"),
    Col("founded_date", "directory.col.founded", "date"),
    Col("dissolved_date", "directory.col.dissolved", "date"),
    Col("members", "directory.col.members", "int"),
    Col("funding_vnd", "directory.col_million.funding", "m"),  # most commune associations have < 1 tỷ
]


def _directory_table(ctx: PageContext, sort: str, tally: dict[str, int], search: str | None) -> None:
    """One page of the found associations; clicking a row opens its profile. Excel and CSV of every match."""
    paged.paged_table(ctx, listing.DIRECTORY, LIST_COLS, to_rows=figures.directory_rows, key="directory",
                      title_key="directory.list_file", title_params={"period": ctx.period()}, sort=sort,
                      tally=tally, height=360,
                      on_select=lambda shown: partial(_pick_from_table, list(shown["association_id"])), search=search)


MEETING_COLS = [
    Col("held_on", "directory.col.held_on", "date"),
    Col("subject_kind_name", "directory.col.subject_kind"),
    Col("subject", "directory.col.subject"),
    Col("comments_submitted", "directory.col.submitted", "int"),
    Col("comments_accepted", "directory.col.accepted", "int"),
    Col("acceptance_pct", "directory.col.acceptance", "pct"),
]

WELFARE_COLS = [
    Col("programme_name", "directory.col.programme"),
    Col("domain_name", "directory.col.domain"),
    Col("quantity", "directory.col.quantity", "int"),
    Col("quantity_unit_name", "directory.col.quantity_unit"),
    Col("beneficiaries", "directory.col.beneficiaries", "int"),
    Col("beneficiaries_unit_name", "directory.col.beneficiaries_unit"),
    Col("value_vnd", "directory.col_million.value", "m"),
    Col("units", "directory.col.units", "int"),
]


def _identity(ctx: PageContext, row: pd.Series) -> None:
    name = figures.shown_name(row["name"], row["name_en"], ctx.lang)
    st.subheader(md(name))
    if name != row["name"]:
        st.caption(md(row["name"]))
    pairs = figures.identity_rows(row, ctx.lang)
    per_column = -(-len(pairs) // 4)  # filled down each column, so it reads top to bottom
    for i, column in enumerate(st.columns(4)):
        with column:
            for label, value in pairs[i * per_column:(i + 1) * per_column]:
                st.markdown(f"**{label}**  \n{md(value)}")


def _lineage(ctx: PageContext, assoc_id: str, name: str, period: str, footer: str) -> None:
    """What the association came from or became (mergers, renamings, dissolutions), and the members
    of it and its predecessors year by year."""
    steps = ctx.run("profile_lineage", association_id=assoc_id)
    if steps.empty:
        return
    st.markdown(f"#### {ctx.t('lineage.title')}")
    history = ctx.run("profile_lineage_members_by_year", association_id=assoc_id)
    if note := lineage_figures.members_note(steps, history, assoc_id, ctx.lang):
        st.caption(note)
    data_table(ctx, lineage_figures.lineage_rows(steps, ctx.lang), [
        Col("relation_name", "lineage.col.relation"), Col("other", "lineage.col.other"),
        Col("other_unit", "lineage.col.unit"), Col("effective_date", "lineage.col.date", "date"),
        Col("kind_name", "lineage.col.kind"), Col("members_at_change", "lineage.col.members", "int"),
    ], title_key="lineage.title", key=f"lineage_{assoc_id}")
    if not ui.is_empty(history, "members") and history["association_id"].nunique() > 1:
        ui.chart(ctx, lineage_figures.members_chart(history, ctx.lang, name, period, footer),
                 ctx.t("lineage.file", id=assoc_id), filtered=False)


def _profile(ctx: PageContext, row: pd.Series) -> None:
    """One association: identity, KPI cards, members, funding, meetings it led, legal aid, welfare."""
    assoc_id, period, year, footer = row["association_id"], ctx.period(), ctx.year_to, ctx.footer()
    name = figures.shown_name(row["name"], row["name_en"], ctx.lang)
    with st.container(border=True):
        _identity(ctx, row)
    kpis = ctx.run("profile_kpis_by_year", association_id=assoc_id)
    recent = ctx.run("profile_kpis_by_year", ctx.filters.with_years(year - 1, year), association_id=assoc_id)
    cards = figures.profile_cards(kpis, recent, ctx.lang, year, period, ctx.part_until)
    ui.kpi_row(cards[:3])
    ui.kpi_row(cards[3:])

    members = ctx.run("profile_members_by_year", association_id=assoc_id)
    funding = ctx.run("profile_funding_by_year_source", association_id=assoc_id)
    left, right = st.columns(2)
    with left:
        if ui.is_empty(members, "members"):
            st.info(ctx.t("directory.no_members", period=period), icon=":material/search:")
        else:
            ui.chart(ctx, figures.members_chart(members, ctx.lang, name, period, footer),
                     ctx.t("directory.members_file", id=assoc_id), filtered=False)
    with right:
        if ui.is_empty(funding, "amount_vnd"):
            st.info(ctx.t("directory.no_funding", period=period), icon=":material/search:")
        else:
            ui.chart(ctx, figures.funding_chart(funding, ctx.lang, name, period, footer),
                     ctx.t("directory.funding_file", id=assoc_id), filtered=False)
    _lineage(ctx, assoc_id, name, period, footer)

    st.markdown(f"#### {ctx.t('directory.meetings_title', period=period)}")
    # paged in SQL like the directory: one page of rows sent, the count from SQL, exports of every row
    meetings = listing.tally(listing.PROFILE_MEETINGS, ctx.snapshot, ctx.filters, association_id=assoc_id)
    if not meetings["rows"]:
        st.info(ctx.t("directory.no_meetings", period=period), icon=":material/search:")
    else:
        paged.paged_table(ctx, listing.PROFILE_MEETINGS, MEETING_COLS, to_rows=figures.meeting_rows,
                          key="profile_meetings", title_key="directory.meetings_table",
                          title_params={"name": name, "period": period}, tally=meetings,
                          page_param="meetings_page", association_id=assoc_id)

    legal = ctx.run("profile_legal_aid_by_year_kind", association_id=assoc_id)
    if ui.is_empty(legal, "cases"):
        st.markdown(f"#### {ctx.t('directory.legal_aid_title', period=period)}")
        st.info(ctx.t("directory.no_legal_aid", period=period), icon=":material/search:")
    else:
        ui.chart(ctx, figures.legal_aid_chart(legal, ctx.lang, name, period, footer),
                 ctx.t("directory.legal_aid_file", id=assoc_id), filtered=False)

    st.markdown(f"#### {ctx.t('directory.welfare_title', period=period)}")
    welfare = listing.tally(listing.PROFILE_WELFARE, ctx.snapshot, ctx.filters, association_id=assoc_id)
    if not welfare["rows"]:
        st.info(ctx.t("directory.no_welfare", period=period), icon=":material/search:")
    else:
        paged.paged_table(ctx, listing.PROFILE_WELFARE, WELFARE_COLS, to_rows=figures.welfare_rows,
                          key="profile_welfare", title_key="directory.welfare_table",
                          title_params={"name": name, "period": period}, tally=welfare,
                          page_param="welfare_page", association_id=assoc_id)


ctx = current()
ui.header(ctx, "directory.title", "directory.intro")
for notice in _state_from_url(ctx):
    st.info(notice, icon=":material/info:")

chosen = st.session_state[ASSOC]
identity = ctx.run("profile_identity", association_id=chosen) if chosen else None
if chosen and identity.empty:
    st.info(ctx.t("directory.unknown_assoc", value=md(chosen)), icon=":material/info:")
    st.session_state[ASSOC] = chosen = None

search_col, sort_col = st.columns([3, 1])
with search_col:
    query = st.text_input(ctx.t("directory.search"), key=Q, placeholder=ctx.t("directory.search_placeholder"),
                          help=ctx.t("directory.search_help"))
with sort_col:
    sort = st.selectbox(ctx.t("directory.sort"), list(figures.SORTS), key=SORT,
                        format_func=lambda s: ctx.t(f"directory.sort_by.{s}"))

# One page of the list from SQL (sorted there); counts over every match come from SQL too.
search = query.strip() or None
tally = listing.tally(listing.DIRECTORY, ctx.snapshot, ctx.filters, search=search)
number = paged.page_number("directory", listing.page_count(tally["rows"]), reset_on=paged.list_state(ctx, sort, search=search))
found = figures.directory_rows(
    listing.page(listing.DIRECTORY, ctx.snapshot, ctx.filters, sort=sort, page_no=number, search=search), ctx.lang)
labels = figures.option_labels(found, ctx.lang)  # the chooser offers the shown page (and the chosen one)
if chosen and chosen not in labels:
    labels = figures.option_labels(identity, ctx.lang) | labels
chosen = st.selectbox(ctx.t("directory.choose"), list(labels), key=ASSOC, format_func=lambda i: labels.get(i, i),
                      index=None, placeholder=ctx.t("directory.choose_placeholder"))
set_url_param("q", query.strip() or None)
set_url_param("sort", None if sort == figures.DEFAULT_SORT else sort)
set_url_param("assoc", chosen)

# The chosen profile comes first, so a shared link opens on it; the list follows.
if chosen:
    _profile(ctx, ctx.run("profile_identity", association_id=chosen).iloc[0])
    st.divider()
    st.subheader(ctx.t("directory.list_title"))
dissolved = tally["dissolved"]
st.caption(ctx.t("directory.found", count=fmt_int(tally["rows"], ctx.lang), year=ctx.year_to, period=ctx.period())
           + (" " + ctx.t("directory.found_dissolved", count=fmt_int(dissolved, ctx.lang)) if dissolved else ""))
if found.empty:
    st.info(ctx.t("directory.no_match"), icon=":material/search:")
else:
    _directory_table(ctx, sort, tally, search)

ui.footer(ctx)
