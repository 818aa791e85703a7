"""Dữ liệu / Data: the published snapshots, the chosen one's manifest and validation report, a comparison
of any two snapshots, and the reporting template."""

import functools

import streamlit as st

from massorg.access.scope import scope_units
from massorg.data.compare import SAMPLE_KEYS, Comparison, compare_snapshots
from massorg.data.schema import TABLES
from massorg.data.store import Snapshot
from massorg.geography import REPORT_PERIODS
from massorg.ingest.template import template_bytes
from massorg.numbers import fmt_date, fmt_int
from massorg.ui import access, admin_panel, completeness_panel, web_import
from massorg.ui import components as ui
from massorg.ui.context import current, set_url_param, url_param
from massorg.ui.downloads import built_or_explained
from massorg.ui.escape import md_list
from massorg.ui.figures import data as figures
from massorg.ui.tables import Col, data_table


@st.cache_data(max_entries=16, show_spinner=False)
def comparison(old_path: str, new_path: str, scope: tuple[str, ...] | None, _old: Snapshot, _new: Snapshot) -> Comparison:
    """Published snapshots never change, so their folders (and the viewer's unit scope) identify a
    comparison for good."""
    return compare_snapshots(_old, _new)


def chosen_pair(ids: list[str]) -> tuple[str, str]:
    """Old and new snapshot ids from the link (?old=&new=) or the two newest; unknown ids get a notice."""
    defaults = {"old": ids[1], "new": ids[0]}
    bad = [v for key in defaults if (v := url_param(key)) and v not in ids]
    if bad:
        st.info(ctx.t("data.compare.bad_url", ids=md_list(bad)), icon="ℹ️")
    for key, default in defaults.items():
        if st.session_state.get(f"data_{key}") not in ids:
            st.session_state[f"data_{key}"] = v if (v := url_param(key)) in ids else default
    by_id = {s.id: s for s in ctx.snapshots}
    left, right = st.columns(2)
    old = left.selectbox(ctx.t("data.compare.old"), ids, key="data_old",
                         format_func=lambda i: figures.snapshot_option(by_id[i], ctx.lang))
    new = right.selectbox(ctx.t("data.compare.new"), ids, key="data_new",
                          format_func=lambda i: figures.snapshot_option(by_id[i], ctx.lang))
    set_url_param("old", old)
    set_url_param("new", new)
    return old, new


ctx = current()
snap = ctx.snapshot
ui.header(ctx, "data.title", "data.intro")

# Published snapshots
st.subheader(ctx.t("data.snapshots.title"))
st.caption(ctx.t("data.snapshots.caption", count=len(ctx.snapshots)))
data_table(
    ctx, figures.snapshot_list(ctx.snapshots, ctx.lang),
    [Col("snapshot_id", "data.snapshots.id"), Col("as_of", "data.snapshots.as_of", "date"),
     Col("kind", "data.snapshots.kind"), Col("total_rows", "data.snapshots.total_rows", "int"),
     Col("label", "data.snapshots.label"), Col("created_at", "data.snapshots.created_at", "date"),
     Col("sources", "data.snapshots.sources")],  # rows per table: the files table below, the comparison
    title_key="data.snapshots.title", filtered=False,
)

# The snapshot in view: manifest
st.subheader(ctx.t("data.manifest.title", snapshot=snap.id))
st.caption(ctx.t("data.manifest.caption"))
n_errors, n_warnings = figures.finding_counts(snap)
ui.kpi_row([
    (ctx.t("data.manifest.as_of"), fmt_date(snap.as_of, ctx.lang), None, None),
    (ctx.t("data.manifest.kind"), figures.kind_label(snap, ctx.lang), None, None),
    (ctx.t("data.manifest.total_rows"), fmt_int(figures.total_rows(snap), ctx.lang), None,
     ctx.t("data.manifest.total_rows_help", count=len(TABLES))),
    (ctx.t("data.validation.warnings"), fmt_int(n_warnings, ctx.lang), None, ctx.t("data.validation.warnings_help")),
])
st.caption(
    f"{ctx.t('data.manifest.created_at')}: {fmt_date(figures.created_at(snap), ctx.lang)} · "
    f"{ctx.t('data.manifest.schema_version')}: {snap.manifest.get('schema_version', '–')}"
)
st.markdown(f"**{ctx.t('data.manifest.files_title')}**")
data_table(
    ctx, figures.table_files(snap, ctx.lang),
    [Col("table", "data.manifest.table"), Col("rows", "data.manifest.rows", "int"),
     Col("file", "data.manifest.file"), Col("sha256", "data.manifest.sha256")],
    title_key="data.manifest.files_title", filtered=False,
)
st.markdown(f"**{ctx.t('data.manifest.sources_title')}**")
data_table(
    ctx, figures.sources(snap, ctx.lang),
    [Col("file", "data.manifest.source_file"), Col("kind", "data.manifest.source_kind"),
     Col("tables", "data.manifest.source_tables"), Col("bytes", "data.manifest.source_bytes"),
     Col("sha256", "data.manifest.sha256")],
    title_key="data.manifest.sources_title", filtered=False,
)
with st.expander(ctx.t("data.manifest.json")):
    st.json(snap.manifest, expanded=1)

