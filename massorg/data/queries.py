"""The query runner: queries/<name>.sql over one snapshot, with bound filter parameters.

Each snapshot gets a DuckDB database file in the cache folder (tables copied from its Parquet files,
plus the shared macros of queries/_macros.sql), opened read-only once per process, with no access to
outside files. Every call runs on its own cursor, so several Streamlit sessions can query at once. A
snapshot restricted to some units (massorg.access.scope) gets, on its cursor, temporary views of
queries/_scope.sql that shadow the base tables, so every query sees only the scope's rows. Results are
cached by (snapshot id, unit scope, query name, parameters). No streamlit here.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from massorg import config, geography
from massorg.access.scope import scope_units
from massorg.data.schema import TABLES
from massorg.data.store import Snapshot

MACROS_FILE = "_macros.sql"
SCOPE_FILE = "_scope.sql"
_PARAM_RE = re.compile(r"\$([a-z_][a-z0-9_]*)")
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Filters:
    """The dashboard's filters. None (or an empty tuple for lists) means "all"."""

    year_from: int | None = None
    year_to: int | None = None
    unit_codes: tuple[str, ...] | None = None
    levels: tuple[str, ...] | None = None
    type_codes: tuple[str, ...] | None = None
    special_only: bool = False
    merged: bool = False  # by-unit results use the boundaries after 1 Dec 2024 (Đạ Huoai, Cát Tiên -> 682)
    area: str | None = None  # the area (massorg.areas) unit_codes stand for, when no unit was chosen
    by_old_district: bool = False  # by-unit results group new units by the old district they lie in
    programme_codes: tuple[str, ...] | None = None  # welfare rows of these programmes only (a click on the welfare page)
    source_codes: tuple[str, ...] | None = None  # money from these funding sources only (a click on the funding page)

    def params(self) -> dict[str, object]:
        def as_list(v):
            return list(v) if v else None

        return {
            "year_from": self.year_from,
            "year_to": self.year_to,
            "unit_codes": as_list(self.unit_codes),
            "levels": as_list(self.levels),
            "type_codes": as_list(self.type_codes),
            "special_only": bool(self.special_only),
            "merged": bool(self.merged),
            "by_old_district": bool(self.by_old_district),
            "programme_codes": as_list(self.programme_codes),
            "source_codes": as_list(self.source_codes),
        }

    def with_years(self, year_from: int | None, year_to: int | None) -> Filters:
        return replace(self, year_from=year_from, year_to=year_to)


class QueryError(Exception):
    pass


def query_names() -> list[str]:
    """Every result query (files starting with '_' hold shared macros, not results)."""
    return sorted(p.stem for p in config.QUERIES_DIR.glob("*.sql") if not p.name.startswith("_"))


def sql_text(name: str) -> str:
    if not _NAME_RE.match(name):
        raise QueryError(f"invalid query name {name!r}")
    path = config.QUERIES_DIR / f"{name}.sql"
    if not path.exists():
        raise QueryError(f"no query {name!r} in {config.QUERIES_DIR}")
    return path.read_text(encoding="utf-8")


def grain(name: str) -> str:
    """The first line of a query file states its grain: '-- one row per year per source'."""
    first = sql_text(name).splitlines()[0]
    return first.removeprefix("--").strip()


def _cache_key(snapshot: Snapshot) -> str:
    """The database file name: snapshot id plus a hash of its files and the macros, so an edited macro
    or a (never expected) changed snapshot builds a fresh database. Every query asks for it: the files
    are read again only when one of them changes (its size, time or inode)."""
    files = repr(sorted(snapshot.manifest.get("files", {}).items()))
    code = (config.QUERIES_DIR / MACROS_FILE,
            *(config.REFERENCE_DIR / name for name in ("association_types.csv", "units.csv", "unit_crosswalk.csv")))
    return _key_of(snapshot.id, files, tuple(_stamp(path) for path in code))


def _stamp(path: Path) -> tuple[str, int, int, int]:
    info = path.stat()
    return str(path), info.st_size, info.st_mtime_ns, info.st_ino


@lru_cache(maxsize=256)
def _key_of(snapshot_id: str, files: str, code: tuple[tuple[str, int, int, int], ...]) -> str:
    h = hashlib.sha256()
    h.update(files.encode())
    for path, *_ in code:
        h.update(Path(path).read_bytes())
    return f"{snapshot_id}-{h.hexdigest()[:12]}.duckdb"


_SQL_TYPES = {"text": "varchar", "int": "integer", "bigint": "bigint", "bool": "boolean", "date": "date"}


def _add_missing_columns(con: duckdb.DuckDBPyConnection, table) -> None:
    """A snapshot published before an optional column existed gets it as NULL, so queries written
    for the current schema run on every published snapshot."""
    present = {row[0] for row in con.execute(f"describe {table.name}").fetchall()}
    for column in table.columns:
        if column.name not in present:
            con.execute(f"alter table {table.name} add column {column.name} {_SQL_TYPES[column.dtype]}")


def _unit_groups(con: duckdb.DuckDBPyConnection) -> None:
    """unit_groups: each new unit of old Lâm Đồng and the old district it lies in (group_code); the 4
    that straddle two districts are their own group (straddles)."""
    con.execute("create table unit_groups (unit_code varchar, group_code varchar, straddles boolean)")
    rows = [(code, districts[0] if len(districts) == 1 else code, len(districts) > 1)
            for code, districts in geography.old_district_of_new_units().items()]
    con.executemany("insert into unit_groups values (?, ?, ?)", rows)


