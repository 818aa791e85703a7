"""The national roll-up: one immutable snapshot built from the newest published snapshot of each
province's store (an S3 prefix or a folder), with those snapshots named in its manifest's sources.

Each source contributes its default snapshot (the newest real one, else the newest demo) whole. The
tables are put side by side: reference rows (units, programmes) that several provinces carry must be
identical and are kept once; every other row must have a key no other province uses (ids are the
provinces' own, so a clash is refused with both places named rather than silently renumbered). The
result is validated like an import and published like one: never replacing a snapshot, manifest last
on S3. No streamlit here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from massorg.data import objectstore, store
from massorg.data.schema import TABLES
from massorg.data.validate import errors, report, validate_tables

REFERENCE_TABLES = ("units", "programmes")  # the same rows may come from several provinces


class RollupError(store.SnapshotError):
    """The roll-up cannot be built; the message says which source and what to do."""


@dataclass(frozen=True)
class Source:
    """One province's store and the snapshot taken from it."""

    location: str
    snapshot: store.Snapshot


def newest_snapshot(location: str) -> store.Snapshot:
    """The default snapshot of a store given as s3://bucket/prefix or a folder."""
    if objectstore.is_s3_url(location):
        snapshots = objectstore.open_store(location).list_snapshots()
    else:
        snapshots = store.list_snapshots(Path(location))
    chosen = store.default_snapshot(snapshots)
    if chosen is None:
        raise RollupError(f"{location} holds no published snapshot: publish the province's data there first")
    return chosen


def provinces(tables: dict[str, pd.DataFrame]) -> list[str]:
    """The provinces a snapshot's associations belong to (each association's unit, up its parents to
    the unit of kind province). Not every province of the units table: since 2025 Lâm Đồng's reference
    units also name Đắk Nông and Bình Thuận, which a snapshot of 2014-2024 holds nothing of."""
    units = tables["units"]
    parent = dict(zip(units["unit_code"].astype(str), units["parent_code"]))
    kind = dict(zip(units["unit_code"].astype(str), units["kind"]))
    held = set()
    for code in set(tables["associations"]["unit_code"].astype(str)):
        seen = set()
        while code and kind.get(code) != "province" and code not in seen:
            seen.add(code)
            code = parent.get(code) if isinstance(parent.get(code), str) else None
        if code and kind.get(code) == "province":
            held.add(code)
    return sorted(held)


def _snapshot_provinces(snapshot: store.Snapshot) -> list[str]:
    return provinces({name: snapshot.read(name) for name in ("units", "associations")})


def combine(sources: list[Source]) -> dict[str, pd.DataFrame]:
    """Every table of every source side by side; raises RollupError on a clash (named with both sources)."""
    if len({s.location for s in sources}) != len(sources):
        raise RollupError("a store is named twice in --from")
    frames = {s.location: s.snapshot.read_all() for s in sources}
    seen: dict[str, str] = {}
    for s in sources:
        for code in provinces(frames[s.location]):
            if code in seen:
                raise RollupError(f"province {code} is in both {seen[code]} and {s.location}: "
                                  "each province's data must come from one store")
            seen[code] = s.location
    out = {}
    for name, spec in TABLES.items():
        key = list(spec.primary_key)
        parts = []
        for s in sources:
            df = frames[s.location][name].copy()
            df["_source"] = s.location
            parts.append(df)
        both = pd.concat(parts, ignore_index=True)
        if name in REFERENCE_TABLES:
            both = _same_reference_rows(name, both, key)
        else:
            clash = both[both.duplicated(subset=key, keep=False)]
            if not clash.empty:
                row = clash.iloc[0]
                where = sorted(set(clash.loc[(clash[key] == row[key]).all(axis=1), "_source"]))
                value = " / ".join(str(row[k]) for k in key)
                raise RollupError(f"table {name}: {', '.join(key)} {value} is used in {' and '.join(where)}; "
                                  "ids must be unique across provinces (re-import one province with its own ids)")
        out[name] = both.drop(columns="_source").reset_index(drop=True)
    return out


def _same_reference_rows(name: str, both: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    columns = [c for c in both.columns if c != "_source"]
    distinct = both.astype({c: "string" for c in columns}).drop_duplicates(subset=columns)
    clash = distinct[distinct.duplicated(subset=key, keep=False)]
    if not clash.empty:
        code = " / ".join(str(clash.iloc[0][k]) for k in key)
        where = sorted(set(clash["_source"]))
        raise RollupError(f"table {name}: {code} differs between {' and '.join(where)}; "
                          "the provinces' reference data must agree")
    return both.loc[distinct.index]


def source_entry(source: Source) -> dict:
    """The manifest's record of one province snapshot the roll-up was built from."""
    manifest = json.dumps(source.snapshot.manifest, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return {
        "kind": "snapshot",
        "store": source.location,
        "snapshot_id": source.snapshot.id,
        "as_of": source.snapshot.manifest["as_of"],
        "is_demo": source.snapshot.is_demo,
        "provinces": _snapshot_provinces(source.snapshot),
        "manifest_sha256": hashlib.sha256(manifest).hexdigest(),
        "file": f"{source.location.rstrip('/')}/{source.snapshot.id}",
        "sha256": None,
        "bytes": None,
    }


def build_rollup(locations: list[str], out: str, *, as_of: dt.date | None = None, label: str | None = None,
                 snapshot_id: str | None = None) -> store.Snapshot:
    """Publish the roll-up of the newest snapshot of each store in `locations` into the store `out`.

    as_of defaults to the earliest as_of of the sources (every province's figures reach that date)."""
    if len(locations) < 2:
        raise RollupError("a roll-up needs at least two province stores (--from … --from …)")
    sources = [Source(loc, newest_snapshot(loc)) for loc in locations]
    tables = combine(sources)
    as_of = as_of or min(s.snapshot.as_of for s in sources)
    findings = validate_tables(tables, as_of=as_of)
    if errors(findings):
        raise RollupError("the roll-up does not validate: " + "; ".join(f.render("en") for f in errors(findings)[:5]))
    names = ", ".join(f"{p}" for s in sources for p in _snapshot_provinces(s.snapshot))
    kwargs = dict(
        snapshot_id=snapshot_id or store.new_snapshot_id(as_of, "rollup"),
        as_of=as_of,
        label=label or f"Tổng hợp toàn quốc / National roll-up ({names})",
        is_demo=any(s.snapshot.is_demo for s in sources),
        sources=[source_entry(s) for s in sources],
        validation=report(findings),
    )
    if objectstore.is_s3_url(out):
        return objectstore.open_store(out).publish(tables, **kwargs)
    return store.publish(tables, root=Path(out), **kwargs)
