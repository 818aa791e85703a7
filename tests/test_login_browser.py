"""The real login in headless Chromium: a real OIDC provider process (oidc-provider-mock), the real server
started with a temporary secrets file (--secrets.files) holding an [auth] section, and a grants file.

A viewer scoped to Đà Lạt sees only Đà Lạt in the unit filter, in the page's figures and in the Excel file
they export; a steward uploads a workbook, sees the error, fixes it, publishes, and the new snapshot opens;
an anonymous visitor cannot reach the real snapshot by its URL; a tampered login cookie is logged out;
a revoked grant stops access. Both the provider and the app are reached as `localhost` (the login
cookie's origin check compares scheme://host:port)."""

from __future__ import annotations

import datetime as dt
import io
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import openpyxl
import pytest

pytest.register_assert_rewrite("tests.browser_support")

from massorg.access.scope import scoped  # noqa: E402
from massorg.data import queries, store  # noqa: E402
from massorg.data.queries import Filters  # noqa: E402
from tests.access_support import REAL_ID  # noqa: E402
from tests.browser_support import (  # noqa: E402
    FIRST_LOAD_TIMEOUT_MS,
    ROOT,
    error_texts,
    free_port,
    screenshot,
    set_date,
    start_server,
    visible_text,
    wait_for_app,
    wait_for_rerun,
)

pytest_plugins = ["tests.browser_support"]  # the browser fixture (one Chromium per test process)
pytestmark = pytest.mark.browser

GRANTS = """subject,role,scope,valid_from,valid_to
xem@dalat.vn,viewer,672,,
xem@tinh.vn,viewer,all,,
qly@sonoivu.vn,steward,all,,
"""


def _start_provider(log: Path) -> tuple[str, subprocess.Popen]:
    port = free_port()
    out = open(log, "wb")  # noqa: SIM115 - the process writes to it until the end of the module
    process = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--port", str(port)],
                               stdout=out, stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/.well-known/openid-configuration", timeout=2):
                return url, process
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"the OIDC provider did not start:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="module")
def login_server(demo_snapshots, browser):
    """The provider, and the dashboard with [auth] secrets over the demo plus one real snapshot."""
    folder = Path(tempfile.mkdtemp(prefix="massorg-login-"))
    for snap in demo_snapshots:
        shutil.copytree(snap.path, folder / "snapshots" / snap.id)
    import datetime as dt

    store.publish(demo_snapshots[0].read_all(), snapshot_id=REAL_ID, as_of=dt.date(2025, 6, 30),
                  label="Báo cáo 6 tháng 2025", is_demo=False, root=folder / "snapshots")
    (folder / "access").mkdir()
    (folder / "access" / "grants.csv").write_text(GRANTS, encoding="utf-8")
    provider_url, provider = _start_provider(folder / "provider.log")
    port = free_port()
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "massorg-dashboard"\n'
        'client_secret = "test-secret"\n'
        f'server_metadata_url = "{provider_url}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    server = start_server(folder, folder / "server.log", port=port, host="localhost",
                          args=("--secrets.files", str(secrets_file)))
    yield server
    server.stop()
    provider.terminate()
    provider.wait(timeout=10)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def visit(browser, login_server):
    """A factory of pages in fresh browser contexts (no cookies shared between tests)."""
    contexts = []

    def make(path: str = ""):
        context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="vi-VN", accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{login_server.url}/{path}", timeout=FIRST_LOAD_TIMEOUT_MS)
        wait_for_app(page, FIRST_LOAD_TIMEOUT_MS)
        return page

    yield make
    for context in contexts:
        context.close()


def _sign_in(page, subject: str) -> None:
    """The sidebar's Sign in, the provider's form (it takes the `sub`; its e-mail is the same), and back."""
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_selector('input[name="sub"]', timeout=30_000)
    page.fill('input[name="sub"]', subject)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(lambda url: "oauth2callback" not in url and "localhost" in url and "/authorize" not in url,
                      timeout=30_000)
    wait_for_app(page, FIRST_LOAD_TIMEOUT_MS)
    page.wait_for_selector(f'text=Đã đăng nhập: {subject}', timeout=30_000)


