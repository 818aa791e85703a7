"""Targets (chỉ tiêu) for the headline indicators and whether a year met them: the committed, editable
data/reference/targets.csv. No streamlit here.

One file serves the Overview's targets panel and the phone card (massorg.export.card). A row:
indicator_code (a column of overview_kpis, or acceptance_rate_pct: comments accepted of submitted), area (massorg.areas: old / new), year, measure
(level: the year's value; growth_pct: % change on the year before), direction (at_least / at_most),
target_value, source_document (the plan or conclusion it comes from), is_demo (true: an example target,
labelled demo like the demo data; a demo snapshot is assessed against the demo targets only, a real one
against the real ones only, so an example never passes for the province's plan). A target speaks for a whole area, so it is assessed only on a view of
the whole area (no unit, level, type or special-nature filter).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from massorg import areas
from massorg.config import REFERENCE_DIR
from massorg.data.queries import Filters
from massorg.i18n import t
from massorg.indicators import acceptance_rate_pct, change_pct, value_at
from massorg.numbers import fmt_int, fmt_money, fmt_pct, fmt_signed_pct

TARGETS_FILE = REFERENCE_DIR / "targets.csv"
INDICATORS = ("associations", "members", "state_budget_vnd", "social_mobilisation_vnd", "meetings",
              "acceptance_rate_pct", "legal_aid_cases", "welfare_value_vnd")
MEASURES = ("level", "growth_pct")
DIRECTIONS = ("at_least", "at_most")


@dataclass(frozen=True)
class Target:
    indicator: str
    area: str
    year: int
    measure: str
    direction: str
    value: float
    source: str
    is_demo: bool


@dataclass(frozen=True)
class Assessment:
    target: Target
    actual: float | None  # the year's value, or its % change on the year before; None: no data / not comparable
    part_until: dt.date | None = None  # the year is unfinished (data up to this date): a year's target waits

    @property
    def met(self) -> bool | None:
        """True: đạt; False: chưa đạt; None: cannot be said (no data, not comparable, or the year is not
        over: half a year's funding is no miss of a year's target, nor members on 30/6 of a year-end one)."""
        if self.actual is None or self.part_until is not None:
            return None
        if self.target.direction == "at_most":
            return self.actual <= self.target.value
        return self.actual >= self.target.value


class TargetsError(ValueError):
    """A targets file that cannot be used: the file, line, column, the value found and what to write."""

    def __init__(self, file: str, line: int, column: str, value: object, allowed: str):
        super().__init__(f"{file}, line {line}, column {column}: {value!r}; allowed: {allowed}")
        self.file, self.line, self.column, self.value, self.allowed = file, line, column, value, allowed

    def message(self, lang: str) -> str:
        return t("targets.bad_file", lang, file=self.file, line=self.line, column=self.column,
                 value=self.value if self.value not in (None, "") else "∅", allowed=self.allowed)


def read_targets(path: Path = TARGETS_FILE) -> tuple[Target, ...]:
    """Every target of the file; a bad row stops with its line number and column."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return tuple(_target(row, n, path) for n, row in enumerate(rows, start=2))


def _target(row: dict[str, str], line: int, path: Path) -> Target:
    def bad(column: str, allowed: str) -> TargetsError:
        return TargetsError(path.name, line, column, row.get(column), allowed)

    checks = (("indicator_code", INDICATORS), ("area", areas.AREAS), ("measure", MEASURES),
              ("direction", DIRECTIONS), ("is_demo", ("true", "false")))
    for column, allowed in checks:
        if row.get(column) not in allowed:
            raise bad(column, " / ".join(allowed))
    for column in ("year", "target_value"):
        try:
            float(row.get(column) or "")
        except ValueError:
            raise bad(column, "0-9") from None
    return Target(row["indicator_code"], row["area"], int(row["year"]), row["measure"], row["direction"],
                  float(row["target_value"]), (row.get("source_document") or "").strip(), row["is_demo"] == "true")


@cache
def committed_targets() -> tuple[Target, ...]:
    return read_targets()


def for_snapshot(targets: tuple[Target, ...], is_demo: bool) -> tuple[Target, ...]:
    """The targets a snapshot is assessed against: the demo ones for demo data, the real ones otherwise."""
    return tuple(target for target in targets if target.is_demo == is_demo)


def _value(kpis: pd.DataFrame, indicator: str, year: int) -> float | None:
    """An indicator's figure in a year of overview_kpis rows (the acceptance rate from its two counts)."""
    if indicator == "acceptance_rate_pct":
        submitted, accepted = value_at(kpis, "comments_submitted", year), value_at(kpis, "comments_accepted", year)
        return None if submitted is None else acceptance_rate_pct(submitted, accepted or 0)
    return value_at(kpis, indicator, year)


def whole_area(filters: Filters) -> bool:
    """Whether a view is a whole area (a target speaks for one): no unit, level, type or special filter."""
    no_units = filters.area is not None or filters.unit_codes is None
    return no_units and not filters.levels and not filters.type_codes and not filters.special_only


def assess(targets: tuple[Target, ...], kpis: pd.DataFrame, area: str, year: int,
           part_until: dt.date | None = None) -> list[Assessment]:
    """The targets of an area's year against overview_kpis rows (the year and the one before), in
    the file's order; with `part_until` (massorg.indicators.part_year_until) the year is not over and
    nothing is judged yet (the figures so far are still shown)."""
    out = []
    for target in targets:
        if target.area != area or target.year != year:
            continue
        value = _value(kpis, target.indicator, year)
        if target.measure == "growth_pct":
            previous = _value(kpis, target.indicator, year - 1)
            value = change_pct(value, previous) if areas.comparable(area, year) else None
        out.append(Assessment(target, value, part_until))
    return out


def missed(assessments: list[Assessment]) -> list[Assessment]:
    return [a for a in assessments if a.met is False]


def value_text(target: Target, value: float | None, lang: str) -> str:
    """A target's or an actual figure as the cards write it: '+2,5%' for growth, '1,2 tỷ đồng', '672'."""
    if target.measure == "growth_pct":
        return fmt_signed_pct(value, lang)
    if target.indicator.endswith("_vnd"):
        return fmt_money(value, lang)
    if target.indicator.endswith("_pct"):
        return fmt_pct(value, lang)
    return fmt_int(value, lang)


def target_text(target: Target, lang: str) -> str:
    """'≥ +3,0%' / '≥ 650'."""
    return t(f"targets.{target.direction}", lang, value=value_text(target, target.value, lang))
