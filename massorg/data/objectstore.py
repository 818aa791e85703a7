"""The S3 backend of the snapshot store: s3://bucket/prefix/<id>/<table>.parquet + manifest.json.

Same snapshot format as the folder store (massorg.data.store), in a bucket of any S3-compatible
service (AWS S3, MinIO, Ceph, Garage; tests use moto's server). Endpoint and credentials come from the
standard AWS variables: AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION.

- Publishing uploads the table files first and manifest.json last, with a conditional write
  (IfNoneMatch="*") that fails if a manifest is already there: the manifest is the commit point. A
  snapshot folder without a manifest is invisible; a publish interrupted before its manifest shows
  nothing and can simply be run again.
- Reading: a replica downloads a snapshot once into its cache folder (MASSORG_CACHE_DIR/s3/...),
  checking every file's sha256 against the manifest before the folder is renamed into place. A
  snapshot with a file that does not match is refused (listed by refused(), never served).
- New snapshots: the bucket is listed again when the last listing is older than the poll interval
  (MASSORG_STORE_POLL_SECONDS, default 15 s), so a running replica shows a new snapshot on the first
  page view after that interval, without a restart. Manifests are read once per id (immutable).

The query layer then builds its DuckDB file from the local copy exactly as for the folder store.
No streamlit here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import boto3
import botocore.config
import botocore.exceptions

from massorg import config
from massorg.data import store
from massorg.data.schema import TABLES

SCHEME = "s3://"
DEFAULT_POLL_SECONDS = 15.0


def is_s3_url(location: str | os.PathLike | None) -> bool:
    return isinstance(location, str) and location.startswith(SCHEME)


def poll_seconds() -> float:
    """How old a bucket listing may be before the next page view lists the bucket again."""
    try:
        return max(0.0, float(os.environ.get("MASSORG_STORE_POLL_SECONDS", DEFAULT_POLL_SECONDS)))
    except ValueError:
        return DEFAULT_POLL_SECONDS


@dataclass(frozen=True)
class Refusal:
    """A snapshot in the bucket that is not served: which file does not match its manifest."""

    snapshot_id: str
    file: str
    expected: str
    actual: str | None  # None: the file is missing
    is_demo: bool = False  # what its manifest says (a visitor who may not see real data is not told of one)


def client():
    """An S3 client from the standard AWS variables; path-style addresses work with every S3 service."""
    return boto3.client(
        "s3",
        endpoint_url=os.environ.get("AWS_ENDPOINT_URL") or None,
        region_name=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1",
        config=botocore.config.Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3, "mode": "standard"}),
    )


def _error_code(exc: botocore.exceptions.ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


class S3Store:
    """One bucket prefix holding snapshots; the local copies live under MASSORG_CACHE_DIR/s3/."""

    def __init__(self, url: str, s3=None):
        parsed = urlparse(url)
        if parsed.scheme != "s3" or not parsed.netloc:
            raise store.SnapshotError(f"not an S3 address: {url!r} (expected s3://bucket/prefix)")
        self.url = url.rstrip("/")
        self.bucket = parsed.netloc
        self.prefix = parsed.path.strip("/")
        self._s3 = s3
        self._lock = threading.Lock()
        self._manifests: dict[str, dict] = {}  # id -> manifest; immutable once published
        self._listed_at = float("-inf")
        self._ids: list[str] = []
        self._hidden: set[str] = set()  # retired ids as of the last listing
        self._refused: dict[str, Refusal] = {}

    @property
    def s3(self):
        if self._s3 is None:
            self._s3 = client()
        return self._s3

    def key(self, *parts: str) -> str:
        return "/".join(p for p in (self.prefix, *parts) if p)

    def mirror_root(self) -> Path:
        """The local folder store holding this prefix's verified copies."""
        return config.cache_dir() / "s3" / self.bucket / (self.prefix or "_")

    # --- publishing --------------------------------------------------------------------------------

    def manifest_exists(self, snapshot_id: str) -> bool:
        try:
            self.s3.head_object(Bucket=self.bucket, Key=self.key(snapshot_id, store.MANIFEST))
        except botocore.exceptions.ClientError as exc:
            if _error_code(exc) in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def push(self, snapshot: store.Snapshot) -> None:
        """Copy a folder snapshot into the bucket: every table file (checked against the manifest
        first), then the manifest with a write that never replaces one. Raises SnapshotError if the id
        is taken or a local file does not match its manifest."""
        files = snapshot.manifest.get("files", {})
        for name, expected in sorted(files.items()):
            path = snapshot.path / name
            if not path.is_file() or store.sha256_file(path) != expected:
                raise store.SnapshotError(
                    f"snapshot {snapshot.id}: {path} does not match its manifest; it is not pushed "
                    "(run `python -m massorg check` on the source store)")
        if self.manifest_exists(snapshot.id):
            raise store.SnapshotError(f"snapshot {snapshot.id} already exists in {self.url}; "
                                      "published snapshots are never replaced")
        for name in sorted(files):
            self.s3.upload_file(str(snapshot.path / name), self.bucket, self.key(snapshot.id, name))
        self._put_manifest(snapshot.id, (snapshot.path / store.MANIFEST).read_bytes())
        with self._lock:
            self._manifests[snapshot.id] = snapshot.manifest
            self._listed_at = float("-inf")

    def _put_manifest(self, snapshot_id: str, body: bytes) -> None:
        """The commit point of a publish: fails if any manifest is there already."""
        try:
            self.s3.put_object(Bucket=self.bucket, Key=self.key(snapshot_id, store.MANIFEST), Body=body,
                               ContentType="application/json", IfNoneMatch="*")
        except botocore.exceptions.ClientError as exc:
            if _error_code(exc) in ("PreconditionFailed", "412", "ConditionalRequestConflict"):
                raise store.SnapshotError(f"snapshot {snapshot_id} already exists in {self.url}; "
                                          "published snapshots are never replaced") from exc
            raise

    def publish(self, tables, *, snapshot_id: str, **kwargs) -> store.Snapshot:
        """Publish tables as a new snapshot: written and checked locally, then pushed (manifest last)."""
        if self.manifest_exists(snapshot_id):
            raise store.SnapshotError(f"snapshot {snapshot_id} already exists; published snapshots are never replaced")
        root = self.mirror_root()
        if (root / snapshot_id).exists():  # a local copy of a publish that never reached the bucket
            shutil.rmtree(root / snapshot_id)
        local = store.publish(tables, snapshot_id=snapshot_id, root=root, **kwargs)
        try:
            self.push(local)
        except BaseException:
            shutil.rmtree(local.path, ignore_errors=True)
            raise
        return local

    # --- reading -----------------------------------------------------------------------------------

    def _snapshot_ids(self) -> list[str]:
        ids, token = [], None
        while True:
            args = {"Bucket": self.bucket, "Prefix": self.key() + "/" if self.prefix else "", "Delimiter": "/"}
            if token:
                args["ContinuationToken"] = token
            page = self.s3.list_objects_v2(**args)
            for common in page.get("CommonPrefixes", []):
                name = common["Prefix"].rstrip("/").rsplit("/", 1)[-1]
                if store.valid_id(name):
                    ids.append(name)
            if not page.get("IsTruncated"):
                return ids
            token = page["NextContinuationToken"]

    def _manifest(self, snapshot_id: str) -> dict | None:
        if snapshot_id in self._manifests:
            return self._manifests[snapshot_id]
        try:
            body = self.s3.get_object(Bucket=self.bucket, Key=self.key(snapshot_id, store.MANIFEST))["Body"].read()
        except botocore.exceptions.ClientError as exc:
            if _error_code(exc) in ("NoSuchKey", "404", "NotFound"):
                return None  # files without a manifest: a publish that did not finish, invisible
            raise
        try:
            manifest = json.loads(body)
        except ValueError:
            return None
        if manifest.get("id") != snapshot_id:
            return None
        self._manifests[snapshot_id] = manifest
        return manifest

    def _fetch(self, snapshot_id: str, manifest: dict) -> store.Snapshot:
        """The verified local copy of a snapshot, downloading it the first time."""
        root = self.mirror_root()
        local = store.load_folder(root / snapshot_id)
        if local is not None and local.manifest == manifest:
            return local
        if local is not None:  # a local leftover that is not what the bucket holds
            shutil.rmtree(local.path, ignore_errors=True)
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f"{store.TMP_PREFIX}{snapshot_id}-", dir=root))
        try:
            files = manifest.get("files", {})
            missing = [f"{t}.parquet" for t in TABLES if f"{t}.parquet" not in files]
            if missing:
                raise _Refused(Refusal(snapshot_id, missing[0], "", None, bool(manifest.get("is_demo"))))
            for name, expected in sorted(files.items()):
                actual = self._download(self.key(snapshot_id, name), tmp / name)
                if actual != expected:
                    raise _Refused(Refusal(snapshot_id, name, expected, actual, bool(manifest.get("is_demo"))))
            (tmp / store.MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True),
                                              encoding="utf-8")
            os.chmod(tmp, 0o755)
            try:
                os.rename(tmp, root / snapshot_id)
            except OSError:  # another session of this process (or another replica) was faster
                shutil.rmtree(tmp, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        local = store.load_folder(root / snapshot_id)
        if local is None or local.manifest != manifest:
            raise store.SnapshotError(f"snapshot {snapshot_id}: the local copy in {root} is not readable")
        return local

    def _download(self, key: str, target: Path) -> str | None:
        """Download one object and return its sha256 (None if it is missing)."""
        try:
            body = self.s3.get_object(Bucket=self.bucket, Key=key)["Body"]
        except botocore.exceptions.ClientError as exc:
            if _error_code(exc) in ("NoSuchKey", "404", "NotFound"):
                return None
            raise
        h = hashlib.sha256()
        with open(target, "wb") as f:
            for chunk in iter(lambda: body.read(1 << 20), b""):
                h.update(chunk)
                f.write(chunk)
        return h.hexdigest()

    def refresh(self, *, force: bool = False) -> None:
        """List the bucket again if the last listing is older than the poll interval (or if forced)."""
        with self._lock:
            if not force and time.monotonic() - self._listed_at < poll_seconds():
                return
            try:
                ids, hidden = self._snapshot_ids(), set(self.retired())
            except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as exc:
                if self._listed_at == float("-inf"):
                    raise store.SnapshotError(f"cannot list the snapshots in {self.url}: {exc}") from exc
                # the store is unreachable for a moment: keep serving what was listed, try again later
                print(f"massorg: cannot list {self.url}, keeping the last listing: {exc}", file=sys.stderr)
                self._listed_at = time.monotonic()
                return
            self._ids, self._hidden = ids, hidden
            self._listed_at = time.monotonic()

    def list_snapshots(self, *, include_retired: bool = False) -> list[store.Snapshot]:
        """Published, verified snapshots, newest first (the folder store's order)."""
        self.refresh()
        found = []
        with self._lock:
            hidden = set() if include_retired else self._hidden
            for snapshot_id in self._ids:
                if snapshot_id in hidden:
                    continue
                try:
                    manifest = self._manifest(snapshot_id)
                    if manifest is None:
                        continue
                    found.append(self._fetch(snapshot_id, manifest))
                    self._refused.pop(snapshot_id, None)
                except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as exc:
                    local = store.load_folder(self.mirror_root() / snapshot_id)  # verified earlier
                    if local is not None and local.manifest == self._manifests.get(snapshot_id):
                        found.append(local)
                    else:  # not downloaded yet: listed once the store answers again
                        print(f"massorg: cannot read snapshot {snapshot_id} from {self.url}: {exc}", file=sys.stderr)
                except _Refused as exc:
                    if snapshot_id not in self._refused:
                        print(f"massorg: refused snapshot {snapshot_id} from {self.url}: {exc}", file=sys.stderr)
                    self._refused[snapshot_id] = exc.refusal
        return store.sort_snapshots(found)

    def refused(self) -> list[Refusal]:
        """Snapshots of the last listing that are not served because a file does not match."""
        with self._lock:
            return [self._refused[i] for i in sorted(self._refused)]

    def open_snapshot(self, snapshot_id: str) -> store.Snapshot:
        if not store.valid_id(snapshot_id or ""):
            raise store.SnapshotError(f"no snapshot {snapshot_id!r}")
        with self._lock:
            manifest = self._manifest(snapshot_id)
            if manifest is None:
                raise store.SnapshotError(f"no snapshot {snapshot_id!r} in {self.url}")
            try:
                return self._fetch(snapshot_id, manifest)
            except _Refused as exc:
                self._refused[snapshot_id] = exc.refusal
                raise store.SnapshotError(str(exc)) from exc

    # --- retiring (retired.json beside the snapshots, changed with a compare-and-swap) ------------

    def _read_retired(self) -> tuple[dict, str | None]:
        try:
            obj = self.s3.get_object(Bucket=self.bucket, Key=self.key(store.RETIRED))
        except botocore.exceptions.ClientError as exc:
            if _error_code(exc) in ("NoSuchKey", "404", "NotFound"):
                return {"retired": {}, "history": []}, None
            raise
        record = json.loads(obj["Body"].read())
        return {"retired": dict(record.get("retired", {})), "history": list(record.get("history", []))}, obj["ETag"]

    def retired(self) -> dict[str, dict]:
        return self._read_retired()[0]["retired"]

    def _change_retired(self, change) -> bool:
        """Apply change(record) -> bool and write it back only if nobody wrote in between (retried)."""
        for _ in range(10):
            record, etag = self._read_retired()
            if not change(record):
                return False
            body = json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
            condition = {"IfMatch": etag} if etag else {"IfNoneMatch": "*"}
            try:
                self.s3.put_object(Bucket=self.bucket, Key=self.key(store.RETIRED), Body=body,
                                   ContentType="application/json", **condition)
            except botocore.exceptions.ClientError as exc:
                if _error_code(exc) in ("PreconditionFailed", "412", "ConditionalRequestConflict"):
                    continue  # another command changed it: read again
                raise
            with self._lock:
                self._listed_at = float("-inf")
            return True
        raise store.SnapshotError(f"{self.key(store.RETIRED)} in {self.url} keeps changing; try again")

    def retire(self, snapshot_id: str, *, reason: str = "") -> None:
        self.open_snapshot(snapshot_id)
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")

        def change(record: dict) -> bool:
            listed = [i for i in self._snapshot_ids() if i not in record["retired"] and self._manifest(i)]
            if listed == [snapshot_id]:
                raise store.LastSnapshotError(snapshot_id)
            record["retired"][snapshot_id] = {"at": now, "reason": reason}
            record["history"].append({"action": "retire", "id": snapshot_id, "at": now, "reason": reason})
            return True

        self._change_retired(change)

    def restore(self, snapshot_id: str) -> bool:
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")

        def change(record: dict) -> bool:
            if record["retired"].pop(snapshot_id, None) is None:
                return False
            record["history"].append({"action": "restore", "id": snapshot_id, "at": now})
            return True

        return self._change_retired(change)


def refusal_text(refusal: Refusal, lang: str) -> str:
    """What a viewer or an operator reads about a refused snapshot."""
    from massorg.i18n import t

    key = "store.refused_missing" if refusal.actual is None else "store.refused"
    return t(key, lang, id=refusal.snapshot_id, file=refusal.file)


class _Refused(Exception):
    def __init__(self, refusal: Refusal):
        self.refusal = refusal
        what = "is missing" if refusal.actual is None else f"has sha256 {refusal.actual[:12]}…, the manifest says {refusal.expected[:12]}…"
        super().__init__(f"{refusal.file} of snapshot {refusal.snapshot_id} {what}; it is not served")


_stores: dict[str, S3Store] = {}
_stores_lock = threading.Lock()


def open_store(url: str) -> S3Store:
    """The process's one S3Store for an address (it keeps the listing and the manifests)."""
    with _stores_lock:
        if url.rstrip("/") not in _stores:
            _stores[url.rstrip("/")] = S3Store(url)
        return _stores[url.rstrip("/")]


def configured() -> S3Store | None:
    """The S3 store named by MASSORG_STORE=s3://bucket/prefix, or None for the folder store."""
    url = config.store_url()
    return open_store(url) if is_s3_url(url) else None
