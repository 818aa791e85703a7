"""Tables fit a 1366×768 screen with the sidebar open: every table's last column is visible without a
horizontal scroll, in both languages (issue 13 item 13). Screenshots go to test-artifacts/browser/."""

from __future__ import annotations

import pytest

pytest.register_assert_rewrite("tests.browser_support")

from tests.browser_support import FIRST_LOAD_TIMEOUT_MS, error_texts, screenshot  # noqa: E402

pytest_plugins = ["tests.browser_support"]  # the browser_server, browser and open_page fixtures
pytestmark = pytest.mark.browser

PAGES = ["overview", "funding", "membership", "consultation", "legal_aid", "welfare", "directory", "data"]

# For each table drawn (one in a closed expander has no grid yet): the grid's scrollable width, its
# visible width, and where the table ends against the screen's right edge.
WIDTHS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
  .filter(table => table.querySelector('.dvn-scroller'))
  .map(table => {
    const scroller = table.querySelector('.dvn-scroller');
    return {scroll: scroller.scrollWidth, visible: scroller.clientWidth,
            right: table.getBoundingClientRect().right, screen: window.innerWidth};
  })"""


@pytest.fixture
def warm(open_page):
    open_page("", timeout_ms=FIRST_LOAD_TIMEOUT_MS)  # a fresh server sees the entry page first
    return open_page


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_table_shows_its_last_column_without_scrolling_at_1366(warm, lang):
    too_wide = {}
    for name in PAGES:
        page = warm(f"{name}?snapshot=demo-2024-12-31&lang={lang}", width=1366, height=768)
        assert error_texts(page) == [], name
        tables = page.evaluate(WIDTHS)
        assert tables, f"{name} shows no table"
        for i, table in enumerate(tables):
            assert table["right"] <= table["screen"], (name, i, table)
            if table["scroll"] > table["visible"] + 1:
                too_wide[f"{name}#{i}"] = table
        screenshot(page, f"tables_{name}_1366x768_{lang}", full=True)
    assert too_wide == {}
