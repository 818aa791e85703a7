"""The scale-out set-up for real on one machine: moto's S3 server, two dashboard replicas reading one
bucket, Caddy in front with the shipped deploy/Caddyfile, one OIDC identity provider process
(oidc-provider-mock), all on free loopback ports, headless Chromium.

One test walks the operator's story in order: publish the demo (and one real snapshot) through the
S3 path; browse and download an Excel file through Caddy; publish a second snapshot while the
replicas run and see both show it; a steward signs in through Caddy (both replicas have the same
[auth] section, so the same cookie secret, and the same grants file), uploads a report on the Data
page, checks it once and publishes it into the bucket; kill -9 the replica both browsers are stuck to
and see them go on (after a reload) on the other one: the visitor downloads an Excel file, the steward
is still signed in and sees the snapshot they published; stop a publish before its manifest and see
nothing appear; tamper a Parquet file in the bucket and see that snapshot refused with a message.
What remains simulated: the durability of a real store, separate hosts, TLS (Caddy serves plain HTTP
on loopback here), a real identity provider (the mock signs in whoever types a name).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import io
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import openpyxl
import pytest

pytest.register_assert_rewrite("tests.browser_support", "tests.s3_support")

from massorg.data import demo, store  # noqa: E402
from massorg.data.schema import TABLES  # noqa: E402
from massorg.i18n import t  # noqa: E402
from tests.browser_support import (  # noqa: E402
    FIRST_LOAD_TIMEOUT_MS,
    error_texts,
    free_port,
    screenshot,
    set_date,
    start_server,
    visible_text,
    wait_for_app,
    wait_for_rerun,
)
from tests.s3_support import start_moto  # noqa: E402
from tests.test_ingest_samples import labels, write_xlsx  # noqa: E402
from tests.tools_support import required_tool  # noqa: E402

pytest_plugins = ["tests.browser_support"]  # the browser fixture
pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CADDYFILE = ROOT / "deploy" / "Caddyfile"
POLL_SECONDS = 2
COOKIE = "massorg_replica"
FUNDING = "funding"  # the default snapshot, the newest
SECOND = "2026-09-30_demo-e2e"  # published while the replicas run
CUT = "2026-10-31_demo-cut"  # its publish is killed before the manifest, then a file is tampered with
BASE = "2025-06-30_bao-cao-6-thang"  # a real snapshot (is_demo false): only a signed-in grant sees it
STEWARD = "qly@sonoivu.vn"
GRANTS = f"subject,role,scope,valid_from,valid_to\n{STEWARD},steward,all,,\n"
UPLOAD_LABEL = "Qua Caddy"  # the label the steward gives the snapshot they publish in the browser

# Killed before the manifest: the real push command, stopped dead (SIGKILL) at its commit point.
_KILLED_PUSH = (
    "import os, signal, sys\n"
    "from massorg.data import objectstore\n"
    "from massorg.__main__ import main\n"
    "objectstore.S3Store._put_manifest = lambda self, i, body: os.kill(os.getpid(), signal.SIGKILL)\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def _require_caddy() -> str:
    return required_tool("caddy")  # .ci/run installs it from Debian


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except OSError:
        return 0, b""


def _massorg(env: dict[str, str], *args: str, script: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", script, *args] if script else [sys.executable, "-m", "massorg", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def _snapshot_shown(page) -> str:
    """The sidebar's snapshot chooser as shown: its label and the chosen snapshot (in its input)."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
    inputs = box.locator("input")
    return box.inner_text() + " " + (inputs.first.input_value() if inputs.count() else "")


@functools.cache
def _province_tables() -> dict:
    return demo.province_snapshots()[-1].tables


def _folder_snapshot(folder: Path, snapshot_id: str, as_of: dt.date) -> store.Snapshot:
    """A demo-flagged snapshot (anonymous visitors may see it) with the new province's tables up to
    mid-2026 (demo-2026-06-30's). Dated after 1/7/2025 it opens on the new province from 2025: the
    old province's end-2024 tables would give an empty page there (no Excel button)."""
    return store.publish(_province_tables(), snapshot_id=snapshot_id, as_of=as_of, label="E2E", is_demo=True,
                         root=folder)


