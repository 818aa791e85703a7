"""Comparing two snapshots: rows added, removed and changed per table, headline indicators side by side."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from massorg.data.compare import INDICATORS, compare_snapshots, compare_tables, indicator_label
from massorg.data.schema import TABLES
from tests.factories import publish_tiny, tiny_tables


def _changed_tables() -> dict[str, pd.DataFrame]:
    new = tiny_tables()
    membership = new["membership"]
    membership.loc[membership.index[1], "members"] = 115  # P1 2023: 110 -> 115
    new["membership"] = pd.concat(
        [membership, pd.DataFrame([("P1", 2024, 120, 15), ("D1", 2024, 41, 3)], columns=membership.columns)],
        ignore_index=True,
    )
    new["funding"] = new["funding"].iloc[:4]  # C1 2023 member fees removed
    new["consultations"].loc[1, "comments_accepted"] = 3  # M2: 4 -> 3
    return new


def test_rows_added_removed_and_changed_by_primary_key():
    result = compare_tables(tiny_tables(), _changed_tables())
    assert result.tables_frame().values.tolist() == [
        ["units", 0, 0, 0, 157],  # the reference units: 3 provinces, 30 old districts, 124 new units
        ["programmes", 0, 0, 0, 19],
        ["associations", 0, 0, 0, 3],
        ["membership", 2, 0, 1, 4],
        ["funding", 0, 1, 0, 4],
        ["consultations", 0, 0, 1, 1],
        ["legal_aid", 0, 0, 0, 2],
        ["welfare", 0, 0, 0, 3],
        ["lineage", 0, 0, 0, 0],  # optional, absent from both
    ]
    membership = result.tables[3]
    assert membership.added_keys == (("D1", "2024"), ("P1", "2024"))
    assert membership.changed_keys == (("P1", "2023"),)
    assert membership.changed_columns == {"members": 1}
    assert result.tables[4].removed_keys == (("C1", "2023", "member_fees"),)
    assert result.tables[5].changed_columns == {"comments_accepted": 1}


def test_headline_indicators_old_new_difference():
    result = compare_tables(tiny_tables(), _changed_tables(), "tiny", "tiny-2024")
    assert [(d.indicator, d.old, d.new, d.difference, d.old_year, d.new_year) for d in result.indicators] == [
        ("associations", 3, 3, 0, 2023, 2024),
        ("members", 157, 161, 4, 2023, 2024),
        ("state_budget_vnd", 2_200_000, 2_200_000, 0, None, None),
        ("social_mobilisation_vnd", 5_300_000, 5_300_000, 0, None, None),
        ("total_funding_vnd", 7_570_000, 7_500_000, -70_000, None, None),
        ("meetings", 2, 2, 0, None, None),
        ("comments_submitted", 14, 14, 0, None, None),
        ("comments_accepted", 10, 9, -1, None, None),
        ("legal_aid_cases", 7, 7, 0, None, None),
        ("legal_aid_person_times", 21, 21, 0, None, None),
        ("welfare_value_vnd", 18_000_000, 18_000_000, 0, None, None),
    ]
    frame = result.indicators_frame()
    assert list(frame.columns) == ["indicator", "old", "new", "difference", "old_year", "new_year"]
    assert frame["new_year"].tolist()[:3] == [2024, 2024, pd.NA]


def test_the_same_data_read_back_from_parquet_has_no_changes(tmp_path):
    snapshot = publish_tiny(tmp_path)
    result = compare_tables(tiny_tables(), snapshot.read_all())  # Int64 vs float NaN, dates, text dtypes
    assert [(d.added, d.removed, d.changed) for d in result.tables] == [(0, 0, 0)] * len(TABLES)
    assert all(d.difference == 0 for d in result.indicators)


def test_demo_snapshots_compare_consistently(demo_snapshots):
    new, old = demo_snapshots[0], demo_snapshots[1]
    result = compare_snapshots(old, new)
    assert (result.old_id, result.new_id) == ("demo-2023-12-31", "demo-2024-12-31")
    for diff in result.tables:
        assert diff.added + diff.changed + diff.unchanged == new.row_counts[diff.table]
        assert diff.removed + diff.changed + diff.unchanged == old.row_counts[diff.table]
    members = next(d for d in result.indicators if d.indicator == "members")
    latest = new.read("membership").query("year == 2024")["members"].sum()
    assert (members.new, members.new_year, members.old_year) == (latest, 2024, 2023)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_indicator_has_a_label(lang):
    assert len({indicator_label(name, lang) for name in INDICATORS}) == len(INDICATORS)


def test_duckdb_comparison_of_published_snapshots_equals_the_pandas_one(tmp_path, demo_snapshots):
    """compare_snapshots (DuckDB over the files) gives exactly what compare_tables (pandas) gives."""
    from massorg.data import store

    old = store.publish(tiny_tables(), snapshot_id="tiny", as_of=dt.date(2023, 12, 31), label="tiny",
                        is_demo=False, root=tmp_path)
    new = store.publish(_changed_tables(), snapshot_id="tiny-2024", as_of=dt.date(2024, 12, 31), label="tiny 2024",
                        is_demo=False, root=tmp_path)
    for a, b in ((old, new), (new, old), demo_snapshots[::-1]):
        assert compare_snapshots(a, b) == compare_tables(a.read_all(), b.read_all(), a.id, b.id)
    changed = compare_snapshots(old, new)
    assert any(d.added or d.removed or d.changed for d in changed.tables)  # the comparison is not empty


def test_duckdb_comparison_of_an_import_with_a_published_snapshot_equals_the_pandas_one(tmp_path, demo_snapshots):
    """The web import's comparison (the import's tables, not yet written, against the base's files) gives
    what compare_tables gives, also when the base is older than the schema: a snapshot without the
    optional lineage table and without an optional column reads as empty and null, as Snapshot.read does."""
    import pyarrow.parquet as pq

    from massorg.data import store
    from massorg.data.compare import compare_with_import

    old = store.publish(tiny_tables(), snapshot_id="tiny", as_of=dt.date(2023, 12, 31), label="tiny",
                        is_demo=False, root=tmp_path)
    imported = _changed_tables()
    assert compare_with_import(old, imported, "new") == compare_tables(old.read_all(), imported, old.id, "new")
    demo = demo_snapshots[-1]
    demo_tables = demo.read_all()
    assert compare_with_import(demo, imported, "new") == compare_tables(demo_tables, imported, demo.id, "new")

    lineage, units = old.table_path("lineage"), old.table_path("units")
    lineage.unlink(missing_ok=True)
    pq.write_table(pq.read_table(units).drop_columns(["population"]), units)
    assert "population" not in pq.read_schema(units).names
    result = compare_with_import(old, imported, "new")
    assert result == compare_tables(old.read_all(), imported, old.id, "new")
    units_diff = next(d for d in result.tables if d.table == "units")
    with_population = int(imported["units"]["population"].notna().sum())
    assert with_population > 0
    assert (units_diff.changed, units_diff.changed_columns) == (with_population, {"population": with_population})
