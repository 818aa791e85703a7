"""Commands between stores: `push ID --to s3://…` copies a folder snapshot into an S3 store;
`rollup --out … --from … --from …` builds the national roll-up from the provinces' stores."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from massorg import config
from massorg.data import objectstore, rollup, store
from massorg.i18n import t


def register(sub, lang: str) -> None:
    p = sub.add_parser("push", help=t("store.push.help", lang))
    p.add_argument("snapshot_id", metavar="ID")
    p.add_argument("--to", required=True, metavar="s3://BUCKET/PREFIX", help=t("store.push.to_help", lang))
    p.add_argument("--from", dest="source", type=Path, default=None, metavar="FOLDER",
                   help=t("store.push.from_help", lang))
    p.add_argument("--lang", choices=("vi", "en"), default=None)
    p.set_defaults(func=cmd_push)
    p = sub.add_parser("rollup", help=t("store.rollup.help", lang))
    p.add_argument("--out", required=True, metavar="STORE", help=t("store.rollup.out_help", lang))
    p.add_argument("--from", dest="sources", action="append", required=True, metavar="STORE",
                   help=t("store.rollup.from_help", lang))
    p.add_argument("--as-of", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help=t("store.rollup.as_of_help", lang))
    p.add_argument("--label", default=None)
    p.add_argument("--lang", choices=("vi", "en"), default=None)
    p.set_defaults(func=cmd_rollup)


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


def cmd_rollup(args: argparse.Namespace) -> int:
    lang = args.lang or config.default_language()
    try:
        snapshot = rollup.build_rollup(args.sources, args.out, as_of=args.as_of, label=args.label)
    except store.SnapshotError as exc:
        print(t("store.rollup.failed", lang, reason=str(exc)))
        return 1
    print(t("store.rollup.done", lang, id=snapshot.id, out=args.out, n=len(args.sources)))
    for source in snapshot.manifest["sources"]:
        print(t("store.rollup.source", lang, store=source["store"], id=source["snapshot_id"],
                provinces=", ".join(source["provinces"])))
    return 0
