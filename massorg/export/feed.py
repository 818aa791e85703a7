"""The indicator feed: indicators.csv and indicators.json for one snapshot, for systems that ingest
figures (the province's operations centre, the national reporting system) without screen-scraping.

One row per indicator per area per year. The figures are the overview_kpis query's, the same query
the dashboard's KPI cards read, run once for the whole province and once per unit of the reference
data (each unit on its own old boundaries: no merger applied). Aggregates only: no person appears.

Files live beside the snapshot store, in <feeds folder>/<snapshot id>/, written to a temporary name
and renamed, so a reader never sees half a file. Snapshots themselves stay untouched.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from massorg import config
from massorg.data import queries
from massorg.data.queries import Filters
from massorg.data.schema import reference_units
from massorg.data.store import Snapshot

FEED_VERSION = 1
CSV_NAME, JSON_NAME = "indicators.csv", "indicators.json"

# Stable indicator codes (the overview_kpis columns): kind and unit of measure. Never rename a code;
# a new indicator gets a new code.
INDICATORS: dict[str, tuple[str, str]] = {
    "associations": ("stock", "association"),
    "members": ("stock", "person"),
    "state_budget_vnd": ("flow", "VND"),
    "social_mobilisation_vnd": ("flow", "VND"),
    "total_funding_vnd": ("flow", "VND"),
    "meetings": ("flow", "meeting"),
    "comments_submitted": ("flow", "comment"),
    "comments_accepted": ("flow", "comment"),
    "legal_aid_cases": ("flow", "case"),
    "legal_aid_person_times": ("flow", "person_time"),
    "welfare_value_vnd": ("flow", "VND"),
}

COLUMNS = (
    "indicator_code", "indicator_kind", "unit_of_measure",
    "area_code", "area_name", "area_kind", "area_valid_from", "area_valid_to", "area_successor_code",
    "period", "period_start", "period_end", "value",
    "as_of", "snapshot_id", "is_demo",
)


def feeds_dir(snapshot: Snapshot | None = None) -> Path:
    """Where feeds are written: MASSORG_FEEDS_DIR, or 'feeds' beside the snapshot store's folder."""
    value = os.environ.get("MASSORG_FEEDS_DIR")
    if value:
        return Path(value).resolve()
    store_root = snapshot.path.parent if snapshot is not None else config.snapshots_dir()
    return store_root.parent / "feeds"


def _period(year: int, as_of: dt.date) -> tuple[str, str]:
    """The year's first day and its last day, or the as-of date for the year the snapshot stops in."""
    end = min(dt.date(year, 12, 31), as_of)
    return dt.date(year, 1, 1).isoformat(), end.isoformat()


def feed_frame(snapshot: Snapshot) -> pd.DataFrame:
    """Every row of the feed, in a fixed order (area, indicator, year)."""
    years = [int(y) for y in queries.run("snapshot_years", snapshot)["year"]]
    # every unit's figures from one query (each unit as overview_kpis filtered to it alone would give)
    by_unit = {code: kpis.set_index("year") for code, kpis in
               queries.run("feed_kpis_by_unit", snapshot).groupby("unit_code", sort=False)}
    empty = pd.DataFrame(columns=list(INDICATORS), index=pd.Index([], name="year"))
    rows = []
    for area in reference_units():  # the province first, then each unit
        code = str(area["unit_code"])
        if area["kind"] == "province":
            kpis = queries.run("overview_kpis", snapshot, Filters()).set_index("year")
        else:
            kpis = by_unit.get(code, empty)
        for indicator, (kind, measure) in INDICATORS.items():
            for year in years:
                start, end = _period(year, snapshot.as_of)
                rows.append({
                    "indicator_code": indicator, "indicator_kind": kind, "unit_of_measure": measure,
                    "area_code": code, "area_name": area["name"], "area_kind": area["kind"],
                    "area_valid_from": area["valid_from"] or None, "area_valid_to": area["valid_to"] or None,
                    "area_successor_code": area["successor_code"] or None,
                    "period": str(year), "period_start": start, "period_end": end,
                    "value": int(kpis.loc[year, indicator]) if year in kpis.index else 0,
                    "as_of": snapshot.as_of.isoformat(), "snapshot_id": snapshot.id,
                    "is_demo": snapshot.is_demo,
                })
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def feed_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (Excel reads the Vietnamese names), comma-separated, booleans as true/false."""
    out = frame.copy()
    out["is_demo"] = out["is_demo"].map({True: "true", False: "false"})
    return out.to_csv(index=False).encode("utf-8-sig")


def feed_json(frame: pd.DataFrame, snapshot: Snapshot) -> bytes:
    """{"feed_version", "snapshot_id", "as_of", "is_demo", "columns", "rows": [{...}, ...]}."""
    document = {
        "feed_version": FEED_VERSION,
        "snapshot_id": snapshot.id,
        "as_of": snapshot.as_of.isoformat(),
        "is_demo": snapshot.is_demo,
        "columns": list(COLUMNS),
        "rows": json.loads(frame.to_json(orient="records", force_ascii=False)),
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def write_feed(snapshot: Snapshot, folder: Path | None = None) -> list[Path]:
    """Write indicators.csv and indicators.json for `snapshot`; return their paths."""
    target = (folder or feeds_dir(snapshot)) / snapshot.id
    target.mkdir(parents=True, exist_ok=True)
    frame = feed_frame(snapshot)
    paths = [target / CSV_NAME, target / JSON_NAME]
    _write_atomic(paths[0], feed_csv(frame))
    _write_atomic(paths[1], feed_json(frame, snapshot))
    return paths
