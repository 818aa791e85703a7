"""The demo of the new province: 31/12/2025 and 30/06/2026, seeded and marked demo, built on the
2014–2024 demo without changing a figure of it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from massorg import geography
from massorg.data import demo
from massorg.data.demo_2025 import REFORM, province_tables
from massorg.data.validate import errors, validate_tables, warnings


@pytest.fixture(scope="module")
def built():
    full = demo.generate()
    mid_2026, links = province_tables(full, demo.DEFAULT_SEED)
    return full, {s.snapshot_id: s for s in demo.province_snapshots()}, links, mid_2026


def _active(assoc: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    return assoc[(assoc.founded_on <= day) & (assoc.dissolved_on.isna() | (assoc.dissolved_on > day))]


def test_the_two_snapshots_are_valid_demo_snapshots_as_of_end_2025_and_mid_2026(built):
    _, snaps, _, _ = built
    assert [(s.snapshot_id, s.as_of) for s in snaps.values()] == [
        ("demo-2025-12-31", dt.date(2025, 12, 31)), ("demo-2026-06-30", dt.date(2026, 6, 30))]
    for s in snaps.values():
        found = validate_tables(s.tables, current_year=2026, as_of=s.as_of)
        assert errors(found) == []
        if s.snapshot_id == "demo-2025-12-31":
            assert warnings(found) == []
        assert "Dữ liệu mẫu" in s.label and "Demo data" in s.label
    # by 30/6/2026 a few commune associations had not sent their half-year figures: the only warnings
    mid = snaps["demo-2026-06-30"]
    late = warnings(validate_tables(mid.tables, current_year=2026, as_of=mid.as_of))
    assert {(f.rule, f.params["years"]) for f in late} == {("no_report", "2026")}
    assoc = mid.tables["associations"].set_index("association_id")
    silent = {f.value for f in late}
    assert set(assoc.loc[list(silent), "level"]) == {"commune"}
    communes = _active(mid.tables["associations"], dt.date(2026, 6, 30)).query("level == 'commune'")
    assert 0.02 * len(communes) < len(silent) < 0.06 * len(communes)
    funding_2026 = set(mid.tables["funding"].query("year == 2026").association_id)
    assert not silent & funding_2026  # nothing at all: neither members nor funding
    end_2025 = snaps["demo-2025-12-31"].tables
    assert end_2025["membership"].year.max() == 2025 and end_2025["funding"].year.max() == 2025
    assert snaps["demo-2026-06-30"].tables["funding"].year.max() == 2026


def test_2014_2024_facts_are_exactly_those_of_the_published_demo(built):
    full, snaps, _, _ = built
    for s in snaps.values():
        for name in ("membership", "funding", "legal_aid", "welfare"):
            old = s.tables[name][s.tables[name].year <= 2024].reset_index(drop=True)
            pd.testing.assert_frame_equal(old, full[name].reset_index(drop=True), check_dtype=False)
        cons = s.tables["consultations"]
        pd.testing.assert_frame_equal(cons[cons.held_on < dt.date(2025, 1, 1)].reset_index(drop=True),
                                      full["consultations"], check_dtype=False)
        a = s.tables["associations"].set_index("association_id")
        before = full["associations"].set_index("association_id")
        same = a.loc[before.index]
        changed = same.dissolved_on.ne(before.dissolved_on) & ~(same.dissolved_on.isna() & before.dissolved_on.isna())
        assert set(same.loc[changed, "dissolved_on"]) == {REFORM}  # only the end of 1/7/2025 is new
        pd.testing.assert_frame_equal(same.drop(columns="dissolved_on"), before.drop(columns="dissolved_on"),
                                      check_dtype=False)


def test_no_district_level_after_30_6_2025_and_everything_alive_is_keyed_to_a_valid_unit(built):
    _, snaps, _, _ = built
    assoc = snaps["demo-2026-06-30"].tables["associations"]
    after = _active(assoc, dt.date(2025, 12, 31))
    assert set(after.level) == {"province", "commune"}
    assert all(geography.is_valid_on(u, dt.date(2025, 12, 31)) for u in after.unit_code)
    assert set(after[after.level == "commune"].unit_code) <= set(geography.new_unit_codes())
    before = _active(assoc, dt.date(2025, 6, 30))
    assert before.level.value_counts().to_dict() == {"commune": 950, "district": 276, "province": 94}
    assert after.level.value_counts().to_dict() == {"commune": 509, "province": 62}
    tables = snaps["demo-2026-06-30"].tables
    late = tables["consultations"][tables["consultations"].held_on >= REFORM]
    assert set(late.unit_code) <= set(geography.new_unit_codes()) | {"68"}
    w26 = tables["welfare"][tables["welfare"].year == 2026]
    assert set(w26.unit_code) <= set(geography.new_unit_codes()) | {"68"}


def test_dak_nong_and_binh_thuan_associations_in_plausible_numbers(built):
    _, snaps, _, _ = built
    assoc = snaps["demo-2025-12-31"].tables["associations"]
    province = assoc.unit_code.map(lambda u: geography.province_of(u) if u in geography.units() else "68")
    joined = assoc[province.isin(["67", "60"])]
    counts = joined.groupby([province[joined.index], "level"]).size().to_dict()
    assert counts == {("60", "commune"): 300, ("60", "district"): 80, ("60", "province"): 16,
                      ("67", "commune"): 180, ("67", "district"): 56, ("67", "province"): 16}
    assert (joined.dissolved_on == REFORM).all()  # all of them ended or merged on 1/7/2025
    assert "Hội Chữ thập đỏ tỉnh Đắk Nông" in set(joined.name) and "Hội Chữ thập đỏ tỉnh Bình Thuận" in set(joined.name)


def test_same_name_associations_merge_and_members_carry_over(built):
    _, _, links, mid_2026 = built
    assoc = mid_2026["associations"].set_index("association_id")
    red_cross = assoc[(assoc.level == "province") & (assoc.type_code == "red_cross")].index
    into_lam_dong = [lk for lk in links if lk.successor_id == "T001"]
    assert {assoc.loc[lk.predecessor_id, "name"] for lk in into_lam_dong} == {
        "Hội Chữ thập đỏ tỉnh Đắk Nông", "Hội Chữ thập đỏ tỉnh Bình Thuận"}
    assert "T001" in red_cross and all(lk.kind == "merge" for lk in into_lam_dong)
    m = mid_2026["membership"].set_index(["association_id", "year"])["members"]
    at_change = m[("T001", 2024)] + sum(lk.members_at_change for lk in into_lam_dong)
    assert 0.97 * at_change <= m[("T001", 2025)] <= 1.06 * at_change
    # commune associations: every successor's members are its predecessors' (within a year's growth)
    succ = {}
    for lk in links:
        if lk.successor_id and lk.successor_id.startswith("M"):
            succ.setdefault(lk.successor_id, []).append(lk.members_at_change)
    assert len(succ) == 509
    total_before, total_after = sum(map(sum, succ.values())), sum(m[(s, 2025)] for s in succ)
    assert 0.99 * total_before <= total_after <= 1.04 * total_before
    assert {lk.kind for lk in links if lk.successor_id is None} == {"dissolution"}
    assert sum(1 for lk in links if lk.kind == "dissolution") == 276