def _build_database(snapshot: Snapshot, target: Path) -> None:
    """Copy the snapshot's tables into a new DuckDB file (temp name, then rename: atomic)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".duckdb", dir=target.parent)
    os.close(fd)
    os.unlink(tmp_name)  # DuckDB wants to create the file itself
    try:
        con = duckdb.connect(tmp_name)
        try:
            for name, table in TABLES.items():
                if not snapshot.table_path(name).exists():  # an optional table, absent from older snapshots
                    columns = ", ".join(f"{c.name} {_SQL_TYPES[c.dtype]}" for c in table.columns)
                    con.execute(f"create table {name} ({columns})")
                    continue
                con.execute(
                    f"create table {name} as select * from read_parquet($path)",
                    {"path": str(snapshot.table_path(name))},
                )
                _add_missing_columns(con, table)
            con.execute(
                "create table association_types as select * from read_csv($path, header=true, all_varchar=true)",
                {"path": str(config.REFERENCE_DIR / "association_types.csv")},
            )
            _unit_groups(con)
            con.execute((config.QUERIES_DIR / MACROS_FILE).read_text(encoding="utf-8"))
            con.execute("checkpoint")
        finally:
            con.close()
        os.replace(tmp_name, target)
    except BaseException:
        for leftover in (tmp_name, tmp_name + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)
        raise


_lock = threading.Lock()
_connections: dict[str, duckdb.DuckDBPyConnection] = {}
_results: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
_result_bytes: dict[tuple, int] = {}
MAX_CACHED_RESULTS = 512
MAX_CACHED_BYTES = 256 * 1024 * 1024  # the cache is bounded by size too: one large result is not 512 small ones


def database_ready(snapshot: Snapshot) -> bool:
    """Whether the snapshot's query database is built already (else its first query builds it)."""
    return (config.cache_dir() / _cache_key(snapshot)).exists()


def connection(snapshot: Snapshot) -> duckdb.DuckDBPyConnection:
    """The read-only base connection of a snapshot (one per process). Callers take a cursor from it."""
    key = _cache_key(snapshot)
    with _lock:
        con = _connections.get(key)
        if con is None:
            path = config.cache_dir() / key
            if not path.exists():
                _build_database(snapshot, path)
            con = duckdb.connect(str(path), read_only=True, config={"threads": 2, "enable_external_access": False})
            _connections[key] = con
        return con


def _freeze(params: dict) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))


def run(name: str, snapshot: Snapshot, filters: Filters | None = None, **extra: object) -> pd.DataFrame:
    """Run queries/<name>.sql on `snapshot` with the filters (and any extra named parameters).

    Only the parameters the SQL mentions are bound. The returned DataFrame is a copy: callers may
    change it freely without touching the cache.
    """
    return run_sql(name, sql_text(name), snapshot, filters, **extra)


def run_sql(name: str, sql: str, snapshot: Snapshot, filters: Filters | None = None, *, cache: bool = True,
            **extra: object) -> pd.DataFrame:
    """run() for SQL built from a query file by the data layer (massorg.data.listing wraps one in a page
    or a count); `name` tells its results apart in the cache. With cache=False (an export of a whole
    list, read once) the result is not kept. Never for text from a user."""
    given = (filters or Filters()).params() | {k: list(v) if isinstance(v, tuple) else v for k, v in extra.items()}
    wanted = set(_PARAM_RE.findall(sql))
    unknown = wanted - given.keys()
    if unknown:
        raise QueryError(f"query {name} needs parameters {sorted(unknown)}")
    params = {k: given[k] for k in wanted}
    units = scope_units(snapshot)
    key = (snapshot.id, _cache_key(snapshot), units, name, _freeze(params))
    with _lock:
        if key in _results:
            _results.move_to_end(key)
            return _results[key].copy()
    cursor = connection(snapshot).cursor()
    try:
        if units is not None:
            _apply_scope(cursor, units)
        df = cursor.execute(sql, params).df()
    finally:
        cursor.close()
    if not cache:
        return df
    size = int(df.memory_usage(deep=True).sum())
    with _lock:
        if size <= MAX_CACHED_BYTES:
            _results[key], _result_bytes[key] = df, size
        while len(_results) > MAX_CACHED_RESULTS or sum(_result_bytes.values()) > MAX_CACHED_BYTES:
            old_key, _ = _results.popitem(last=False)
            _result_bytes.pop(old_key, None)
    return df.copy()


def cached_bytes() -> int:
    """The memory the cached results take (pandas' deep count)."""
    with _lock:
        return sum(_result_bytes.values())


def _apply_scope(cursor: duckdb.DuckDBPyConnection, units: tuple[str, ...]) -> None:
    """Shadow the snapshot's tables on this cursor with views restricted to `units` (bound, not formatted)."""
    catalog = cursor.execute("select current_database()").fetchone()[0]
    base = '"' + catalog.replace('"', '""') + '"'
    cursor.execute("create temp table scope_units (unit_code varchar)")
    cursor.execute("insert into scope_units select unnest($units::varchar[])", {"units": list(units)})
    cursor.execute((config.QUERIES_DIR / SCOPE_FILE).read_text(encoding="utf-8").replace("{base}", base))


def clear_caches() -> None:
    """Forget connections and results (tests; after a new snapshot is published nothing is stale,
    because snapshots are immutable and keyed by id)."""
    with _lock:
        for con in _connections.values():
            con.close()
        _connections.clear()
        _results.clear()
        _result_bytes.clear()
