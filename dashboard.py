"""Entry point: page config, the demo on first start, navigation, the shared sidebar, the page."""

import streamlit as st

from massorg import config
from massorg.access import policy
from massorg.data import demo, store
from massorg.i18n import t
from massorg.ui import access, context, printing, store_notices
from massorg.ui.context import STYLE

st.set_page_config(page_title=t("app.tab_title", config.default_language()), page_icon=":material/groups:", layout="wide")
st.html(f"<style>{STYLE.read_text(encoding='utf-8')}</style>")  # style only: takes no space on the page
printing.install()  # the print style: no sidebar, charts fitted to A4, page numbers

if not store_notices.list_or_stop(config.default_language()):
    with st.spinner(t("app.building_demo", config.default_language())):
        demo.ensure_demo()

# Who is looking decides what they see: anonymous visitors the demo only, viewers their units' rows.
lang = st.session_state.get("lang", config.default_language())
who = access.visitor(lang)
snapshots = access.visible_snapshots(store.list_snapshots(), who, lang)
ctx = context.sidebar(snapshots)
with st.sidebar:
    access.sign_in_out(who, ctx.lang)
store_notices.refused_snapshots(who, ctx.lang)

PAGES = {
    "app.nav.section_analysis": [
        ("pages/overview.py", "app.nav.overview", ":material/dashboard:", "overview"),
        ("pages/funding.py", "app.nav.funding", ":material/payments:", "funding"),
        ("pages/membership.py", "app.nav.membership", ":material/groups:", "membership"),
        ("pages/consultation.py", "app.nav.consultation", ":material/forum:", "consultation"),
        ("pages/legal_aid.py", "app.nav.legal_aid", ":material/gavel:", "legal_aid"),
        ("pages/welfare.py", "app.nav.welfare", ":material/volunteer_activism:", "welfare"),
        ("pages/directory.py", "app.nav.directory", ":material/menu_book:", "directory"),
    ],
    "app.nav.section_tools": [
        ("pages/presentation.py", "app.nav.presentation", ":material/slideshow:", "presentation"),
        ("pages/data.py", "app.nav.data", ":material/database:", "data"),
    ],
}
DEFAULT_URL = "overview"


def page(path: str, title: str, icon: str, url: str, twin: bool = False) -> st.Page:
    """url paths are the file names, so the old pages/-folder mode and st.navigation agree. The
    overview is the default page at "/"; its hidden twin at "/overview" opens it for a typed or old
    link instead of Streamlit's "Page not found" dialog."""
    if url == DEFAULT_URL and not twin:
        return st.Page(path, title=ctx.t(title), icon=icon, url_path="", default=True)
    return st.Page(path, title=ctx.t(title), icon=icon, url_path=url, visibility="hidden" if twin else "visible")


navigation = st.navigation(
    {
        ctx.t(section): [page(*entry) for entry in pages if policy.may_open_page(entry[3], who.grant)]
        + [page(*entry, twin=True) for entry in pages if entry[3] == DEFAULT_URL]
        for section, pages in PAGES.items()
    },
    position="top",  # the sidebar holds the filters: at 1366×768 they are above the fold
)
if navigation.url_path == "presentation":
    st.set_page_config(initial_sidebar_state="collapsed")  # the room sees the slide, not the filters
navigation.run()
