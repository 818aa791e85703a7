"""The Data page's reporting completeness: for the period's last year, how many associations reported
nothing to each table, by unit and type, the list of them with whom to contact (downloadable), and the
completeness of every published snapshot."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from massorg.data.completeness import PARTS, gap_text, of_row, summary_text
from massorg.data.completeness import missing_list as missing_rows
from massorg.data.listing import NOT_REPORTED
from massorg.data.queries import Filters, run
from massorg.labels import type_name, unit_name
from massorg.ui import drill
from massorg.ui.context import PageContext
from massorg.ui.listing import paged_table
from massorg.ui.tables import Col, data_table


def gap_notice(ctx: PageContext) -> None:
    """Under a page's cards: the period's last year lacks member or funding reports (so a fall may be
    a missing report, not a fall)."""
    year = ctx.year_to
    found = ctx.run("reporting_completeness_by_year", ctx.filters.with_years(year, year))
    if not found.empty and found["associations"].iloc[0] and (text := gap_text(of_row(found.iloc[0]), ctx.lang)):
        st.info(text, icon=":material/assignment_late:")


def show(ctx: PageContext) -> None:
    year = ctx.year_to
    one_year = ctx.filters.with_years(year, year)
    st.subheader(ctx.t("completeness.title", year=year))
    st.caption(ctx.t("completeness.intro", year=year))
    by_year = ctx.run("reporting_completeness_by_year", one_year)
    if by_year.empty or not by_year["associations"].iloc[0]:
        st.info(ctx.t("completeness.no_associations", year=year), icon=":material/search_off:")
    else:
        counts = of_row(by_year.iloc[0])
        st.markdown(summary_text(counts, ctx.lang))
        if not any(counts.missing(part) for part in PARTS):
            st.success(ctx.t("completeness.all_reported", year=year), icon=":material/task_alt:")
        else:
            # the tables are of that one year: their files' names and headers say so, not the period
            _gaps(replace(ctx, filters=one_year), one_year, year)
    st.markdown(f"**{ctx.t('completeness.snapshots_title')}**")
    data_table(ctx, snapshot_rows(ctx.snapshots), [
        Col("snapshot_id", "completeness.col.snapshot"), Col("year", "completeness.col.year", "year"),
        Col("associations", "completeness.col.associations", "int"),
        Col("members_pct", "completeness.col.members_pct", "pct"),
        Col("funding_pct", "completeness.col.funding_pct", "pct"),
        Col("activities_pct", "completeness.col.activities_pct", "pct"),
    ], title_key="completeness.snapshots_title", filtered=False, key="completeness_snapshots")


def _gaps(ctx: PageContext, one_year: Filters, year: int) -> None:
    by_unit = ctx.run("reporting_completeness_by_unit_type", one_year)
    by_unit = by_unit[by_unit[[f"missing_{p}" for p in PARTS]].sum(axis=1) > 0].assign(
        unit=lambda df: [unit_name(c, ctx.lang) for c in df["unit_code"]],
        type=lambda df: [type_name(c, ctx.lang) for c in df["type_code"]],
    )
    st.markdown(f"**{ctx.t('completeness.by_unit_type', year=year)}**")
    data_table(ctx, by_unit, [
        Col("unit", "completeness.col.unit"), Col("type", "completeness.col.type"),
        Col("associations", "completeness.col.associations", "int", total=True),
        Col("missing_members", "completeness.col.missing_members", "int", total=True),
        Col("missing_funding", "completeness.col.missing_funding", "int", total=True),
        Col("missing_activities", "completeness.col.missing_activities", "int", total=True),
    ], title_key="completeness.by_unit_type", title_params={"year": year}, key="completeness_by_unit", height=420)
    st.markdown(f"**{ctx.t('completeness.list_title', year=year)}**")

    def to_rows(status: pd.DataFrame, lang: str) -> pd.DataFrame:
        return missing_rows(status, lang, lambda c: unit_name(c, lang), lambda c: type_name(c, lang))

    # paged in SQL: one page sent to the browser, the downloads hold every row
    paged_table(ctx, NOT_REPORTED, [
        Col("association_id", "completeness.col.association_id"), Col("name", "completeness.col.name"),
        Col("type", "completeness.col.type"), Col("level", "completeness.col.level"),
        Col("unit", "completeness.col.unit"), Col("contact", "completeness.col.contact"),
        Col("missing", "completeness.col.missing"),
    ], to_rows=to_rows, key="completeness_list", title_key="completeness.list_title", title_params={"year": year},
        height=420, page_param="missing_page",
        on_select=lambda shown: drill.on_row_select("table_completeness_list", list(shown["association_id"])))


def snapshot_rows(snapshots: list) -> pd.DataFrame:
    """Each published snapshot's last year: active associations and the share that reported each table."""
    rows = []
    for snapshot in snapshots:
        years = run("snapshot_years", snapshot)["year"]
        if years.empty:
            continue
        last = int(years.max())
        found = run("reporting_completeness_by_year", snapshot, Filters(year_from=last, year_to=last))
        if found.empty:
            continue
        counts = of_row(found.iloc[0])
        rows.append({"snapshot_id": snapshot.id, "year": last, "associations": counts.associations,
                     **{f"{part}_pct": counts.share_pct(part) for part in PARTS}})
    return pd.DataFrame(rows, columns=["snapshot_id", "year", "associations", *(f"{p}_pct" for p in PARTS)])
