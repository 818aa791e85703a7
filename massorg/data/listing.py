"""Long lists paged and sorted in SQL: one page of a query's rows, and the tally of all of them.

A listing is a query file that gives every filtered row (queries/meetings_list.sql, …) with the orders
it may be sorted in and the aggregates its page shows over all rows (the count, totals). The page is
`select * from (<the query>) order by <a listed order> limit $page_size offset $page_offset`, run by
the query runner like any query (bound parameters, unit scope, result cache); the order text comes
only from the ORDERS below, never from a URL. So a page sends at most `page_size` rows whatever the
size of the snapshot, and counts and totals come from SQL, not from the rows shown. No streamlit here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from massorg.data import queries
from massorg.data.queries import Filters
from massorg.data.store import Snapshot

PAGE_SIZE = 50


@dataclass(frozen=True)
class Listing:
    query: str  # queries/<query>.sql: every filtered row
    orders: dict[str, str]  # sort name -> ORDER BY list over the query's columns (ends in a unique key)
    default: str
    tally: str  # the aggregates over every filtered row, `rows` first

    def order(self, sort: str | None) -> str:
        """The ORDER BY list of `sort`; an unknown sort (from a URL) falls back to the default."""
        return self.orders.get(sort or "", self.orders[self.default])


MEETINGS = Listing(
    "meetings_list",
    {
        "newest": "held_on desc, meeting_id",
        "oldest": "held_on, meeting_id",
        "submitted": "comments_submitted desc, held_on desc, meeting_id",
        "acceptance": "acceptance_pct desc nulls last, held_on desc, meeting_id",
    },
    "newest",
    "count(*) as rows, coalesce(sum(comments_submitted), 0) as comments_submitted, "
    "coalesce(sum(comments_accepted), 0) as comments_accepted",
)

DIRECTORY = Listing(
    "directory_associations",
    {
        "name": "name_key, association_id",
        "members": "members desc nulls last, name_key, association_id",
        "founded": "founded_on nulls last, name_key, association_id",
        "funding": "funding_vnd desc nulls last, name_key, association_id",
    },
    "name",
    "count(*) as rows, "
    "count(*) filter (where dissolved_on <= make_date(coalesce($year_to, 9999)::integer, 12, 31)) as dissolved, "
    "coalesce(sum(members), 0) as members, coalesce(sum(funding_vnd), 0) as funding_vnd",
)

LEGAL_AID = Listing(
    "legal_aid_by_association",
    {
        "cases": "cases desc, association_id",
        "people": "people_served desc, cases desc, association_id",
        "mediation": "mediation_success_pct desc nulls last, mediation_cases desc, association_id",
    },
    "cases",
    "count(*) as rows, coalesce(sum(cases), 0) as cases, coalesce(sum(people_served), 0) as people_served",
)

# An association profile's own tables (bound $association_id): a provincial association leads hundreds
# of meetings a year in a province with full commune reporting.
PROFILE_MEETINGS = Listing(
    "profile_meetings",
    {"newest": "held_on desc, meeting_id"},
    "newest",
    "count(*) as rows, coalesce(sum(comments_submitted), 0) as comments_submitted, "
    "coalesce(sum(comments_accepted), 0) as comments_accepted",
)

PROFILE_WELFARE = Listing(
    "profile_welfare_by_programme",
    {"value": "value_vnd desc, programme_code, beneficiaries_unit"},
    "value",
    "count(*) as rows, coalesce(sum(value_vnd), 0) as value_vnd",
)


# The Data page's list of associations that reported nothing to a table in the year (bound $year_to):
# about one in twenty-five in a year, thousands at full commune reporting.
NOT_REPORTED = Listing(
    "reporting_status_by_association",
    {"unit": "unit_code, type_code, name, association_id"},
    "unit",
    "count(*) as rows",
)


def _body(listing: Listing) -> str:
    return queries.sql_text(listing.query).rstrip().rstrip(";")


def page(listing: Listing, snapshot: Snapshot, filters: Filters | None = None, *, sort: str | None = None,
         page_no: int = 1, page_size: int = PAGE_SIZE, **extra: object) -> pd.DataFrame:
    """Rows (page_no - 1) * page_size + 1 … page_no * page_size of the listing in the order `sort`."""
    order = listing.order(sort)
    sql = (f"select * from (\n{_body(listing)}\n) as listed\norder by {order}\n"
           "limit $page_size offset $page_offset")
    offset = (max(int(page_no), 1) - 1) * int(page_size)
    return queries.run_sql(f"{listing.query}#page:{order}", sql, snapshot, filters,
                           page_size=int(page_size), page_offset=offset, **extra)


def tally(listing: Listing, snapshot: Snapshot, filters: Filters | None = None, **extra: object) -> dict[str, int]:
    """The count (`rows`) and totals over every filtered row of the listing."""
    sql = f"select {listing.tally}\nfrom (\n{_body(listing)}\n) as listed"
    row = queries.run_sql(f"{listing.query}#tally", sql, snapshot, filters, **extra).iloc[0]
    return {k: int(v) if pd.notna(v) else 0 for k, v in row.items()}


def everything(listing: Listing, snapshot: Snapshot, filters: Filters | None = None, *, sort: str | None = None,
               **extra: object) -> pd.DataFrame:
    """Every filtered row in the order `sort` (for an export of the whole list)."""
    order = listing.order(sort)
    sql = f"select * from (\n{_body(listing)}\n) as listed\norder by {order}"
    return queries.run_sql(f"{listing.query}#all:{order}", sql, snapshot, filters, cache=False, **extra)


def page_count(rows: int, page_size: int = PAGE_SIZE) -> int:
    """Pages of a list of `rows` rows (an empty list still has its one, empty, page)."""
    return max(1, math.ceil(rows / page_size))
