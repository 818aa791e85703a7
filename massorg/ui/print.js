// Print fitting: each Plotly chart (and table) is drawn at its on-screen width, wider than the paper. This sets, on
// every chart, the zoom that makes it fit an A4 sheet's width and height (portrait and landscape, the
// print CSS's margins), so no chart is cut at the right or too tall to stay whole; the print CSS applies it.
// Kept current while the page changes, and once more just before printing.
(function () {
  if (window.massorgPrintFit) { return; }
  const MM = 96 / 25.4;
  const SHEETS = {portrait: [(210 - 24) * MM, (297 - 27) * MM * 0.9], landscape: [(297 - 24) * MM, (210 - 27) * MM * 0.9]};
  function fit() {
    if (window.matchMedia("print").matches) { return; }
    document.querySelectorAll('[data-testid="stPlotlyChart"], [data-testid="stDataFrame"]').forEach(function (chart) {
      const svg = chart.querySelector("svg.main-svg");
      const box = chart.getBoundingClientRect();
      const width = (svg && parseFloat(svg.getAttribute("width"))) || box.width;
      const height = svg ? parseFloat(svg.getAttribute("height")) : 0;  // a table may run on to the next sheet
      if (!width) { return; }
      for (const [name, [sheetWidth, sheetHeight]] of Object.entries(SHEETS)) {
        const zoom = Math.min(1, sheetWidth / width, height ? sheetHeight / height : 1);
        chart.style.setProperty("--massorg-zoom-" + name, String(zoom));
      }
    });
  }
  window.massorgPrintFit = fit;
  window.addEventListener("beforeprint", fit);
  new MutationObserver(fit).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", fit);
  fit();
})();
