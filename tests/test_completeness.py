"""Reporting completeness: who reported nothing to members, funding and activities in a year, on a few
hand-made rows (the expected rows worked out by hand below), the same rule on unpublished tables, the
Data page's section and the import summary."""

from __future__ import annotations

import pandas as pd

from massorg.data import completeness
from massorg.data.queries import Filters, run
from tests.factories import publish_tiny, tiny_tables

# tiny_tables: P1 (province, 68), D1 (district, 678), C1 (commune, 675, founded 1/3/2023).
# 2022: P1 and D1 active; both reported members, only P1 funding; P1 led M1, D1 has welfare W3.
# 2023: all three active; all reported members and funding; C1 has no activity (no meeting, legal aid, welfare).


def _tiny(tmp_path, **changes):
    tables = tiny_tables()
    if "parent" in changes:
        a = tables["associations"]
        a.loc[a.association_id == "C1", "parent_id"] = changes["parent"]
    return publish_tiny(tmp_path / "store", tables), tables


def test_who_has_not_reported_on_hand_made_rows(tmp_path):
    snap, _ = _tiny(tmp_path, parent="D1")
    status = run("reporting_status_by_association", snap, Filters(2022, 2022))
    assert status[["association_id", "reported_members", "reported_funding", "reported_activities"]].values.tolist() == [
        ["D1", True, False, True]]
    status = run("reporting_status_by_association", snap, Filters(2023, 2023))
    assert status["association_id"].tolist() == ["C1"]
    assert status["parent_id"].tolist() == ["D1"]
    assert (status["reported_members"].item(), status["reported_activities"].item()) == (True, False)


def test_counts_by_unit_and_type_and_by_year(tmp_path):
    snap, _ = _tiny(tmp_path)
    by_unit = run("reporting_completeness_by_unit_type", snap, Filters(2023, 2023))
    assert by_unit.values.tolist() == [
        ["675", "gardening", 1, 0, 0, 1],
        ["678", "education_promotion", 1, 0, 0, 0],
        ["68", "red_cross", 1, 0, 0, 0],
    ]
    by_year = run("reporting_completeness_by_year", snap, Filters(2022, 2023))
    assert by_year.values.tolist() == [[2022, 2, 2, 1, 2], [2023, 3, 3, 3, 2]]
    one_unit = run("reporting_completeness_by_year", snap, Filters(2023, 2023, unit_codes=("675",)))
    assert one_unit.values.tolist() == [[2023, 1, 1, 1, 0]]


def test_unpublished_tables_count_the_same_and_the_summary_reads_well(tmp_path):
    snap, tables = _tiny(tmp_path)
    for year in (2022, 2023):
        row = run("reporting_completeness_by_year", snap, Filters(year, year)).iloc[0]
        assert completeness.of_tables(tables, year) == completeness.of_row(row)
    assert completeness.last_year(tables) == 2023
    c = completeness.of_tables(tables, 2022)
    assert completeness.summary_text(c, "vi") == (
        "Năm 2022: 2 hội đang hoạt động; đã báo cáo hội viên 2 (100,0%), kinh phí 1 (50,0%), hoạt động 2 (100,0%).")
    assert completeness.summary_text(c, "en").startswith("2022: 2 active associations; reported members 2 (100.0%)")


def test_demo_snapshot_of_end_2023_misses_late_reports(demo_snapshots):
    early = next(s for s in demo_snapshots if s.id == "demo-2023-12-31")
    row = run("reporting_completeness_by_year", early, Filters(2023, 2023)).iloc[0]
    c = completeness.of_row(row)
    assert c == completeness.of_tables(early.read_all(), 2023)
    assert 0 < c.missing("members") < c.associations * 0.05  # a few commune associations had not sent their report
    assert 0 < c.missing("funding") < c.associations * 0.05


def test_the_list_to_download_names_whom_to_contact_and_what_is_missing():
    status = pd.DataFrame([
        dict(association_id="C1", name="Hội Làm vườn xã Đạ Sar", name_en=None, type_code="gardening", level="commune",
             unit_code="675", parent_id="D9", parent_name="Hội Làm vườn huyện Lạc Dương", parent_name_en=None,
             reported_members=False, reported_funding=True, reported_activities=False),
        dict(association_id="P1", name="Hội Chữ thập đỏ tỉnh", name_en="Red Cross", type_code="red_cross",
             level="province", unit_code="68", parent_id=None, parent_name=None, parent_name_en=None,
             reported_members=True, reported_funding=False, reported_activities=True),
    ])
    rows = completeness.missing_list(status, "vi", lambda c: f"đơn vị {c}", lambda c: f"loại {c}")
    assert rows.values.tolist() == [
        ["C1", "Hội Làm vườn xã Đạ Sar", "loại gardening", "Cấp xã", "đơn vị 675", "Hội Làm vườn huyện Lạc Dương",
         "hội viên, hoạt động"],
        ["P1", "Hội Chữ thập đỏ tỉnh", "loại red_cross", "Cấp tỉnh", "đơn vị 68", "đơn vị 68", "kinh phí"],
    ]
    assert completeness.missing_list(status, "en", str, str)["name"].tolist()[1] == "Red Cross"


