"""Many people at once: N browser sessions driven through the real server, page after page.

    .venv/bin/python scripts/load_test.py [--sessions 20] [--store DIR] [--servers 1] [--rounds 1]
                                          [--driver browser|protocol] [--browsers K]

Starts `streamlit run dashboard.py` on a free loopback port (127.0.0.1 only; `--servers K` starts K
processes and spreads the sessions over them, as a balancer with sticky sessions would). First one
session alone visits every page (the single-session time), then N sessions at once each open the
overview and move through the pages, as a person does. Prints median and max page time per page and
overall, the errors (error boxes on a page, timeouts), and the ratio to the single session.

Two drivers:
- `browser` (default): headless Chromium (/usr/bin/chromium), one browser context per session, pages
  opened by the navigation's links. A page's time runs from the click (or the opening) until
  Streamlit's own "settled" state: connected, script not running, no skeleton left (it includes the
  0.4 s the wait leaves for the rerun to start). On this 2-core machine the twenty browsers' own work
  (2.3 MB of JavaScript parsed per first visit, charts drawn) competes with the server for the cores.
- `protocol`: each session speaks Streamlit's websocket protocol (/_stcore/stream, the protobuf
  messages the browser's JavaScript sends and reads) without a browser: it asks for a page run as a
  click on a navigation link does and times it until the run has finished and no other run follows
  within 0.4 s. Every message the server sends is read and decoded; an exception or error box in
  them is an error. This is the server's share of the wait: what twenty people on their own machines
  see, less their browser's drawing. It sends no widget states (every page opens with its defaults,
  as from a link) and caches no message (the server sends each one whole).
`--browsers K` mixes them: K of the sessions in Chromium, the others over the protocol (e.g. one person
in a browser while nineteen others use the server), each driver's times reported apart.

Bounded: at most 50 sessions and 5 rounds, each page wait at most --page-timeout seconds, the whole run
at most --deadline seconds; every server process is stopped at the end. `--store DIR` is a data folder
holding snapshots/ (e.g. from `python -m massorg demo --scale 100 --out DIR/snapshots`); without it, a
fresh temporary store where the first visitor builds the demo.
"""

from __future__ import annotations

import argparse
import asyncio
import os
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


class _Wire:
    """One session over Streamlit's websocket protocol: page runs asked for and waited on."""

    SETTLE_S = 0.4  # as the browser driver: a run that starts this soon after the last one belongs to it

    def __init__(self, websocket, url: str) -> None:
        self.websocket, self.url = websocket, url
        self.pages: dict[str, str] = {}  # url path ('' for the default page) -> page script hash
        self.widgets: dict[str, object] = {}  # widget id -> WidgetState, as the last run showed them
        self.error_boxes = 0
        self.last_error = ""

    async def open(self, name: str, timeout_s: float) -> None:
        """Run the page at url path `name` ('' = the overview) and wait until it has settled."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        message = BackMsg()
        state = message.rerun_script
        state.query_string = ""
        state.page_script_hash = self.pages.get(name, "") if name else ""
        if name and not state.page_script_hash:
            raise LookupError(f"the server's navigation has no page /{name}")
        state.context_info.timezone = "Asia/Ho_Chi_Minh"
        state.context_info.locale = "vi-VN"
        state.context_info.url = f"{self.url}/{name}"
        # the browser reports every widget on screen with its value (a link keeps the sidebar's filters)
        state.widget_states.widgets.extend(self.widgets.values())
        self.widgets = {}
        await self.websocket.send(message.SerializeToString())
        await self._settled(timeout_s)

    async def _settled(self, timeout_s: float) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        deadline = time.monotonic() + timeout_s
        finished = False
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no finished run within {timeout_s:.0f} s")
            try:
                data = await asyncio.wait_for(self.websocket.recv(), min(left, self.SETTLE_S) if finished else left)
            except TimeoutError:
                if finished:
                    return
                raise
            message = ForwardMsg()
            message.ParseFromString(data)
            kind = message.WhichOneof("type")
            if kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in message.navigation.app_pages}
                self.pages[""] = next((p.page_script_hash for p in message.navigation.app_pages if p.is_default), "")
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                shown = element.WhichOneof("type")
                if (widget := _widget_state(element, shown)) is not None:
                    self.widgets[widget.id] = widget
                if shown == "exception" or (shown == "alert" and element.alert.format == element.alert.ERROR):
                    self.error_boxes += 1
                    self.last_error = (element.exception.message + " | " + " / ".join(element.exception.stack_trace[-14:])
                                       if shown == "exception" else element.alert.body)[:4000]
            elif kind == "session_status_changed" and message.session_status_changed.script_is_running:
                finished = False  # a run (again): wait for its end
            elif kind == "script_finished" and message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                finished = True


def _widget_state(element, kind: str):
    """What the browser's JavaScript reports for a widget it has just drawn: the value it shows (set by
    the script, else the default), in the field the widget's Python side reads. None for a button, an
    upload or any element that is no widget."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    if kind not in _WIDGET_KINDS:
        return None
    proto = getattr(element, kind)
    state = WidgetState(id=proto.id)
    if kind == "slider":
        state.double_array_value.data.extend(proto.value if proto.set_value else proto.default)
    elif kind in ("selectbox", "radio"):
        if proto.set_value:
            state.string_value = proto.raw_value
        elif proto.HasField("default") and proto.default < len(proto.options):
            state.string_value = proto.options[proto.default]
        else:
            return None  # nothing chosen: the browser reports no value either
    elif kind == "multiselect":
        chosen = proto.raw_values if proto.set_value else [proto.options[i] for i in proto.default]
        state.string_array_value.data.extend(chosen)
    elif kind == "button_group":
        chosen = proto.raw_values if proto.set_value else [proto.options[i].content for i in proto.default]
        state.string_array_value.data.extend(chosen)
    elif kind == "checkbox":
        state.bool_value = proto.value if proto.set_value else proto.default
    elif kind == "text_input":
        state.string_value = proto.value if proto.set_value else proto.default
    elif kind == "number_input":
        state.double_value = proto.value if proto.set_value else proto.default
    elif kind == "date_input":
        state.string_array_value.data.extend(proto.value if proto.set_value else proto.default)
    return state


