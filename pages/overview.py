"""Tổng quan / Overview: headline KPIs with the change on the previous year, trends, breakdown."""

import streamlit as st

from massorg.indicators import acceptance_rate_pct, delta_text, indicators
from massorg.numbers import fmt_int, fmt_money, fmt_pct
from massorg.ui import components as ui
from massorg.ui import documents
from massorg.ui.context import current
from massorg.ui.figures import overview as figures
from massorg.ui.tables import Col, data_table

ctx = current()
ui.header(ctx, "overview.title", "overview.intro")

overview = ctx.run("overview_kpis")
kpis = indicators(overview)
if not kpis:
    ui.empty(ctx)
else:
    year, period = ctx.year_to, ctx.period()

    def delta(name: str) -> str | None:
        return delta_text(kpis[name].change_pct, ctx.lang, kpis[name].last_year)

    flow_help = ctx.t("overview.flow_help", year=year)
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
        ui.chart(ctx, figures.associations_by_type(by_type, ctx.lang, year, ctx.footer()), ctx.t("overview.types_chart", year=year))

    st.subheader(ctx.t("overview.table", period=period))
    data_table(ctx, overview, [
        Col("year", "common.year", "year"),
        Col("associations", "overview.col_associations", "int"),
        Col("members", "overview.col_members", "int"),
        Col("state_budget_vnd", "overview.col_state_budget", "bn"),
        Col("social_mobilisation_vnd", "overview.col_social_mobilisation", "bn"),
        Col("total_funding_vnd", "overview.col_total_funding", "bn"),
        Col("meetings", "overview.col_meetings", "int"),
        Col("comments_submitted", "overview.col_comments_submitted", "int"),
        Col("comments_accepted", "overview.col_comments_accepted", "int"),
        Col("legal_aid_cases", "overview.col_legal_aid_cases", "int"),
        Col("legal_aid_person_times", "overview.col_legal_aid_person_times", "int"),
        Col("welfare_value_vnd", "overview.col_welfare_value", "bn"),
    ], title_key="overview.table", title_params={"period": period})
    documents.card_downloads(ctx)

ui.footer(ctx)
