"""Unit scopes below the SQL: for every query, a snapshot scoped to units S gives what the unscoped
snapshot gives with the unit filter S (where the query takes one), and never a row outside S."""

from __future__ import annotations

import pandas as pd
import pytest

from massorg.access.scope import ScopedSnapshot, scoped
from massorg.areas import with_new_units
from massorg.data import queries
from massorg.data.queries import Filters
from massorg.labels import expand_merged

SCOPES = {
    "da_lat": ("672",),
    "bao_loc_and_di_linh": ("673", "677"),
    "da_huoai_with_merged": ("681", "682", "683"),
}


def _grant_units(units: tuple[str, ...]) -> tuple[str, ...]:
    """The units a grant on `units` covers (the merged district's history, the new units inside)."""
    return tuple(with_new_units(expand_merged(list(units))))


@pytest.fixture(scope="module")
def snapshots(demo_snapshot, province_store):
    """The 2024 demo and the 30/6/2026 one (new communes, lineage of the 2025 mergers)."""
    from massorg.data import store

    return [demo_snapshot, store.list_snapshots(province_store / "snapshots")[0]]


def _extra(name: str, snapshot, units) -> dict:
    """Values for the page parameters a query needs: the association inside the scope with the most rows
    (for lineage: the one with the most lineage steps)."""
    sql = queries.sql_text(name)
    extra = {}
    if "$association_id" in sql:
        assoc = snapshot.read("associations")
        ids = assoc.loc[assoc["unit_code"].isin(units), "association_id"]
        if "lineage" in name:
            lineage = snapshot.read("lineage")
            rows = pd.concat([lineage["successor_id"], lineage["predecessor_id"]])
        else:
            rows = pd.concat([snapshot.read(t)["association_id"] for t in ("legal_aid", "consultations", "welfare")])
        rows = rows[rows.isin(ids)]
        extra["association_id"] = rows.value_counts().index[0] if not rows.empty else "none"
    if "$search" in sql:
        extra["search"] = None
    if "$as_of" in sql:
        extra["as_of"] = snapshot.as_of
    return extra


def _same(left: pd.DataFrame, right: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(left.reset_index(drop=True), right.reset_index(drop=True), check_dtype=False)


@pytest.mark.parametrize("scope", list(SCOPES), ids=list(SCOPES))
@pytest.mark.parametrize("name", queries.query_names())
def test_scoped_equals_unit_filter_and_stays_inside(name, scope, snapshots):
    compared = [_compare_scoped(name, snapshot, _grant_units(SCOPES[scope])) for snapshot in snapshots]
    assert any(compared), f"{name}: nothing to compare in scope {SCOPES[scope]} in any demo snapshot"


def _compare_scoped(name: str, snapshot, units: tuple[str, ...]) -> bool:
    """Checks one snapshot; says whether the scoped result held any row."""
    view = scoped(snapshot, units)
    assert isinstance(view, ScopedSnapshot)
    extra = _extra(name, snapshot, units)
    got = queries.run(name, view, Filters(), **extra)
    associations = snapshot.read("associations")
    inside = set(associations.loc[associations["unit_code"].isin(units), "association_id"])
    welfare = snapshot.read("welfare")
    delivered_inside = set(welfare.loc[welfare["unit_code"].isin(units), "association_id"])
    if "association_id" in got.columns:
        # welfare results name the associations that delivered it in the scope
        allowed = inside | delivered_inside if "welfare" in name else inside
        assert set(got["association_id"].dropna()) <= allowed
    if "unit_code" in got.columns:
        assert set(got["unit_code"].dropna()) <= set(units)
    if "other_unit_code" in got.columns:  # lineage: the other side is named only inside the scope
        assert set(got["other_unit_code"].dropna()) <= set(units)
    if "$unit_codes" in queries.sql_text(name):
        filtered = queries.run(name, snapshot, Filters(unit_codes=units), **extra)
        if "parent_name" in got.columns:  # the contact: a parent body outside the scope is not named
            names = ["parent_name", "parent_name_en"]
            assert got.loc[~got["parent_id"].isin(inside), names].isna().all().all()
            got, filtered = (df.drop(columns=names) for df in (got, filtered))
        _same(got, filtered)
    elif name.startswith("profile_") and "welfare" not in name:
        # one association of the scope: its profile is whole (only welfare is cut to where it was delivered),
        # except that a parent body or a lineage partner outside the scope is named by its id only
        whole = queries.run(name, snapshot, Filters(), **extra)
        for id_column, names in (("parent_id", ["parent_name", "parent_name_en"]),
                                 ("other_id", ["other_name", "other_name_en", "other_unit_code"])):
            if names[0] in got.columns:
                outside = ~got[id_column].isin(inside)
                assert got.loc[outside, names].isna().all().all()
                got, whole = (df.drop(columns=names) for df in (got, whole))
        _same(got, whole)
    return not got.empty


def test_scope_changes_results_and_is_part_of_the_cache_key(demo_snapshot):
    """Two users asking the same query must not share results: the scope is in the cache key."""
    whole = queries.run("overview_kpis", demo_snapshot)
    da_lat = queries.run("overview_kpis", scoped(demo_snapshot, ("672",)))
    bao_loc = queries.run("overview_kpis", scoped(demo_snapshot, ("673",)))
    again = queries.run("overview_kpis", demo_snapshot)
    assert da_lat["members"].iloc[-1] < whole["members"].iloc[-1]
    assert da_lat["members"].iloc[-1] != bao_loc["members"].iloc[-1]
    _same(again, whole)
    assert (whole["associations"] > da_lat["associations"]).all()


def test_empty_scope_shows_nothing(demo_snapshot):
    got = queries.run("directory_associations", scoped(demo_snapshot, ()), search=None)
    assert got.empty


def test_scoped_read_filters_every_table_like_the_queries(demo_snapshot):
    """The Data page reads Parquet tables (the comparison): the same scope applies there."""
    view = scoped(demo_snapshot, ("672",))
    associations = view.read("associations")
    assert set(associations["unit_code"]) == {"672"}
    ids = set(associations["association_id"])
    for table in ("membership", "funding", "consultations", "legal_aid"):
        rows = view.read(table)
        assert not rows.empty and set(rows["association_id"]) <= ids, table
    assert set(view.read("welfare")["unit_code"]) == {"672"}
    assert len(view.read("units")) == len(demo_snapshot.read("units"))
    members = queries.run("members_by_year", view)
    expected = view.read("membership").groupby("year")["members"].sum()
    assert members.set_index("year")["members"].astype(int).to_dict() == expected.astype(int).to_dict()


def test_scoped_connection_cannot_read_files(demo_snapshot):
    cursor = queries.connection(demo_snapshot).cursor()
    try:
        with pytest.raises(Exception, match="(?i)permission|disabled"):
            cursor.execute("select * from read_csv('/etc/hostname')").fetchall()
    finally:
        cursor.close()