class Stack:
    """The processes of the test and where to reach them."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.processes: list[subprocess.Popen] = []
        self.replicas = []

    def stop(self) -> None:
        for replica in self.replicas:
            replica.stop()
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


def _start_caddy(caddy: str, stack: Stack, site: str, upstreams: list[str]) -> str:
    admin = free_port()
    home = stack.tmp / "caddy-home"
    home.mkdir()
    env = os.environ | {"MASSORG_SITE": site, "MASSORG_REPLICAS": " ".join(upstreams), "MASSORG_BIND": "127.0.0.1",
                        "MASSORG_CADDY_ADMIN": f"127.0.0.1:{admin}", "HOME": str(home),
                        "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config")}
    log = open(stack.tmp / "caddy.log", "wb")  # noqa: SIM115 - kept open for the process's life
    process = subprocess.Popen([caddy, "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    stack.processes.append(process)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((stack.tmp / "caddy.log").read_text(errors="replace"))
        if _get(f"{site}/_stcore/health") == (200, b"ok"):
            return site
        time.sleep(0.25)
    raise RuntimeError("Caddy did not pass requests on within 30 s:\n"
                       + (stack.tmp / "caddy.log").read_text(errors="replace"))


def _start_provider(stack: Stack) -> str:
    """The identity provider of every replica: oidc-provider-mock on a free loopback port."""
    port, log = free_port(), stack.tmp / "provider.log"
    out = open(log, "wb")  # noqa: SIM115 - kept open for the process's life
    process = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--port", str(port)],
                               stdout=out, stderr=subprocess.STDOUT)
    stack.processes.append(process)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        if _get(f"{url}/.well-known/openid-configuration")[0] == 200:
            return url
        time.sleep(0.2)
    raise RuntimeError(f"the OIDC provider did not start:\n{log.read_text(errors='replace')}")


def _auth_section(site: str, provider: str) -> str:
    """The [auth] section every replica's secrets file holds, as deploy/README.md says: one identity
    provider, the balancer's public redirect_uri, one cookie secret."""
    return ("[auth]\n"
            f'redirect_uri = "{site}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(32)}"\n'
            'client_id = "massorg-dashboard"\n'
            'client_secret = "test-secret"\n'
            f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n')


def _replica_of(context, replicas) -> object:
    """The replica Caddy's cookie names (an HMAC-SHA256 of the upstream address, empty secret)."""
    [value] = [c["value"] for c in context.cookies() if c["name"] == COOKIE]
    for replica in replicas:
        dial = replica.url.removeprefix("http://").encode()
        if hmac.new(b"", dial, hashlib.sha256).hexdigest() == value:
            return replica
    raise AssertionError(f"cookie {value} names no replica")


def _download_xlsx(page, tmp: Path, name: str) -> openpyxl.Workbook:
    """The page's first Excel file. The page has loaded (wait_for_app): a replica's first open of a
    snapshot builds its database while the script runs, so the button is there now or never."""
    shown = visible_text(page)
    if t("app.no_data", "vi") in shown or error_texts(page):
        screenshot(page, name)
        raise AssertionError(f"no figures to download (test-artifacts/browser/{name}.png):\n{shown[-1500:]}")
    button = page.get_by_role("button", name=t("common.download_xlsx", "vi")).first
    button.wait_for(timeout=10_000)
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as info:
        button.click()
    path = tmp / info.value.suggested_filename
    info.value.save_as(path)
    return openpyxl.load_workbook(io.BytesIO(path.read_bytes()))


def _signed_in_as(subject: str) -> str:
    """The start of the sidebar's "signed in" line: "Đã đăng nhập: <subject>"."""
    return t("access.web.signed_in", "vi", name=subject, role="", scope="").split(" · ")[0]


def _sign_in(page, site: str, subject: str) -> None:
    """The sidebar's Sign in, the provider's form (it takes the `sub`; its e-mail is the same), and back
    through the balancer (its /oauth2callback)."""
    page.get_by_role("button", name=t("access.web.sign_in", "vi")).click()
    page.wait_for_selector('input[name="sub"]', timeout=30_000)
    page.fill('input[name="sub"]', subject)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(lambda u: u.startswith(site) and "oauth2callback" not in u, timeout=30_000)
    wait_for_app(page, FIRST_LOAD_TIMEOUT_MS)
    page.wait_for_selector(f"text={_signed_in_as(subject)}", timeout=30_000)


def _report_file(tmp: Path) -> Path:
    """One good workbook: three funding rows of the base snapshot, one amount changed."""
    names = TABLES["funding"].column_names
    funding = demo.demo_snapshots()[-1].tables["funding"].head(3)
    rows = [[v.item() if hasattr(v, "item") else v for v in r] for r in funding[names].itertuples(index=False)]
    rows[0][names.index("amount_vnd")] = 987_654_321
    (tmp / "upload").mkdir()
    return write_xlsx(tmp / "upload" / "kinh-phi.xlsx", {"Kinh phí": [labels("funding"), *rows]})


def _steward_publishes(page, site: str, tmp: Path) -> str:
    """The Data page's import: upload (through the balancer), base, as-of date, label, one check, then
    Publish. Returns the new snapshot's id."""
    page.goto(f"{site}/data", timeout=FIRST_LOAD_TIMEOUT_MS)
    wait_for_app(page, FIRST_LOAD_TIMEOUT_MS)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(_report_file(tmp)))
    page.wait_for_selector('[data-testid="stFileChip"]', timeout=30_000)
    wait_for_rerun(page)
    base = page.locator('[data-testid="stSelectbox"]', has_text=t("access.import.base", "vi"))
    base.scroll_into_view_if_needed()
    base.get_by_role("combobox").click()
    page.get_by_role("option", name=BASE).click()
    wait_for_rerun(page)
    # the rows are keyed to old districts, which end on 30/6/2025: the report is as of that day
    set_date(page, t("access.import.as_of", "vi"), dt.date(2025, 6, 30))
    label = page.locator('[data-testid="stTextInput"]', has_text=t("access.import.label", "vi")).locator("input")
    label.fill(UPLOAD_LABEL)
    label.press("Enter")
    wait_for_rerun(page)
    page.get_by_role("button", name=t("access.import.check", "vi")).click()
    wait_for_rerun(page)
    counts = t("access.import.counts", "vi", errors="0", warnings="0")
    assert counts in visible_text(page).splitlines(), visible_text(page)[-2000:]  # a line: not "610 lỗi, …"
    publish = page.get_by_role("button", name=t("access.import.publish", "vi"))
    publish.wait_for(timeout=30_000)
    screenshot(page, "replicas-steward-checked")
    publish.click()
    wait_for_rerun(page)
    shown = visible_text(page)
    assert error_texts(page) == [], shown[-2000:]
    prefix = store.new_snapshot_id(dt.date(2025, 6, 30), UPLOAD_LABEL).rsplit("_", 1)[0]  # without the time
    found = [w for w in shown.split() if w.startswith(prefix)]
    assert found, shown[-2000:]
    published = found[0]
    assert t("access.import.published", "vi", id=published, as_of="30/06/2025") in shown
    assert UPLOAD_LABEL in _snapshot_shown(page)  # the new snapshot is open
    return published


