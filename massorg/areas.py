"""Areas, not codes, for the province: code 68 names a territory three times larger from 1/7/2025.

- "old": Lâm Đồng (cũ), old Lâm Đồng: the province's own associations (68), its district-level units
  until 30/6/2025 and the 51 new units its communes became. Exact on both geographies, so a series
  2014–2026 on it is like-for-like (provincial associations after their merger count whole).
- "new": Lâm Đồng (từ 1/7/2025), the new province (all 124 units); its series starts in 2025.

A comparison with the previous year is not like-for-like when the area of that year differs.
No streamlit here.
"""

from __future__ import annotations

import datetime as dt

from massorg import geography
from massorg.config import PROVINCE_CODE

AREAS = ("old", "new")
BOUNDARY_CHANGES = (geography.DEC_2024_MERGER, geography.REFORM)


def unit_codes(area: str) -> tuple[str, ...] | None:
    """The unit codes that make up an area (None: every unit)."""
    if area == "new":
        return None
    return (PROVINCE_CODE, *geography.old_district_codes(), *geography.new_units_of_old_province(PROVINCE_CODE))


def first_year(area: str) -> int | None:
    """The first year with data on the area (the new province starts in 2025), None for no limit."""
    return geography.REFORM.year if area == "new" else None


def default_area(as_of: dt.date) -> str:
    """A snapshot after the reform opens on the new province; an older one on old Lâm Đồng."""
    return "new" if as_of >= geography.REFORM else "old"


def has_both(as_of: dt.date) -> bool:
    """Whether a snapshot holds data of the new province, so that the area is a choice."""
    return as_of >= geography.REFORM


def comparable(area: str, year: int) -> bool:
    """Whether `year` compares like-for-like with the year before on `area`: the new province's
    first year (2025) does not (the year before was three provinces)."""
    return not (area == "new" and year <= geography.REFORM.year)


def boundary_marks(year_from: int, year_to: int) -> list[tuple[float, dt.date]]:
    """Where a yearly time axis from year_from to year_to crosses a boundary change: x position
    (a year plus the fraction elapsed) and the date."""
    out = []
    for day in BOUNDARY_CHANGES:
        x = day.year + (day - dt.date(day.year, 1, 1)).days / 365
        if year_from <= x <= year_to + 0.999 and year_from < year_to:
            out.append((year_position(day), day))
    return out


def year_position(day: dt.date) -> float:
    """Where a day sits on a yearly time axis: the year plus the fraction elapsed, less half a year
    since yearly points sit at the middle of their year (1/7/2025 -> 2025.0)."""
    return round(day.year + (day - dt.date(day.year, 1, 1)).days / 365 - 0.5, 2)


def unit_geography(as_of: dt.date, first: int, last: int, area: str) -> str:
    """Which units a period's unit filter offers: 'old' districts (until 30/6/2025), 'new' communes
    (from 1/7/2025), or 'across' (old districts that bring their new communes along)."""
    if not has_both(as_of) or last < geography.REFORM.year:
        return "old"
    if max(first, first_year(area) or first) >= geography.REFORM.year:
        return "new"
    return "across"


def unit_options(geo: str, area: str) -> list[str]:
    """The unit codes the filter offers for a geography (new communes: those of the area)."""
    if geo != "new":
        return geography.old_district_codes()
    if area == "old":
        return geography.new_units_of_old_province(PROVINCE_CODE)
    return geography.new_unit_codes()


def with_new_units(codes: list[str]) -> list[str]:
    """Old districts plus the new units that lie wholly inside one of them (a period across
    1/7/2025); a new unit straddling two old districts is left out, never split."""
    out = list(codes)
    for new, districts in geography.old_district_of_new_units().items():
        if len(districts) == 1 and districts[0] in codes and new not in out:
            out.append(new)
    return out