_WIDGET_KINDS = ("slider", "selectbox", "radio", "multiselect", "button_group", "checkbox", "text_input",
                 "number_input", "date_input")


async def _protocol_session(url: str, rounds: int, timeout_ms: int, times: dict, errors: list) -> None:
    """One person over the websocket protocol: the overview, then each page, `rounds` times."""
    import websockets

    timeout_s = timeout_ms / 1000
    stream = url.replace("http://", "ws://", 1) + "/_stcore/stream"
    try:
        start = time.perf_counter()
        async with websockets.connect(stream, subprotocols=["streamlit"], max_size=None,
                                      open_timeout=timeout_s) as websocket:
            wire = _Wire(websocket, url)
            await wire.open("", timeout_s)
            times.setdefault("overview", []).append(time.perf_counter() - start)
            for _ in range(rounds):
                for name in PAGES:
                    try:
                        boxes = wire.error_boxes
                        start = time.perf_counter()
                        await wire.open(name, timeout_s)
                        times.setdefault(name, []).append(time.perf_counter() - start)
                        if wire.error_boxes > boxes:
                            errors.append(f"{name}: an error box on the page: {wire.last_error}")
                    except (TimeoutError, LookupError) as exc:
                        errors.append(f"{name}: {type(exc).__name__}: {exc}")
            if wire.error_boxes and not errors:
                errors.append("overview: an error box on the page")
    except Exception as exc:
        errors.append(f"session: {type(exc).__name__}: {str(exc).splitlines()[0][:120] if str(exc) else ''}")


async def _drive(urls: list[str], sessions: int, rounds: int, timeout_ms: int,
                 browsers: int) -> tuple[dict[str, dict], list, float]:
    """`sessions` people at once, the first `browsers` of them in Chromium and the others over the
    protocol: their page times by driver, the errors, the wall time."""
    times: dict[str, dict[str, list[float]]] = {"browser": {}, "protocol": {}}
    errors: list[str] = []

    def protocol_sessions():
        return [_protocol_session(urls[i % len(urls)], rounds, timeout_ms, times["protocol"], errors)
                for i in range(browsers, sessions)]

    start = time.perf_counter()
    if not browsers:
        await asyncio.gather(*protocol_sessions())
        return times, errors, time.perf_counter() - start
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            start = time.perf_counter()
            await asyncio.gather(*(_session(browser, urls[i % len(urls)], rounds, timeout_ms, times["browser"], errors)
                                   for i in range(browsers)), *protocol_sessions())
            wall = time.perf_counter() - start
        finally:
            await browser.close()
    return times, errors, wall


def _report(title: str, times: dict[str, dict], errors: list, wall: float) -> dict[str, float]:
    """Print the page times (all sessions, then each driver's when both ran); the median per driver."""
    def table(label: str, by_page: dict[str, list[float]]) -> float:
        everything = [t for values in by_page.values() for t in values]
        print(f"{label:<14}{'views':>7}{'median':>9}{'max':>9}   (seconds)")
        for name in ["overview", *PAGES]:
            if values := by_page.get(name, []):
                print(f"{name:<14}{len(values):>7}{statistics.median(values):>9.2f}{max(values):>9.2f}")
        median = statistics.median(everything) if everything else float("nan")
        print(f"{'all pages':<14}{len(everything):>7}{median:>9.2f}{max(everything, default=float('nan')):>9.2f}")
        return median

    used = {driver: by_page for driver, by_page in times.items() if by_page}
    views = sum(len(v) for by_page in used.values() for v in by_page.values())
    print(f"\n{title}: {views} page views in {wall:.1f} s, {len(errors)} errors")
    medians = {driver: table(f"{driver} ({_people(by_page)})" if len(used) > 1 else "page", by_page)
               for driver, by_page in used.items()}
    for error in errors[:20]:
        print(f"  error: {error}")
    return medians


