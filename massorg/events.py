"""Dated events a trend chart marks (data/reference/events.csv, both languages): party documents on
mass associations, the COVID-19 years, the boundary changes. No streamlit here.

The boundary changes (areas.BOUNDARY_CHANGES) are always drawn by charts.mark_boundaries, since the
figures change meaning there; the others are drawn when the viewer asks for events. All are listed.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache

from massorg import areas
from massorg.config import REFERENCE_DIR

EVENTS_FILE = REFERENCE_DIR / "events.csv"


@dataclass(frozen=True)
class Event:
    code: str
    starts_on: dt.date
    ends_on: dt.date | None  # a span (the COVID-19 years) when set; a day otherwise
    short: dict[str, str]  # the label on the chart, by language
    name: dict[str, str]  # the line under the chart, by language

    @property
    def is_boundary(self) -> bool:
        """A boundary change, drawn on every trend chart whether events are shown or not."""
        return self.ends_on is None and self.starts_on in areas.BOUNDARY_CHANGES

    def position(self) -> tuple[float, float | None]:
        """Where it sits on a yearly axis: start (and end of a span), as areas.year_position does."""
        return areas.year_position(self.starts_on), areas.year_position(self.ends_on) if self.ends_on else None

    def within(self, year_from: int, year_to: int) -> bool:
        """Whether it happens during the years year_from..year_to (a span: overlaps them)."""
        last = self.ends_on or self.starts_on
        return self.starts_on.year <= year_to and last.year >= year_from


@cache
def all_events() -> tuple[Event, ...]:
    with open(EVENTS_FILE, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return tuple(sorted((Event(
        code=r["event_code"],
        starts_on=dt.date.fromisoformat(r["starts_on"]),
        ends_on=dt.date.fromisoformat(r["ends_on"]) if r["ends_on"] else None,
        short={"vi": r["short_vi"], "en": r["short_en"]},
        name={"vi": r["name_vi"], "en": r["name_en"]},
    ) for r in rows), key=lambda e: e.starts_on))


def events_between(year_from: int, year_to: int) -> list[Event]:
    """The events during a chart's years, in date order."""
    return [e for e in all_events() if e.within(year_from, year_to)]
