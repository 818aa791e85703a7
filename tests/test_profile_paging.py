"""An association profile's own tables (the meetings it led, its welfare programmes) paged in SQL like
the directory: one page of rows, counts and totals from SQL over every row, exports of all of them.
Hand-made rows: the query tests' six associations, with 120 more meetings led by P1."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from massorg.data import listing, store
from massorg.data.queries import Filters
from tests import test_queries_pages_b

d = dt.date
EXTRA = 120  # meetings X001…X120 led by P1, one a day from 1/1/2023: X120 is the newest


def tables() -> dict[str, pd.DataFrame]:
    out = test_queries_pages_b.tables()
    extra = pd.DataFrame([
        dict(meeting_id=f"X{i:03d}", held_on=d(2023, 1, 1) + dt.timedelta(days=i - 1), association_id="P1",
             unit_code="68", subject_kind="draft_law", subject=f"Góp ý lần {i}", comments_submitted=i % 5,
             comments_accepted=i % 3 if i % 3 <= i % 5 else 0)
        for i in range(1, EXTRA + 1)
    ])
    out["consultations"] = pd.concat([out["consultations"], extra], ignore_index=True)
    return out


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, store_root):
    root = tmp_path_factory.mktemp("profile_paging") / "snapshots"
    # marked as demo data: the public sees demo snapshots without logging in
    store.publish(tables(), snapshot_id="profile-paging", as_of=d(2023, 12, 31), label="profile paging",
                  is_demo=True, root=root)
    return root


@pytest.fixture(scope="module")
def snap(store_dir):
    return store.open_snapshot("profile-paging", store_dir)


def ids(df: pd.DataFrame, column: str = "meeting_id") -> list[str]:
    return df[column].tolist()


def test_the_meetings_an_association_led_come_a_page_at_a_time_newest_first(snap):
    # P1 led M1 (2/4/2022), M3 (1/2/2023) and X001…X120 (1/1/2023 – 30/4/2023): 122 meetings
    first = listing.page(listing.PROFILE_MEETINGS, snap, association_id="P1")
    assert len(first) == listing.PAGE_SIZE == 50
    assert ids(first)[:3] == ["X120", "X119", "X118"]
    third = listing.page(listing.PROFILE_MEETINGS, snap, page_no=3, association_id="P1")
    # 2 + 120 = 122 rows: page 3 holds rows 101–122, X021 … X001, then M1 of 2022
    assert ids(third) == [f"X{i:03d}" for i in range(21, 0, -1)] + ["M1"]
    assert listing.page(listing.PROFILE_MEETINGS, snap, page_no=4, association_id="P1").empty


def test_same_day_meetings_are_ordered_by_id_so_pages_never_overlap(snap):
    pages = [listing.page(listing.PROFILE_MEETINGS, snap, page_no=n, association_id="P1") for n in (1, 2, 3)]
    every = [m for p in pages for m in ids(p)]
    assert len(every) == len(set(every)) == 122
    # X120 … X033, then M3 and X032 (both held on 1/2/2023: by meeting id), then X031 … X001 and M1
    assert every[87:91] == ["X033", "M3", "X032", "X031"]


def test_profile_meeting_totals_come_from_sql_over_every_row_not_the_page(snap):
    # M1 and M3: 10 + 5 submitted, 6 + 0 accepted; the 120: 24 rounds of 1+2+3+4+0 = 240 submitted
    submitted = 10 + 5 + 240
    accepted = 6 + sum(i % 3 if i % 3 <= i % 5 else 0 for i in range(1, EXTRA + 1))
    assert listing.tally(listing.PROFILE_MEETINGS, snap, association_id="P1") == {
        "rows": 122, "comments_submitted": submitted, "comments_accepted": accepted}
    # only the period applies: 2022 holds M1 alone
    assert listing.tally(listing.PROFILE_MEETINGS, snap, Filters(year_to=2022), association_id="P1") == {
        "rows": 1, "comments_submitted": 10, "comments_accepted": 6}
    assert listing.tally(listing.PROFILE_MEETINGS, snap, association_id="C1") == {
        "rows": 0, "comments_submitted": 0, "comments_accepted": 0}


def test_a_profile_meetings_export_holds_every_row(snap):
    every = listing.everything(listing.PROFILE_MEETINGS, snap, association_id="P1")
    assert len(every) == 122 and ids(every)[0] == "X120" and ids(every)[-1] == "M1"


def test_profile_welfare_is_paged_with_its_total_value_from_sql(snap):
    # P1: free medicine 9,000,000 đồng, medical exams 1,000,000 đồng (by value, largest first)
    assert ids(listing.page(listing.PROFILE_WELFARE, snap, page_size=1, association_id="P1"),
               "programme_code") == ["free_medicine"]
    assert ids(listing.page(listing.PROFILE_WELFARE, snap, page_no=2, page_size=1, association_id="P1"),
               "programme_code") == ["medical_exam"]
    assert listing.tally(listing.PROFILE_WELFARE, snap, association_id="P1") == {"rows": 2, "value_vnd": 10_000_000}


def test_the_profile_page_sends_one_page_of_meetings_with_the_count_and_page_in_the_url(app, store_dir, monkeypatch):
    monkeypatch.setenv("MASSORG_SNAPSHOTS_DIR", str(store_dir))
    monkeypatch.setenv("MASSORG_CACHE_DIR", str(store_dir.parent / "cache"))
    at = app("pages/directory.py", assoc="P1")
    assert not at.exception
    meetings = next(df.value for df in at.dataframe if "Ngày họp" in df.value.columns)
    assert len(meetings) == 50
    assert any(c.value.startswith("Dòng 1–50 trong 122 (trang 1/3)") for c in at.caption)
    at.number_input(key="profile_meetings_page").set_value(3).run()
    assert not at.exception
    meetings = next(df.value for df in at.dataframe if "Ngày họp" in df.value.columns)
    assert len(meetings) == 22
    assert at.query_params["meetings_page"] == "3"
