"""Import in the browser, for stewards (the Data page): upload report files, choose the as-of date, a
label and the base snapshot, check them (every finding, located as the command line locates it, in the
reader's language), see what would change against the base snapshot, then publish.

Checking and publishing call massorg.ingest.importer.import_files, the command line's path: a dry run
to check, the same call without dry_run to publish (atomic, refused on any error). The role is checked
again on the server when a button is pressed, and every refused, failed or successful publish goes to
the audit log with the grant's subject.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from massorg.access import audit
from massorg.data import store
from massorg.data.compare import Comparison, compare_with_import
from massorg.ingest.commands import as_of_hint, completeness_line, render
from massorg.ingest.importer import ImportResult, import_files
from massorg.numbers import fmt_date, fmt_int
from massorg.ui import access
from massorg.ui.context import PageContext
from massorg.ui.figures import data as figures
from massorg.ui.tables import Col, data_table

MAX_FILES = 10
MAX_FILE_MB = 20
_CHECKED = "_import_checked"  # session key: the last check (its files stay in a temporary folder)
_MESSAGE = "_import_message"  # session key: what the last button did (kind, text)
AS_OF, LABEL, BASE = "import_as_of", "import_label", "import_base"
_ROUND = "_import_round"  # a new uploader after each publish (an uploader cannot be emptied otherwise)


def _uploader_key() -> str:
    return f"import_files_{st.session_state.get(_ROUND, 0)}"


@dataclass
class Checked:
    folder: Path
    paths: list[Path]
    signature: tuple
    as_of: dt.date
    label: str | None
    base_id: str | None
    result: ImportResult
    # worked out once when first shown, not on every rerun (at ×100 each reads millions of rows)
    comparison: Comparison | None = None  # against the base
    completeness: dict[str, str | None] = field(default_factory=dict)  # the new snapshot's, per language

    def replace_result(self, result: ImportResult) -> None:
        self.result, self.comparison, self.completeness = result, None, {}


def _signature(files, as_of, label, base_id) -> tuple:
    """What was checked: the files' names and contents, and the choices (a change needs a new check)."""
    return (tuple((f.name, hashlib.sha256(f.getvalue()).hexdigest()) for f in files or []), as_of, label, base_id)


def _limits_problem(files, t) -> str | None:
    if len(files) > MAX_FILES:
        return t("access.import.too_many", count=len(files), max=MAX_FILES)
    for f in files:
        if f.size > MAX_FILE_MB * 1024 * 1024:
            return t("access.import.too_large", file=f.name, mb=f"{f.size / 1024 / 1024:.1f}", max=MAX_FILE_MB)
    return None


def _save(files) -> tuple[Path, list[Path]]:
    """The uploads as files (each in its own folder, so two files may share a name); only the name is kept."""
    folder = Path(tempfile.mkdtemp(prefix="massorg-upload-"))
    paths = []
    for i, f in enumerate(files):
        name = Path(f.name.replace("\\", "/")).name or f"file-{i + 1}"
        path = folder / str(i) / name
        path.parent.mkdir()
        path.write_bytes(f.getvalue())
        paths.append(path)
    return folder, paths


def _forget_check() -> None:
    checked = st.session_state.pop(_CHECKED, None)
    if checked is not None:
        shutil.rmtree(checked.folder, ignore_errors=True)


def _check(lang: str, t) -> None:
    """The Check button: a dry run of the import on the uploaded files."""
    _forget_check()
    who = access.visitor(lang)
    if not who.may("import"):
        st.session_state[_MESSAGE] = ("error", t("access.web.not_allowed"))
        return
    files = st.session_state.get(_uploader_key()) or []
    problem = _limits_problem(files, t)
    if problem:
        st.session_state[_MESSAGE] = ("error", problem)
        return
    as_of, label, base_id = st.session_state[AS_OF], (st.session_state[LABEL] or "").strip() or None, \
        st.session_state[BASE]
    folder, paths = _save(files)
    result = import_files(paths, as_of=as_of, label=label, base_id=base_id, dry_run=True)
    if result.errors:  # the web's refusal: nothing can be published from these files
        audit.record_import(result, who=who.grant.subject, via="web", as_of=as_of, label=label, base_id=base_id)
    st.session_state[_CHECKED] = Checked(folder, paths, _signature(files, as_of, label, base_id), as_of, label,
                                         base_id, result)
    st.session_state.pop(_MESSAGE, None)


def _publish(lang: str, t) -> None:
    """The Publish button: the role again, then the command line's import of the checked files."""
    checked: Checked | None = st.session_state.get(_CHECKED)
    who = access.visitor(lang)
    if not who.may("publish"):
        st.session_state[_MESSAGE] = ("error", t("access.web.not_allowed"))
        return
    if checked is None or checked.result.errors:
        st.session_state[_MESSAGE] = ("error", t("access.import.check_first"))
        return
    result = import_files(checked.paths, as_of=checked.as_of, label=checked.label, base_id=checked.base_id)
    audit.record_import(result, who=who.grant.subject, via="web", as_of=checked.as_of, label=checked.label,
                        base_id=checked.base_id)
    if result.snapshot is None:
        checked.replace_result(result)  # show why (someone published the same files meanwhile, a disk error …)
        st.session_state[_MESSAGE] = ("error", t("access.import.not_published"))
        return
    _forget_check()
    st.session_state[_ROUND] = st.session_state.get(_ROUND, 0) + 1
    st.session_state["snapshot"] = result.snapshot.id  # the sidebar opens the new snapshot
    st.session_state[_MESSAGE] = ("success", t("access.import.published", id=result.snapshot.id,
                                               as_of=fmt_date(result.snapshot.as_of, lang)))


