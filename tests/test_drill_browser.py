"""Click to filter in headless Chromium: a click on Đức Trọng's bar of the funding-by-unit chart makes
the page Đức Trọng's (URL, chip, figures, the charts' subtitle and PNG file name); Back undoes it and the
chip clears it. A click on a source's segment of the chart by year and source makes the funding page that
source's (?source=), and Back undoes it; a click on the special-nature sector of the membership page's ring
ticks the special-only box (a click on the other sector does nothing). In English, a type's bar on the membership page and a year on its trend do the same; a
bar of the consultation page's top associations opens that association's profile."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

pytest.register_assert_rewrite("tests.browser_support")

from tests.browser_support import FIRST_LOAD_TIMEOUT_MS, error_texts, wait_for_app, wait_for_rerun  # noqa: E402

pytest_plugins = ["tests.browser_support"]
pytestmark = pytest.mark.browser

DUC_TRONG = "678"
# the middle of the widest segment of the bar whose customdata ends with the code, on the first chart
# that has one (the code a bar stands for is last in its customdata: massorg.ui.charts.codes_data)
_BAR = """(code) => {
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    let best = null;
    (gd._fullData || []).forEach((trace, n) => {
      if (trace.type !== 'bar') return;
      const cd = Array.isArray(trace.customdata) ? trace.customdata : [];
      const i = cd.findIndex(c => String(Array.isArray(c) ? c[c.length - 1] : c) === code);
      const value = i >= 0 ? Math.abs(Number(trace.orientation === 'h' ? trace.x[i] : trace.y[i])) : NaN;
      if (i >= 0 && (!best || value > best.value)) best = {n, i, value};
    });
    if (!best) continue;
    gd.scrollIntoView({block: 'center'});
    const k = gd._fullData.slice(0, best.n).filter(t => t.type === 'bar').length;  // the bar layer holds bars only
    const bar = gd.querySelectorAll('.barlayer .trace')[k].querySelectorAll('.point')[best.i];
    const box = bar.getBoundingClientRect();
    return {x: box.x + box.width / 2, y: box.y + box.height / 2};
  }
  return null;
}"""
# the bar of `year` on the first chart with a yearly axis
_YEAR = """(year) => {
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    if (!((gd.layout.meta || {}).years)) continue;
    const bars = (gd._fullData || []).filter(t => t.type === 'bar');
    const i = bars.length ? Array.from(bars[0].x).findIndex(x => Number(x) === year) : -1;
    if (i < 0) continue;
    gd.scrollIntoView({block: 'center'});
    const bar = gd.querySelectorAll('.barlayer .trace')[0].querySelectorAll('.point')[i];
    const box = bar.getBoundingClientRect();
    return {x: box.x + box.width / 2, y: box.y + box.height / 2};
  }
  return null;
}"""
# the middle of the label of the sunburst sector with this id (a pie Streamlit passes clicks from)
_SECTOR = """(id) => {
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    const slice = [...gd.querySelectorAll('.slice')].find(s => ((s.__data__ || {}).data || {}).data?.id === id);
    if (!slice) continue;
    gd.scrollIntoView({block: 'center'});
    const box = (slice.querySelector('.slicetext') || slice).getBoundingClientRect();
    return {x: box.x + box.width / 2, y: box.y + box.height / 2};
  }
  return null;
}"""
_SUBTITLES = """() => [...document.querySelectorAll('.js-plotly-plot')]
  .map(gd => ((gd.layout.title || {}).subtitle || {}).text || null)"""


@pytest.fixture
def warm(open_page):
    """A fresh server must see the entry page first (a deep link as the very first visit is a known bug,
    see test_browser.py); later visits may open any page."""
    open_page("", timeout_ms=FIRST_LOAD_TIMEOUT_MS)
    return open_page


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def _metric(page, label: str) -> str:
    return page.locator('[data-testid="stMetric"]', has_text=label).first.locator(
        '[data-testid="stMetricValue"]').inner_text()


def _click(page, script: str, arg: object) -> None:
    before = page.url
    page.wait_for_function(script, arg=arg, timeout=30_000)  # the charts draw after the page's run
    page.wait_for_timeout(300)  # scrolled into view: let the page settle before reading the place
    point = page.evaluate(script, arg)
    assert point, f"nothing to click for {arg}"
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function("url => window.location.href !== url", arg=before, timeout=20_000)
    wait_for_rerun(page)


def _back(page) -> None:
    page.go_back()
    page.wait_for_timeout(1_000)
    wait_for_app(page)


def _clear_chip(page, name: str) -> None:
    before = page.url
    page.get_by_role("button", name=name).click()
    page.wait_for_function("url => window.location.href !== url", arg=before, timeout=20_000)
    wait_for_rerun(page)


def test_clicking_a_district_bar_filters_the_page_back_and_the_chip_undo_it(warm, tmp_path):
    page = warm("funding?snapshot=demo-2024-12-31", accept_downloads=True)
    total = "Tổng kinh phí"
    whole = _metric(page, total)
    _click(page, _BAR, DUC_TRONG)
    assert _query(page)["units"] == [DUC_TRONG]
    chip = "Đang lọc theo biểu đồ — đơn vị: Đức Trọng"
    assert page.get_by_role("button", name=chip).is_visible()
    assert _metric(page, total) != whole
    assert set(page.evaluate(_SUBTITLES)) == {"Đức Trọng"}
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.scroll_into_view_if_needed()
    chart.hover()
    with page.expect_download(timeout=60_000) as info:
        chart.locator('.modebar-btn[data-title="Download plot as a PNG"]').click()
    assert "-duc-trong_2014-2024_demo-2024-12-31.png" in info.value.suggested_filename
    _back(page)
    assert "units" not in _query(page) and _metric(page, total) == whole
    assert set(page.evaluate(_SUBTITLES)) == {None}
    _click(page, _BAR, DUC_TRONG)
    assert _query(page)["units"] == [DUC_TRONG]
    _clear_chip(page, chip)
    assert "units" not in _query(page) and _metric(page, total) == whole
    assert page.get_by_role("button", name=chip).count() == 0
    assert error_texts(page) == []


def test_clicking_a_source_segment_filters_the_funding_page_by_that_source_and_back_undoes_it(warm):
    page = warm("funding?snapshot=demo-2024-12-31")
    total = "Tổng kinh phí"
    whole = _metric(page, total)
    _click(page, _BAR, "state_budget")  # the first chart with that code: by year and source
    query = _query(page)
    assert query["source"] == ["state_budget"] and "years" not in query  # the segment's source, not its year
    chip = "Đang lọc theo biểu đồ — nguồn kinh phí: Ngân sách nhà nước"
    assert page.get_by_role("button", name=chip).is_visible()
    assert _metric(page, total) == _metric(page, "Ngân sách nhà nước") == "109,9"  # only the state budget's money
    assert set(page.evaluate(_SUBTITLES)) == {"Ngân sách nhà nước"}
    _back(page)
    assert "source" not in _query(page) and _metric(page, total) == whole
    assert set(page.evaluate(_SUBTITLES)) == {None}
    assert page.get_by_role("button", name=chip).count() == 0
    assert error_texts(page) == []


def test_clicking_the_special_nature_sector_ticks_the_special_only_box(warm):
    page = warm("membership?snapshot=demo-2024-12-31")
    members = "Hội viên (cuối năm 2024)"
    whole = _metric(page, members)
    _click(page, _SECTOR, "special")
    assert _query(page)["special"] == ["true"]
    chip = "Đang lọc theo biểu đồ — tính chất hội: Chỉ tính hội có tính chất đặc thù"
    assert page.get_by_role("button", name=chip).is_visible()
    assert _metric(page, members) != whole
    _back(page)
    assert "special" not in _query(page) and _metric(page, members) == whole
    other = page.evaluate(_SECTOR, "other")  # no filter of the other associations: nothing happens
    page.mouse.click(other["x"], other["y"])
    page.wait_for_timeout(2_000)
    assert "special" not in _query(page) and _metric(page, members) == whole
    assert error_texts(page) == []


def test_in_english_a_type_bar_and_a_year_on_the_trend_filter_the_membership_page(warm):
    page = warm("membership?snapshot=demo-2024-12-31&lang=en")
    members = "Members (end of 2024)"
    whole = _metric(page, members)
    _click(page, _BAR, "red_cross")
    assert _query(page)["types"] == ["red_cross"]
    chip = "Filtered from a chart — association type: Red Cross Society"
    assert page.get_by_role("button", name=chip).is_visible()
    assert _metric(page, members) != whole
    _clear_chip(page, chip)
    assert "types" not in _query(page) and _metric(page, members) == whole
    _click(page, _YEAR, 2020)
    assert _query(page)["years"] == ["2020", "2020"]
    assert page.get_by_role("button", name="Filtered from a chart — year: 2020").is_visible()
    assert page.locator('[data-testid="stMetric"]', has_text="Members (end of 2020)").count() == 1
    _back(page)
    assert "years" not in _query(page) and _metric(page, members) == whole
    assert error_texts(page) == []


def test_a_bar_of_the_top_associations_opens_its_profile(warm):
    page = warm("consultation?snapshot=demo-2024-12-31")
    code = page.evaluate("""() => {
      for (const gd of document.querySelectorAll('.js-plotly-plot')) {
        const t = (gd._fullData || []).find(t => t.type === 'bar' && Array.isArray(t.customdata)
                                             && typeof t.customdata[0][t.customdata[0].length - 1] === 'string'
                                             && /^[A-Z]/.test(t.customdata[0][t.customdata[0].length - 1]));
        if (t) { const c = t.customdata[t.customdata.length - 1]; return c[c.length - 1]; }
      }
      return null;
    }""")
    assert code, "no bar of an association"
    _click(page, _BAR, code)
    assert urlparse(page.url).path.endswith("/directory")
    assert _query(page)["assoc"] == [code]
    chooser = page.locator('[data-testid="stSelectbox"]', has_text="Mở hồ sơ hội")
    assert chooser.count() == 1 and "Chọn một hội" not in chooser.inner_text()  # the profile is open
    assert error_texts(page) == []
