"""Shared fixtures. The demo store is built once per test session in a temporary folder, and every
test that reads snapshots sees only that folder (never the developer's data/snapshots)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

_SESSION_ROOT: Path | None = None


@pytest.fixture(autouse=True)
def access_dir(tmp_path, monkeypatch) -> Path:
    """Every test has its own access folder (grants file, audit log), never the developer's data/access."""
    path = tmp_path / "access"
    monkeypatch.setenv("MASSORG_ACCESS_DIR", str(path))
    return path


@pytest.fixture(scope="session")
def store_root(tmp_path_factory) -> Path:
    """An isolated data folder: MASSORG_SNAPSHOTS_DIR and MASSORG_CACHE_DIR point into it."""
    global _SESSION_ROOT
    root = tmp_path_factory.mktemp("store")
    os.environ["MASSORG_SNAPSHOTS_DIR"] = str(root / "snapshots")
    os.environ["MASSORG_CACHE_DIR"] = str(root / "cache")
    _SESSION_ROOT = root
    return root


@pytest.fixture(scope="session")
def demo_snapshots(store_root):
    """The demo snapshots, published once into the session store; newest first."""
    from massorg.data import demo, store

    demo.build_demo(store_root / "snapshots")
    return store.list_snapshots(store_root / "snapshots")


@pytest.fixture(scope="session")
def demo_snapshot(demo_snapshots):
    """The newest demo snapshot (as of 2024-12-31): the one the headline figures come from."""
    return demo_snapshots[0]


@pytest.fixture
def app(demo_snapshots, monkeypatch):
    """A factory of AppTest runs of the real entry point over the demo store.

    Streamlit's AppTest builds a fresh PagesManager on every run and, because a pages/ folder exists,
    treats the app as an old-style (v1) multipage app from the second run on, running the page file
    without dashboard.py. The real server switches to st.navigation for good after the first run;
    we make AppTest do the same.
    """
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)

    def make(page: str | None = None, user: dict | None = None, **query: str | list[str]) -> AppTest:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        if user is not None:  # a signed-in person (st.user); without one, an anonymous visitor
            at.user = user
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page).run()
        return at

    return make


@pytest.fixture
def grants(tmp_path, monkeypatch):
    """A grants file of this test only: grants({"a@x.vn": ("viewer", "672")}) writes it and returns,
    for each subject, the st.user of that person signed in a minute ago."""
    import time

    access = tmp_path / "access"
    access.mkdir(exist_ok=True)
    monkeypatch.setenv("MASSORG_ACCESS_DIR", str(access))

    def write(rows: dict[str, tuple[str, str]]) -> dict[str, dict]:
        lines = ["subject,role,scope,valid_from,valid_to"] + [f"{s},{role},{scope},," for s, (role, scope) in rows.items()]
        path = access / "grants.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.utime(path, ns=(time.time_ns(), time.time_ns()))
        login = int(time.time()) - 60
        return {s: {"is_logged_in": True, "email": s, "sub": f"sub-{s}", "name": s.split("@")[0], "iat": login,
                    "auth_time": login} for s in rows}

    return write


@pytest.fixture
def real_store(tmp_path, demo_snapshots, monkeypatch):
    """A store with the demo snapshots and one real snapshot (access_support.REAL_ID, as of 30/6/2025,
    the newest) built from the newest demo's tables."""
    from massorg.data import store
    from tests.access_support import REAL_ID

    root = tmp_path / "snapshots"
    for snap in demo_snapshots:
        shutil.copytree(snap.path, root / snap.id)
    store.publish(demo_snapshots[0].read_all(), snapshot_id=REAL_ID, as_of=dt.date(2025, 6, 30),
                  label="Báo cáo 6 tháng 2025", is_demo=False, root=root)
    monkeypatch.setenv("MASSORG_SNAPSHOTS_DIR", str(root))
    return root