def test_data_page_shows_completeness_of_the_year_and_of_every_snapshot(app, demo_snapshots):
    at = app("pages/data.py", snapshot="demo-2023-12-31", years=["2023", "2023"])
    assert not at.exception
    early = next(s for s in demo_snapshots if s.id == "demo-2023-12-31")
    c = completeness.of_tables(early.read_all(), 2023)
    assert completeness.summary_text(c, "vi") in [m.value for m in at.markdown]
    frames = [df.value for df in at.dataframe]
    [listed] = [f for f in frames if "Đầu mối liên hệ (hội cấp trên hoặc đơn vị)" in f.columns]
    from massorg.data import listing

    status = run("reporting_status_by_association", early, Filters(2023, 2023))
    assert len(status) > listing.PAGE_SIZE  # 76: the list is paged in SQL, one page on screen
    assert len(listed) == listing.PAGE_SIZE and listed["Mã hội"].tolist() == status["association_id"][:50].tolist()
    assert any(f"Dòng 1–50 trong {len(status)} (trang 1/2)" in cap.value for cap in at.caption)
    every = listing.everything(listing.NOT_REPORTED, early, Filters(2023, 2023))  # what the downloads hold
    shown_all = completeness.missing_list(every, "vi", str, str)
    assert len(shown_all) == len(status)
    assert (shown_all["missing"].str.contains("hội viên")).sum() == c.missing("members")
    [per_snapshot] = [f for f in frames if "Bản dữ liệu" in f.columns and "Đã báo cáo hội viên (%)" in f.columns]
    assert per_snapshot["Bản dữ liệu"].tolist() == [s.id for s in demo_snapshots]
    [by_unit] = [f for f in frames if "Chưa báo cáo kinh phí" in f.columns]
    assert by_unit["Chưa báo cáo kinh phí"].iloc[-1] == c.missing("funding")  # the total row


def test_import_summary_says_how_complete_the_new_snapshot_is(tmp_path):
    from massorg.ingest.commands import completeness_line
    from massorg.ingest.importer import BuiltTable, ImportResult

    tables = tiny_tables()
    result = ImportResult(findings=[], files=[], tables={
        name: BuiltTable(frame=df, origins=[], source="files") for name, df in tables.items()})
    assert completeness_line(result, "en") == (
        "Completeness of the new snapshot — 2023: 3 active associations; reported members 3 (100.0%), "
        "funding 3 (100.0%), activity 2 (66.7%).")


def test_the_newest_demo_names_the_half_year_reports_not_yet_sent(province_app, province_store):
    from massorg.data import store

    newest = store.open_snapshot("demo-2026-06-30", province_store / "snapshots")
    c = completeness.of_tables(newest.read_all(), 2026)
    assert 0 < c.missing("members") == c.missing("funding") < c.associations * 0.05  # the demo's realistic gap
    at = province_app("pages/data.py")
    assert not at.exception
    assert completeness.summary_text(c, "vi") in [m.value for m in at.markdown]  # the whole new province
    frames = [df.value for df in at.dataframe]
    [listed] = [f for f in frames if "Đầu mối liên hệ (hội cấp trên hoặc đơn vị)" in f.columns]
    assert (listed["Chưa báo cáo"].str.contains("hội viên")).sum() == c.missing("members")
    assert set(listed["Cấp"]) >= {"Cấp xã"}


def test_pages_warn_that_a_fall_may_be_a_missing_report(province_app, province_store):
    """The mid-2026 demo lacks some half-year reports: members at 30/06/2026 read −3,8% on 2025 — the
    overview, membership and funding pages say how many associations sent nothing, not only the Data page."""
    from massorg.data import store

    snap = store.open_snapshot("demo-2026-06-30", province_store / "snapshots")
    from massorg import areas

    found = run("reporting_completeness_by_year", snap,
                Filters(2026, 2026, unit_codes=areas.unit_codes("new"), area="new")).iloc[0]
    c = completeness.of_row(found)
    assert c.missing("members") > 0
    expected = completeness.gap_text(c, "vi")
    assert expected.startswith(f"Năm 2026 còn {c.missing('members')} hội chưa báo cáo hội viên")
    for page in (None, "pages/membership.py", "pages/funding.py"):
        at = province_app(page)
        assert not at.exception
        assert expected in [i.value for i in at.info], page
    assert completeness.gap_text(completeness.Completeness(2024, 10, {"members": 10, "funding": 10,
                                                                      "activities": 3}), "vi") is None