def _people(by_page: dict[str, list[float]]) -> str:
    return f"{len(by_page.get('overview', []))} sessions"


def _process_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine_cpu_s() -> float:
    """CPU seconds all cores have been busy since boot (every state but idle and iowait)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb(pid: int) -> float:
    """A process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help=f"people at once (1–{MAX_SESSIONS}, default 20)")
    parser.add_argument("--rounds", type=int, default=1, help=f"times each person visits every page (1–{MAX_ROUNDS})")
    parser.add_argument("--servers", type=int, default=1, help="server processes to spread the sessions over (1–4)")
    parser.add_argument("--driver", choices=("browser", "protocol"), default="browser",
                        help="headless Chromium, or Streamlit's websocket protocol without a browser")
    parser.add_argument("--browsers", type=int,
                        help="of the sessions, this many in Chromium and the others over the protocol "
                             "(default: all of them by --driver)")
    parser.add_argument("--store", type=Path, help="a data folder with snapshots/ (default: a fresh demo store)")
    parser.add_argument("--page-timeout", type=float, default=120, help="the longest wait for one page (s)")
    parser.add_argument("--deadline", type=float, default=900, help="the longest the whole run may take (s)")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS or not 1 <= args.rounds <= MAX_ROUNDS or not 1 <= args.servers <= 4:
        parser.error(f"--sessions 1–{MAX_SESSIONS}, --rounds 1–{MAX_ROUNDS}, --servers 1–4")
    browsers = args.browsers if args.browsers is not None else args.sessions if args.driver == "browser" else 0
    if not 0 <= browsers <= args.sessions:
        parser.error("--browsers 0 to --sessions")
    kinds = [kind for kind, count in (("browser", browsers), ("protocol", args.sessions - browsers)) if count]

    own_store = args.store is None
    store = Path(tempfile.mkdtemp(prefix="massorg-load-")) if own_store else args.store.resolve()
    servers: list[Server] = []
    timeout_ms = int(args.page_timeout * 1000)
    try:
        for i in range(args.servers):
            servers.append(start_server(store, store / f"server-{i}.log"))
        urls = [s.url for s in servers]
        print(f"store: {store}; servers: {', '.join(urls)} (loopback only); "
              f"{browsers} session(s) in Chromium, {args.sessions - browsers} over the protocol")

        async def run() -> int:
            # warm up: the first visitor of each server (demo build, query database, imports)
            for url in urls:
                await _drive([url], 1, 1, timeout_ms, int(kinds[0] == "browser"))
            alone: dict[str, float] = {}
            for kind in kinds:  # one session alone, of each kind that runs
                single, single_errors, wall = await _drive(urls[:1], 1, args.rounds, timeout_ms, int(kind == "browser"))
                alone |= _report(f"one session alone ({kind})", single, single_errors, wall)
            busy, served = _machine_cpu_s(), [_process_cpu_s(server.process.pid) for server in servers]
            many, errors, wall = await _drive(urls, args.sessions, args.rounds, timeout_ms, browsers)
            busy = _machine_cpu_s() - busy
            served = sum(_process_cpu_s(server.process.pid) - before for server, before in zip(servers, served))
            together = _report(f"{args.sessions} sessions at once over {len(urls)} server process(es)", many, errors, wall)
            views = sum(len(v) for by_page in many.values() for v in by_page.values())
            expected = args.sessions * (1 + args.rounds * len(PAGES))
            print()
            for kind, median in together.items():
                print(f"{kind}: median page time {median:.2f} s = {median / alone[kind]:.1f}× one {kind} session "
                      f"alone ({alone[kind]:.2f} s)")
            print(f"{views} of {expected} page views settled; {len(errors)} errors")
            print(f"CPU while the {args.sessions} sessions ran: {busy:.1f} CPU-s on this machine's {os.cpu_count()} cores "
                  f"in {wall:.1f} s, of which the server process(es) {served:.1f} CPU-s (the rest: "
                  f"{'the browsers, ' if browsers else ''}the driver and the system)")
            for server in servers:
                print(f"server {server.url}: peak RSS {_peak_rss_mb(server.process.pid):,.0f} MB")
            return 0 if not errors and views == expected else 1

        return asyncio.run(asyncio.wait_for(run(), timeout=args.deadline))
    finally:
        for server in servers:
            server.stop()
        if own_store:
            shutil.rmtree(store, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
