"""Commands for the documents officials take away: feed (the indicator files of a snapshot)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from massorg import config
from massorg.data import store
from massorg.export.feed import write_feed
from massorg.i18n import LANGUAGES, t


def _help(key: str) -> str:
    return t(f"documents.cli.{key}", config.default_language())


def register(sub) -> None:
    p = sub.add_parser("feed", help=_help("feed_help"), description=_help("feed_help"))
    p.add_argument("snapshot_id", metavar="ID", help=_help("feed_id_help"))
    p.add_argument("--out", type=Path, default=None, help=_help("feed_out_help"))
    p.add_argument("--lang", choices=LANGUAGES, default=None)
    p.set_defaults(func=cmd_feed)


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
