"""`python -m massorg push ID --to s3://…`: copy a published folder snapshot into an S3 store."""

from __future__ import annotations

import argparse
from pathlib import Path

from massorg import config
from massorg.data import objectstore, store
from massorg.i18n import t


def register(sub, lang: str) -> None:
    p = sub.add_parser("push", help=t("store.push.help", lang))
    p.add_argument("snapshot_id", metavar="ID")
    p.add_argument("--to", required=True, metavar="s3://BUCKET/PREFIX", help=t("store.push.to_help", lang))
    p.add_argument("--from", dest="source", type=Path, default=None, metavar="FOLDER",
                   help=t("store.push.from_help", lang))
    p.add_argument("--lang", choices=("vi", "en"), default=None)
    p.set_defaults(func=cmd_push)


def cmd_push(args: argparse.Namespace) -> int:
    lang = args.lang or config.default_language()
    if not objectstore.is_s3_url(args.to):
        print(t("store.push.not_s3", lang, to=args.to))
        return 2
    source = args.source or config.snapshots_dir()
    try:
        snapshot = store.open_snapshot(args.snapshot_id, source)
    except store.SnapshotError:
        print(t("store.push.no_snapshot", lang, id=args.snapshot_id, path=source))
        return 1
    target = objectstore.open_store(args.to)
    try:
        target.push(snapshot)
    except store.SnapshotError as exc:
        print(t("store.push.failed", lang, id=snapshot.id, to=target.url, reason=str(exc)))
        return 1
    print(t("store.push.done", lang, id=snapshot.id, to=target.url, n=len(snapshot.manifest.get("files", {}))))
    return 0
