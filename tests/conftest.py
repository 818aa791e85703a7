"""Shared fixtures. The demo store is built once per test session in a temporary folder, and every
test that reads snapshots sees only that folder (never the developer's data/snapshots)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
    """The demo snapshots, published once into the session store; newest first."""
    from massorg.data import demo, store

    demo.build_demo(store_root / "snapshots")
    return store.list_snapshots(store_root / "snapshots")


@pytest.fixture(scope="session")
def demo_snapshot(demo_snapshots):
    """The newest demo snapshot (as of 2024-09-30): the one the headline figures come from."""
    return demo_snapshots[0]
