"""Many people at once: N browser sessions driven through the real server, page after page.

    .venv/bin/python scripts/load_test.py [--sessions 20] [--store DIR] [--servers 1] [--rounds 1]

Starts `streamlit run dashboard.py` on a free loopback port (127.0.0.1 only; `--servers K` starts K
processes and spreads the sessions over them, as a balancer with sticky sessions would), then headless
Chromium (/usr/bin/chromium) with one browser context per session. First one session alone visits
every page (the single-session time), then N sessions at once each open the overview and move through
the pages by the sidebar's links, as a person does. A page's time runs from the click (or the opening)
until Streamlit's own "settled" state: connected, script not running, no skeleton left (it includes the
0.4 s the wait leaves for the rerun to start). Prints median and max page time per page and overall,
the errors (error boxes on a page, timeouts), and the ratio to the single session.

Bounded: at most 50 sessions and 5 rounds, each page wait at most --page-timeout seconds, the whole run
at most --deadline seconds; every server process is stopped at the end. `--store DIR` is a data folder
holding snapshots/ (e.g. from `python -m massorg demo --scale 100 --out DIR/snapshots`); without it, a
fresh temporary store where the first visitor builds the demo.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, ERROR_BOXES, Server, start_server  # noqa: E402

PAGES = ["funding", "membership", "consultation", "legal_aid", "welfare", "directory"]
MAX_SESSIONS, MAX_ROUNDS = 50, 5


async def _settled(page, timeout_ms: int) -> None:
    """Streamlit's end-to-end wait (tests/browser_support.wait_for_app), for the async API."""
    await page.wait_for_timeout(400)
    await page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout_ms)
    await page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)
    await page.wait_for_function('document.querySelectorAll("[data-testid=stSkeleton]").length === 0',
                                 timeout=timeout_ms)


async def _open_by_link(page, name: str, timeout_ms: int) -> None:
    """Click the page's link as a person does: the navigation is at the top (dashboard.py), each
    section a menu that opens on a click; a sidebar navigation (older layouts) is clicked directly."""
    direct = page.locator(f'[data-testid="stSidebarNav"] a[href$="/{name}"], '
                          f'[data-testid="stTopNav"] a[data-testid="stTopNavLink"][href$="/{name}"]')
    if await direct.count():
        await direct.first.click(timeout=timeout_ms)
        return
    link = page.locator(f'[data-testid="stTopNavPopover"] a[href$="/{name}"]')
    sections = page.locator('[data-testid="stTopNavSection"]')
    for i in range(await sections.count()):
        await sections.nth(i).click(timeout=timeout_ms)
        if await link.count():
            await link.first.click(timeout=timeout_ms)
            return
        await page.keyboard.press("Escape")
    raise LookupError(f"no link to /{name} in the navigation")


async def _session(browser, url: str, rounds: int, timeout_ms: int, times: dict, errors: list) -> None:
    """One person: open the overview, then each page by its sidebar link, `rounds` times."""
    context = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    try:
        page = await context.new_page()
        start = time.perf_counter()
        await page.goto(url, timeout=timeout_ms)
        await _settled(page, timeout_ms)
        times.setdefault("overview", []).append(time.perf_counter() - start)
        for _ in range(rounds):
            for name in PAGES:
                try:
                    start = time.perf_counter()
                    await _open_by_link(page, name, timeout_ms)
                    await _settled(page, timeout_ms)
                    times.setdefault(name, []).append(time.perf_counter() - start)
                    if await page.locator(ERROR_BOXES).count():
                        errors.append(f"{name}: an error box on the page")
                except Exception as exc:  # a timeout is a result to report, not a crash of the run
                    errors.append(f"{name}: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
    except Exception as exc:
        errors.append(f"overview: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
    finally:
        await context.close()


async def _drive(urls: list[str], sessions: int, rounds: int, timeout_ms: int) -> tuple[dict, list, float]:
    from playwright.async_api import async_playwright

    times: dict[str, list[float]] = {}
    errors: list[str] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            start = time.perf_counter()
            await asyncio.gather(*(_session(browser, urls[i % len(urls)], rounds, timeout_ms, times, errors)
                                   for i in range(sessions)))
            wall = time.perf_counter() - start
        finally:
            await browser.close()
    return times, errors, wall


def _report(title: str, times: dict, errors: list, wall: float) -> float:
    everything = [t for values in times.values() for t in values]
    print(f"\n{title}: {len(everything)} page views in {wall:.1f} s, {len(errors)} errors")
    print(f"{'page':<14}{'views':>7}{'median':>9}{'max':>9}   (seconds)")
    for name in ["overview", *PAGES]:
        values = times.get(name, [])
        if values:
            print(f"{name:<14}{len(values):>7}{statistics.median(values):>9.2f}{max(values):>9.2f}")
    median = statistics.median(everything) if everything else float("nan")
    print(f"{'all pages':<14}{len(everything):>7}{median:>9.2f}{max(everything, default=float('nan')):>9.2f}")
    for error in errors[:20]:
        print(f"  error: {error}")
    return median


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help=f"people at once (1–{MAX_SESSIONS}, default 20)")
    parser.add_argument("--rounds", type=int, default=1, help=f"times each person visits every page (1–{MAX_ROUNDS})")
    parser.add_argument("--servers", type=int, default=1, help="server processes to spread the sessions over (1–4)")
    parser.add_argument("--store", type=Path, help="a data folder with snapshots/ (default: a fresh demo store)")
    parser.add_argument("--page-timeout", type=float, default=120, help="the longest wait for one page (s)")
    parser.add_argument("--deadline", type=float, default=900, help="the longest the whole run may take (s)")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS or not 1 <= args.rounds <= MAX_ROUNDS or not 1 <= args.servers <= 4:
        parser.error(f"--sessions 1–{MAX_SESSIONS}, --rounds 1–{MAX_ROUNDS}, --servers 1–4")

    own_store = args.store is None
    store = Path(tempfile.mkdtemp(prefix="massorg-load-")) if own_store else args.store.resolve()
    servers: list[Server] = []
    timeout_ms = int(args.page_timeout * 1000)
    try:
        for i in range(args.servers):
            servers.append(start_server(store, store / f"server-{i}.log"))
        urls = [s.url for s in servers]
        print(f"store: {store}; servers: {', '.join(urls)} (loopback only)")

        async def run() -> int:
            # warm up: the first visitor of each server (demo build, query database, imports)
            for url in urls:
                await _drive([url], 1, 1, timeout_ms)
            single, single_errors, wall = await _drive(urls[:1], 1, args.rounds, timeout_ms)
            alone = _report("one session alone", single, single_errors, wall)
            many, errors, wall = await _drive(urls, args.sessions, args.rounds, timeout_ms)
            together = _report(f"{args.sessions} sessions at once over {len(urls)} server process(es)",
                               many, errors, wall)
            views = sum(len(v) for v in many.values())
            expected = args.sessions * (1 + args.rounds * len(PAGES))
            print(f"\nmedian page time {together:.2f} s = {together / alone:.1f}× the single session ({alone:.2f} s); "
                  f"{views} of {expected} page views settled; {len(errors)} errors")
            return 0 if not errors and views == expected else 1

        return asyncio.run(asyncio.wait_for(run(), timeout=args.deadline))
    finally:
        for server in servers:
            server.stop()
        if own_store:
            shutil.rmtree(store, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
