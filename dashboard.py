"""Entry point: page config, the demo on first start, navigation, the shared sidebar, the page."""

import streamlit as st

from massorg import config
from massorg.data import demo, store
from massorg.i18n import t
from massorg.ui import context, printing
from massorg.ui.context import STYLE

st.set_page_config(page_title=t("app.tab_title", config.default_language()), page_icon=":material/groups:", layout="wide")
st.html(f"<style>{STYLE.read_text(encoding='utf-8')}</style>")  # style only: takes no space on the page
printing.install()  # the print style: no sidebar, charts fitted to A4, page numbers

if not store.list_snapshots():
    with st.spinner(t("app.building_demo", config.default_language())):
        demo.ensure_demo()

snapshots = store.list_snapshots()
ctx = context.sidebar(snapshots)

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
navigation = st.navigation(
    {
        ctx.t(section): [
            # url paths are the file names, so the old pages/-folder mode and st.navigation agree
            st.Page(path, title=ctx.t(title), icon=icon, url_path=url, default=(url == "overview"))
            for path, title, icon, url in pages
        ]
        for section, pages in PAGES.items()
    },
)
if navigation.url_path == "presentation":
    st.set_page_config(initial_sidebar_state="collapsed")  # the room sees the slide, not the filters
navigation.run()
