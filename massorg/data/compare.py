"""What changed between two snapshots: per table the rows added, removed and changed (matched by the
primary key), and the headline indicators old / new / difference. Pure pandas; the Data page shows it
so that a steward can see what an import changed before presenting it."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import pandas as pd

from massorg.data.schema import TABLES
from massorg.data.store import Snapshot
from massorg.i18n import t

SAMPLE_KEYS = 20  # keys listed per kind of change (the counts are always complete)
STOCKS = ("associations", "members")  # read at the latest year
FLOWS = (  # summed over every year of the snapshot
    "state_budget_vnd", "social_mobilisation_vnd", "total_funding_vnd", "meetings", "comments_submitted",
    "comments_accepted", "legal_aid_cases", "legal_aid_person_times", "welfare_value_vnd",
)
INDICATORS = STOCKS + FLOWS


@dataclass(frozen=True)
class TableDiff:
    table: str
    added: int
    removed: int
    changed: int
    unchanged: int
    added_keys: tuple[tuple, ...] = ()  # the first SAMPLE_KEYS of each kind, in key order
    removed_keys: tuple[tuple, ...] = ()
    changed_keys: tuple[tuple, ...] = ()
    changed_columns: dict[str, int] = field(default_factory=dict)  # column -> rows where it changed


@dataclass(frozen=True)
class IndicatorDiff:
    indicator: str
    old: int
    new: int
    old_year: int | None = None  # stocks: the year the figure is read at
    new_year: int | None = None

    @property
    def difference(self) -> int:
        return self.new - self.old


@dataclass(frozen=True)
class Comparison:
    old_id: str
    new_id: str
    tables: tuple[TableDiff, ...]
    indicators: tuple[IndicatorDiff, ...]

    def tables_frame(self) -> pd.DataFrame:
        """One row per table: table, added, removed, changed, unchanged."""
        return pd.DataFrame(
            [(d.table, d.added, d.removed, d.changed, d.unchanged) for d in self.tables],
            columns=["table", "added", "removed", "changed", "unchanged"],
        )

    def indicators_frame(self) -> pd.DataFrame:
        """One row per headline indicator: indicator, old, new, difference, old_year, new_year."""
        frame = pd.DataFrame(
            [(d.indicator, d.old, d.new, d.difference, d.old_year, d.new_year) for d in self.indicators],
            columns=["indicator", "old", "new", "difference", "old_year", "new_year"],
        )
        return frame.astype({"old_year": "Int64", "new_year": "Int64"})


def indicator_label(indicator: str, lang: str) -> str:
    return t(f"ingest.compare.{indicator}", lang)


def compare_snapshots(old: Snapshot, new: Snapshot) -> Comparison:
    """What changed from `old` to `new`: in DuckDB over the Parquet files (massorg.data.compare_sql),
    or, for a snapshot seen through a unit scope, over the tables it reads."""
    from massorg.access.scope import scope_units
    from massorg.data.compare_sql import compare_published

    if scope_units(old) is None and scope_units(new) is None:
        return compare_published(old, new)
    return compare_tables(old.read_all(), new.read_all(), old.id, new.id)


def compare_with_import(old: Snapshot, tables: dict[str, pd.DataFrame], new_id: str) -> Comparison:
    """What publishing an import's complete tables would change against `old`: in DuckDB (the published
    files against the tables as Arrow), or, for a snapshot seen through a unit scope, over its tables."""
    from massorg.access.scope import scope_units
    from massorg.data.compare_sql import compare_with_tables

    if scope_units(old) is None:
        return compare_with_tables(old, tables, new_id)
    return compare_tables(old.read_all(), tables, old.id, new_id)


def compare_tables(old: dict[str, pd.DataFrame], new: dict[str, pd.DataFrame],
                   old_id: str = "old", new_id: str = "new") -> Comparison:
    """The comparison of two complete sets of tables (what compare_snapshots reads from disk)."""
    def table(tables: dict, name: str) -> pd.DataFrame:  # an optional table may be absent: empty
        return tables[name] if name in tables else pd.DataFrame(columns=TABLES[name].column_names)

    diffs = tuple(table_diff(name, table(old, name), table(new, name)) for name in TABLES)
    before, after = headline_indicators(old), headline_indicators(new)
    indicators = tuple(
        IndicatorDiff(name, before[name][0], after[name][0], before[name][1], after[name][1]) for name in INDICATORS
    )
    return Comparison(old_id, new_id, diffs, indicators)


def _cell(value: object) -> object:
    """A cell in a form that compares equal across dtypes: 5 == 5.0 == Int64 5; NaN, NA, None alike."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() else value
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _rows(name: str, df: pd.DataFrame) -> tuple[list[str], dict[tuple, tuple]]:
    """Primary key -> the other columns' values, and the names of those columns."""
    spec = TABLES[name]
    others = [c for c in spec.column_names if c not in spec.primary_key]
    keys = zip(*[[str(_cell(v)) for v in df[c].tolist()] for c in spec.primary_key], strict=False)
    values = zip(*[[_cell(v) for v in df[c].tolist()] for c in others], strict=False)
    return others, dict(zip(keys, values, strict=False))


