"""Long lists paged and sorted in SQL (massorg.data.listing) on the hand-made rows of the query tests:
each page holds only its rows, in the chosen order; counts and totals cover every filtered row."""

from __future__ import annotations

import datetime as dt

import pytest

from massorg.data import listing, store
from massorg.data.queries import Filters
from tests import test_queries_pages_a, test_queries_pages_b

d = dt.date


@pytest.fixture(scope="module")
def snap_a(tmp_path_factory, store_root):
    return store.publish(test_queries_pages_a.tables(), snapshot_id="listing-a", as_of=d(2023, 12, 31),
                         label="listing a", is_demo=False, root=tmp_path_factory.mktemp("listing_a"))


@pytest.fixture(scope="module")
def snap_b(tmp_path_factory, store_root):
    return store.publish(test_queries_pages_b.tables(), snapshot_id="listing-b", as_of=d(2023, 12, 31),
                         label="listing b", is_demo=False, root=tmp_path_factory.mktemp("listing_b"))


def ids(df, column="meeting_id"):
    return df[column].tolist()


def test_meetings_are_paged_in_the_default_order_newest_first(snap_a):
    # all four, newest first: M2 (9/2023), M3 (2/2023), M4 (11/2022), M1 (4/2022)
    assert ids(listing.page(listing.MEETINGS, snap_a, page_size=2)) == ["M2", "M3"]
    assert ids(listing.page(listing.MEETINGS, snap_a, page_no=2, page_size=2)) == ["M4", "M1"]
    assert listing.page(listing.MEETINGS, snap_a, page_no=3, page_size=2).empty


@pytest.mark.parametrize("sort, expected", [
    ("oldest", ["M1", "M4", "M3", "M2"]),
    ("submitted", ["M1", "M3", "M2", "M4"]),  # 10, 5, 4, 0 comments
    ("acceptance", ["M2", "M1", "M3", "M4"]),  # 100 %, 60 %, 0 %, none
    ("'; drop table consultations; --", ["M2", "M3", "M4", "M1"]),  # unknown: the default, never SQL
])
def test_meetings_sorted_in_sql(snap_a, sort, expected):
    assert ids(listing.page(listing.MEETINGS, snap_a, sort=sort, page_size=10)) == expected


def test_meeting_totals_come_from_every_filtered_row_not_the_page(snap_a):
    assert listing.tally(listing.MEETINGS, snap_a) == {"rows": 4, "comments_submitted": 19, "comments_accepted": 10}
    assert listing.tally(listing.MEETINGS, snap_a, Filters(special_only=True)) == {
        "rows": 3, "comments_submitted": 19, "comments_accepted": 10}
    assert listing.tally(listing.MEETINGS, snap_a, Filters(unit_codes=("675",), year_to=2022)) == {
        "rows": 0, "comments_submitted": 0, "comments_accepted": 0}


def test_an_export_gets_every_filtered_row_in_the_shown_order(snap_a):
    assert ids(listing.everything(listing.MEETINGS, snap_a, sort="oldest")) == ["M1", "M4", "M3", "M2"]


def test_directory_pages_search_and_counts(snap_b):
    # by folded name: P2, D1, P1, C1, D2, C2
    first = listing.page(listing.DIRECTORY, snap_b, page_size=4, search=None)
    assert ids(first, "association_id") == ["P2", "D1", "P1", "C1"]
    assert ids(listing.page(listing.DIRECTORY, snap_b, page_no=2, page_size=4, search=None),
               "association_id") == ["D2", "C2"]
    assert ids(listing.page(listing.DIRECTORY, snap_b, page_size=4, search="chu thap do"),
               "association_id") == ["D1", "P1"]
    tally = listing.tally(listing.DIRECTORY, snap_b, search="chu thap do")
    assert tally["rows"] == 2
    assert listing.tally(listing.DIRECTORY, snap_b, search=None)["rows"] == 6


@pytest.mark.parametrize("sort, expected", [
    ("members", ["P1", "D1", "D2", "P2", "C1", "C2"]),  # 110, 40, 33, 25, 7, none (last)
    ("founded", ["P1", "D1", "D2", "C2", "P2", "C1"]),  # the same day: by folded name
    ("funding", ["P2", "P1", "D2", "D1", "C1", "C2"]),
])
def test_directory_sorted_in_sql_with_blanks_last(snap_b, sort, expected):
    assert ids(listing.page(listing.DIRECTORY, snap_b, sort=sort, page_size=10, search=None),
               "association_id") == expected


def test_directory_tally_counts_dissolved_and_totals(snap_b):
    assert listing.tally(listing.DIRECTORY, snap_b, search=None) == {
        "rows": 6, "dissolved": 1, "members": 215, "funding_vnd": 2_007_270_000}
    assert listing.tally(listing.DIRECTORY, snap_b, Filters(year_to=2022), search=None)["dissolved"] == 0


def test_page_count():
    assert [listing.page_count(n, 50) for n in (0, 1, 50, 51, 67_700)] == [1, 1, 1, 2, 1354]


@pytest.mark.parametrize("sort, expected", [
    ("cases", ["D2", "C2", "P1"]),  # 12, 2, 1 cases
    ("people", ["P1", "D2", "C2"]),  # 200, 33, 5 person-times
    ("mediation", ["C2", "D2", "P1"]),  # 100 %, 60 %, none
])
def test_legal_aid_by_association_paged_and_sorted(snap_b, sort, expected):
    assert ids(listing.page(listing.LEGAL_AID, snap_b, sort=sort, page_size=10), "association_id") == expected
    assert ids(listing.page(listing.LEGAL_AID, snap_b, sort=sort, page_no=2, page_size=2),
               "association_id") == expected[2:]
    assert listing.tally(listing.LEGAL_AID, snap_b) == {"rows": 3, "cases": 15, "people_served": 238}
