"""Commands of the data layer: demo, snapshots, check."""

from __future__ import annotations

import argparse
from pathlib import Path

from massorg import config
from massorg.data import demo, objectstore, scale, store, store_commands
from massorg.data.validate import errors, validate_tables, warnings
from massorg.i18n import t
from massorg.numbers import fmt_date, fmt_int


def register(sub) -> None:
    lang = config.default_language()
    p = sub.add_parser("demo", help=t("cli.help_demo", lang))
    p.add_argument("--seed", type=int, default=demo.DEFAULT_SEED)
    p.add_argument("--scale", type=int, default=1, metavar="N", help=t("scale.cli.scale_help", lang))
    p.add_argument("--out", type=Path, default=None, metavar="DIR", help=t("scale.cli.out_help", lang))
    p.add_argument("--lang", choices=("vi", "en"), default=None)
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("snapshots", help=t("cli.help_snapshots", lang))
    p.add_argument("--lang", choices=("vi", "en"), default=None)
    p.set_defaults(func=cmd_snapshots)
    p = sub.add_parser("retire", help=t("cli.retire.help", lang))
    p.add_argument("snapshot_id", metavar="ID")
    p.add_argument("--undo", action="store_true", help=t("cli.retire.undo_help", lang))
    p.add_argument("--reason", default="", help=t("cli.retire.reason_help", lang))
    p.add_argument("--lang", choices=("vi", "en"), default=None)
    p.set_defaults(func=cmd_retire)
    p = sub.add_parser("check", help=t("cli.help_check", lang))
    p.add_argument("snapshot_id", nargs="?")
    p.add_argument("--lang", choices=("vi", "en"), default=None)
    p.set_defaults(func=cmd_check)
    store_commands.register(sub, lang)


def _lang(args: argparse.Namespace) -> str:
    return args.lang or config.default_language()


def cmd_demo(args: argparse.Namespace) -> int:
    lang = _lang(args)
    if args.scale < 1:
        print(t("scale.cli.bad_scale", lang, value=args.scale))
        return 2
    if args.scale > 1:
        for snap in scale.build_scaled(args.out or config.snapshots_dir(), args.scale, seed=args.seed):
            print(t("scale.cli.built", lang, id=snap.id, path=snap.path, factor=args.scale,
                    rows=fmt_int(sum(snap.row_counts.values()), lang)))
        return 0
    for snap in demo.build_demo(args.out, seed=args.seed):
        print(t("cli.demo_built", lang, id=snap.id, path=snap.path))
    return 0


def cmd_snapshots(args: argparse.Namespace) -> int:
    lang = _lang(args)
    snaps = store.list_snapshots(include_retired=True)
    for refusal in store.refused_snapshots():
        print(objectstore.refusal_text(refusal, lang))
    if not snaps:
        print(t("cli.no_snapshots", lang, path=config.store_url()))
        return 0
    retired = store.retired()
    default = store.latest()
    for s in snaps:
        kind = t("cli.kind_demo", lang) if s.is_demo else t("cli.kind_real", lang)
        if s.id in retired:
            kind += ", " + t("cli.retire.marker", lang)
        elif default is not None and s.id == default.id:
            kind += ", " + t("cli.retire.default_marker", lang)
        counts = ", ".join(f"{name} {fmt_int(n, lang)}" for name, n in s.row_counts.items())
        print(t("cli.snapshot_line", lang, id=s.id, as_of=fmt_date(s.as_of, lang), kind=kind, label=s.label))
        print(f"    {counts}")
    return 0


def cmd_retire(args: argparse.Namespace) -> int:
    """Hide a snapshot from the lists and the default view (--undo shows it again). No file is deleted."""
    lang = _lang(args)
    if args.undo:
        if not store.restore(args.snapshot_id):
            print(t("cli.retire.not_retired", lang, id=args.snapshot_id))
            return 1
        print(t("cli.retire.restored", lang, id=args.snapshot_id))
    else:
        try:
            store.retire(args.snapshot_id, reason=args.reason)
        except store.LastSnapshotError:
            print(t("cli.retire.last", lang, id=args.snapshot_id))
            return 1
        except store.SnapshotError:
            print(t("cli.no_such_snapshot", lang, id=args.snapshot_id))
            return 1
        print(t("cli.retire.retired", lang, id=args.snapshot_id, path=f"{config.store_url().rstrip('/')}/{store.RETIRED}"))
    default = store.latest()
    if default is not None:
        print(t("cli.retire.now_default", lang, id=default.id))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    lang = _lang(args)
    try:
        snap = store.open_snapshot(args.snapshot_id) if args.snapshot_id else store.latest()
    except store.SnapshotError:
        print(t("cli.no_such_snapshot", lang, id=args.snapshot_id))
        return 1
    if snap is None:
        print(t("cli.no_snapshots", lang, path=config.store_url()))
        return 1
    problems = []
    for name, expected in snap.manifest.get("files", {}).items():
        path = snap.path / name
        if not path.exists():
            problems.append(t("cli.file_missing", lang, file=name))
        elif store.sha256_file(path) != expected:
            problems.append(t("cli.file_changed", lang, file=name))
    if problems:
        for p in problems:
            print(p)
        print(t("cli.check_failed", lang, id=snap.id, n=len(problems)))
        return 1
    findings = validate_tables(snap.read_all(), as_of=snap.as_of)
    for f in findings:
        print(f.render(lang))
    if errors(findings):
        print(t("cli.check_failed", lang, id=snap.id, n=len(errors(findings))))
        return 1
    print(t("cli.check_ok", lang, id=snap.id, warnings=len(warnings(findings))))
    return 0
