"""The snapshot store: data/snapshots/<id>/<table>.parquet + manifest.json, published atomically.

A snapshot is written into a hidden temporary folder beside the store and renamed into place only when
every file is complete and on disk (each file and the folder fsynced), so readers never see a
half-written snapshot, not even after a power loss. Published snapshots are never modified or deleted
by this code: a new import always makes a new folder. Retiring a snapshot only records its id in
retired.json (hidden from the lists and the default view; reversible). A temporary folder left by a
killed publish is removed by the next publish, once no living process holds its lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from massorg import config
from massorg.data.schema import SCHEMA_VERSION, TABLES
from massorg.text import slug

MANIFEST = "manifest.json"
RETIRED = "retired.json"  # ids hidden from the lists and the default view, with the history of changes
TMP_PREFIX = ".tmp-"
_TMP_LOCK = ".lock"  # inside a temporary folder: held (flock) by the process writing it
STALE_UNLOCKED_SECONDS = 600  # a temporary folder without a lock file this old is abandoned
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,80}$")


class SnapshotError(Exception):
    """A snapshot cannot be published or opened; the message says why."""


class LastSnapshotError(SnapshotError):
    """The only snapshot still listed cannot be retired."""


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
        snapshot lacks is empty; an optional column it lacks is null, as in the query database)."""
        path = self.table_path(table)
        spec = TABLES[table]
        if not path.exists() and spec.optional:
            return spec.arrow_schema().empty_table().to_pandas()
        df = pq.read_table(path).to_pandas()
        for column in spec.columns:
            if column.name not in df.columns and not column.required:
                df[column.name] = pd.Series([None] * len(df), dtype="object")
        return df

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
        try:  # a whole column at once (millions of rows with --base), else as Python values
            array = pa.array(values, type=col.arrow_type, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            array = pa.array(values.tolist(), type=col.arrow_type, from_pandas=True)
        if col.dtype == "text":  # every published text is NFC, whoever built the frame
            array = pc.utf8_normalize(array, "NFC")
        arrays.append(array)
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
    and the store is exactly as it was. Without a folder it publishes to the configured store
    (MASSORG_STORE=s3://… uploads the files, then the manifest; see massorg.data.objectstore).
    """
    if root is None and (remote := _remote()) is not None:
        return remote.publish(tables, snapshot_id=snapshot_id, as_of=as_of, label=label, is_demo=is_demo,
                              sources=sources, validation=validation, created_at=created_at)
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

    remove_stale_temp_folders(root)
    tmp = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{snapshot_id}-", dir=root))
    lock = _hold_lock(tmp)
    try:
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; a snapshot is for every reader
        row_counts: dict[str, int] = {}
        for name in TABLES:
            arrow = to_arrow(name, tables[name])
            # Fixed writer settings so the same data gives the same bytes.
            pq.write_table(arrow, tmp / f"{name}.parquet", compression="zstd", write_statistics=True)
            _fsync_file(tmp / f"{name}.parquet")
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
        (tmp / _TMP_LOCK).unlink()  # not part of the snapshot; the open descriptor keeps the lock
        _fsync_dir(tmp)  # the folder's entries: without this a power loss can lose whole files
        try:
            os.rename(tmp, final)  # atomic on one file system; fails if `final` appeared meanwhile
        except OSError as exc:
            if final.exists():
                raise SnapshotError(f"snapshot {snapshot_id} already exists; published snapshots are never replaced") from exc
            raise
        _fsync_dir(root)  # the rename itself
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        os.close(lock)
    return Snapshot(final, manifest)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _hold_lock(folder: Path) -> int:
    """Create and lock folder/.lock; the lock lasts as long as the descriptor (and dies with the process)."""
    fd = os.open(folder / _TMP_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.write(fd, str(os.getpid()).encode())
    return fd


def remove_stale_temp_folders(root: Path | None = None) -> list[str]:
    """Remove the temporary folders of publishes that died (kill -9, power loss) and return their names.

    A folder is stale when its lock file can be locked (its writer is gone: the kernel releases a dead
    process's locks), or when it has no lock file and is older than STALE_UNLOCKED_SECONDS (left by a
    version that wrote none). A folder another running import is writing is never touched."""
    root = root or config.snapshots_dir()
    if not root.is_dir():
        return []
    removed = []
    for folder in sorted(root.glob(f"{TMP_PREFIX}*")):
        if folder.is_dir() and _is_stale(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed


def _is_stale(folder: Path) -> bool:
    try:
        fd = os.open(folder / _TMP_LOCK, os.O_RDWR)
    except FileNotFoundError:
        try:
            return time.time() - folder.stat().st_mtime > STALE_UNLOCKED_SECONDS
        except OSError:
            return False
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # a living process is writing it
    finally:
        os.close(fd)
    return True


def valid_id(snapshot_id: str) -> bool:
    return bool(_ID_RE.match(snapshot_id))


def _remote():
    """The S3 store when MASSORG_STORE names one (then calls without a folder go there), else None."""
    from massorg.data import objectstore  # imports this module: loaded on first use

    return objectstore.configured()


def _load(path: Path) -> Snapshot | None:
    try:
        with open(path / MANIFEST, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError):
        return None
    if manifest.get("id") != path.name:
        return None
    return Snapshot(path, manifest)


load_folder = _load  # one snapshot folder, or None when it holds no valid manifest


def refused_snapshots() -> list:
    """Snapshots of the configured S3 store that are not served (a file does not match its manifest)."""
    remote = _remote()
    return remote.refused() if remote is not None else []


def sort_snapshots(found: list[Snapshot]) -> list[Snapshot]:
    """Newest as_of first (then newest created_at, then id)."""
    return sorted(found, key=lambda s: (s.manifest["as_of"], s.manifest["created_at"], s.id), reverse=True)


def list_snapshots(root: Path | None = None, *, include_retired: bool = False) -> list[Snapshot]:
    """Published snapshots, newest as_of first (then newest created_at). Temp folders are skipped, and
    retired snapshots unless asked for."""
    if root is None and (remote := _remote()) is not None:
        return remote.list_snapshots(include_retired=include_retired)
    root = root or config.snapshots_dir()
    if not root.is_dir():
        return []
    hidden = set() if include_retired else set(retired(root))
    found = [s for p in root.iterdir()
             if p.is_dir() and not p.name.startswith(".") and p.name not in hidden and (s := _load(p))]
    return sort_snapshots(found)


def default_snapshot(snapshots: list[Snapshot]) -> Snapshot | None:
    """The snapshot a visitor sees first: the newest real one once any exists, else the newest demo."""
    return next((s for s in snapshots if not s.is_demo), snapshots[0] if snapshots else None)


def latest(root: Path | None = None) -> Snapshot | None:
    """The default snapshot of a store (see default_snapshot)."""
    return default_snapshot(list_snapshots(root))


# --- retiring ------------------------------------------------------------------------------------


def retired(root: Path | None = None) -> dict[str, dict]:
    """Retired snapshot ids -> when (and why) they were retired."""
    if root is None and (remote := _remote()) is not None:
        return remote.retired()
    return _read_retired(root or config.snapshots_dir())["retired"]


def retire(snapshot_id: str, root: Path | None = None, *, reason: str = "") -> None:
    """Hide a published snapshot from the lists and the default view. No file of it is touched."""
    if root is None and (remote := _remote()) is not None:
        return remote.retire(snapshot_id, reason=reason)
    root = root or config.snapshots_dir()
    open_snapshot(snapshot_id, root)  # raises SnapshotError for an unknown id
    with _retired_lock(root):
        if [s.id for s in list_snapshots(root)] == [snapshot_id]:
            raise LastSnapshotError(snapshot_id)  # the dashboard needs one snapshot to show
        record = _read_retired(root)
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        record["retired"][snapshot_id] = {"at": now, "reason": reason}
        record["history"].append({"action": "retire", "id": snapshot_id, "at": now, "reason": reason})
        _write_retired(root, record)


def restore(snapshot_id: str, root: Path | None = None) -> bool:
    """Undo retire(): the snapshot is listed again. False if it was not retired."""
    if root is None and (remote := _remote()) is not None:
        return remote.restore(snapshot_id)
    root = root or config.snapshots_dir()
    with _retired_lock(root):
        record = _read_retired(root)
        if record["retired"].pop(snapshot_id, None) is None:
            return False
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        record["history"].append({"action": "restore", "id": snapshot_id, "at": now})
        _write_retired(root, record)
    return True


def _read_retired(root: Path) -> dict:
    try:
        with open(root / RETIRED, encoding="utf-8") as f:
            record = json.load(f)
    except FileNotFoundError:
        record = {}
    return {"retired": dict(record.get("retired", {})), "history": list(record.get("history", []))}


def _write_retired(root: Path, record: dict) -> None:
    tmp = root / f"{TMP_PREFIX}{RETIRED}"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(record, f, ensure_ascii=False, indent=2, sort_keys=True)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, root / RETIRED)
    _fsync_dir(root)


@contextlib.contextmanager
def _retired_lock(root: Path) -> Iterator[None]:
    """One change of retired.json at a time (two commands at once must not lose one)."""
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / f".{RETIRED}.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def open_snapshot(snapshot_id: str, root: Path | None = None) -> Snapshot:
    if root is None and (remote := _remote()) is not None:
        return remote.open_snapshot(snapshot_id)
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
