"""Commands for the documents officials take away: feed (the indicator files of a snapshot), report
(the A4 report as .docx or .pdf), card (the phone summary card as .png or .pdf) and pack (all of them
for the newest snapshot in a dated folder, for a timer)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from massorg import config
from massorg.data import store
from massorg.export.commands import ArgumentProblem, _snapshot, add_view_arguments, filters_from_args
from massorg.export.feed import write_feed
from massorg.export.pack import EVERY, PackProblem, make_pack
from massorg.export.slides import SlideInputs, slide_inputs
from massorg.export.tables import vietnam_now
from massorg.i18n import LANGUAGES, t

REPORT_SUFFIXES = (".docx", ".pdf")
CARD_SUFFIXES = (".png", ".pdf")


def _help(key: str) -> str:
    return t(f"documents.cli.{key}", config.default_language())


def register(sub) -> None:
    p = sub.add_parser("feed", help=_help("feed_help"), description=_help("feed_help"))
    p.add_argument("snapshot_id", metavar="ID", help=_help("feed_id_help"))
    p.add_argument("--out", type=Path, default=None, help=_help("feed_out_help"))
    p.add_argument("--lang", choices=LANGUAGES, default=None)
    p.set_defaults(func=cmd_feed)

    p = sub.add_parser("report", help=_help("report_help"), description=_help("report_help"))
    p.add_argument("--out", required=True, type=Path, help=_help("report_out_help"))
    add_view_arguments(p)
    p.add_argument("--agency", default=None, help=_help("agency_help"))
    p.add_argument("--parent-agency", default=None, help=_help("parent_agency_help"))
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("card", help=_help("card_help"), description=_help("card_help"))
    p.add_argument("--out", required=True, type=Path, help=_help("card_out_help"))
    add_view_arguments(p)
    p.set_defaults(func=cmd_card)

    p = sub.add_parser("pack", help=_help("pack_help"), description=_help("pack_help"))
    p.add_argument("--out", required=True, type=Path, help=_help("pack_out_help"))
    p.add_argument("--every", choices=EVERY, default="month", help=_help("pack_every_help"))
    p.add_argument("--max-age-days", type=int, default=None, metavar="N", help=_help("pack_age_help"))
    p.add_argument("--date", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help=_help("pack_date_help"))
    p.add_argument("--lang", choices=LANGUAGES, default=None)
    p.set_defaults(func=cmd_pack)


def cmd_feed(args: argparse.Namespace) -> int:
    lang = args.lang or config.default_language()
    snapshots = {s.id: s for s in store.list_snapshots(include_retired=True)}
    snapshot = snapshots.get(args.snapshot_id)
    if snapshot is None:
        print(t("documents.cli.no_snapshot", lang, id=args.snapshot_id, ids=", ".join(snapshots) or "—"),
              file=sys.stderr)
        return 2
    for path in write_feed(snapshot, args.out):
        print(t("documents.cli.wrote", lang, path=path))
    return 0


def _out(path: Path, suffixes: tuple[str, ...], lang: str) -> Path:
    if path.suffix.lower() not in suffixes or not path.resolve().parent.is_dir():
        raise ArgumentProblem(t("documents.cli.bad_out", lang, path=path, suffixes=", ".join(suffixes)))
    return path


def _view(args: argparse.Namespace, suffixes: tuple[str, ...], command: str) -> tuple[Path, SlideInputs] | None:
    """The output path and the view (snapshot, filters, language) from the command line; None after
    printing what is wrong."""
    lang = args.lang or config.default_language()
    try:
        out = _out(args.out, suffixes, lang)
        snapshot = _snapshot(args.snapshot, lang)
        return out, slide_inputs(snapshot, filters_from_args(args, snapshot, lang), lang)
    except ArgumentProblem as problem:
        print(f"python -m massorg {command}: {problem}", file=sys.stderr)
        return None


def _done(out: Path, inputs: SlideInputs) -> None:
    print(t("documents.cli.done", inputs.lang, path=out, language=inputs.lang, snapshot=inputs.snapshot.id,
            period=inputs.period))


def cmd_report(args: argparse.Namespace) -> int:
    view = _view(args, REPORT_SUFFIXES, "report")
    if view is None:
        return 2
    out, inputs = view
    # here, not at the top: every command line start would pay for python-docx
    from massorg.export.report import ConversionError, docx_to_pdf, report_docx

    lang = inputs.lang
    data = report_docx(inputs, agency=args.agency, parent_agency=args.parent_agency)
    if out.suffix.lower() == ".pdf":
        try:
            data = docx_to_pdf(data, lang)
        except ConversionError as problem:
            print(f"python -m massorg report: {problem}", file=sys.stderr)
            return 1
    out.write_bytes(data)
    _done(out, inputs)
    return 0


def cmd_card(args: argparse.Namespace) -> int:
    view = _view(args, CARD_SUFFIXES, "card")
    if view is None:
        return 2
    # here, not at the top: every command line start would pay for matplotlib
    from massorg.export.card import card_pdf, card_png

    out, inputs = view
    out.write_bytes(card_pdf(inputs) if out.suffix.lower() == ".pdf" else card_png(inputs))
    _done(out, inputs)
    return 0


def cmd_pack(args: argparse.Namespace) -> int:
    # here, not at the top: every command line start would pay for python-docx
    from massorg.export.report import ConversionError

    lang = args.lang or config.default_language()
    today = args.date or vietnam_now().date()
    try:
        result = make_pack(args.out, every=args.every, lang=lang, max_age_days=args.max_age_days, today=today)
    except (PackProblem, ConversionError) as problem:
        print(f"python -m massorg pack: {problem}", file=sys.stderr)
        return 1
    key = "documents.pack.done" if result.written else "documents.pack.exists"
    print(t(key, lang, folder=result.folder, files=", ".join(result.files)))
    return 0
