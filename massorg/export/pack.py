"""The scheduled pack: the deck, the A4 report and the phone card of the newest snapshot, in one dated
folder, for a cron job or a systemd timer (examples in deploy/).

<out>/<period>_<snapshot id>/ where period is the month (2026-12), the quarter (2026-Q4) or the day
(2026-12-01) of the pack's date. The folder is built under a temporary name and renamed into place, so
it is complete or absent; an existing pack is never overwritten (a second run in the same period with
the same snapshot writes nothing). A newest snapshot older than the allowed age stops the pack.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from massorg.data import store
from massorg.data.queries import Filters
from massorg.export.feed import feed_csv, feed_frame, feed_json
from massorg.export.slides import slide_inputs
from massorg.i18n import t
from massorg.numbers import fmt_date

EVERY = ("day", "month", "quarter")
PACK_MANIFEST = "pack.json"


class PackProblem(Exception):
    """Why no pack was written; the message says what to do."""


@dataclass(frozen=True)
class PackResult:
    folder: Path
    written: bool  # False when the pack of this period and snapshot existed already
    files: tuple[str, ...]


def period_label(day: dt.date, every: str) -> str:
    """'2026-12-01' (day), '2026-12' (month), '2026-Q4' (quarter)."""
    if every == "month":
        return f"{day.year}-{day.month:02d}"
    if every == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return day.isoformat()


def newest_snapshot(lang: str, max_age_days: int | None, today: dt.date) -> store.Snapshot:
    """The snapshot the dashboard opens by default; PackProblem when there is none or it is too old."""
    snapshot = store.latest()
    if snapshot is None:
        raise PackProblem(t("documents.pack.no_snapshots", lang))
    age = (today - snapshot.as_of).days
    if max_age_days is not None and age > max_age_days:
        raise PackProblem(t("documents.pack.stale", lang, id=snapshot.id, as_of=fmt_date(snapshot.as_of, lang), age=age,
                            max=max_age_days))
    return snapshot


def _files(snapshot: store.Snapshot, lang: str, today: dt.date) -> dict[str, bytes]:
    # here, not at the top: the command line imports this module (EVERY) for every command it runs
    from massorg.export.card import card_file_name, card_pdf, card_png
    from massorg.export.deck import deck_bytes, deck_file_name
    from massorg.export.report import docx_to_pdf, report_docx, report_file_name

    inputs = slide_inputs(snapshot, Filters(), lang, made_on=today)
    docx = report_docx(inputs)
    frame = feed_frame(snapshot)
    return {
        deck_file_name(inputs): deck_bytes(inputs),
        report_file_name(inputs, ".docx"): docx,
        report_file_name(inputs, ".pdf"): docx_to_pdf(docx, lang),
        card_file_name(inputs, ".png"): card_png(inputs),
        card_file_name(inputs, ".pdf"): card_pdf(inputs),
        "indicators.csv": feed_csv(frame),
        "indicators.json": feed_json(frame, snapshot),
    }


def make_pack(out: Path, *, every: str = "month", lang: str = "vi", max_age_days: int | None = None,
              today: dt.date) -> PackResult:
    """Write the pack of `today`'s period for the newest snapshot into `out` (see the module doc)."""
    if every not in EVERY:
        raise ValueError(f"every must be one of {EVERY}")
    snapshot = newest_snapshot(lang, max_age_days, today)
    final = out / f"{period_label(today, every)}_{snapshot.id}"
    if final.exists():
        return PackResult(final, False, tuple(sorted(p.name for p in final.iterdir())))
    out.mkdir(parents=True, exist_ok=True)
    files = _files(snapshot, lang, today)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}-", dir=out))
    try:
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        manifest = {"snapshot_id": snapshot.id, "as_of": snapshot.as_of.isoformat(), "is_demo": snapshot.is_demo,
                    "made_on": today.isoformat(), "every": every, "lang": lang,
                    "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}}
        (tmp / PACK_MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        os.chmod(tmp, 0o755)
        try:
            os.rename(tmp, final)  # fails when another run made the same pack meanwhile: never overwrite
        except OSError:
            if final.exists():
                shutil.rmtree(tmp, ignore_errors=True)
                return PackResult(final, False, tuple(sorted(p.name for p in final.iterdir())))
            raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return PackResult(final, True, tuple(sorted([*files, PACK_MANIFEST])))
