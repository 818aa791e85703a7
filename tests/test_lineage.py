"""Association lineage: predecessor -> successor with date and kind; a merged association's profile
shows its predecessors' history; the overview says why the count drops; members before and after."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from massorg.data import store
from massorg.data.queries import Filters, run
from massorg.data.validate import errors, validate_tables
from tests.factories import publish_tiny, tiny_tables
from tests.pages_support import chart_titles

D = dt.date


def _tables():
    """tiny: P1 (province), D1 (district, Đức Trọng), C1 (commune, Lạc Dương); on 1/7/2025 D1 ends,
    C1 and a second commune association C2 merge into N1 of a new commune; members at the change."""
    t = tiny_tables()
    a = t["associations"]
    c2 = a[a.association_id == "C1"].assign(association_id="C2", name="Hội Làm vườn xã Lát", founded_on=D(2010, 1, 1))
    n1 = a[a.association_id == "C1"].assign(association_id="N1", name="Hội Làm vườn xã Lạc Dương", unit_code="24848",
                                           founded_on=D(2025, 7, 1))
    a = pd.concat([a, c2, n1], ignore_index=True)
    a.loc[a.association_id.isin(["D1", "C1", "C2"]), "dissolved_on"] = D(2025, 7, 1)
    t["associations"] = a
    t["membership"] = pd.concat([t["membership"], pd.DataFrame(
        [("C2", 2023, 20, 1), ("N1", 2025, 30, 3)], columns=t["membership"].columns)], ignore_index=True)
    t["lineage"] = pd.DataFrame([
        ("C1", "N1", D(2025, 7, 1), "merge", 8), ("C2", "N1", D(2025, 7, 1), "merge", 21),
        ("D1", None, D(2025, 7, 1), "dissolution", 41),
    ], columns=["predecessor_id", "successor_id", "effective_on", "kind", "members_at_change"])
    return t


@pytest.fixture(scope="module")
def snap(tmp_path_factory, store_root):
    return publish_tiny(tmp_path_factory.mktemp("lineage"), _tables(), snapshot_id="lineage")


def rows(df, columns=None):
    df = df[columns] if columns else df
    return [tuple(None if pd.isna(v) else v for v in r) for r in df.itertuples(index=False)]


def test_lineage_is_validated_like_every_table():
    t = _tables()
    assert errors(validate_tables(t, current_year=2026, as_of=D(2025, 12, 31))) == []
    t["lineage"].loc[0, "kind"] = "takeover"
    t["lineage"].loc[1, "successor_id"] = "NOPE"
    found = [(f.rule, f.row, f.column) for f in errors(validate_tables(t, current_year=2026, as_of=D(2025, 12, 31)))]
    assert found == [("unknown_code", 0, "kind"), ("dangling_reference", 1, "successor_id")]


def test_profile_lineage_both_ways(snap):
    successor = run("profile_lineage", snap, association_id="N1")
    assert rows(successor, ["relation", "other_id", "kind", "members_at_change"]) == [
        ("predecessor", "C1", "merge", 8), ("predecessor", "C2", "merge", 21)]
    predecessor = run("profile_lineage", snap, association_id="C1")
    assert rows(predecessor, ["relation", "other_id", "other_name", "kind"]) == [
        ("successor", "N1", "Hội Làm vườn xã Lạc Dương", "merge")]
    ended = run("profile_lineage", snap, association_id="D1")
    assert rows(ended, ["relation", "other_id", "kind", "members_at_change"]) == [("successor", None, "dissolution", 41)]


def test_a_merged_association_has_its_predecessors_history(snap):
    df = run("profile_lineage_members_by_year", snap, association_id="N1")
    assert rows(df, ["year", "association_id", "generation", "members"]) == [
        (2023, "C1", 1, 7), (2023, "C2", 1, 20), (2025, "N1", 0, 30)]


def test_changes_by_year_say_why_the_count_drops(snap):
    df = run("lineage_changes_by_year", snap)
    assert rows(df) == [(2025, "dissolution", 1, 0, 41), (2025, "merge", 2, 1, 29)]
    # the sidebar's filters apply to the associations that changed
    assert rows(run("lineage_changes_by_year", snap, Filters(levels=("commune",)))) == [(2025, "merge", 2, 1, 29)]
    assert run("lineage_changes_by_year", snap, Filters(year_from=2014, year_to=2024)).empty


def test_lineage_sums_in_the_demo(province_store):
    """Members on 30/6/2025 of the predecessors against the successors' at 31/12/2025."""
    snap = store.open_snapshot("demo-2025-12-31", province_store / "snapshots")
    lineage = snap.read("lineage")
    changes = run("lineage_changes_by_year", snap)
    assert int(changes.associations.sum()) == len(lineage)
    merged = lineage[lineage.kind.isin(["merge", "rename"]) & lineage.successor_id.str.startswith("M")]
    members = snap.read("membership").query("year == 2025").set_index("association_id").members
    before, after = merged.members_at_change.sum(), members[merged.successor_id.unique()].sum()
    assert 0.99 * before <= after <= 1.04 * before


def test_a_merged_provincial_associations_profile_shows_its_predecessors(province_app):
    at = province_app("pages/directory.py", assoc="T001", years=["2014", "2026"], area="new")
    assert not at.exception
    assert "#### Hội tiền thân và hội kế tục" in [m.value for m in at.markdown]
    # its predecessors reported to their own provinces before 2025: their members at the merger only
    assert any(c.value.startswith("Hội viên ngày 30/06/2025 của các hội tiền thân") for c in at.caption)
    predecessors = [frame.value for frame in at.dataframe if "Hội tiền thân" in set(frame.value.iloc[:, 0])]
    assert predecessors and set(predecessors[0].iloc[:, 1]) == {"Hội Chữ thập đỏ tỉnh Đắk Nông",
                                                                "Hội Chữ thập đỏ tỉnh Bình Thuận"}
    over = province_app(years=["2025", "2026"])
    assert any(c.value.startswith("Năm 2025: 276 hội kết thúc") for c in over.caption), [c.value for c in over.caption]


def test_a_commune_successor_compares_members_before_and_after(province_app, province_store):
    snap = store.open_snapshot("demo-2026-06-30", province_store / "snapshots")
    lineage = snap.read("lineage")
    old_lam_dong = lineage.predecessor_id.str.startswith("X") & lineage.successor_id.str.startswith("M", na=False)
    successor = lineage[old_lam_dong].successor_id.iloc[0]
    at = province_app("pages/directory.py", assoc=successor, years=["2014", "2026"], area="old")
    assert not at.exception
    before = int(lineage[lineage.successor_id == successor].members_at_change.sum())
    note = [c.value for c in at.caption if c.value.startswith("Hội viên ngày 30/06/2025")]
    assert note and f"các hội tiền thân: {before:,}".replace(",", ".") in note[0]
    # the predecessors' history and the successor's, year by year in one chart
    assert any(title.startswith("Hội viên của ") and "và các hội tiền thân, 2014–2026" in title
               for title in chart_titles(at))
