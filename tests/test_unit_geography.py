"""By-unit views choose their geography: old districts until 30/6/2025, new communes from 1/7/2025,
old districts bringing their new communes along across the reform, and an optional grouping of new
communes by old district in which the 4 that straddle two districts stand alone, named."""

from __future__ import annotations

import datetime as dt

import pytest

from massorg import areas, geography
from massorg.data import store
from massorg.data.queries import Filters, run
from massorg.ui.context import _unit_label
from massorg.ui.figures.membership import unit_label

AFTER = dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def newest(province_store):
    return store.open_snapshot("demo-2026-06-30", province_store / "snapshots")


def test_the_geography_that_fits_the_period():
    assert areas.unit_geography(dt.date(2024, 12, 31), 2014, 2024, "old") == "old"
    assert areas.unit_geography(AFTER, 2014, 2024, "old") == "old"
    assert areas.unit_geography(AFTER, 2025, 2026, "old") == "new"
    assert areas.unit_geography(AFTER, 2014, 2026, "old") == "across"
    assert areas.unit_geography(AFTER, 2014, 2026, "new") == "new"  # the new province starts in 2025
    assert len(areas.unit_options("new", "old")) == 51 and len(areas.unit_options("new", "new")) == 124
    assert areas.unit_options("across", "old") == geography.old_district_codes()
    # Di Linh across the reform: the district and the 7 new communes wholly inside it
    assert areas.with_new_units(["679"]) == ["679", "25000", "25007", "25015", "25018", "25036", "25042", "25051"]
    assert "24820" not in areas.with_new_units(["673"])  # Phường 2 Bảo Lộc straddles Bảo Lộc and Bảo Lâm


def test_the_unit_filter_offers_the_units_of_the_period_and_reads_without_accents(province_app):
    after = province_app(years=["2025", "2026"])
    box = after.multiselect(key="units")
    assert box.label == "Đơn vị hành chính (xã, phường từ 1/7/2025)" and len(box.options) == 124
    assert "Xã Đạ Huoai (Xa Da Huoai)" in box.options
    old_area = province_app(years=["2025", "2026"], area="old")
    assert len(old_area.multiselect(key="units").options) == 51
    before = province_app(years=["2014", "2024"])
    assert len(before.multiselect(key="units").options) == 12
    assert _unit_label("672", "vi") == "Đà Lạt (Da Lat)" and _unit_label("672", "en") == "Da Lat city"


def test_an_old_district_across_the_reform_keeps_one_line(province_app, newest):
    codes = tuple(areas.with_new_units(["679"]))
    members = run("members_by_year", newest, Filters(2023, 2026, unit_codes=codes))
    by_year = dict(zip(members.year, members.members))
    district = run("members_by_year", newest, Filters(2023, 2024, unit_codes=("679",)))
    assert [by_year[y] for y in (2023, 2024)] == district.members.tolist()
    assert by_year[2025] > 0 and by_year[2026] > 0  # the new communes carry the line on
    at = province_app(years=["2023", "2026"], area="old", units=["679"])
    assert not at.exception
    assert any(m.label == "Hội viên (cuối năm 2026)" and m.value == f"{by_year[2026]:,}".replace(",", ".")
               for m in at.metric)


def test_grouping_new_communes_by_old_district_keeps_the_straddlers_apart(newest):
    plain = run("members_by_unit", newest, Filters(2025, 2026, unit_codes=areas.unit_codes("old")))
    grouped = run("members_by_unit", newest, Filters(2025, 2026, unit_codes=areas.unit_codes("old"),
                                                        by_old_district=True, merged=True))
    assert grouped.members_end.sum() == plain.members_end.sum()  # nothing lost, nothing split
    assert set(grouped[~grouped.straddles].unit_code) <= {"68", *geography.old_district_codes()}
    straddlers = grouped[grouped.straddles]
    assert sorted(straddlers.unit_code) == ["24820", "24846", "24853", "24871"]
    labels = sorted(unit_label(r, "vi") for r in straddlers.to_dict("records"))
    assert labels[0] == "Phường 2 Bảo Lộc (gồm phần của Bảo Lộc, Bảo Lâm)"
    assert "Xã Đinh Văn Lâm Hà (gồm phần của Lâm Hà, Đức Trọng)" in labels
    di_linh = grouped.set_index("unit_code").loc["679", "members_end"]
    inside = plain[plain.unit_code.isin(areas.with_new_units(["679"])[1:])].members_end.sum()
    assert di_linh == inside
    welfare = run("welfare_by_unit_domain", newest, Filters(2026, 2026, by_old_district=True, merged=True,
                                                              unit_codes=areas.unit_codes("old")))
    assert set(welfare[welfare.straddles].unit_code) <= {"24820", "24846", "24853", "24871"}


def test_the_grouping_box_in_the_sidebar(province_app):
    at = province_app("pages/membership.py", years=["2025", "2026"], area="old", by_old="true")
    assert not at.exception
    table = at.dataframe[0].value
    names = set(table.iloc[:, 0])
    assert "Di Linh" in names and "Phường 2 Bảo Lộc (gồm phần của Bảo Lộc, Bảo Lâm)" in names
    assert at.checkbox(key="by_old").value is True
    # before 1/7/2025 there are no new communes to group: the box is not offered
    assert not [c for c in province_app(years=["2014", "2024"]).checkbox if c.key == "by_old"]