def _snapshot_shown(page) -> str:
    """The sidebar's snapshot chooser as shown: its label and the chosen snapshot (in its input)."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
    inputs = box.locator("input")
    return box.inner_text() + " " + (inputs.first.input_value() if inputs.count() else "")


def _unit_options(page) -> list[str]:
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    box.click()
    page.wait_for_selector('[role="option"]', timeout=10_000)
    options = [o.inner_text().strip() for o in page.query_selector_all('[role="option"]')]
    page.keyboard.press("Escape")
    return options


def test_a_viewer_scoped_to_da_lat_sees_and_exports_only_da_lat(visit, login_server, tmp_path):
    page = visit()
    assert "Bạn đang xem dữ liệu mẫu công khai" in visible_text(page)
    _sign_in(page, "xem@dalat.vn")
    assert error_texts(page) == []
    assert "Báo cáo 6 tháng 2025" in _snapshot_shown(page)
    assert _unit_options(page) == ["Đà Lạt (Da Lat)"]
    view = scoped(store.open_snapshot(REAL_ID, login_server.store / "snapshots"), ("672",))
    kpis = queries.run("overview_kpis", view, Filters(unit_codes=("672",))).set_index("year")
    members = f"{int(kpis.loc[2024, 'members']):,}".replace(",", ".")
    metric = page.locator('[data-testid="stMetric"]', has_text="Hội viên").first.inner_text()
    assert members in metric
    screenshot(page, "login-viewer-da-lat")
    button = page.get_by_role("button", name="Tải Excel").first
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as info:
        button.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    ws = openpyxl.load_workbook(io.BytesIO(path.read_bytes())).active
    assert "Địa bàn: Đà Lạt" in ws["A2"].value
    assert ws["A3"].value.startswith(f"Bản dữ liệu: {REAL_ID}")
    header = next(r for r in range(1, 12) if ws.cell(r, 1).value == "Năm")
    columns = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
    member_col = next(c for name, c in columns.items() if name and name.startswith("Hội viên"))
    by_year = {ws.cell(r, 1).value: ws.cell(r, member_col).value for r in range(header + 1, ws.max_row + 1)}
    assert by_year[2024] == int(kpis.loc[2024, "members"])


def test_an_anonymous_visitor_cannot_reach_the_real_snapshot_by_url(visit):
    page = visit(f"?snapshot={REAL_ID}")
    assert error_texts(page) == []
    assert "Dữ liệu mẫu" in _snapshot_shown(page) or "31/12/2024" in _snapshot_shown(page)
    text = visible_text(page)
    assert REAL_ID not in text and "Báo cáo 6 tháng 2025" not in text
    assert "snapshot" in text  # the usual notice about a link value that is not valid


def test_a_tampered_login_cookie_is_logged_out(visit, login_server):
    page = visit()
    _sign_in(page, "xem@tinh.vn")
    assert "Báo cáo 6 tháng 2025" in _snapshot_shown(page)
    cookies = page.context.cookies()
    user = [c for c in cookies if c["name"].startswith("_streamlit_user")]
    assert user, [c["name"] for c in cookies]
    forged = dict(user[0])
    value = forged["value"]
    forged["value"] = value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB")  # a broken signature
    page.context.add_cookies([{k: forged[k] for k in ("name", "value", "domain", "path", "httpOnly", "secure",
                                                     "sameSite")}])
    page.reload()
    wait_for_app(page, FIRST_LOAD_TIMEOUT_MS)
    assert page.get_by_role("button", name="Đăng nhập").count() == 1
    assert "Báo cáo 6 tháng 2025" not in visible_text(page)


def test_a_revoked_grant_stops_access(visit, login_server):
    page = visit()
    _sign_in(page, "xem@tinh.vn")
    assert "Báo cáo 6 tháng 2025" in _snapshot_shown(page)
    env = os.environ | {"MASSORG_ACCESS_DIR": str(login_server.store / "access")}
    done = subprocess.run([sys.executable, "-m", "massorg", "revoke", "xem@tinh.vn"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    try:
        page.get_by_role("button", name="Hội viên").first.click()  # any next click
        wait_for_rerun(page)
        page.reload()
        wait_for_app(page, FIRST_LOAD_TIMEOUT_MS)
        text = visible_text(page)
        assert "chưa được cấp quyền" in text
        assert "Báo cáo 6 tháng 2025" not in text
    finally:
        (login_server.store / "access" / "grants.csv").write_text(GRANTS, encoding="utf-8")


def test_a_steward_uploads_fixes_and_publishes_in_the_browser(visit, login_server, tmp_path):
    from tests.test_ingest_samples import labels, write_xlsx

    page = visit()
    _sign_in(page, "qly@sonoivu.vn")
    page.goto(f"{login_server.url}/data", timeout=FIRST_LOAD_TIMEOUT_MS)  # the login cookie keeps the steward in
    wait_for_app(page, FIRST_LOAD_TIMEOUT_MS)
    real = store.open_snapshot(REAL_ID, login_server.store / "snapshots")
    funding = real.read("funding").head(3)
    from massorg.data.schema import TABLES

    names = TABLES["funding"].column_names
    rows = [[v.item() if hasattr(v, "item") else v for v in r] for r in funding[names].itertuples(index=False)]

    def workbook(amount) -> Path:
        """The office's file, named the same before and after the fix (each in its own folder)."""
        rows[0][names.index("amount_vnd")] = amount
        folder = tmp_path / str(amount)
        folder.mkdir()
        return write_xlsx(folder / "kinh-phi.xlsx", {"Kinh phí": [labels("funding"), *rows]})

    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(workbook("abc")))
    page.wait_for_selector('[data-testid="stFileChip"]', timeout=30_000)
    wait_for_rerun(page)
    base = page.locator('[data-testid="stSelectbox"]', has_text="Bản dữ liệu gốc")
    base.scroll_into_view_if_needed()
    base.get_by_role("combobox").click()
    page.get_by_role("option", name=REAL_ID).click()
    wait_for_rerun(page)
    # the rows are keyed to old districts, which end on 30/6/2025: the report is as of that day
    set_date(page, "Số liệu tính đến", dt.date(2025, 6, 30))
    page.get_by_role("button", name="Kiểm tra các tệp").click()
    wait_for_rerun(page)
    text = visible_text(page)
    assert "Lỗi — tệp kinh-phi.xlsx, trang tính «Kinh phí», dòng 2, cột «Số tiền (đồng)»" in text
    assert "Còn lỗi nên chưa thể công bố" in text
    assert page.get_by_role("button", name="Công bố").count() == 0
    screenshot(page, "login-steward-findings")

    page.get_by_role("button", name="Remove kinh-phi.xlsx").click()
    wait_for_rerun(page)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(workbook(987_654_321)))
    page.wait_for_selector('[data-testid="stFileChip"]', timeout=30_000)
    wait_for_rerun(page)
    page.get_by_role("button", name="Kiểm tra các tệp").click()
    wait_for_rerun(page)
    assert "\n0 lỗi, 0 cảnh báo." in visible_text(page)  # not "610 lỗi, 0 cảnh báo."
    # the comparison's tables and figures are checked in tests/test_web_import.py; here: it is offered
    page.get_by_role("button", name="Công bố").wait_for(timeout=30_000)
    page.get_by_role("button", name="Công bố").click()
    wait_for_rerun(page)
    (newest,) = [s for s in store.list_snapshots(login_server.store / "snapshots") if s.id != REAL_ID and not s.is_demo]
    assert f"Đã công bố bản dữ liệu {newest.id}" in visible_text(page)
    assert newest.as_of.strftime("%d/%m/%Y") in _snapshot_shown(page)  # the new snapshot is open
    assert error_texts(page) == []
    screenshot(page, "login-steward-published")