def table_diff(name: str, old: pd.DataFrame, new: pd.DataFrame) -> TableDiff:
    """Rows of `new` whose key `old` lacks (added), the reverse (removed), and common keys whose other
    columns differ (changed)."""
    others, before = _rows(name, old)
    _, after = _rows(name, new)
    added = sorted(after.keys() - before.keys())
    removed = sorted(before.keys() - after.keys())
    changed, columns = [], {}
    for key in sorted(after.keys() & before.keys()):
        differing = [c for c, a, b in zip(others, before[key], after[key], strict=False) if a != b]
        if differing:
            changed.append(key)
            for c in differing:
                columns[c] = columns.get(c, 0) + 1
    unchanged = len(after.keys() & before.keys()) - len(changed)
    return TableDiff(
        name, len(added), len(removed), len(changed), unchanged,
        tuple(added[:SAMPLE_KEYS]), tuple(removed[:SAMPLE_KEYS]), tuple(changed[:SAMPLE_KEYS]), columns,
    )


def _years(tables: dict[str, pd.DataFrame]) -> list[int]:
    years = set()
    for name in ("membership", "funding", "legal_aid", "welfare"):
        years |= {int(y) for y in tables[name]["year"].dropna()}
    years |= {d.year for d in pd.to_datetime(tables["consultations"]["held_on"]).dropna()}
    return sorted(years)


def _total(df: pd.DataFrame, column: str) -> int:
    return int(pd.to_numeric(df[column]).fillna(0).sum())


def headline_indicators(tables: dict[str, pd.DataFrame]) -> dict[str, tuple[int, int | None]]:
    """indicator -> (value, year). Stocks are read at the latest year with membership figures (else the
    latest year with any figures); flows are summed over all years (their year is None)."""
    membership = tables["membership"]
    member_years = sorted({int(y) for y in membership["year"].dropna()})
    years = member_years or _years(tables)
    year = years[-1] if years else None
    out: dict[str, tuple[int, int | None]] = {}
    if year is None:
        out["associations"] = out["members"] = (0, None)
    else:
        assoc = tables["associations"]
        year_end = pd.Timestamp(year, 12, 31)
        founded = pd.to_datetime(assoc["founded_on"])
        dissolved = pd.to_datetime(assoc["dissolved_on"])
        active = (founded <= year_end) & (dissolved.isna() | (dissolved > year_end))
        out["associations"] = (int(active.sum()), year)
        out["members"] = (_total(membership[membership["year"] == year], "members"), year)
    funding = tables["funding"]
    out["state_budget_vnd"] = (_total(funding[funding["source"] == "state_budget"], "amount_vnd"), None)
    out["social_mobilisation_vnd"] = (_total(funding[funding["source"] == "social_mobilisation"], "amount_vnd"), None)
    out["total_funding_vnd"] = (_total(funding, "amount_vnd"), None)
    cons = tables["consultations"]
    out["meetings"] = (len(cons), None)
    out["comments_submitted"] = (_total(cons, "comments_submitted"), None)
    out["comments_accepted"] = (_total(cons, "comments_accepted"), None)
    legal = tables["legal_aid"]
    out["legal_aid_cases"] = (_total(legal, "cases"), None)
    out["legal_aid_person_times"] = (_total(legal, "people_served"), None)
    out["welfare_value_vnd"] = (_total(tables["welfare"], "value_vnd"), None)
    return out
