"""Areas, not codes: old Lâm Đồng (like-for-like 2014–2026) and the new province (from 2025); the
comparison that is not like-for-like says so; time charts mark the boundary changes."""

from __future__ import annotations

import base64
import datetime as dt
import json

import numpy as np
import pytest

from massorg import areas, geography
from massorg.data import store
from massorg.data.queries import Filters, run
from massorg.export.filters import filter_lines
from tests.pages_support import metrics

OLD = areas.unit_codes("old")


@pytest.fixture(scope="module")
def newest(province_store):
    return store.open_snapshot("demo-2026-06-30", province_store / "snapshots")


def _members(snap, codes, first=2024, last=2026):
    df = run("members_by_year", snap, Filters(year_from=first, year_to=last, unit_codes=codes))
    return dict(zip(df.year.astype(int), df.members.astype(int)))


def test_old_lam_dong_is_the_province_its_12_districts_and_the_51_new_units():
    assert len(OLD) == 1 + 12 + 51 and OLD[0] == "68"
    assert areas.unit_codes("new") is None and areas.first_year("new") == 2025
    assert areas.default_area(dt.date(2026, 6, 30)) == "new" and areas.default_area(dt.date(2024, 12, 31)) == "old"
    assert areas.comparable("old", 2025) and not areas.comparable("new", 2025) and areas.comparable("new", 2026)


def test_a_series_of_old_lam_dong_2024_2026_is_the_sum_of_its_parts_on_both_geographies(newest):
    whole = _members(newest, OLD)
    parts: dict[int, int] = {}
    for code in OLD:
        for year, members in _members(newest, (code,)).items():
            parts[year] = parts.get(year, 0) + members
    assert whole == parts and sorted(whole) == [2024, 2025, 2026]
    assert whole[2024] == 519_386  # the published figure, unchanged on the new demo
    # 2024 lies on the old districts, 2025-2026 on the new units (and the province's own associations)
    districts = sum(_members(newest, tuple(geography.old_district_codes()), 2024, 2024).values())
    province = _members(newest, ("68",))
    new_units = _members(newest, tuple(geography.new_units_of_old_province("68")), 2025, 2026)
    assert whole[2024] == districts + province[2024]
    assert {y: whole[y] for y in (2025, 2026)} == {y: new_units[y] + province[y] for y in (2025, 2026)}
    # the new province is larger: Đắk Nông and Bình Thuận's communes
    assert _members(newest, None, 2025, 2025)[2025] > whole[2025]


def test_the_default_view_is_the_newest_snapshot_on_the_new_province(province_app, newest):
    at = province_app()
    assert not at.exception
    assert at.selectbox(key="snapshot").value == "demo-2026-06-30" and at.radio(key="area").value == "new"
    assert "Địa bàn: Lâm Đồng (từ 1/7/2025)." in [c.value for c in at.caption]
    members = _members(newest, None, 2026, 2026)[2026]
    assert metrics(at)["Hội viên (cuối năm 2026)"][0] == f"{members:,}".replace(",", ".")
    assert metrics(at)["Hội viên (cuối năm 2026)"][1].endswith("so với 2025")


def test_the_first_year_of_the_new_province_is_not_compared_with_the_old_one(province_app):
    at = province_app(years=["2025", "2025"])
    cards = metrics(at)
    assert cards["Hội viên (cuối năm 2025)"][1] == "không so sánh được"
    assert cards["Số hội (cuối năm 2025)"][1] == "không so sánh được"
    assert "Năm 2025 không so sánh được với năm 2024: năm 2024 chỉ có tỉnh Lâm Đồng cũ." in [c.value for c in at.caption]
    en = province_app(years=["2019", "2024"], lang="en")  # before the new province: it starts in 2025
    assert "The new Lâm Đồng province exists from 1 Jul 2025: the period starts in 2025." in [i.value for i in en.info]
    assert metrics(en)["Members (end of 2025)"][1] == "not comparable"


def test_old_lam_dong_from_2014_to_2026_on_one_line_with_the_boundary_changes_marked(province_app, newest):
    at = province_app(area="old", years=["2014", "2026"])
    assert not at.exception
    assert any(c.value.startswith("Địa bàn: Lâm Đồng (cũ). Từ 1/7/2025 các hội cấp tỉnh") for c in at.caption)
    whole = _members(newest, OLD, 2014, 2026)
    cards = metrics(at)
    assert cards["Hội viên (cuối năm 2026)"][0] == f"{whole[2026]:,}".replace(",", ".")
    trend = json.loads(at.get("plotly_chart")[0].proto.spec)
    y = trend["data"][0]["y"]  # plotly sends numbers as typed binary
    assert np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"]).tolist() == [whole[y] for y in range(2014, 2027)]
    # the dotted lines are the boundary changes (drawn first); the dashed ones and the band are events
    marks = [(round(s["x0"], 2), a["text"]) for s, a in zip(trend["layout"]["shapes"], trend["layout"]["annotations"])
             if s.get("line", {}).get("dash") == "dot"]
    assert marks == [(2024.42, "Sáp nhập 3 huyện (1/12/2024)"), (2025.0, "Tỉnh mới, bỏ cấp huyện (1/7/2025)")]


def test_a_2014_2024_chart_has_no_boundary_line_and_exports_name_the_area(app):
    at = app(years=["2014", "2024"])
    trend = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert not [s for s in trend["layout"].get("shapes", []) if s.get("line", {}).get("dash") == "dot"]  # events only
    assert not [r for r in at.radio if r.key == "area"]  # a snapshot before 1/7/2025 has only old Lâm Đồng
    lines = filter_lines(Filters(2014, 2026, unit_codes=OLD, area="old"), "vi")
    assert lines[1] == "Địa bàn: Lâm Đồng (cũ)"
    assert filter_lines(Filters(2025, 2026, area="new"), "en")[1] == "Area: Lâm Đồng (from 1 Jul 2025)"


def test_a_link_with_an_old_district_keeps_its_years_on_the_newest_snapshot(province_app):
    """A chosen unit is what is shown, not the area: an older link (units=678, 2020–2022) still works."""
    at = province_app("pages/funding.py", years=["2020", "2022"], units=["678"])
    assert not at.exception
    assert at.slider(key="years").value == (2020, 2022)
    assert json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"].endswith("2020–2022")
