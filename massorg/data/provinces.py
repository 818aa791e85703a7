"""Provinces of a snapshot and the units inside them, from its units table (parent_code chains).

A national roll-up holds several provinces; the sidebar's province filter and per-province access
(a grant scoped to a province code) both need "every unit inside these provinces". Cached per units
file (keyed by its sha256 in the manifest: snapshots are immutable). No streamlit here.
"""

from __future__ import annotations

from functools import lru_cache

import pyarrow.parquet as pq

from massorg.data.store import Snapshot


def province_codes(snapshot: Snapshot) -> tuple[str, ...]:
    """The codes of the snapshot's units of kind province."""
    return _tree(*_key(snapshot))[0]


def units_inside(snapshot: Snapshot, provinces: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Every unit below the given provinces (not the provinces themselves), sorted."""
    held = tuple(sorted(set(provinces) & set(province_codes(snapshot))))
    return _inside(*_key(snapshot), held) if held else ()


def _key(snapshot: Snapshot) -> tuple[str, str | None]:
    return str(snapshot.table_path("units")), snapshot.manifest.get("files", {}).get("units.parquet")


@lru_cache(maxsize=64)
def _tree(path: str, sha256: str | None) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
    """(province codes, parent code -> child codes) of one units file."""
    units = pq.read_table(path, columns=["unit_code", "kind", "parent_code"]).to_pylist()
    children: dict[str, list[str]] = {}
    for row in units:
        if row["parent_code"]:
            children.setdefault(row["parent_code"], []).append(row["unit_code"])
    provinces = tuple(sorted(row["unit_code"] for row in units if row["kind"] == "province"))
    return provinces, {k: tuple(v) for k, v in children.items()}


@lru_cache(maxsize=256)
def _inside(path: str, sha256: str | None, provinces: tuple[str, ...]) -> tuple[str, ...]:
    children = _tree(path, sha256)[1]
    found: set[str] = set()
    todo = list(provinces)
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return tuple(sorted(found))
