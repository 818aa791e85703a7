"""The real server in headless Chromium: fixtures and helpers shared by every browser test module.

Use from a test module with
    pytest_plugins = ["tests.browser_support"]
which registers the fixtures browser_server, browser and open_page once for the whole session (one
server and one Chromium per test process, however many modules ask), and import the helpers
(wait_for_app, wait_for_rerun, error_texts, screenshot, ...) by name.

The server is `streamlit run dashboard.py` on a free port over an empty temporary store, so its first
visitor makes it build the demo snapshots (the first-start path users hit). Chromium is Debian's
/usr/bin/chromium driven by Playwright (no browser download). With CI=true a missing Chromium or
Playwright fails the tests; elsewhere it skips them.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
SIZES = ((1920, 1080), (1366, 768))
ERROR_BOXES = '[data-testid="stException"], [data-testid="stAlertContentError"]'
START_TIMEOUT_S = 60
FIRST_LOAD_TIMEOUT_MS = 120_000  # the first visitor waits for the demo to be built
LOAD_TIMEOUT_MS = 45_000


@dataclass
class Server:
    """A running dashboard: where to reach it, where its data lives, what it printed."""

    url: str
    process: subprocess.Popen
    store: Path
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _require_browser() -> None:
    """Skip without Chromium or Playwright, except in CI where the browser tests are mandatory."""
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "the playwright Python package is missing (requirements-dev.txt)"
    if problem is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests are mandatory in CI: {problem}", pytrace=False)
    pytest.skip(f"browser tests skipped: {problem}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except OSError:
        return False


def start_server(store: Path, log: Path, *, port: int | None = None, args: tuple[str, ...] = (),
                 env: dict[str, str] | None = None, host: str = "127.0.0.1") -> Server:
    """`streamlit run dashboard.py` on a free port with its data in `store`; returns once healthy.
    The login tests give the port, extra arguments (--secrets.files), settings and the host name."""
    port = port or free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MASSORG_")}
    environment |= {"MASSORG_SNAPSHOTS_DIR": str(store / "snapshots"), "MASSORG_CACHE_DIR": str(store / "cache"),
                    "MASSORG_ACCESS_DIR": str(store / "access")} | (env or {})
    command = [
        sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none", *args,
    ]
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://{host}:{port}", process, store, log)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{server.log_tail()}")
        if _healthy(server.url):
            return server
        time.sleep(0.25)
    server.stop()
    raise RuntimeError(f"the server was not healthy after {START_TIMEOUT_S} s:\n{server.log_tail()}")


_shared: dict[str, object] = {}  # the server and browser of this test process, whoever asked first


def _shared_server() -> Server:
    if "server" not in _shared:
        store = Path(tempfile.mkdtemp(prefix="massorg-browser-"))
        server = start_server(store, store / "server.log")
        _shared["server"] = server
        atexit.register(server.stop)  # should the session die before its teardown
    return _shared["server"]  # type: ignore[return-value]


def _stop_server() -> None:
    server = _shared.pop("server", None)
    if server is not None:
        server.stop()
        shutil.rmtree(server.store, ignore_errors=True)


def _stop_browser() -> None:
    launched, playwright = _shared.pop("browser", None), _shared.pop("playwright", None)
    if launched is not None:
        launched.close()
    if playwright is not None:
        playwright.stop()


@pytest.fixture(scope="session")
def browser_server() -> Iterator[Server]:
    """The dashboard served over a fresh, empty store (one per test process)."""
    _require_browser()
    yield _shared_server()
    _stop_server()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium through Playwright (one per test process)."""
    _require_browser()
    if "browser" not in _shared:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _shared["playwright"] = playwright
        _shared["browser"] = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield _shared["browser"]
    _stop_browser()


def wait_for_app(page, timeout_ms: int = LOAD_TIMEOUT_MS) -> None:
    """Streamlit's own end-to-end wait: connected, script finished, no skeleton left (pitfalls §16)."""
    page.wait_for_timeout(210)
    page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout_ms)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)
    page.wait_for_function(
        'document.querySelectorAll("[data-testid=stSkeleton]").length === 0', timeout=timeout_ms
    )


def wait_for_rerun(page, timeout_ms: int = LOAD_TIMEOUT_MS) -> None:
    """After a widget changed: let the rerun start, then wait for it to finish."""
    page.wait_for_timeout(400)
    wait_for_app(page, timeout_ms)


def set_date(page, label: str, day: dt.date) -> None:
    """Type a date into st.date_input the way a user does: its field is three spin buttons (day, month,
    year, in the DD/MM/YYYY order the app asks for), each filled in turn; leaving the field commits it."""
    field = page.locator('[data-testid="stDateInput"]', has_text=label)
    field.scroll_into_view_if_needed()
    for part, value in (("day", f"{day.day:02d}"), ("month", f"{day.month:02d}"), ("year", str(day.year))):
        spin = field.locator(f'[role="spinbutton"][data-type="{part}"]')
        spin.click()
        spin.press_sequentially(value)
    page.keyboard.press("Tab")
    wait_for_rerun(page)
    shown = field.locator('input[type="date"]').input_value()
    assert shown == day.isoformat(), f"the date field {label!r} shows {shown}, not {day}"


@pytest.fixture
def open_page(browser, browser_server) -> Iterator[Callable[..., object]]:
    """A factory: open_page("funding?lang=en", width=1366, height=768) gives a loaded page in a new
    browser context (no cookies or session shared with other tests). Contexts close after the test."""
    contexts = []

    def make(path: str = "", *, width: int = 1920, height: int = 1080, timeout_ms: int = LOAD_TIMEOUT_MS,
             accept_downloads: bool = False):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN",
                                      accept_downloads=accept_downloads)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{browser_server.url}/{path.lstrip('/')}", timeout=timeout_ms)
        wait_for_app(page, timeout_ms)
        return page

    yield make
    for context in contexts:
        context.close()


def error_texts(page) -> list[str]:
    """Text of every Streamlit exception or error box on the page."""
    return [e.inner_text() for e in page.query_selector_all(ERROR_BOXES)]


def dialog_texts(page) -> list[str]:
    """Text of every open dialog, e.g. Streamlit's "Page not found" for an unknown URL path."""
    return [e.inner_text() for e in page.query_selector_all('[role="dialog"]')]


_KEY_LIKE = re.compile(r"(?<![\w.])[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+\b")


def raw_locale_keys(text: str) -> list[str]:
    """Locale keys (e.g. "funding.title") that appear as text: a translation that did not happen."""
    from massorg.i18n import catalog

    keys = set(catalog("vi")) | set(catalog("en"))
    return sorted({word for word in _KEY_LIKE.findall(text) if word in keys})


def visible_text(page) -> str:
    return page.inner_text('[data-testid="stApp"]')


def screenshot(page, name: str, *, full: bool = False) -> Path:
    """Save test-artifacts/browser/<name>.png; `full` also stretches the window to the page's length,
    since Streamlit scrolls inside its own container and a normal full-page shot stops at the fold."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    if full:
        size = page.viewport_size
        height = page.evaluate('document.querySelector("[data-testid=stMain]").scrollHeight')
        page.set_viewport_size({"width": size["width"], "height": max(size["height"], int(height) + 40)})
        page.wait_for_timeout(800)
        wait_for_app(page)
        page.screenshot(path=str(path))
        page.set_viewport_size(size)
        page.wait_for_timeout(300)
    else:
        page.screenshot(path=str(path))
    return path
