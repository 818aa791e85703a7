"""Hostile links in the real browser (issue 14): a value typed into the URL shows as its own text,
never as an image, a link, an icon or a formula, on the directory and data pages."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest

pytest.register_assert_rewrite("tests.browser_support")

from tests.browser_support import error_texts, screenshot, visible_text  # noqa: E402

pytest_plugins = ["tests.browser_support"]
pytestmark = pytest.mark.browser

IMAGE = "![x](http://evil.example/p.png)"
LINK = "[Cập nhật bắt buộc](http://evil.example/update)"
ICONS = ":material/warning: :red[ALERT] $x^2$ www.evil.example"
HTML = "<img src=x onerror=alert(1)>"


def _outside_references(page) -> list[str]:
    """Images and links of the app's content that point at the hostile host (or any img src=x)."""
    return page.eval_on_selector_all(
        '[data-testid="stMain"] img, [data-testid="stMain"] a, [data-testid="stSidebar"] a',
        "els => els.map(e => e.getAttribute('src') || e.getAttribute('href') || '')"
        ".filter(u => u.includes('evil') || u === 'x')")


@pytest.mark.parametrize(("path", "shown"), [
    ("directory?" + urlencode({"assoc": IMAGE}), IMAGE),
    ("directory?" + urlencode({"assoc": LINK}), LINK),
    ("directory?" + urlencode({"sort": ICONS}), ICONS),
    ("directory?" + urlencode({"assoc": HTML}), HTML),
    ("data?" + urlencode({"old": LINK, "new": IMAGE}), f"{LINK}, {IMAGE}"),
    ("overview?" + quote(LINK, safe="") + "=1", LINK),
])
def test_a_hostile_link_shows_its_text_and_loads_nothing(open_page, path, shown):
    page = open_page(path)
    assert error_texts(page) == []
    assert _outside_references(page) == []
    assert page.query_selector('[data-testid="stMain"] .katex') is None  # no formula was typeset
    assert shown in visible_text(page).replace("\u2060", "")
    screenshot(page, "hostile-" + path.split("?")[0])
