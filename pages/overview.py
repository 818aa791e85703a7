"""Tổng quan / Overview: headline KPIs with the change on the previous year, trends, breakdown."""

import streamlit as st

from massorg import areas
from massorg.geography import REFORM
from massorg.indicators import acceptance_rate_pct, indicator_delta, indicators
from massorg.numbers import fmt_int, fmt_money, fmt_pct
from massorg.ui import completeness_panel, documents, targets_panel
from massorg.ui import components as ui
from massorg.ui.context import current
from massorg.ui.figures import lineage as lineage_figures
from massorg.ui.figures import overview as figures
from massorg.ui.tables import Col, data_table

ctx = current()
ui.header(ctx, "overview.title", "overview.intro")
if ctx.filters.area:  # which territory the figures are about (code 68 is larger from 1/7/2025)
    after = ctx.filters.area == "old" and ctx.year_to >= REFORM.year
    st.caption(ctx.t("geography.area.shown_old_after" if after else "geography.area.shown",
                     area=ctx.t(f"geography.area.{ctx.filters.area}")))

overview = ctx.run("overview_kpis")
# the year before the period's last, so a one-year period still shows its change
kpis = indicators(overview, ctx.run("overview_kpis", ctx.filters.with_years(ctx.year_to - 1, ctx.year_to)))
if not kpis:
    ui.empty(ctx)
else:
    year, period = ctx.year_to, ctx.period()

    def delta(name: str) -> str | None:
        if not areas.comparable(ctx.area, kpis[name].last_year):
            return ctx.t("geography.area.not_comparable")
        return indicator_delta(kpis[name], ctx.lang, ctx.part_until)  # half a year is no fall of half

    if note := lineage_figures.changes_note(ctx.run("lineage_changes_by_year"), ctx.lang):
        st.caption(note)  # why the count of associations drops in 2025
    flow_help = ctx.t("overview.flow_help", year=year)
    if not areas.comparable(ctx.area, year):
        st.caption(ctx.t("geography.area.not_comparable_help", year=year, previous=year - 1))
    ui.kpi_row([
        (ctx.t("overview.associations", year=year), fmt_int(kpis["associations"].value, ctx.lang),
         delta("associations"), ctx.t("overview.stock_help")),
        (ctx.t("overview.members", year=year), fmt_int(kpis["members"].value, ctx.lang),
         delta("members"), ctx.t("overview.stock_help")),
        (ctx.t("overview.state_budget", period=period), fmt_money(kpis["state_budget_vnd"].value, ctx.lang),
         delta("state_budget_vnd"), flow_help),
        (ctx.t("overview.social_mobilisation", period=period),
         fmt_money(kpis["social_mobilisation_vnd"].value, ctx.lang), delta("social_mobilisation_vnd"), flow_help),
    ])
    rate = acceptance_rate_pct(kpis["comments_submitted"].value, kpis["comments_accepted"].value)
    ui.kpi_row([
        (ctx.t("overview.meetings", period=period), fmt_int(kpis["meetings"].value, ctx.lang),
         delta("meetings"), flow_help),
        (ctx.t("overview.acceptance", period=period), fmt_pct(rate, ctx.lang), None,
         ctx.t("overview.acceptance_help")),
        (ctx.t("overview.legal_aid_cases", period=period), fmt_int(kpis["legal_aid_cases"].value, ctx.lang),
         delta("legal_aid_cases"), flow_help),
        (ctx.t("overview.welfare_value", period=period), fmt_money(kpis["welfare_value_vnd"].value, ctx.lang),
         delta("welfare_value_vnd"), flow_help),
    ])
    completeness_panel.gap_notice(ctx)  # a fall may be a missing report
    targets_panel.show(ctx, ctx.run("overview_kpis", ctx.filters.with_years(year - 1, year)))

    left, right = st.columns(2)
    with left:
        members = ctx.run("members_by_year")
        if ui.is_empty(members, "members"):
            ui.empty(ctx)
        else:
            ui.chart(ctx, figures.members_trend(members, ctx.lang, period, ctx.footer()), ctx.t("overview.members_chart", period=period))
    with right:
        funding = ctx.run("funding_by_year_source")
        if ui.is_empty(funding, "amount_vnd"):
            ui.empty(ctx)
        else:
            ui.chart(ctx, figures.funding_by_source(funding, ctx.lang, period, ctx.footer()), ctx.t("overview.funding_chart", period=period))

    by_type = ctx.run("associations_by_level_type")
    if ui.is_empty(by_type, "associations"):
        ui.empty(ctx)
    else:
        ui.chart(ctx, figures.associations_by_type(by_type, ctx.lang, year, ctx.footer()), ctx.t("overview.types_chart", year=year),
                 drill_by="types")

    st.subheader(ctx.t("overview.table", period=period))
    data_table(ctx, overview, [
        Col("year", "common.year", "year"),
        Col("associations", "overview.col_associations", "int"),
        Col("members", "overview.col_members", "int"),
        Col("state_budget_vnd", "overview.col_state_budget", "bn", total=True),
        Col("social_mobilisation_vnd", "overview.col_social_mobilisation", "bn", total=True),
        Col("total_funding_vnd", "overview.col_total_funding", "bn", total=True),
        Col("meetings", "overview.col_meetings", "int", total=True),
        Col("comments_submitted", "overview.col_comments_submitted", "int", total=True),
        Col("comments_accepted", "overview.col_comments_accepted", "int", total=True),
        Col("legal_aid_cases", "overview.col_legal_aid_cases", "int", total=True),
        Col("legal_aid_person_times", "overview.col_legal_aid_person_times", "int", total=True),
        Col("welfare_value_vnd", "overview.col_welfare_value", "bn", total=True),
    ], title_key="overview.table", title_params={"period": period})
    documents.card_downloads(ctx)

ui.footer(ctx)
