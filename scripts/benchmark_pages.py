"""How long each page takes on the server, measured headless with Streamlit's AppTest.

    .venv/bin/python scripts/benchmark_pages.py [--runs 5] [--lang vi] [--page funding ...]

Builds the demo snapshots in a temporary store (unless MASSORG_SNAPSHOTS_DIR points at one), then for
each page: the first load (its queries not yet cached; the overview, measured first, also pays for
the process's first visitor: the DuckDB copy of the snapshot and the sidebar) and N warm reruns, each timed around AppTest.run(), i.e. dashboard.py with the
shared sidebar plus the page, as the server runs them. Prints median and max per page and the peak
resident memory of the process. A script, not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "overview": "pages/overview.py",
    "funding": "pages/funding.py",
    "membership": "pages/membership.py",
    "consultation": "pages/consultation.py",
    "legal_aid": "pages/legal_aid.py",
    "welfare": "pages/welfare.py",
    "directory": "pages/directory.py",
    "presentation": "pages/presentation.py",
    "data": "pages/data.py",
}
DEFAULT_PAGE = "overview"  # measured first: its first load is the process's first (DuckDB copy built)
BUDGET_S = 1.0  # every page must render in well under a second once its queries are cached


def _use_navigation_from_the_first_run() -> None:
    """AppTest rebuilds its PagesManager each run and, seeing a pages/ folder, would run a page file
    without dashboard.py from the second run on; the real server keeps st.navigation (tests/conftest.py
    does the same)."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init


def _prepare_store() -> Path | None:
    """A temporary store with the demo snapshots, unless the environment names one already."""
    if os.environ.get("MASSORG_SNAPSHOTS_DIR"):
        return None
    root = Path(tempfile.mkdtemp(prefix="massorg-bench-"))
    os.environ["MASSORG_SNAPSHOTS_DIR"] = str(root / "snapshots")
    os.environ["MASSORG_CACHE_DIR"] = str(root / "cache")
    from massorg.data import demo

    demo.build_demo(root / "snapshots")
    return root


def _timed_run(at) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"the page raised: {at.exception[0].message}")
    return elapsed


def measure(page_file: str, runs: int, lang: str) -> tuple[float, list[float]]:
    """(first load, warm reruns) in seconds for one page."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["lang"] = lang
    if page_file != PAGES[DEFAULT_PAGE]:
        at.run()  # AppTest opens the entry page first (the overview); then the page itself
        at.switch_page(page_file)
    first = _timed_run(at)
    return first, [_timed_run(at) for _ in range(runs)]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="warm reruns per page (default 5)")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    parser.add_argument("--page", action="append", choices=list(PAGES), help="only these pages (repeatable)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    built = _prepare_store()
    _use_navigation_from_the_first_run()
    print(f"store: {os.environ['MASSORG_SNAPSHOTS_DIR']}{' (demo built for this run)' if built else ''}")
    print(f"{'page':<14}{'first load':>12}{'median':>10}{'max':>10}   (seconds, {args.runs} warm runs)")
    slow = []
    chosen = args.page or list(PAGES)
    for name in sorted(chosen, key=lambda n: n != DEFAULT_PAGE):
        first, warm = measure(PAGES[name], args.runs, args.lang)
        median, worst = statistics.median(warm), max(warm)
        flag = "  > budget" if median >= BUDGET_S else ""
        print(f"{name:<14}{first:>12.3f}{median:>10.3f}{worst:>10.3f}{flag}")
        if median >= BUDGET_S:
            slow.append(name)
    print(f"peak RSS: {peak_rss_mb():.0f} MB")
    if built:
        shutil.rmtree(built, ignore_errors=True)
    if slow:
        print(f"over the {BUDGET_S:.0f} s budget (median of warm runs): {', '.join(slow)}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
