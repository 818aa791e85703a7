"""Commands of the importer: `import` (report files -> a new snapshot) and `template` (the Excel form)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from massorg import config
from massorg.access import audit
from massorg.data import completeness
from massorg.data.schema import TABLES
from massorg.data.validate import Finding
from massorg.geography import REPORT_PERIODS
from massorg.i18n import t
from massorg.ingest.importer import ImportResult, import_files
from massorg.ingest.template import write_template
from massorg.numbers import fmt_date, fmt_int


def register(subparsers) -> None:
    lang = config.default_language()
    p = subparsers.add_parser("import", help=t("ingest.cli.import_help", lang))
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help=t("ingest.cli.files_help", lang))
    p.add_argument("--as-of", required=True, type=_as_of_date(lang), metavar="YYYY-MM-DD",
                   help=t("ingest.cli.as_of_help", lang))
    p.add_argument("--label", help=t("ingest.cli.label_help", lang))
    p.add_argument("--base", metavar="SNAPSHOT_ID", help=t("ingest.cli.base_help", lang))
    p.add_argument("--dry-run", action="store_true", help=t("ingest.cli.dry_run_help", lang))
    p.add_argument("--allow-duplicate", action="store_true", help=t("ingest.cli.allow_duplicate_help", lang))
    p.add_argument("--lang", choices=("vi", "en"), default=None, help=t("ingest.cli.lang_help", lang))
    p.set_defaults(func=cmd_import)
    p = subparsers.add_parser("template", help=t("ingest.cli.template_help", lang))
    p.add_argument("out", type=Path, metavar="OUT.xlsx", help=t("ingest.cli.out_help", lang))
    p.add_argument("--lang", choices=("vi", "en"), default=None, help=t("ingest.cli.lang_help", lang))
    p.add_argument("--period", choices=tuple(REPORT_PERIODS), default=None,
                   help=t("geography.cli.period_help", lang))
    p.set_defaults(func=cmd_template)


def _as_of_date(lang: str):
    def parse(text: str) -> dt.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise argparse.ArgumentTypeError(t("ingest.cli.bad_as_of", lang, value=text)) from None

    return parse


def render(finding: Finding, lang: str) -> str:
    """A finding as one line; findings about a whole file name the file only."""
    if finding.table or finding.sheet or finding.excel_row is not None:
        return finding.render(lang)
    label = t(f"findings.{finding.severity}", lang)
    where = f" — {t('findings.loc_file', lang, file=finding.file)}" if finding.file else ""
    return f"{label}{where}: {finding.message(lang)}"


def _place(finding: Finding) -> tuple:
    """Findings in the order a user reads the files: by file, sheet and row (whole-file ones first)."""
    row = finding.excel_row if finding.excel_row is not None else -1
    return (finding.file or "", finding.sheet or "", row)


def cmd_import(args: argparse.Namespace) -> int:
    lang = args.lang or config.default_language()
    result = import_files(
        args.files, as_of=args.as_of, label=args.label, base_id=args.base,
        dry_run=args.dry_run, allow_duplicate=args.allow_duplicate,
    )
    if not args.dry_run:  # every publish, refusal or failure is logged with who ran it
        audit.record_import(result, who=audit.os_user(), via="cli", as_of=args.as_of, label=args.label,
                            base_id=args.base)
    for finding in sorted(result.errors, key=_place) + sorted(result.warnings, key=_place):
        print(render(finding, lang))
    print(summary(result, lang, as_of=args.as_of))
    return 1 if result.errors else 0


def as_of_hint(result: ImportResult, as_of: dt.date | None, lang: str) -> str | None:
    """A sentence for when every error is an association still active at the as-of date and keyed to a
    unit that had ended by then: an earlier period's report checked as of a later date (today, say)
    gets one such error per association of an old unit. None when any error is of another kind (a
    meeting or a welfare year after the unit ended is wrong whatever the as-of date)."""
    def set_by_as_of(f: Finding) -> bool:
        return f.rule == "unit_ended" and f.table == "associations" and f.params.get("last_on") == as_of.isoformat()

    if as_of is None or not result.errors or not all(set_by_as_of(f) for f in result.errors):
        return None
    return t("ingest.cli.as_of_hint", lang, count=fmt_int(len(result.errors), lang), as_of=fmt_date(as_of, lang))


def summary(result: ImportResult, lang: str, as_of: dt.date | None = None) -> str:
    """What was built and what happened to it, for the end of the command's output."""
    lines = []
    if result.tables:
        lines.append(t("ingest.cli.tables_title", lang))
    for name, built in result.tables.items():
        if built.source == "files" and built.carried:
            source = t("ingest.cli.source_files_and_base", lang, places=", ".join(built.places) or "–",
                       new=fmt_int(len(built.frame) - built.carried, lang), kept=fmt_int(built.carried, lang),
                       id=result.base.id)
        elif built.source == "files":
            source = t("ingest.cli.source_files", lang, places=", ".join(built.places) or "–")
        elif built.source == "base":
            source = t("ingest.cli.source_base", lang, id=result.base.id)
        else:
            source = t("ingest.cli.source_reference", lang)
        lines.append(t("ingest.cli.table_line", lang, table=name, name=TABLES[name].label(lang),
                       rows=fmt_int(len(built.frame), lang), source=source))
    if result.previous is not None:
        lines.append(t("ingest.cli.previous", lang, id=result.previous.id))
    lines.append(t("ingest.cli.counts", lang, errors=len(result.errors), warnings=len(result.warnings)))
    if hint := as_of_hint(result, as_of, lang):
        lines.append(hint)
    if line := completeness_line(result, lang):
        lines.append(line)
    if result.dry_run:
        lines.append(t("ingest.cli.dry_run_errors" if result.errors else "ingest.cli.dry_run_ok", lang))
    elif result.errors:
        lines.append(t("ingest.cli.blocked", lang))
    elif result.snapshot is not None:
        snap = result.snapshot
        lines.append(t("ingest.cli.published", lang, id=snap.id, as_of=fmt_date(snap.as_of, lang), path=snap.path))
    return "\n".join(lines)


def cmd_template(args: argparse.Namespace) -> int:
    lang = args.lang or config.default_language()
    try:
        write_template(args.out, lang, args.period)
    except OSError as exc:
        print(t("ingest.cli.write_failed", lang, path=args.out, reason=exc.strerror or exc))
        return 1
    print(t("ingest.cli.template_written", lang, path=args.out))
    return 0


def completeness_line(result: ImportResult, lang: str) -> str | None:
    """How complete the new snapshot's last year is (who reported members, funding, activity)."""
    tables = {name: built.frame for name, built in result.tables.items()}
    if "associations" not in tables or (year := completeness.last_year(tables)) is None:
        return None
    return t("completeness.import_line", lang, summary=completeness.summary_text(completeness.of_tables(tables, year), lang))
