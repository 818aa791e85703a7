"""A long list on a page: its sort and page number (kept in the URL), one page of rows from SQL, and
downloads of every filtered row. The browser never gets more than one page (massorg.data.listing)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from massorg.data import listing
from massorg.data.listing import Listing
from massorg.numbers import fmt_int
from massorg.ui.context import PageContext, set_url_param, url_param
from massorg.ui.tables import Col, data_table

PAGE_PARAM = "page"


def list_state(ctx: PageContext, sort: str | None, **extra: object) -> tuple:
    """What decides a list's rows and order: a change of it goes back to page 1."""
    return ctx.snapshot.id, ctx.filters, sort, tuple(sorted(extra.items()))


def page_number(key: str, pages: int, reset_on: object = None, param: str = PAGE_PARAM) -> int:
    """The page to show: from the URL (`param`) on arrival, then the widget's; kept within 1…pages.
    When `reset_on` (the search, the order, the filters) differs from the last run's, back to page 1."""
    state, seen = f"{key}_page", f"_{key}_page_of"
    if state not in st.session_state:
        given = url_param(param) or "1"
        st.session_state[state] = int(given) if given.isdigit() else 1
    elif st.session_state.get(seen) != reset_on:
        st.session_state[state] = 1
    st.session_state[seen] = reset_on
    st.session_state[state] = min(max(int(st.session_state[state] or 1), 1), pages)
    return st.session_state[state]


def paged_table(ctx: PageContext, lst: Listing, cols: list[Col], *, to_rows: Callable[[pd.DataFrame, str], pd.DataFrame],
                key: str, title_key: str, sort: str | None = None, tally: Mapping[str, int] | None = None,
                title_params: Mapping[str, object] | None = None, height: int | None = None,
                on_select: Callable[[pd.DataFrame], Callable[[], None]] | None = None,
                page_param: str = PAGE_PARAM, **extra: object) -> pd.DataFrame:
    """Show one page of the listing (formatted like data_table) with a pager, and Excel/CSV downloads
    of all its filtered rows in the same order. Returns the page's rows (as `to_rows` made them).
    `page_param` is the URL parameter of its page number (two lists on one page need two)."""
    tally = tally or listing.tally(lst, ctx.snapshot, ctx.filters, **extra)
    total = int(tally["rows"])
    pages = listing.page_count(total)
    number = page_number(key, pages, reset_on=list_state(ctx, sort, **extra), param=page_param)
    shown = to_rows(listing.page(lst, ctx.snapshot, ctx.filters, sort=sort, page_no=number, **extra), ctx.lang)

    snapshot, filters, lang = ctx.snapshot, ctx.filters, ctx.lang  # the download thread has no session

    def every_row() -> pd.DataFrame:
        return to_rows(listing.everything(lst, snapshot, filters, sort=sort, **extra), lang)

    data_table(ctx, shown, cols, title_key=title_key, title_params=title_params, height=height, key=key,
               on_select=on_select(shown) if on_select else None, export_rows=every_row)
    first = (number - 1) * listing.PAGE_SIZE + 1 if total else 0
    last = min(number * listing.PAGE_SIZE, total)
    left, right = st.columns([1, 3], vertical_alignment="center")
    with left:
        st.number_input(ctx.t("listing.page"), min_value=1, max_value=pages, step=1, key=f"{key}_page",
                        disabled=pages == 1)
    with right:
        st.caption(ctx.t("listing.shown", first=fmt_int(first, ctx.lang), last=fmt_int(last, ctx.lang),
                         total=fmt_int(total, ctx.lang), page=fmt_int(number, ctx.lang),
                         pages=fmt_int(pages, ctx.lang)))
    set_url_param(page_param, None if number == 1 else str(number))
    return shown


def sort_choice(ctx: PageContext, key: str, lst: Listing) -> str:
    """The list's order: a select box whose value lives in the URL ("sort"; the default is left out).
    The orders are named by listing.<key>_sort.<order> in the locale files."""
    state = f"{key}_sort"
    if state not in st.session_state:
        given = url_param("sort")
        st.session_state[state] = given if given in lst.orders else lst.default
    sort = st.selectbox(ctx.t("listing.sort"), list(lst.orders), key=state,
                        format_func=lambda s: ctx.t(f"listing.{key}_sort.{s}"))
    set_url_param("sort", None if sort == lst.default else sort)
    return sort
