"""Charts on a 390×844 phone: every chart's title, source line and axis titles lie inside the chart's
image, none cut at its edge (issue 13 item 12). Screenshots go to test-artifacts/browser/."""

from __future__ import annotations

import pytest

pytest.register_assert_rewrite("tests.browser_support")

from tests.browser_support import FIRST_LOAD_TIMEOUT_MS, error_texts, screenshot, wait_for_app  # noqa: E402

pytest_plugins = ["tests.browser_support"]  # the browser_server, browser and open_page fixtures
pytestmark = pytest.mark.browser

IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.5 Mobile/15E148 Safari/604.1")
PAGES = ["", "membership", "funding", "welfare", "legal_aid", "consultation", "presentation?slide=3"]

# Texts of each chart's image that stick out of it: [class, text, pixels out on the left, right, top, bottom].
CUT = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg')]
  .filter(svg => svg.querySelector('.gtitle, .annotation-text, .xtitle, .ytitle'))
  .flatMap(svg => {
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('.gtitle, .annotation-text, .xtitle, .ytitle')]
      .filter(el => !el.classList.contains('annotation-text') || /^(Nguồn|Source)/.test(el.textContent))
      .map(el => { const b = el.getBoundingClientRect();
        return [el.getAttribute('class'), el.textContent, box.left - b.left, b.right - box.right,
                box.top - b.top, b.bottom - box.bottom]; })
      .filter(([cls, text, ...out]) => Math.max(...out) > 1);
  })"""


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_chart_titles_source_lines_and_axis_titles_fit_a_phone(browser, open_page, browser_server, lang):
    open_page("", timeout_ms=FIRST_LOAD_TIMEOUT_MS)  # a fresh server sees the entry page first
    context = browser.new_context(viewport={"width": 390, "height": 844}, user_agent=IPHONE, is_mobile=True,
                                  has_touch=True, locale="vi-VN")
    try:
        cut = {}
        for path in PAGES:
            page = context.new_page()
            sep = "&" if "?" in path else "?"
            page.goto(f"{browser_server.url}/{path}{sep}snapshot=demo-2024-12-31&lang={lang}")
            wait_for_app(page)
            page.wait_for_timeout(500)  # Plotly draws after the script ends
            assert error_texts(page) == [], path
            assert page.locator('[data-testid="stPlotlyChart"]').count() > 0, path
            if found := page.evaluate(CUT):
                cut[path or "overview"] = found
            screenshot(page, f"phone_{(path or 'overview').split('?')[0]}_390x844_{lang}", full=True)
            page.close()
        assert cut == {}
    finally:
        context.close()
