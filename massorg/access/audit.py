"""The audit log: one JSON line per import that published, was refused or failed, from the web or the
command line, appended to $MASSORG_DATA_DIR/access/audit.jsonl. The file is only ever opened for
appending; each entry is one write followed by fsync. No streamlit here."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from massorg import config
from massorg.i18n import t

if TYPE_CHECKING:
    from massorg.ingest.importer import ImportResult

AUDIT_FILE = "audit.jsonl"
PUBLISHED, REFUSED, FAILED = "published", "refused", "failed"


def log_path() -> Path:
    return config.access_dir() / AUDIT_FILE


def os_user() -> str:
    """Who ran a command on the server: the operating-system account."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def append(entry: dict) -> dict:
    """Append one entry (with its time) to the log and return it."""
    entry = {"at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")} | entry
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return entry


def record_import(result: ImportResult, *, who: str, via: str, as_of: dt.date, label: str | None = None,
                  base_id: str | None = None) -> dict:
    """The log entry of one import that was meant to publish (dry runs are not logged)."""
    publish_failed = any(f.rule == "publish_failed" for f in result.errors)
    outcome = PUBLISHED if result.snapshot is not None else FAILED if publish_failed else REFUSED
    return append({
        "who": who,
        "via": via,
        "action": "import",
        "outcome": outcome,
        "snapshot_id": result.snapshot.id if result.snapshot is not None else None,
        "as_of": as_of.isoformat(),
        "label": label,
        "base": base_id,
        "files": [{"file": r.name, "sha256": r.sha256} for r in result.files],
        "errors": len(result.errors),
        "warnings": len(result.warnings),
    })


def read_entries(path: Path | None = None) -> list[dict]:
    """Every entry, oldest first. A line that is not JSON (a torn write) is skipped."""
    path = path or log_path()
    if not path.exists():
        return []
    entries = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            try:
                entries.append(json.loads(line))
            except ValueError:
                continue
    return entries


def entry_line(entry: dict, lang: str) -> str:
    files = ", ".join(f"{f['file']} (sha256 {str(f.get('sha256') or '–')[:12]}…)" for f in entry.get("files", []))
    return t("access.audit.line", lang, at=entry.get("at", ""), who=entry.get("who", ""), via=entry.get("via", ""),
             outcome=t(f"access.audit.outcome_{entry.get('outcome', FAILED)}", lang),
             snapshot=entry.get("snapshot_id") or "–", files=files or "–",
             errors=entry.get("errors", 0), warnings=entry.get("warnings", 0))
