"""Kinh phí / Funding: by year and source (stacked and 100%), self-mobilised funds against the state
budget, by association type and by unit; the yearly rows behind them."""

import streamlit as st

from massorg.ui import completeness_panel, drill
from massorg.ui import components as ui
from massorg.ui.context import current
from massorg.ui.figures import funding as figures
from massorg.ui.tables import Col, data_table

ctx = drill.page_filter(current(), "source")  # ?source=…: a click on a source's segment
ui.header(ctx, "funding.title", "funding.intro")

by_year = ctx.run("funding_by_year")
if ui.is_empty(by_year, "total_funding_vnd"):
    ui.empty(ctx)
else:
    period, footer = ctx.period(), ctx.footer()
    recent = ctx.run("funding_by_year", ctx.filters.with_years(ctx.year_to - 1, ctx.year_to))
    st.caption(ctx.t("funding.kpi_caption", period=period, year=ctx.year_to, previous=ctx.year_to - 1))
    cards = figures.kpi_cards(by_year, recent, ctx.lang, ctx.year_to, ctx.part_until)
    ui.kpi_row(cards[:3])
    ui.kpi_row(cards[3:])
    completeness_panel.gap_notice(ctx)  # a fall may be a missing report

    left, right = st.columns(2)
    with left:
        ui.chart(ctx, figures.by_year_source(ctx.run("funding_by_year_source"), ctx.lang, period, footer),
                 ctx.t("funding.stacked_chart", period=period), drill_by="source")
    with right:
        ui.chart(ctx, figures.source_shares(ctx.run("funding_share_by_year_source"), ctx.lang, period, footer),
                 ctx.t("funding.shares_chart", period=period), drill_by="source")

    # growth is read between whole years: an unfinished last year would show as a fall
    whole_years = by_year[by_year["year"] != ctx.part_until.year] if ctx.part_until else by_year
    trend = figures.state_vs_mobilised(whole_years, ctx.lang, period, footer)
    if trend is None:
        st.info(ctx.t("funding.no_comparison"), icon=":material/search:")
    else:
        ui.chart(ctx, trend, ctx.t("funding.trend_chart", period=period))
        if sentence := figures.growth_sentence(whole_years, ctx.lang):
            st.markdown(sentence)

    ui.chart(ctx, figures.by_type(ctx.run("funding_by_type"), ctx.lang, period, footer),
             ctx.t("funding.type_chart", period=period), drill_by="types")
    by_unit = ctx.run("funding_by_unit")
    if (unit_chart := figures.by_unit(by_unit, ctx.lang, period, footer)) is not None:
        ui.chart(ctx, unit_chart, ctx.t("funding.unit_chart", period=period), drill_by="units")
    if note := figures.province_note(by_unit, ctx.lang):
        st.caption(note)

    st.subheader(ctx.t("funding.table_heading", period=period))
    data_table(ctx, by_year, [
        Col("year", "funding.col.year", "year"),
        Col("state_budget_vnd", "funding.col.state_budget", "bn", total=True),
        Col("social_mobilisation_vnd", "funding.col.social_mobilisation", "bn", total=True),
        Col("foreign_aid_vnd", "funding.col.foreign_aid", "bn", total=True),
        Col("member_fees_vnd", "funding.col.member_fees", "bn", total=True),
        Col("other_vnd", "funding.col.other", "bn", total=True),
        Col("total_funding_vnd", "funding.col.total", "bn", total=True),
        Col("state_share_pct", "funding.col.state_share", "pct"),
        Col("mobilised_per_state_budget", "funding.col.ratio", "dec"),
        Col("members", "funding.col.members", "int"),
        Col("funding_per_member_vnd", "funding.col.per_member", "money"),
    ], title_key="funding.table_title", height=35 * (len(by_year) + 1) + 3)

ui.footer(ctx)
