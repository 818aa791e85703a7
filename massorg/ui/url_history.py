"""The browser's Back and Forward buttons for the filters.

Every filter change writes the URL, which adds a browser history entry. Back then brings the previous
URL, and Streamlit reruns with it; the sidebar, which otherwise lets its widgets own the state once
the link has been read, must take the URL again in that case. A page switch from the navigation also
reruns with a different URL (Streamlit drops the query string), and there the widgets must win: the
filters are carried to the new page.

So: the URL wins when its filters differ from the ones last written and either it names some filters
or the page is the same as on the last run (Back to a view with default filters). Back across pages
to a view with default filters cannot be told from a page switch and keeps the current filters.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

_WRITTEN, _PAGE = "_url_written", "_url_page"


def filter_query(filter_keys: set[str]) -> dict[str, list[str]]:
    """The filter parameters in the URL now, as lists of strings."""
    return {k: st.query_params.get_all(k) for k in st.query_params.keys() if k in filter_keys}


def _page() -> str:
    """The page this run is for (the hash Streamlit resolves it by, or its url name on a fresh load)."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return ""
    manager = ctx.pages_manager
    return manager.intended_page_script_hash or manager.intended_page_name or ""


def moved_in_history(filter_keys: set[str]) -> bool:
    """Whether the URL's filters are not the ones this session last wrote: the user went Back or
    Forward (see the module docstring for the page-switch case)."""
    if _WRITTEN not in st.session_state:
        return False
    now = filter_query(filter_keys)
    if now == st.session_state[_WRITTEN]:
        return False
    return bool(now) or _page() == st.session_state.get(_PAGE)


def remember(filter_keys: set[str]) -> None:
    """Note the filters now in the URL and the page, after the sidebar has written them."""
    st.session_state[_WRITTEN] = filter_query(filter_keys)
    st.session_state[_PAGE] = _page()
