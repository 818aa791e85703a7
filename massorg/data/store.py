"""The snapshot store: data/snapshots/<id>/<table>.parquet + manifest.json, published atomically.

A snapshot is written into a hidden temporary folder beside the store and renamed into place only when
every file is complete, so readers never see a half-written snapshot. Published snapshots are never
modified or deleted by this code: a new import always makes a new folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from massorg import config
from massorg.data.schema import SCHEMA_VERSION, TABLES
from massorg.text import nfc, slug

MANIFEST = "manifest.json"
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$")


class SnapshotError(Exception):
    """A snapshot cannot be published or opened; the message says why."""


@dataclass(frozen=True)
class Snapshot:
    """A published snapshot: its folder and its manifest."""

    path: Path
    manifest: dict

    @property
    def id(self) -> str:
        return self.manifest["id"]

    @property
    def as_of(self) -> dt.date:
        return dt.date.fromisoformat(self.manifest["as_of"])

    @property
    def label(self) -> str:
        return self.manifest.get("label") or self.id

    @property
    def is_demo(self) -> bool:
        return bool(self.manifest.get("is_demo"))

    @property
    def row_counts(self) -> dict[str, int]:
        return self.manifest.get("row_counts", {})

    def table_path(self, table: str) -> Path:
        return self.path / f"{table}.parquet"

    def read(self, table: str) -> pd.DataFrame:
        """One table as a DataFrame with the schema's column order (an optional table an older
        snapshot lacks is empty)."""
        path = self.table_path(table)
        if not path.exists() and TABLES[table].optional:
            return TABLES[table].arrow_schema().empty_table().to_pandas()
        return pq.read_table(path).to_pandas()

    def read_all(self) -> dict[str, pd.DataFrame]:
        return {name: self.read(name) for name in TABLES}


def to_arrow(table: str, df: pd.DataFrame) -> pa.Table:
    """A DataFrame as an Arrow table with exactly the schema's columns and types, text in NFC."""
    spec = TABLES[table]
    missing = [c for c in spec.column_names if c not in df.columns]
    if missing:
        raise SnapshotError(f"table {table}: missing columns {missing}")
    arrays = []
    for col in spec.columns:
        values = df[col.name]
        if col.dtype == "date":
            values = pd.to_datetime(values).dt.date
        items = values.tolist()
        if col.dtype == "text":  # every published text is NFC, whoever built the frame
            items = [nfc(v) if isinstance(v, str) else v for v in items]
        arrays.append(pa.array(items, type=col.arrow_type, from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=spec.arrow_schema())


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def new_snapshot_id(as_of: dt.date, label: str | None = None, when: dt.datetime | None = None) -> str:
    """An id that sorts by as_of and says what it is: 2024-09-30_import_20261129T101500."""
    when = when or dt.datetime.now()
    name = slug(label or "import", 30) or "import"
    return f"{as_of.isoformat()}_{name}_{when.strftime('%Y%m%dT%H%M%S')}"


def publish(
    tables: dict[str, pd.DataFrame],
    *,
    snapshot_id: str,
    as_of: dt.date,
    label: str,
    is_demo: bool,
    sources: list[dict] | None = None,
    validation: dict | None = None,
    created_at: dt.datetime | None = None,
    root: Path | None = None,
) -> Snapshot:
    """Write every table and the manifest into a temporary folder, then rename it into the store.

    Raises SnapshotError if the id is taken or invalid; on any failure the temporary folder is removed
    and the store is exactly as it was.
    """
    root = root or config.snapshots_dir()
    if not _ID_RE.match(snapshot_id):
        raise SnapshotError(f"invalid snapshot id {snapshot_id!r}")
    missing = [name for name in TABLES if name not in tables and not TABLES[name].optional]
    if missing:
        raise SnapshotError(f"cannot publish: tables missing {missing}")
    tables = {name: tables.get(name, pd.DataFrame(columns=TABLES[name].column_names)) for name in TABLES}
    root.mkdir(parents=True, exist_ok=True)
    final = root / snapshot_id
    if final.exists():
        raise SnapshotError(f"snapshot {snapshot_id} already exists; published snapshots are never replaced")

    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{snapshot_id}-", dir=root))
    os.chmod(tmp, 0o755)  # mkdtemp makes it private; a snapshot is for every reader
    try:
        row_counts: dict[str, int] = {}
        for name in TABLES:
            arrow = to_arrow(name, tables[name])
            # Fixed writer settings so the same data gives the same bytes.
            pq.write_table(arrow, tmp / f"{name}.parquet", compression="zstd", write_statistics=True)
            row_counts[name] = arrow.num_rows
        manifest = {
            "id": snapshot_id,
            "label": label,
            "as_of": as_of.isoformat(),
            "created_at": (created_at or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds"),
            "is_demo": is_demo,
            "schema_version": SCHEMA_VERSION,
            "sources": sources or [],
            "row_counts": row_counts,
            "files": {f"{n}.parquet": sha256_file(tmp / f"{n}.parquet") for n in TABLES},
            "validation": validation or {"errors": [], "warnings": []},
        }
        with open(tmp / MANIFEST, "w", encoding="utf-8") as f:
            json.dump(manifest, f, ensure_ascii=False, indent=2, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.rename(tmp, final)  # atomic on one file system; fails if `final` appeared meanwhile
        except OSError as exc:
            if final.exists():
                raise SnapshotError(f"snapshot {snapshot_id} already exists; published snapshots are never replaced") from exc
            raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return Snapshot(final, manifest)


def _load(path: Path) -> Snapshot | None:
    try:
        with open(path / MANIFEST, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError):
        return None
    if manifest.get("id") != path.name:
        return None
    return Snapshot(path, manifest)


def list_snapshots(root: Path | None = None) -> list[Snapshot]:
    """Published snapshots, newest as_of first (then newest created_at). Temp folders are skipped."""
    root = root or config.snapshots_dir()
    if not root.is_dir():
        return []
    found = [s for p in root.iterdir() if p.is_dir() and not p.name.startswith(".") and (s := _load(p))]
    return sorted(found, key=lambda s: (s.manifest["as_of"], s.manifest["created_at"], s.id), reverse=True)


def latest(root: Path | None = None) -> Snapshot | None:
    snaps = list_snapshots(root)
    return snaps[0] if snaps else None


def open_snapshot(snapshot_id: str, root: Path | None = None) -> Snapshot:
    root = root or config.snapshots_dir()
    if not _ID_RE.match(snapshot_id or ""):
        raise SnapshotError(f"no snapshot {snapshot_id!r}")
    snap = _load(root / snapshot_id)
    if snap is None:
        raise SnapshotError(f"no snapshot {snapshot_id!r} in {root}")
    return snap


def source_entry(path: Path) -> dict:
    """The manifest's record of one source file."""
    return {"file": Path(path).name, "sha256": sha256_file(Path(path)), "bytes": Path(path).stat().st_size}
