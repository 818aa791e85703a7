"""Trợ giúp pháp lý, hòa giải / Legal aid & mediation: cases and person-times by kind and year,
mediation success rate, who does the work (association types and lead associations)."""

import streamlit as st

from massorg.data import listing
from massorg.ui import components as ui
from massorg.ui import listing as paged
from massorg.ui.context import current
from massorg.ui.figures import legal_aid as figures
from massorg.ui.tables import Col

ctx = current()
ui.header(ctx, "legal_aid.title", "legal_aid.intro")
period, year = ctx.period(), ctx.year_to

by_year = ctx.run("legal_aid_kpis_by_year")
if ui.is_empty(by_year, "cases", "people_served"):
    ui.empty(ctx)
else:
    recent = ctx.run("legal_aid_kpis_by_year", ctx.filters.with_years(year - 1, year))
    ui.kpi_row(figures.kpi_cards(by_year, recent, ctx.lang, year, period, ctx.part_until))

    by_kind = ctx.run("legal_aid_by_year_kind")
    left, right = st.columns(2)
    with left:
        ui.chart(ctx, figures.cases_by_year_kind(by_kind, ctx.lang, period, ctx.footer()),
                 ctx.t("legal_aid.cases_chart", period=period))
    with right:
        ui.chart(ctx, figures.person_times_by_kind(by_kind, ctx.lang, period, ctx.footer()),
                 ctx.t("legal_aid.person_times_chart", period=period))

    left, right = st.columns(2)
    with left:
        if ui.is_empty(by_year, "mediation_cases"):
            st.info(ctx.t("legal_aid.no_mediation"), icon=":material/search:")
        else:
            ui.chart(ctx, figures.mediation_success_by_year(by_year, ctx.lang, period, ctx.footer()),
                     ctx.t("legal_aid.rate_chart", period=period))
    with right:
        ui.chart(ctx, figures.cases_by_type(ctx.run("legal_aid_by_type_kind"), ctx.lang, period, ctx.footer()),
                 ctx.t("legal_aid.types_chart", period=period), drill_by="types")

    st.subheader(ctx.t("legal_aid.table_title", period=period))
    sort = paged.sort_choice(ctx, "legal_aid", listing.LEGAL_AID)
    paged.paged_table(ctx, listing.LEGAL_AID, [
        Col("shown_name", "legal_aid.col.association"),
        Col("type_name", "legal_aid.col.type"),
        Col("level_name", "legal_aid.col.level"),
        Col("unit_name", "legal_aid.col.unit"),
        Col("cases", "legal_aid.col.cases", "int", total=True),
        Col("consultation_cases", "legal_aid.col.consultation", "int", total=True),
        Col("legal_aid_cases", "legal_aid.col.legal_aid", "int", total=True),
        Col("mediation_cases", "legal_aid.col.mediation", "int", total=True),
        Col("mediation_successful", "legal_aid.col.successful", "int", total=True),
        Col("mediation_success_pct", "legal_aid.col.success_rate", "pct"),
        Col("dissemination_cases", "legal_aid.col.dissemination", "int"),
        Col("people_served", "legal_aid.col.person_times", "int"),
    ], to_rows=figures.association_table, key="legal_aid", title_key="legal_aid.table_title",
       title_params={"period": period}, sort=sort, height=420, on_select=ui.opens_profile("legal_aid"))

ui.footer(ctx)
