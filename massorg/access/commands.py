"""Commands of access control: `grant`, `revoke`, `grants` (the grants file) and `audit` (the publish log)."""

from __future__ import annotations

import argparse
import datetime as dt

from massorg import config
from massorg.access import audit
from massorg.access.grants import ROLES, GrantsError, grants_path, load_grants, revoke_grant, set_grant
from massorg.i18n import t
from massorg.numbers import fmt_date


def _day(lang: str):
    def parse(text: str) -> dt.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise argparse.ArgumentTypeError(t("access.cli.bad_date", lang, value=text)) from None

    return parse


def register(sub) -> None:
    lang = config.default_language()
    p = sub.add_parser("grant", help=t("access.cli.grant_help", lang))
    p.add_argument("subject", metavar="EMAIL_OR_SUB", help=t("access.cli.subject_help", lang))
    p.add_argument("--role", required=True, choices=ROLES, help=t("access.cli.role_help", lang))
    p.add_argument("--units", nargs="+", metavar="CODE", help=t("access.cli.units_help", lang))
    p.add_argument("--from", dest="valid_from", type=_day(lang), metavar="YYYY-MM-DD",
                   help=t("access.cli.from_help", lang))
    p.add_argument("--to", dest="valid_to", type=_day(lang), metavar="YYYY-MM-DD", help=t("access.cli.to_help", lang))
    p.add_argument("--lang", choices=("vi", "en"), default=None)
    p.set_defaults(func=cmd_grant)
    p = sub.add_parser("revoke", help=t("access.cli.revoke_help", lang))
    p.add_argument("subject", metavar="EMAIL_OR_SUB", help=t("access.cli.subject_help", lang))
    p.add_argument("--lang", choices=("vi", "en"), default=None)
    p.set_defaults(func=cmd_revoke)
    p = sub.add_parser("grants", help=t("access.cli.grants_help", lang))
    p.add_argument("--lang", choices=("vi", "en"), default=None)
    p.set_defaults(func=cmd_grants)
    p = sub.add_parser("audit", help=t("access.cli.audit_help", lang))
    p.add_argument("--lang", choices=("vi", "en"), default=None)
    p.set_defaults(func=cmd_audit)


def _lang(args: argparse.Namespace) -> str:
    return args.lang or config.default_language()


def cmd_grant(args: argparse.Namespace) -> int:
    lang = _lang(args)
    scope = " ".join(args.units) if args.units else "all"
    try:
        grant = set_grant(args.subject, args.role, scope, args.valid_from, args.valid_to, lang=lang)
    except GrantsError as problem:
        print(f"python -m massorg grant: {problem}")
        return 2
    print(t("access.cli.granted", lang, subject=grant.subject, role=grant.role, scope=grant.scope_text,
            path=grants_path()))
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    lang = _lang(args)
    if not revoke_grant(args.subject):
        print(t("access.cli.not_granted", lang, subject=args.subject, path=grants_path()))
        return 1
    print(t("access.cli.revoked", lang, subject=args.subject, path=grants_path()))
    return 0


def _period(value: dt.date | None, lang: str) -> str:
    return fmt_date(value, lang) if value else "–"


def cmd_grants(args: argparse.Namespace) -> int:
    lang = _lang(args)
    try:
        grants = load_grants(lang=lang)
    except GrantsError as problem:
        print(problem)
        return 1
    if not grants:
        print(t("access.cli.no_grants", lang, path=grants_path()))
        return 0
    today = dt.date.today()
    for g in grants:
        state = t("access.cli.valid" if g.is_valid_on(today) else "access.cli.not_valid", lang)
        print(t("access.cli.grant_line", lang, subject=g.subject, role=g.role, scope=g.scope_text,
                valid_from=_period(g.valid_from, lang), valid_to=_period(g.valid_to, lang), state=state))
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    lang = _lang(args)
    entries = audit.read_entries()
    if not entries:
        print(t("access.cli.no_audit", lang, path=audit.log_path()))
        return 0
    for entry in entries:
        print(audit.entry_line(entry, lang))
    return 0
