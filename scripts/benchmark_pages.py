"""How long each page takes on the server, measured headless with Streamlit's AppTest.

    .venv/bin/python scripts/benchmark_pages.py [--store DIR] [--snapshot ID] [--runs 5] [--lang vi] [--page funding ...]

Without --store (and without MASSORG_SNAPSHOTS_DIR) it builds the demo snapshots in a temporary store;
`--store DIR` measures the snapshot store in DIR, e.g. a ×100 demo from
`python -m massorg demo --scale 100 --out DIR` (its query databases go to DIR/../cache unless
MASSORG_CACHE_DIR says otherwise). First it times the first open of the snapshot (building its query
database, if not built yet). Then for each page: the first load, N warm reruns (nothing changed) and N
filter changes (each a period not asked for before, so its queries are not cached), each timed around
AppTest.run(), i.e. dashboard.py with the shared sidebar plus the page, as the server runs them. The
DuckDB time of a page is the time its queries take through the query runner with the result cache
empty (execute and fetch), for the queries of one filter change; the ratio is the filter-change median
over it. Peak RSS is the process's peak so far. A script, not a test: the figures depend on the machine.
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
DEFAULT_PAGE = "overview"  # measured first: its first load is the process's first
WARM_BUDGET_S, CHANGE_BUDGET_S, RATIO_BUDGET = 1.0, 2.0, 3.0  # issue 15's targets


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


def _prepare_store(store_dir: Path | None) -> Path | None:
    """Point the app at `store_dir`, or at a temporary store with the demo snapshots (returned, to remove)."""
    if store_dir is not None:
        os.environ["MASSORG_SNAPSHOTS_DIR"] = str(store_dir.resolve())
        os.environ.setdefault("MASSORG_CACHE_DIR", str(store_dir.resolve().parent / "cache"))
        return None
    if os.environ.get("MASSORG_SNAPSHOTS_DIR"):
        return None
    root = Path(tempfile.mkdtemp(prefix="massorg-bench-"))
    os.environ["MASSORG_SNAPSHOTS_DIR"] = str(root / "snapshots")
    os.environ["MASSORG_CACHE_DIR"] = str(root / "cache")
    from massorg.data import demo

    demo.build_demo(root / "snapshots")
    return root


class QueryLog:
    """Records every query the runner executes (run() and the listings' pages and tallies all go through
    massorg.data.queries.run_sql, looked up by name, so wrapping it sees them all)."""

    def __init__(self) -> None:
        from massorg.data import queries

        self.calls: list[tuple] = []
        self.recording = False
        self._original = queries.run_sql

        def recorded(name, sql, snapshot, filters=None, **extra):
            if self.recording:
                self.calls.append((name, sql, snapshot, filters, extra))
            return self._original(name, sql, snapshot, filters, **extra)

        queries.run_sql = recorded

    def duckdb_seconds(self) -> float:
        """The recorded queries again, with the result cache empty: their DuckDB time."""
        from massorg.data import queries

        queries.clear_caches()
        for snapshot in {c[2].id: c[2] for c in self.calls}.values():
            queries.connection(snapshot)  # opening the database file is not query time
        start = time.perf_counter()
        for name, sql, snapshot, filters, extra in self.calls:
            self._original(name, sql, snapshot, filters, **extra)
        return time.perf_counter() - start


def _timed_run(at) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"the page raised: {at.exception[0].message}")
    return elapsed


def _periods(first: int, last: int):
    """Periods in an order that never repeats: (first+1, last), (first+2, last), ..., (first, last-1), ..."""
    for shorten_end in range(0, last - first):
        for start in range(first + (0 if shorten_end else 1), last - shorten_end + 1):
            yield (start, last - shorten_end)


def measure(page_file: str, runs: int, lang: str, snapshot_id: str | None, log: QueryLog) -> dict:
    """First load, warm reruns and filter changes (seconds) of one page, and its DuckDB time."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    at.query_params["lang"] = lang
    if snapshot_id:
        at.query_params["snapshot"] = snapshot_id
    if page_file != PAGES[DEFAULT_PAGE]:
        at.run()  # AppTest opens the entry page first (the overview); then the page itself
        at.switch_page(page_file)
    first = _timed_run(at)
    warm = [_timed_run(at) for _ in range(runs)]
    slider = at.slider(key="years")
    lo, hi = int(slider.min), int(slider.max)
    periods = _periods(lo, hi)
    changes = []
    for i in range(runs):
        log.calls.clear()
        log.recording = i == runs - 1  # the queries of the last change: the page's DuckDB time
        at.slider(key="years").set_value(next(periods))
        changes.append(_timed_run(at))
        log.recording = False
    return {"first": first, "warm": warm, "changes": changes, "duckdb": log.duckdb_seconds()}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _first_open(snapshot_id: str | None) -> str:
    """Build (and time) the query database of the snapshot to be measured, if it is not built yet."""
    from massorg import config
    from massorg.data import queries, store

    snap = store.open_snapshot(snapshot_id) if snapshot_id else store.latest()
    built = (config.cache_dir() / queries._cache_key(snap)).exists()
    start = time.perf_counter()
    queries.connection(snap)
    took = time.perf_counter() - start
    queries.clear_caches()
    rows = sum(snap.row_counts.values())
    state = "already built" if built else f"built in {took:.1f} s"
    return f"snapshot {snap.id} ({rows:,} rows): query database {state}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="the snapshot store to measure (default: a fresh demo)")
    parser.add_argument("--snapshot", help="the snapshot to open (default: the store's default)")
    parser.add_argument("--runs", type=int, default=5, help="warm reruns and filter changes per page (default 5)")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    parser.add_argument("--page", action="append", choices=list(PAGES), help="only these pages (repeatable)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    built = _prepare_store(args.store)
    _use_navigation_from_the_first_run()
    print(f"store: {os.environ['MASSORG_SNAPSHOTS_DIR']}{' (demo built for this run)' if built else ''}")
    print(_first_open(args.snapshot))
    log = QueryLog()
    from streamlit import logger

    logger.set_log_level("error")  # no "missing ScriptRunContext" between the rows
    print(f"{'page':<14}{'first':>8}{'warm med':>10}{'warm max':>10}{'chg med':>10}{'chg max':>10}"
          f"{'duckdb':>9}{'ratio':>7}{'RSS MB':>8}   (seconds, {args.runs} runs each)")
    over = []
    chosen = args.page or list(PAGES)
    for name in sorted(chosen, key=lambda n: n != DEFAULT_PAGE):
        try:
            m = measure(PAGES[name], args.runs, args.lang, args.snapshot, log)
        except RuntimeError as exc:  # a page that fails is reported, and the others still measured
            print(f"{name:<14}{str(exc)[:150]}")
            over.append(name)
            continue
        warm, change = statistics.median(m["warm"]), statistics.median(m["changes"])
        ratio = change / m["duckdb"] if m["duckdb"] > 0 else float("nan")
        flags = [label for label, bad in (("warm", warm > WARM_BUDGET_S), ("change", change > CHANGE_BUDGET_S),
                                          ("ratio", ratio > RATIO_BUDGET)) if bad]
        print(f"{name:<14}{m['first']:>8.2f}{warm:>10.3f}{max(m['warm']):>10.3f}{change:>10.3f}"
              f"{max(m['changes']):>10.3f}{m['duckdb']:>9.3f}{ratio:>7.1f}{peak_rss_mb():>8.0f}"
              + (f"   over target: {', '.join(flags)}" if flags else ""))
        if flags:
            over.append(name)
    print(f"peak RSS: {peak_rss_mb():.0f} MB")
    if built:
        shutil.rmtree(built, ignore_errors=True)
    if over:
        print(f"over a target (warm ≤ {WARM_BUDGET_S:.0f} s, filter change ≤ {CHANGE_BUDGET_S:.0f} s, "
              f"≤ {RATIO_BUDGET:.0f}× DuckDB): {', '.join(over)}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
