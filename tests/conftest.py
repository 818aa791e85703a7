"""Shared fixtures. The demo store is built once per test session in a temporary folder, and every
test that reads snapshots sees only that folder (never the developer's data/snapshots)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

_SESSION_ROOT: Path | None = None


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
    """The 2014–2024 demo snapshots of old Lâm Đồng, published once into the session store; newest
    first. (The demo of the new province, 2025–2026, is in `province_store`.)"""
    from massorg.data import demo, store

    demo.build_demo(store_root / "snapshots", province_2025=False)
    return store.list_snapshots(store_root / "snapshots")


@pytest.fixture(scope="session")
def province_store(tmp_path_factory) -> Path:
    """A second store with every demo snapshot, 2023-12-31 to 2026-06-30 (as `massorg demo` builds)."""
    from massorg.data import demo

    root = tmp_path_factory.mktemp("province")
    demo.build_demo(root / "snapshots")
    return root


@pytest.fixture
def province_app(province_store, app, monkeypatch):
    """AppTest runs of the real entry point over `province_store` (newest: 30/06/2026)."""
    monkeypatch.setenv("MASSORG_SNAPSHOTS_DIR", str(province_store / "snapshots"))
    monkeypatch.setenv("MASSORG_CACHE_DIR", str(province_store / "cache"))
    return app


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

    def make(page: str | None = None, **query: str | list[str]) -> AppTest:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page).run()
        return at

    return make
