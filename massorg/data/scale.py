"""A demo N times larger, for measuring: every demo snapshot with its tables replicated N times.

    python -m massorg demo --scale 100 --out /tmp/x100

Copy 1 is the demo itself; copy k (2..N) repeats every association, its history and its activities
under new keys (association_id + "-k", meeting and welfare record ids likewise, a branch's parent
the copy of its parent), and its names carry " #k" so a search or a sort tells the copies apart.
Reference tables (units, programmes) are not replicated. So every total of a ×N snapshot is exactly
N times the demo's, which the tests check, and the result passes every rule of validation (checked
before publishing, like the demo). Seeded by the demo's seed: same seed and N, same bytes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from massorg.data import demo, store
from massorg.data.validate import errors, report, validate_tables

REFERENCE_TABLES = ("units", "programmes")
# The key columns that get the copy's suffix, per table.
KEY_COLUMNS = {
    "associations": ("association_id", "parent_id"),
    "membership": ("association_id",),
    "funding": ("association_id",),
    "consultations": ("meeting_id", "association_id"),
    "legal_aid": ("association_id",),
    "welfare": ("record_id", "association_id"),
}
NAME_COLUMNS = {"associations": ("name", "name_en")}


def scaled_id(demo_id: str, factor: int) -> str:
    """The id of a demo snapshot's ×N version: demo-2024-12-31-x100."""
    return f"{demo_id}-x{factor}"


def _suffixed(values: pd.Series, suffix: np.ndarray) -> pd.Series:
    """Each non-empty text with its copy's suffix (copy 1 keeps the text as it is)."""
    text = values.astype(object)
    out = [v if pd.isna(v) or s == "" else f"{v}{s}" for v, s in zip(text.tolist(), suffix.tolist(), strict=True)]
    return pd.Series(out, index=values.index, dtype=object)


def replicate(tables: dict[str, pd.DataFrame], factor: int) -> dict[str, pd.DataFrame]:
    """The tables with every non-reference table repeated `factor` times under unique keys."""
    if factor < 1:
        raise ValueError(f"the scale factor must be at least 1, not {factor}")
    out = {name: tables[name].copy() for name in REFERENCE_TABLES}
    for name, df in tables.items():
        if name in REFERENCE_TABLES:
            continue
        copies = np.repeat(np.arange(1, factor + 1), len(df))
        big = pd.concat([df] * factor, ignore_index=True)
        key_suffix = np.where(copies == 1, "", np.char.add("-", copies.astype(str)))
        for col in KEY_COLUMNS.get(name, ()):
            big[col] = _suffixed(big[col], key_suffix)
        name_suffix = np.where(copies == 1, "", np.char.add(" #", copies.astype(str)))
        for col in NAME_COLUMNS.get(name, ()):
            big[col] = _suffixed(big[col], name_suffix)
        out[name] = big
    return out


def build_scaled(root: Path, factor: int, seed: int = demo.DEFAULT_SEED) -> list[store.Snapshot]:
    """Validate and publish the ×factor version of every demo snapshot into `root` (skipping those
    already there); return them, newest first. Marked as demo data, like the demo."""
    existing = {s.id: s for s in store.list_snapshots(root, include_retired=True)}
    published = []
    for snap in demo.demo_snapshots(seed):
        snapshot_id = scaled_id(snap.snapshot_id, factor)
        if snapshot_id in existing:
            published.append(existing[snapshot_id])
            continue
        tables = replicate(snap.tables, factor)
        findings = validate_tables(tables, as_of=snap.as_of)
        if errors(findings):
            raise store.SnapshotError(
                "scaled demo failed validation: " + "; ".join(f.render("en") for f in errors(findings)[:5]))
        published.append(store.publish(
            tables, snapshot_id=snapshot_id, as_of=snap.as_of, label=f"{snap.label} ×{factor}", is_demo=True,
            sources=[{"file": f"massorg.data.scale (seed {seed}, ×{factor})", "sha256": None, "bytes": None}],
            validation=report(findings),
            created_at=dt.datetime.combine(snap.as_of, dt.time(0, 0), tzinfo=dt.timezone.utc),
            root=root,
        ))
    return sorted(published, key=lambda s: s.manifest["as_of"], reverse=True)
