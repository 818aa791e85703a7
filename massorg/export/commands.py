"""Command of the export package: python -m massorg deck --out FILE.pptx [filters]."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from massorg import areas, config
from massorg.data import store
from massorg.data.queries import Filters, run
from massorg.data.schema import LEVELS
from massorg.export.filters import period_text
from massorg.export.slides import slide_count, slide_inputs
from massorg.i18n import LANGUAGES, t
from massorg.labels import district_unit_codes, expand_merged, type_codes

_YEARS_RE = re.compile(r"^\s*(\d{4})\s*(?:[-–]\s*(\d{4}))?\s*$")


class ArgumentProblem(Exception):
    """A command-line value that cannot be used; the message says what and what to write instead."""


def _help(key: str) -> str:
    return t(f"deck.cli.{key}", config.default_language())


def register(sub) -> None:
    p = sub.add_parser("deck", help=_help("help"), description=_help("help"))
    p.add_argument("--out", required=True, type=Path, help=_help("out_help"))
    add_view_arguments(p)
    p.set_defaults(func=cmd_deck)
    from massorg.export import document_commands  # it builds on this module's arguments and checks

    document_commands.register(sub)


def add_view_arguments(p: argparse.ArgumentParser) -> None:
    """--lang, --snapshot and the dashboard's filters, for every command that writes a view to a file."""
    p.add_argument("--lang", choices=LANGUAGES, default=None, help=_help("lang_help"))
    p.add_argument("--snapshot", default=None, help=_help("snapshot_help"))
    p.add_argument("--years", default=None, help=_help("years_help"))
    p.add_argument("--units", nargs="+", default=[], metavar="CODE", help=_help("units_help"))
    p.add_argument("--levels", nargs="+", default=[], metavar="LEVEL", help=_help("levels_help"))
    p.add_argument("--types", nargs="+", default=[], metavar="TYPE", help=_help("types_help"))
    p.add_argument("--special-only", action="store_true", help=_help("special_help"))
    p.add_argument("--no-merge", action="store_true", help=_help("no_merge_help"))
    p.add_argument("--area", choices=areas.AREAS, default=None, help=t("geography.cli.area_help", config.default_language()))


def _codes(values: list[str], allowed: list[str], what_key: str, lang: str) -> tuple[str, ...] | None:
    """Codes given as '672,678' or '672 678'; None (= all) when none were given."""
    codes = list(dict.fromkeys(c.strip() for v in values for c in v.split(",") if c.strip()))
    bad = [c for c in codes if c not in allowed]
    if bad:
        raise ArgumentProblem(t("deck.cli.bad_codes", lang, what=t(f"deck.cli.{what_key}", lang), bad=", ".join(bad),
                                allowed=", ".join(allowed)))
    return tuple(codes) or None


def _years(value: str | None, snapshot: store.Snapshot, lang: str) -> tuple[int, int]:
    years = [int(y) for y in run("snapshot_years", snapshot)["year"]]
    if value is None:
        return years[0], years[-1]
    match = _YEARS_RE.match(value)
    first, last = (int(match.group(1)), int(match.group(2) or match.group(1))) if match else (0, 0)
    if not match or not years[0] <= first <= last <= years[-1]:
        raise ArgumentProblem(t("deck.cli.bad_years", lang, value=value, first=years[0], last=years[-1],
                                snapshot=snapshot.id))
    return first, last


def _snapshot(snapshot_id: str | None, lang: str) -> store.Snapshot:
    snapshots = store.list_snapshots()
    if not snapshots:
        raise ArgumentProblem(t("deck.cli.no_snapshots", lang))
    if snapshot_id is None:
        return store.default_snapshot(snapshots)
    for snapshot in snapshots:
        if snapshot.id == snapshot_id:
            return snapshot
    raise ArgumentProblem(t("deck.cli.no_snapshot", lang, id=snapshot_id, ids=", ".join(s.id for s in snapshots)))


def filters_from_args(args: argparse.Namespace, snapshot: store.Snapshot, lang: str) -> Filters:
    """The dashboard's filters from the command line, checked against the reference codes."""
    year_from, year_to = _years(args.years, snapshot, lang)
    units = _codes(args.units, district_unit_codes(), "what_units", lang)
    if units and not args.no_merge:
        units = tuple(expand_merged(list(units)))
    area = None
    if not units and areas.has_both(snapshot.as_of):  # the area the figures are about, as in the sidebar
        area = getattr(args, "area", None) or areas.default_area(snapshot.as_of)
        units = areas.unit_codes(area)
        if (start := areas.first_year(area)) and year_from < start:
            year_from, year_to = start, max(year_to, start)
    return Filters(
        year_from=year_from, year_to=year_to, unit_codes=units,
        levels=_codes(args.levels, list(LEVELS), "what_levels", lang),
        type_codes=_codes(args.types, type_codes(), "what_types", lang),
        special_only=bool(args.special_only), merged=not args.no_merge, area=area,
    )


def cmd_deck(args: argparse.Namespace) -> int:
    lang = args.lang or config.default_language()
    out: Path = args.out
    try:
        if out.suffix.lower() != ".pptx" or not out.resolve().parent.is_dir():
            raise ArgumentProblem(t("deck.cli.bad_out", lang, path=out))
        snapshot = _snapshot(args.snapshot, lang)
        filters = filters_from_args(args, snapshot, lang)
    except ArgumentProblem as problem:
        print(f"python -m massorg deck: {problem}", file=sys.stderr)
        return 2
    # here, not at the top: every command line start would pay for python-pptx
    from massorg.export.deck import deck_bytes

    inputs = slide_inputs(snapshot, filters, lang)
    out.write_bytes(deck_bytes(inputs))
    print(t("deck.cli.done", lang, path=out, n=slide_count(), language=lang, snapshot=snapshot.id,
            period=period_text(filters.year_from, filters.year_to, lang)))
    return 0
