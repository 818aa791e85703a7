"""Click to filter in headless Chromium: a click on Đức Trọng's bar of the funding-by-unit chart makes
the page Đức Trọng's (URL, chip, figures, the charts' subtitle); Back undoes it and the chip clears it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

pytest.register_assert_rewrite("tests.browser_support")

from tests.browser_support import error_texts, wait_for_app, wait_for_rerun  # noqa: E402

pytest_plugins = ["tests.browser_support"]
pytestmark = pytest.mark.browser

DUC_TRONG = "678"
# the middle of the widest segment of the bar whose customdata is the code, on the chart that has one
_BAR = """(code) => {
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    let best = null;
    (gd.data || []).forEach((trace, n) => {
      const cd = Array.isArray(trace.customdata) ? trace.customdata : [];
      const i = cd.findIndex(c => String(Array.isArray(c) ? c[0] : c) === code);
      const value = i >= 0 ? Number(gd._fullData[n].x[i]) : NaN;  // x decoded (data may hold it as bytes)
      if (i >= 0 && (!best || value > best.value)) best = {n, i, value};
    });
    if (!best) continue;
    gd.scrollIntoView({block: 'center'});
    const bar = gd.querySelectorAll('.barlayer .trace')[best.n].querySelectorAll('.point')[best.i];
    const box = bar.getBoundingClientRect();
    return {x: box.x + box.width / 2, y: box.y + box.height / 2};
  }
  return null;
}"""
_SUBTITLES = """() => [...document.querySelectorAll('.js-plotly-plot')]
  .map(gd => ((gd.layout.title || {}).subtitle || {}).text || null)"""


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def _total(page) -> str:
    return page.locator('[data-testid="stMetricValue"]').first.inner_text()


def _click_bar(page, code: str) -> None:
    before = page.url
    page.wait_for_function(_BAR, arg=code, timeout=30_000)  # the charts draw after the page's run
    point = page.evaluate(_BAR, code)
    assert point, f"no bar for {code}"
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function("url => window.location.href !== url", arg=before, timeout=20_000)
    wait_for_rerun(page)


def test_clicking_a_district_bar_filters_the_page_back_and_the_chip_undo_it(open_page):
    page = open_page("funding?snapshot=demo-2024-12-31")
    whole = _total(page)
    _click_bar(page, DUC_TRONG)
    assert _query(page)["units"] == [DUC_TRONG]
    chip = page.get_by_role("button", name="Đang lọc theo biểu đồ — đơn vị: Đức Trọng")
    assert chip.is_visible()
    assert _total(page) != whole
    assert set(page.evaluate(_SUBTITLES)) == {"Đức Trọng"}
    page.go_back()
    page.wait_for_timeout(1_000)
    wait_for_app(page)
    assert "units" not in _query(page) and _total(page) == whole
    _click_bar(page, DUC_TRONG)
    assert _query(page)["units"] == [DUC_TRONG]
    before = page.url
    page.get_by_role("button", name="Đang lọc theo biểu đồ — đơn vị: Đức Trọng").click()
    page.wait_for_function("url => window.location.href !== url", arg=before, timeout=20_000)
    wait_for_rerun(page)
    assert "units" not in _query(page) and _total(page) == whole
    assert error_texts(page) == []
