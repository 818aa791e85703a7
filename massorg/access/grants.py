"""The grants file: who may do what, decided by the app, not by the identity provider.

$MASSORG_DATA_DIR/access/grants.csv (git-ignored), one row per person:

    subject,role,scope,valid_from,valid_to
    can.bo@sonoivu.lamdong.gov.vn,steward,all,2026-01-01,
    xem@dalat.lamdong.gov.vn,viewer,672,2026-01-01,2026-12-31

subject is the e-mail address or the provider's `sub`; role is viewer, steward or admin; scope is `all`
or unit codes separated by spaces; the dates are inclusive and may be left empty. The file is read
again whenever it changes (checked on every page run), so a revoked grant stops access at once,
whatever the login cookie says. No streamlit here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from massorg import config
from massorg.areas import with_new_units
from massorg.data.schema import reference_units
from massorg.i18n import t
from massorg.labels import expand_merged

GRANTS_FILE = "grants.csv"
COLUMNS = ("subject", "role", "scope", "valid_from", "valid_to")
VIEWER, STEWARD, ADMIN = "viewer", "steward", "admin"
ROLES = (VIEWER, STEWARD, ADMIN)  # each role may do everything the ones before it may
ALL = "all"


class GrantsError(Exception):
    """The grants file cannot be used; the message says where and what to do."""


@dataclass(frozen=True)
class Grant:
    subject: str
    role: str
    units: tuple[str, ...] | None  # None: every unit; else the codes, with the units merged into them
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    written_units: tuple[str, ...] | None = None  # the codes as written in the file

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def at_least(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)

    @property
    def scope_text(self) -> str:
        return ALL if self.written_units is None else " ".join(self.written_units)


def grants_path() -> Path:
    return config.access_dir() / GRANTS_FILE


def _date(text: str, where: str, column: str, lang: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    for parse in (dt.date.fromisoformat, lambda s: dt.datetime.strptime(s, "%d/%m/%Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    raise GrantsError(t("access.grants.bad_date", lang, where=where, column=column, value=text))


PROVINCE_CODE = re.compile(r"^[0-9]{2}$")


def parse_scope(text: str, lang: str, where: str = "") -> tuple[str, ...] | None:
    """`all` -> None; '672 673' -> ('672', '673'). Unknown codes are an error naming the allowed ones."""
    codes = list(dict.fromkeys(text.replace(",", " ").split()))
    if not codes or codes == [ALL]:
        if not codes:
            raise GrantsError(t("access.grants.empty_scope", lang, where=where))
        return None
    known = [row["unit_code"] for row in reference_units()]
    # a two-digit code is a province (all its units; in a national roll-up, another province too)
    bad = [c for c in codes if c not in known and not PROVINCE_CODE.match(c)]
    if bad or ALL in codes:
        raise GrantsError(t("access.grants.bad_units", lang, where=where, bad=", ".join(bad or [ALL]),
                            allowed=", ".join(known)))
    return tuple(codes)


def _grant(row: dict[str, str], where: str, lang: str) -> Grant:
    subject = (row.get("subject") or "").strip()
    if not subject:
        raise GrantsError(t("access.grants.no_subject", lang, where=where))
    role = (row.get("role") or "").strip().lower()
    if role not in ROLES:
        raise GrantsError(t("access.grants.bad_role", lang, where=where, value=role, allowed=", ".join(ROLES)))
    written = parse_scope(row.get("scope") or "", lang, where)
    if written is not None and role != VIEWER:
        raise GrantsError(t("access.grants.scoped_steward", lang, where=where, role=role))
    valid_from = _date(row.get("valid_from") or "", where, "valid_from", lang)
    valid_to = _date(row.get("valid_to") or "", where, "valid_to", lang)
    if valid_from and valid_to and valid_to < valid_from:
        raise GrantsError(t("access.grants.dates_reversed", lang, where=where))
    units = None if written is None else tuple(with_new_units(expand_merged(list(written))))
    return Grant(subject, role, units, valid_from, valid_to, written)


def parse_grants(text: str, path: Path, lang: str) -> list[Grant]:
    """Every grant of the file's text; the first bad row raises GrantsError with its row number."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise GrantsError(t("access.grants.missing_columns", lang, file=path, missing=", ".join(missing),
                            columns=",".join(COLUMNS)))
    grants, seen = [], {}
    for number, row in enumerate(reader, start=2):
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        where = t("access.grants.where", lang, file=path.name, row=number)
        grant = _grant(row, where, lang)
        key = grant.subject.casefold()
        if key in seen:
            raise GrantsError(t("access.grants.duplicate", lang, where=where, subject=grant.subject, first=seen[key]))
        seen[key] = number
        grants.append(grant)
    return grants


_lock = threading.Lock()
_cache: dict[Path, tuple[tuple[int, int], list[Grant]]] = {}


def load_grants(path: Path | None = None, lang: str = "en") -> list[Grant]:
    """The grants file's rows, read again whenever its modification time or size changes.
    No file means no grants (only anonymous, demo-only access)."""
    path = path or grants_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return []
    stamp = (stat.st_mtime_ns, stat.st_size)
    with _lock:
        cached = _cache.get(path)
        if cached and cached[0] == stamp:
            return cached[1]
    grants = parse_grants(path.read_text(encoding="utf-8"), path, lang)
    with _lock:
        _cache[path] = (stamp, grants)
    return grants


def find_grant(identities: list[str], day: dt.date, path: Path | None = None, lang: str = "en") -> Grant | None:
    """The grant of a signed-in user (any of their identities: e-mail, sub), valid on `day`, or None."""
    wanted = {i.casefold() for i in identities if i}
    for grant in load_grants(path, lang):
        if grant.subject.casefold() in wanted and grant.is_valid_on(day):
            return grant
    return None


def _write(rows: list[dict[str, str]], path: Path) -> None:
    """Write the whole file to a temporary name, then rename: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".grants-", suffix=".csv", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [{c: (row.get(c) or "").strip() for c in COLUMNS} for row in csv.DictReader(f)]


def set_grant(subject: str, role: str, scope: str, valid_from: dt.date | None = None,
              valid_to: dt.date | None = None, path: Path | None = None, lang: str = "en") -> Grant:
    """Add the subject's grant, or replace the one they have. Checked like a row of the file."""
    path = path or grants_path()
    row = {"subject": subject.strip(), "role": role, "scope": scope,
           "valid_from": valid_from.isoformat() if valid_from else "",
           "valid_to": valid_to.isoformat() if valid_to else ""}
    grant = _grant(row, t("access.grants.where_cli", lang), lang)
    rows = [r for r in _rows(path) if r["subject"].casefold() != grant.subject.casefold()] + [row]
    _write(rows, path)
    return grant


def revoke_grant(subject: str, path: Path | None = None) -> bool:
    """Remove the subject's grant; False when they had none."""
    path = path or grants_path()
    rows = _rows(path)
    kept = [r for r in rows if r["subject"].casefold() != subject.strip().casefold()]
    if len(kept) == len(rows):
        return False
    _write(kept, path)
    return True
