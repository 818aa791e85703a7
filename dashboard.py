"""Entry point: page config, the demo on first start, navigation, the shared sidebar, the page."""

import streamlit as st

from massorg import config
from massorg.data import demo, store
from massorg.i18n import t
from massorg.ui import context

st.set_page_config(page_title="Hội quần chúng Lâm Đồng", page_icon="📊", layout="wide")

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
        ("pages/legal_aid.py", "app.nav.legal_aid", ":material/gavel:", "legal-aid"),
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
            st.Page(path, title=ctx.t(title), icon=icon, url_path=url, default=(url == "overview"))
            for path, title, icon, url in pages
        ]
        for section, pages in PAGES.items()
    },
)
navigation.run()