def test_replicas_behind_caddy_share_one_bucket(browser, tmp_path):
    caddy = _require_caddy()
    stack = Stack(tmp_path)
    try:
        _run_story(caddy, stack, browser, tmp_path)
    finally:
        stack.stop()


def _run_story(caddy: str, stack: Stack, browser, tmp: Path) -> None:
    moto = start_moto(tmp / "moto.log")
    stack.processes.append(moto.process)
    s3 = moto.client()
    s3.create_bucket(Bucket="massorg-e2e")
    url = "s3://massorg-e2e/lamdong"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MASSORG_")} | moto.env() | {
        "MASSORG_STORE": url, "MASSORG_CACHE_DIR": str(tmp / "cli-cache"), "MASSORG_LANG": "en"}

    # 1. The demo, published through the S3 path (files, then the conditional manifest).
    built = _massorg(env, "demo")
    assert built.returncode == 0, built.stdout + built.stderr
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket="massorg-e2e")["Contents"]}
    assert {"lamdong/demo-2023-12-31/manifest.json", "lamdong/demo-2024-12-31/manifest.json"} <= keys
    # and a real snapshot (is_demo false), the base of the steward's import: only a grant sees it
    store.publish(demo.demo_snapshots()[-1].tables, snapshot_id=BASE, as_of=dt.date(2025, 6, 30),
                  label="Báo cáo 6 tháng 2025", is_demo=False, root=tmp / "folder")
    pushed = _massorg(env, "push", BASE, "--to", url, "--from", str(tmp / "folder"))
    assert pushed.returncode == 0, pushed.stdout + pushed.stderr

    # 2. Two replicas on that bucket (each its own cache), Caddy in front, one identity provider. Each
    # replica has its own secrets file and access folder, with the same [auth] section (one cookie
    # secret, the balancer's redirect_uri) and the same grants file, as deploy/README.md says.
    site = f"http://127.0.0.1:{free_port()}"
    auth = _auth_section(site, _start_provider(stack))
    replica_env = moto.env() | {"MASSORG_STORE": url, "MASSORG_STORE_POLL_SECONDS": str(POLL_SECONDS)}
    for name in ("a", "b"):
        (tmp / name / "access").mkdir(parents=True)
        (tmp / name / "access" / "grants.csv").write_text(GRANTS, encoding="utf-8")
        (tmp / name / "secrets.toml").write_text(auth, encoding="utf-8")
        stack.replicas.append(start_server(tmp / name, tmp / name / "server.log", env=replica_env,
                                           args=("--secrets.files", str(tmp / name / "secrets.toml"))))
    _start_caddy(caddy, stack, site, [r.url.removeprefix("http://") for r in stack.replicas])
    assert _get(f"{site}/_stcore/metrics")[0] == 404  # the balancer passes the health check only

    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.goto(site, timeout=FIRST_LOAD_TIMEOUT_MS)
    wait_for_app(page, FIRST_LOAD_TIMEOUT_MS)
    assert error_texts(page) == []
    assert "30/06/2026" in _snapshot_shown(page)  # the newest demo: the new province at 30/6/2026
    first = _replica_of(context, stack.replicas)
    page.goto(f"{site}/{FUNDING}", timeout=FIRST_LOAD_TIMEOUT_MS)
    wait_for_app(page, FIRST_LOAD_TIMEOUT_MS)
    sheet = _download_xlsx(page, tmp, "replicas-funding-first").active  # the file lives in one replica's memory: stickiness
    assert sheet["A3"].value == "Bản dữ liệu: demo-2026-06-30, tính đến 30/06/2026"
    assert _replica_of(context, stack.replicas) is first
    screenshot(page, "replicas-funding-through-caddy")

    # 3. A second snapshot published while they run: both replicas show it within the poll interval.
    second = _folder_snapshot(tmp / "folder", SECOND, dt.date(2026, 9, 30))
    pushed = _massorg(env, "push", SECOND, "--to", url, "--from", str(tmp / "folder"))
    assert pushed.returncode == 0, pushed.stdout + pushed.stderr
    time.sleep(POLL_SECONDS + 0.5)
    for replica in stack.replicas:
        direct = browser.new_context(locale="vi-VN").new_page()
        direct.goto(replica.url, timeout=FIRST_LOAD_TIMEOUT_MS)
        wait_for_app(direct, FIRST_LOAD_TIMEOUT_MS)
        assert "30/09/2026" in _snapshot_shown(direct), replica.log_tail()
        direct.context.close()

    # 3b. A steward, stuck to the same replica, signs in through Caddy, uploads a report on the Data
    # page and publishes it to the bucket.
    steward_context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="vi-VN")
    steward_context.add_cookies([{"name": COOKIE, "value": c["value"], "url": site}
                                 for c in context.cookies() if c["name"] == COOKIE])
    steward = steward_context.new_page()
    steward.goto(site, timeout=FIRST_LOAD_TIMEOUT_MS)
    wait_for_app(steward, FIRST_LOAD_TIMEOUT_MS)
    _sign_in(steward, site, STEWARD)
    assert _replica_of(steward_context, stack.replicas) is first
    published = _steward_publishes(steward, site, tmp)
    assert f"lamdong/{published}/manifest.json" in {
        o["Key"] for o in s3.list_objects_v2(Bucket="massorg-e2e", Prefix=f"lamdong/{published}/")["Contents"]}
    audit = (first.store / "access" / "audit.jsonl").read_text(encoding="utf-8")
    assert published in audit and STEWARD in audit

    # 4. kill -9 the replica this browser is stuck to: after a reload it goes on with the other one.
    victim = _replica_of(context, stack.replicas)
    victim.process.send_signal(signal.SIGKILL)
    victim.process.wait(timeout=10)
    started = time.monotonic()
    page.reload(timeout=FIRST_LOAD_TIMEOUT_MS)
    wait_for_app(page, FIRST_LOAD_TIMEOUT_MS)
    recovered_s = time.monotonic() - started
    survivor = _replica_of(context, stack.replicas)
    assert survivor is not victim
    assert error_texts(page) == [] and "30/09/2026" in _snapshot_shown(page)
    sheet = _download_xlsx(page, tmp, "replicas-funding-after-kill").active
    assert sheet["A3"].value == f"Bản dữ liệu: {SECOND}, tính đến 30/09/2026"
    print(f"after kill -9 of {victim.url} the page was back from {survivor.url} in {recovered_s:.1f} s")
    # the steward too: still signed in on the other replica (the same login cookie, the same secret),
    # on the snapshot they published: the newest real one, which only a signed-in grant is shown (an
    # anonymous visitor gets the newest demo)
    steward.reload(timeout=FIRST_LOAD_TIMEOUT_MS)
    wait_for_app(steward, FIRST_LOAD_TIMEOUT_MS)
    assert _replica_of(steward_context, stack.replicas) is survivor
    steward.wait_for_selector(f"text={_signed_in_as(STEWARD)}", timeout=10_000)
    assert error_texts(steward) == [] and UPLOAD_LABEL in _snapshot_shown(steward), visible_text(steward)[-1500:]
    assert t("data.manifest.title", "vi", snapshot=published) in visible_text(steward)  # the Data page
    screenshot(steward, "replicas-steward-after-kill")
    steward_context.close()

    # 5. A publish killed before its manifest: its files are in the bucket, nothing appears.
    cut = _folder_snapshot(tmp / "folder", CUT, dt.date(2026, 10, 31))
    killed = _massorg(env, "push", CUT, "--to", url, "--from", str(tmp / "folder"), script=_KILLED_PUSH)
    assert killed.returncode == -signal.SIGKILL
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket="massorg-e2e", Prefix=f"lamdong/{CUT}/")["Contents"]}
    assert f"lamdong/{CUT}/funding.parquet" in keys and f"lamdong/{CUT}/manifest.json" not in keys
    time.sleep(POLL_SECONDS + 0.5)
    page.reload(timeout=FIRST_LOAD_TIMEOUT_MS)
    wait_for_app(page, FIRST_LOAD_TIMEOUT_MS)
    assert "30/09/2026" in _snapshot_shown(page)  # still the newest: the cut one is invisible

    # 6. One of its Parquet files tampered with, then its manifest written: refused, with a message.
    s3.put_object(Bucket="massorg-e2e", Key=f"lamdong/{CUT}/funding.parquet",
                  Body=(second.path / "membership.parquet").read_bytes())
    s3.put_object(Bucket="massorg-e2e", Key=f"lamdong/{CUT}/manifest.json",
                  Body=(cut.path / "manifest.json").read_bytes(), IfNoneMatch="*")
    time.sleep(POLL_SECONDS + 0.5)
    page.reload(timeout=FIRST_LOAD_TIMEOUT_MS)
    wait_for_app(page, FIRST_LOAD_TIMEOUT_MS)
    assert "30/09/2026" in _snapshot_shown(page)  # the tampered one is not served
    warning = t("store.refused", "vi", id=CUT, file="funding.parquet")
    page.wait_for_selector(f'[data-testid="stSidebar"] >> text={warning[:60]}', timeout=10_000)
    assert f"refused snapshot {CUT}" in survivor.log.read_text(errors="replace")
    screenshot(page, "replicas-tampered-snapshot-refused")
    context.close()