def _findings(ctx: PageContext, checked: Checked) -> None:
    result = checked.result
    texts = [render(f, ctx.lang) for f in result.errors + result.warnings]
    st.markdown(f"**{ctx.t('access.import.findings_title')}**")
    st.caption(ctx.t("access.import.counts", errors=fmt_int(len(result.errors), ctx.lang),
                     warnings=fmt_int(len(result.warnings), ctx.lang)))
    if hint := as_of_hint(result, checked.as_of, ctx.lang):  # every error an ended unit: is the as-of date right?
        st.info(hint, icon=":material/event:")
    if ctx.lang not in checked.completeness:
        checked.completeness[ctx.lang] = completeness_line(result, ctx.lang)
    if line := checked.completeness[ctx.lang]:
        st.markdown(line)
    if texts:
        with st.container(height=min(440, 24 + 34 * len(texts)), border=True):
            st.markdown(figures.findings_markdown(pd.DataFrame({"text": texts})))


def _comparison(ctx: PageContext, checked: Checked) -> None:
    """What publishing would change against the base snapshot (or the newest real one)."""
    result = checked.result
    old = result.base or result.previous
    if old is None:
        st.info(ctx.t("access.import.nothing_to_compare"), icon=":material/info:")
        return
    tables = {name: built.frame for name, built in result.tables.items()}
    new = store.Snapshot(Path(), {"id": ctx.t("access.import.new_id"), "row_counts": {n: len(f) for n, f in tables.items()}})
    if checked.comparison is None or checked.comparison.new_id != new.id:  # once per check (and language)
        checked.comparison = compare_with_import(old, tables, new.id)
    diff = checked.comparison
    st.markdown(f"**{ctx.t('access.import.compare_title', old=old.id)}**")
    data_table(ctx, figures.table_changes(diff, old, new, ctx.lang), [
        Col("table", "data.compare.table"), Col("old_rows", "data.compare.old_rows", "int"),
        Col("new_rows", "data.compare.new_rows", "int"), Col("added", "data.compare.added", "int"),
        Col("removed", "data.compare.removed", "int"), Col("changed", "data.compare.changed", "int"),
        Col("unchanged", "data.compare.unchanged", "int"), Col("changed_columns", "data.compare.changed_columns"),
    ], title_key="access.import.compare_title", title_params={"old": old.id}, key="import_tables")
    changes = figures.indicator_changes(diff, ctx.lang)
    data_table(ctx, changes, [
        Col("indicator", "data.compare.indicator"), Col("old", "data.compare.old_value"),
        Col("new", "data.compare.new_value"), Col("difference", "data.compare.difference"),
        Col("difference_pct", "data.compare.difference_pct", "pct"),
    ], title_key="access.import.indicators_title", title_params={"old": old.id}, key="import_indicators",
        height=38 + 35 * len(changes))


def show(ctx: PageContext) -> None:
    """The import section (the caller shows it to stewards; the buttons check the role again)."""
    st.subheader(ctx.t("access.import.title"))
    st.caption(ctx.t("access.import.intro", max_files=MAX_FILES, max_mb=MAX_FILE_MB))
    files = st.file_uploader(ctx.t("access.import.files"), accept_multiple_files=True, max_upload_size=MAX_FILE_MB,
                             key=_uploader_key(), help=ctx.t("access.import.files_help", max_files=MAX_FILES, max_mb=MAX_FILE_MB))
    left, middle, right = st.columns(3)
    left.date_input(ctx.t("access.import.as_of"), key=AS_OF, value=dt.date.today(), format="DD/MM/YYYY",
                    help=ctx.t("access.import.as_of_help"))
    middle.text_input(ctx.t("access.import.label"), key=LABEL, max_chars=120, help=ctx.t("access.import.label_help"))
    by_id = {s.id: s for s in ctx.snapshots if not s.is_demo}  # real data is never built on demo rows
    right.selectbox(ctx.t("access.import.base"), [None, *by_id], key=BASE, help=ctx.t("access.import.base_help"),
                    format_func=lambda i: ctx.t("access.import.no_base") if i is None else figures.snapshot_option(
                        by_id[i], ctx.lang))
    st.button(ctx.t("access.import.check"), key="import_check", icon=":material/fact_check:", disabled=not files,
              on_click=_check, args=(ctx.lang, ctx.t))
    message = st.session_state.get(_MESSAGE)
    if message:
        (st.success if message[0] == "success" else st.error)(message[1])
    checked: Checked | None = st.session_state.get(_CHECKED)
    if checked is None:
        return
    label = (st.session_state.get(LABEL) or "").strip() or None
    if checked.signature != _signature(files, st.session_state.get(AS_OF), label, st.session_state.get(BASE)):
        st.info(ctx.t("access.import.changed"), icon=":material/info:")
        return
    _findings(ctx, checked)
    if checked.result.errors:
        st.error(ctx.t("access.import.blocked"), icon=":material/block:")
        return
    _comparison(ctx, checked)
    st.button(ctx.t("access.import.publish"), key="import_publish", type="primary", icon=":material/publish:",
              on_click=_publish, args=(ctx.lang, ctx.t))
