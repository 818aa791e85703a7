"""Where things live. Every path can be moved with an environment variable (tests use tmp folders)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def _path_from_env(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).resolve() if value else default


DATA_DIR = _path_from_env("MASSORG_DATA_DIR", ROOT / "data")
REFERENCE_DIR = ROOT / "data" / "reference"
QUERIES_DIR = ROOT / "queries"
LOCALES_DIR = PACKAGE_DIR / "locales"


def snapshots_dir() -> Path:
    """Folder of published snapshots (read each call so tests can point it elsewhere)."""
    return _path_from_env("MASSORG_SNAPSHOTS_DIR", DATA_DIR / "snapshots")


def store_url() -> str:
    """Where snapshots are published and read: MASSORG_STORE=s3://bucket/prefix, or the snapshots folder."""
    return os.environ.get("MASSORG_STORE", "").strip() or str(snapshots_dir())


def cache_dir() -> Path:
    """Folder of derived, rebuildable files (DuckDB copies of snapshots)."""
    return _path_from_env("MASSORG_CACHE_DIR", DATA_DIR / "cache")


def default_language() -> str:
    """The language a new visitor sees: MASSORG_LANG=vi|en (default vi)."""
    lang = os.environ.get("MASSORG_LANG", "vi").strip().lower()
    return lang if lang in ("vi", "en") else "vi"


PROVINCE_CODE = "68"
FIRST_YEAR = 2000


def access_dir() -> Path:
    """Folder of the grants file and the audit log (git-ignored; read each call so tests can move it)."""
    return _path_from_env("MASSORG_ACCESS_DIR", DATA_DIR / "access")


def session_hours() -> float:
    """Sessions older than this many hours are logged out: MASSORG_SESSION_HOURS (default 12)."""
    try:
        hours = float(os.environ.get("MASSORG_SESSION_HOURS", "12"))
    except ValueError:
        return 12.0
    return hours if hours > 0 else 12.0
