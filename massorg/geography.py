"""The province's geography through time, from the committed reference CSVs (no streamlit here).

- units.csv: provinces, the district-level units until 30/6/2025 (old Lâm Đồng's twelve, ten after the
  December 2024 merger, and those of Đắk Nông and Bình Thuận), the 124 units of the new province from
  1/7/2025; each with valid_from / valid_to.
- old_communes.csv: the communes of the three old provinces until 30/6/2025.
- unit_crosswalk.csv: which old unit became which new one (whole or part), when, by which resolution.
- unit_code_aliases.csv: codes that reports may use for another unit in a period (681 or 683 for the
  merged Đạ Huoai, 682, after 1/12/2024; the other source's code of xã Hàm Liêm).

Written once by scripts/build_reference_geography.py; see the README.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache

from massorg.config import PROVINCE_CODE, REFERENCE_DIR

DEC_2024_MERGER = dt.date(2024, 12, 1)
REFORM = dt.date(2025, 7, 1)  # district level ends; Lâm Đồng + Đắk Nông + Bình Thuận = new Lâm Đồng
DISTRICT_KINDS = ("city", "town", "district")
NEW_UNIT_KINDS = ("commune", "ward", "special_zone")
# The spans with one geography each, as a reporting template or a by-unit view offers them.
REPORT_PERIODS: dict[str, tuple[dt.date | None, dt.date | None]] = {
    "to_2024_11": (None, dt.date(2024, 11, 30)),  # twelve districts of old Lâm Đồng
    "2024_12_to_2025_06": (DEC_2024_MERGER, dt.date(2025, 6, 30)),  # ten districts; Đắk Nông, Bình Thuận
    "from_2025_07": (REFORM, None),  # the 124 units of the new province
}


def _read(name: str) -> tuple[dict[str, str], ...]:
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@dataclass(frozen=True)
class CrosswalkRow:
    old_code: str
    old_name: str
    old_level: str
    old_province_code: str
    new_code: str
    new_name: str
    coverage: str  # whole | part
    effective_on: dt.date
    legal_source: str


@cache
def units() -> dict[str, dict[str, str]]:
    return {row["unit_code"]: row for row in _read("units.csv")}


@cache
def old_communes() -> tuple[dict[str, str], ...]:
    return _read("old_communes.csv")


@cache
def crosswalk() -> tuple[CrosswalkRow, ...]:
    return tuple(
        CrosswalkRow(**{**row, "effective_on": _date(row["effective_on"])}) for row in _read("unit_crosswalk.csv")
    )


@cache
def aliases() -> tuple[dict[str, str], ...]:
    return _read("unit_code_aliases.csv")


def valid_from(code: str) -> dt.date | None:
    row = units().get(str(code))
    return _date(row["valid_from"]) if row else None


def valid_to(code: str) -> dt.date | None:
    row = units().get(str(code))
    return _date(row["valid_to"]) if row else None


def is_valid_on(code: str, day: dt.date) -> bool:
    """Whether `code` names a unit on `day` (the province code 68 is always valid)."""
    if str(code) not in units():
        return False
    start, end = valid_from(code), valid_to(code)
    return (start is None or start <= day) and (end is None or day <= end)


def is_valid_during(code: str, first: dt.date, last: dt.date) -> bool:
    """Whether `code` names a unit on every day from `first` to `last` (a report's period)."""
    if str(code) not in units():
        return False
    start, end = valid_from(code), valid_to(code)
    return (start is None or start <= first) and (end is None or last <= end)


def old_district_codes() -> list[str]:
    """Old Lâm Đồng's twelve district-level units (until 30/6/2025), in official code order."""
    return [c for c, r in units().items() if r["parent_code"] == PROVINCE_CODE and r["kind"] in DISTRICT_KINDS]


def new_unit_codes() -> list[str]:
    """The 124 commune-level units of the new province (from 1/7/2025), in official code order."""
    return sorted(c for c, r in units().items() if r["kind"] in NEW_UNIT_KINDS)


def units_valid_during(first: dt.date, last: dt.date, kinds: tuple[str, ...] | None = None) -> list[str]:
    """Unit codes valid for a whole period, optionally of some kinds only (template drop-downs)."""
    return [c for c, r in units().items()
            if is_valid_during(c, first, last) and (kinds is None or r["kind"] in kinds)]


def successors(code: str, on: dt.date | None = None) -> list[CrosswalkRow]:
    """The crosswalk rows from `code` (those effective on `on` when given)."""
    return [r for r in crosswalk() if r.old_code == str(code) and (on is None or r.effective_on == on)]


def replaced_by(code: str, day: dt.date) -> list[str]:
    """The units that replaced `code` when it stopped being valid before `day` (chained: 681 -> 682
    -> the new communes), in code order. Empty when `code` is still valid on `day` or unknown."""
    if str(code) not in units() or is_valid_on(code, day):
        return []
    frontier, seen = [str(code)], set()
    while frontier:
        nxt = []
        for c in frontier:
            for row in crosswalk():
                if row.old_code == c and row.effective_on <= day and row.new_code not in seen:
                    if row.new_code != c:
                        seen.add(row.new_code)
                        nxt.append(row.new_code)
        frontier = [c for c in nxt if not is_valid_on(c, day)]
    return sorted(c for c in seen if is_valid_on(c, day))


def alias_for(code: str, day: dt.date) -> str | None:
    """The code a report's `code` stands for on `day`, when it is a known alias (else None)."""
    for row in aliases():
        start, end = _date(row["valid_from"]), _date(row["valid_to"])
        if row["code"] == str(code) and (start is None or start <= day) and (end is None or day <= end):
            return row["means_code"]
    return None


def old_district_of_new_units() -> dict[str, list[str]]:
    """New unit of old Lâm Đồng -> the old district(s) its communes came from (1 for 47 of the 51)."""
    province_of = {r["commune_code"]: r for r in old_communes()}
    out: dict[str, set[str]] = {}
    for row in crosswalk():
        if row.old_level == "commune" and row.old_province_code == PROVINCE_CODE:
            out.setdefault(row.new_code, set()).add(province_of[row.old_code]["district_code"])
    return {k: sorted(v) for k, v in sorted(out.items())}


def new_units_of_old_province(province_code: str) -> list[str]:
    """The new units whose communes came from one old province (51 from old Lâm Đồng)."""
    return sorted({r.new_code for r in crosswalk()
                   if r.old_level == "commune" and r.old_province_code == province_code})


def units_for_period(period: str) -> list[str]:
    """The unit codes valid at some time in one of REPORT_PERIODS (the province code included)."""
    first, last = REPORT_PERIODS[period]
    out = []
    for code, row in units().items():
        start, end = _date(row["valid_from"]), _date(row["valid_to"])
        if (start is None or last is None or start <= last) and (end is None or first is None or end >= first):
            out.append(code)
    return out


def province_of(code: str) -> str | None:
    """The province a unit belonged to when it was valid (660 Gia Nghĩa -> 67 Đắk Nông)."""
    seen = set()
    code = str(code)
    while code in units() and code not in seen:
        seen.add(code)
        row = units()[code]
        if row["kind"] == "province":
            return code
        code = row["parent_code"]
    return None


def first_year_in_province(code: str) -> int | None:
    """The first year a unit's facts are the province's: 2025 for Đắk Nông's and Bình Thuận's units
    (they joined on 1/7/2025), None (always) for old Lâm Đồng's."""
    province = province_of(code)
    return REFORM.year if province is not None and province != PROVINCE_CODE else None
