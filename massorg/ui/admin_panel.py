"""The administrator's part of the Data page: the audit log of imports and the grants in force."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from massorg.access import audit
from massorg.access.grants import GrantsError, load_grants
from massorg.numbers import fmt_date
from massorg.ui.context import PageContext
from massorg.ui.tables import Col, data_table


def audit_frame(entries: list[dict], lang: str, t) -> pd.DataFrame:
    """The log, newest first, one row per import."""
    rows = []
    for e in reversed(entries):
        files = "; ".join(f"{f['file']} ({str(f.get('sha256') or '–')[:12]})" for f in e.get("files", []))
        rows.append({
            "at": e.get("at", ""), "who": e.get("who", ""), "via": t(f"access.admin.via_{e.get('via', 'cli')}"),
            "outcome": t(f"access.audit.outcome_{e.get('outcome', audit.FAILED)}"),
            "snapshot_id": e.get("snapshot_id") or "–", "as_of": e.get("as_of") or "–", "files": files or "–",
            "errors": e.get("errors", 0), "warnings": e.get("warnings", 0),
        })
    return pd.DataFrame(rows, columns=["at", "who", "via", "outcome", "snapshot_id", "as_of", "files", "errors",
                                       "warnings"])


def grants_frame(lang: str, t) -> pd.DataFrame:
    today = dt.date.today()
    rows = [{"subject": g.subject, "role": t(f"access.roles.{g.role}"), "scope": g.scope_text,
             "valid_from": fmt_date(g.valid_from, lang) if g.valid_from else "–",
             "valid_to": fmt_date(g.valid_to, lang) if g.valid_to else "–",
             "state": t("access.cli.valid" if g.is_valid_on(today) else "access.cli.not_valid")}
            for g in load_grants(lang=lang)]
    return pd.DataFrame(rows, columns=["subject", "role", "scope", "valid_from", "valid_to", "state"])


def show(ctx: PageContext) -> None:
    st.subheader(ctx.t("access.admin.audit_title"))
    st.caption(ctx.t("access.admin.audit_caption", path=audit.log_path()))
    entries = audit.read_entries()
    if not entries:
        st.info(ctx.t("access.admin.audit_empty"), icon=":material/info:")
    else:
        data_table(ctx, audit_frame(entries, ctx.lang, ctx.t), [
            Col("at", "access.admin.at"), Col("who", "access.admin.who"), Col("via", "access.admin.via"),
            Col("outcome", "access.admin.outcome"), Col("snapshot_id", "access.admin.snapshot"),
            Col("as_of", "access.admin.as_of"), Col("files", "access.admin.files"),
            Col("errors", "access.admin.errors", "int"), Col("warnings", "access.admin.warnings", "int"),
        ], title_key="access.admin.audit_title", height=400)
    st.subheader(ctx.t("access.admin.grants_title"))
    st.caption(ctx.t("access.admin.grants_caption"))
    try:
        frame = grants_frame(ctx.lang, ctx.t)
    except GrantsError as problem:
        st.error(str(problem), icon=":material/error:")
        return
    data_table(ctx, frame, [
        Col("subject", "access.admin.subject"), Col("role", "access.admin.role"), Col("scope", "access.admin.scope"),
        Col("valid_from", "access.admin.valid_from"), Col("valid_to", "access.admin.valid_to"),
        Col("state", "access.admin.state"),
    ], title_key="access.admin.grants_title", height=400)