# Validation report
st.subheader(ctx.t("data.validation.title", snapshot=snap.id))
if n_errors + n_warnings == 0:
    st.success(ctx.t("data.validation.clean"), icon=":material/task_alt:")
else:
    st.caption(ctx.t("data.validation.summary", errors=fmt_int(n_errors, ctx.lang), warnings=fmt_int(n_warnings, ctx.lang)))
    report = figures.findings(snap, ctx.lang)
    with st.container(height=min(440, 24 + 34 * len(report)), border=True):
        st.markdown(figures.findings_markdown(report))
    with st.expander(ctx.t("data.validation.as_table")):
        data_table(
            ctx, report,
            [Col("severity", "data.validation.severity"), Col("table", "data.validation.table"),
             Col("location", "data.validation.location"), Col("message", "data.validation.message")],
            title_key="data.validation.title", title_params={"snapshot": snap.id}, height=360, filtered=False,
        )

# Reporting completeness (who has not reported), then every snapshot's
completeness_panel.show(ctx)

# Comparison of two snapshots
st.subheader(ctx.t("data.compare.title"))
st.caption(ctx.t("data.compare.intro"))
ids = [s.id for s in ctx.snapshots]
if len(ids) < 2:
    st.info(ctx.t("data.compare.need_two"), icon="ℹ️")
else:
    old_id, new_id = chosen_pair(ids)
    if old_id == new_id:
        st.info(ctx.t("data.compare.same"), icon="ℹ️")
    else:
        by_id = {s.id: s for s in ctx.snapshots}
        old, new = by_id[old_id], by_id[new_id]
        result = comparison(str(old.path), str(new.path), scope_units(new), old, new)
        st.markdown(f"**{ctx.t('data.compare.tables_title', old=old_id, new=new_id)}**")
        if not figures.has_changes(result):
            st.success(ctx.t("data.compare.no_change"), icon=":material/task_alt:")
        data_table(
            ctx, figures.table_changes(result, old, new, ctx.lang),
            [Col("table", "data.compare.table"), Col("old_rows", "data.compare.old_rows", "int"),
             Col("new_rows", "data.compare.new_rows", "int"), Col("added", "data.compare.added", "int"),
             Col("removed", "data.compare.removed", "int"), Col("changed", "data.compare.changed", "int"),
             Col("unchanged", "data.compare.unchanged", "int"),
             Col("changed_columns", "data.compare.changed_columns")],
            title_key="data.compare.tables_title", title_params={"old": old_id, "new": new_id}, filtered=False,
        )
        samples = figures.changed_rows_sample(result, ctx.lang)
        if not samples.empty:
            with st.expander(ctx.t("data.compare.samples", count=SAMPLE_KEYS)):
                data_table(
                    ctx, samples,
                    [Col("table", "data.compare.table"), Col("change", "data.compare.change"),
                     Col("key", "data.compare.key")],
                    title_key="data.compare.samples_file", height=360, filtered=False,
                )
        st.markdown(f"**{ctx.t('data.compare.indicators_title', old=old_id, new=new_id)}**")
        st.caption(ctx.t("data.compare.indicators_caption"))
        changes = figures.indicator_changes(result, ctx.lang)
        data_table(
            ctx, changes,
            [Col("indicator", "data.compare.indicator"), Col("old_year", "data.compare_numbers.old_year", "year"),
             Col("old", "data.compare.old_value", "num"), Col("new_year", "data.compare_numbers.new_year", "year"),
             Col("new", "data.compare.new_value", "num"), Col("difference", "data.compare.difference", "num"),
             Col("difference_pct", "data.compare.difference_pct", "pct")],
            title_key="data.compare.indicators_title", title_params={"old": old_id, "new": new_id},
            height=38 + 35 * len(changes), filtered=False,
        )
        ui.chart(ctx, figures.indicator_change_chart(changes, ctx.lang, old_id, new_id,
                                                     figures.comparison_footer(old, new, ctx.lang)),
                 ctx.t("data.compare.indicators_title", old=old_id, new=new_id), filtered=False)

# Reporting template
st.subheader(ctx.t("data.template.title"))
st.caption(ctx.t("data.template.intro"))
template_period = st.selectbox(
    ctx.t("geography.template.period"), [None, *REPORT_PERIODS], index=len(REPORT_PERIODS), key="template_period",
    format_func=lambda p: ctx.t(f"geography.periods.{p}") if p else ctx.t("geography.template.period_all"),
)
template_name = f"{ctx.t('data.template.file_stem')}.xlsx"
template = built_or_explained(ctx, functools.partial(template_bytes, ctx.lang, template_period), template_name)
if template is not None:
    st.download_button(
        ctx.t("data.template.button"),
        data=template,
        file_name=template_name,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        key="download_template",
        on_click="ignore",
    )

who = access.visitor(ctx.lang)  # checked again on the server at every run (and by each button)
if who.may("import"):
    web_import.show(ctx)
if who.may("audit"):
    admin_panel.show(ctx)

ui.footer(ctx)
