"""An sinh, từ thiện / Social welfare & charity: what was delivered, by whom and where.

Welfare is counted where it was delivered (the unit filter applies to the welfare row), and
beneficiaries keep their unit: people, person-times and households are never added together."""

import streamlit as st

from massorg.labels import type_name
from massorg.ui import components as ui
from massorg.ui import drill
from massorg.ui.context import current
from massorg.ui.figures import welfare as figures
from massorg.ui.tables import Col, data_table

ctx = drill.page_filter(current(), "programme")  # ?programme=…: a click on a programme's bar
ui.header(ctx, "welfare.title", "welfare.intro")
period, year = ctx.period(), ctx.year_to

PROGRAMME_COLS = [
    Col("programme_name", "welfare.col.programme"),
    Col("quantity", "welfare.col.quantity", "int"),
    Col("quantity_unit_name", "welfare.col.quantity_unit"),
    Col("beneficiaries", "welfare.col.beneficiaries", "int"),
    Col("beneficiaries_unit_name", "welfare.col.beneficiaries_unit"),
    Col("value_vnd", "welfare.col.value_bn", "bn", total=True),
]

by_year = ctx.run("welfare_kpis_by_year")
if ui.is_empty(by_year, "value_vnd"):
    ui.empty(ctx)
else:
    recent = ctx.run("welfare_kpis_by_year", ctx.filters.with_years(year - 1, year))
    cards = figures.kpi_cards(by_year, recent, ctx.lang, year, period, ctx.part_until)
    ui.kpi_row(cards[:3])
    ui.kpi_row(cards[3:])

    flagship = ctx.run("welfare_flagship_by_year")
    if figures.has_flagship(flagship):
        ui.chart(ctx, figures.flagship_by_year(flagship, ctx.lang, period, ctx.footer()),
                 ctx.t("welfare.flagship_chart", period=period))

    by_type = ctx.run("welfare_by_type_programme")
    spotlight = figures.spotlight(by_type, ctx.lang)
    if spotlight:
        st.subheader(ctx.t("welfare.spotlight_title", period=period))
        for code, rows in spotlight.items():
            st.markdown(f"**{type_name(code, ctx.lang)}**")
            data_table(ctx, rows, PROGRAMME_COLS, title_key="welfare.spotlight_table", key=code,
                       title_params={"type": type_name(code, ctx.lang), "period": period})

    by_programme = ctx.run("welfare_by_programme")
    ui.chart(ctx, figures.value_by_programme(by_programme, ctx.lang, period, ctx.footer()),
             ctx.t("welfare.programme_chart", period=period), drill_by="programme")

    left, right = st.columns(2)
    with left:
        ui.chart(ctx, figures.value_by_type(by_type, ctx.lang, period, ctx.footer()),
                 ctx.t("welfare.type_chart", period=period), drill_by="types")
    with right:
        ui.chart(ctx, figures.value_by_unit(ctx.run("welfare_by_unit_domain"), ctx.lang, period, ctx.footer()),
                 ctx.t("welfare.unit_chart", period=period), drill_by="units")

    ui.chart(ctx, figures.beneficiaries_by_programme(by_programme, ctx.lang, period, ctx.footer()),
             ctx.t("welfare.beneficiaries_chart", period=period), drill_by="programme")

    st.subheader(ctx.t("welfare.table_title", period=period))
    data_table(ctx, figures.programme_table(by_type, ctx.lang), [
        Col("type_name", "welfare.col.type"),
        Col("domain_name", "welfare.col.domain"),
        *PROGRAMME_COLS,
    ], title_key="welfare.table_title", title_params={"period": period}, height=420)

ui.footer(ctx)
