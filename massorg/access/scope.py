"""Unit scopes: a snapshot seen through a viewer's units.

A ScopedSnapshot is a published snapshot restricted to some units. Everything that reads a snapshot
goes through one of two doors, and both apply the scope: the query runner (massorg.data.queries), which
shadows the base tables with filtered temporary views on its cursor, and `read`, which filters the
Parquet tables the same way (the Data page's comparison). So no page, query, export or deck can forget
the scope: whoever holds the snapshot gets only its rows.

The rows of a scope: associations of its units; their membership, funding, consultations (by the lead
association), legal aid and lineage steps (either side); welfare delivered in its units (welfare is counted where it was delivered).
Units and programmes are reference data and stay whole. No streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from massorg.data import provinces
from massorg.data.store import Snapshot

# Tables filtered by the association they belong to, and the one filtered by its own unit.
BY_ASSOCIATION = ("membership", "funding", "consultations", "legal_aid")
BY_OWN_UNIT = ("welfare",)


@dataclass(frozen=True)
class ScopedSnapshot(Snapshot):
    """A snapshot restricted to `units` (an empty tuple shows nothing: a scope fails closed)."""

    units: tuple[str, ...] = ()

    def read(self, table: str) -> pd.DataFrame:
        df = super().read(table)
        if table == "associations" or table in BY_OWN_UNIT:
            return df[df["unit_code"].isin(self.units)].reset_index(drop=True)
        if table == "lineage":
            allowed = set(super().read("associations").query("unit_code in @self.units")["association_id"])
            return df[df["predecessor_id"].isin(allowed) | df["successor_id"].isin(allowed)].reset_index(drop=True)
        if table in BY_ASSOCIATION:
            associations = super().read("associations")
            allowed = associations.loc[associations["unit_code"].isin(self.units), "association_id"]
            return df[df["association_id"].isin(allowed)].reset_index(drop=True)
        return df


def scoped(snapshot: Snapshot, units: tuple[str, ...] | None) -> Snapshot:
    """The snapshot as a holder of `units` sees it (units None: the whole snapshot). A province code
    in `units` stands for every unit inside that province in this snapshot (per-province access)."""
    if units is None:
        return snapshot if not isinstance(snapshot, ScopedSnapshot) else Snapshot(snapshot.path, snapshot.manifest)
    units = units + provinces.units_inside(snapshot, units)
    if isinstance(snapshot, ScopedSnapshot):
        return replace(snapshot, units=tuple(sorted(set(units))))
    return ScopedSnapshot(snapshot.path, snapshot.manifest, tuple(sorted(set(units))))


def scope_units(snapshot: Snapshot) -> tuple[str, ...] | None:
    """The units a snapshot is restricted to, or None for a whole snapshot."""
    return snapshot.units if isinstance(snapshot, ScopedSnapshot) else None
