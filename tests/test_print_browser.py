"""Printing every page in headless Chromium (print emulation, `page.pdf` on A4 portrait and
landscape): no sidebar or navigation, the print header (title, filters, snapshot, demo notice), charts
within the paper's width and kept whole, page numbers. The PDFs and their first pages as PNG go to
test-artifacts/browser/print/."""

from __future__ import annotations

import re
import subprocess

import pytest
from PIL import Image

pytest.register_assert_rewrite("tests.browser_support")

from tests.browser_support import ARTIFACTS, FIRST_LOAD_TIMEOUT_MS, error_texts  # noqa: E402
from tests.tools_support import required_tool  # noqa: E402

pytest_plugins = ["tests.browser_support"]
pytestmark = pytest.mark.browser

PAGES = ("overview", "funding", "membership", "consultation", "legal_aid", "welfare", "directory",
         "presentation", "data")
MM = 96 / 25.4  # CSS pixels per millimetre
PRINTABLE = {"portrait": (210 - 24) * MM, "landscape": (297 - 24) * MM}
PRINTABLE_HEIGHT = {"portrait": (297 - 27) * MM, "landscape": (210 - 27) * MM}
OUT = ARTIFACTS / "print"

SIZES = """(orientation) => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map(chart => {
  const svg = chart.querySelector('svg.main-svg');
  const zoom = parseFloat(chart.style.getPropertyValue('--massorg-zoom-' + orientation)) || 1;
  return {width: parseFloat(svg.getAttribute('width')) * zoom, height: parseFloat(svg.getAttribute('height')) * zoom};
})"""
PRINT_STYLES = """() => {
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  const header = document.querySelector('.massorg-print-header');
  return {
    charts: [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map(
      chart => getComputedStyle(chart.closest('[data-testid="stElementContainer"]')).breakInside),
    sidebar: sidebar ? getComputedStyle(sidebar).display : 'none',
    header: header ? getComputedStyle(header).display : null,
    headerText: header ? header.textContent : ''};
}"""


@pytest.fixture(scope="module")
def warm_server(browser, browser_server):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(browser_server.url, timeout=FIRST_LOAD_TIMEOUT_MS)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                           timeout=FIRST_LOAD_TIMEOUT_MS)
    context.close()
    return browser_server


def _pdf_pages(path) -> int:
    out = subprocess.run([required_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
@pytest.mark.parametrize("name", PAGES)
def test_printing_a_page(open_page, warm_server, name, orientation):
    # the 2024 demo (the default is now the new province's 2026 demo, with another layout)
    path = {"overview": "", "presentation": "presentation?slide=3&"}.get(name, name + "?")
    path = (path or "?") + "snapshot=demo-2024-12-31"
    page = open_page(path, width=1366, height=768)
    assert error_texts(page) == []
    page.wait_for_timeout(300)  # the fitting script runs on DOM changes
    # On screen: every chart, at the zoom the print style gives it, fits the sheet's width and height.
    sizes = page.evaluate(SIZES, orientation)
    if name not in ("directory", "data"):
        assert sizes, "the page shows charts"
    for size in sizes:
        assert size["width"] <= PRINTABLE[orientation] + 1, size  # nothing cut at the right
        assert size["height"] <= PRINTABLE_HEIGHT[orientation], size  # fits one sheet, so it can stay whole

    OUT.mkdir(parents=True, exist_ok=True)
    pdf = OUT / f"{name}-{orientation}.pdf"
    pdf.write_bytes(page.pdf(format="A4", landscape=orientation == "landscape", print_background=True))
    pages = _pdf_pages(pdf)
    assert 1 <= pages <= 12
    text = subprocess.run([required_tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(rf"\b1\s*/\s*{pages}\b", text) and re.search(rf"\b{pages}\s*/\s*{pages}\b", text)  # numbers
    assert "Ngôn ngữ" not in text  # the sidebar (its language switch) is not printed
    assert "demo-2024-12-31" in text and "DỮ LIỆU MẪU" in text  # the print header
    subprocess.run([required_tool("pdftoppm"), "-r", "40", "-png", str(pdf), str(OUT / f"{name}-{orientation}")],
                   check=True)
    for sheet in sorted(OUT.glob(f"{name}-{orientation}-*.png")):
        image = Image.open(sheet).convert("L")
        w, h = image.size
        margin = image.crop((w - int(w * 8 / (297 if orientation == "landscape" else 210)), 0, w, h))
        assert margin.getextrema()[0] > 200, f"ink in the right margin of {sheet.name}: something runs off the page"

    # The print style itself: no sidebar, the header shown, charts never split across sheets.
    page.emulate_media(media="print")
    styles = page.evaluate(PRINT_STYLES)
    assert styles["sidebar"] == "none" and styles["header"] == "block"
    assert "Giai đoạn: 2014–2024" in styles["headerText"] and "DỮ LIỆU MẪU" in styles["headerText"]
    assert set(styles["charts"]) <= {"avoid"}
