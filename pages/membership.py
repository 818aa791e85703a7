"""Hội viên / Membership & organisation: members by year (a stock), by type and by unit (who gained
members), associations by level, type, special nature and founding year; the units behind them."""

import streamlit as st

from massorg.ui import completeness_panel
from massorg.ui import components as ui
from massorg.ui.context import current
from massorg.ui.figures import membership as figures
from massorg.ui.tables import Col, data_table

ctx = current()
ui.header(ctx, "membership.title", "membership.intro")

members = ctx.run("members_by_year")
associations = ctx.run("associations_by_level_type")
if ui.is_empty(members, "members") and ui.is_empty(associations, "associations"):
    ui.empty(ctx)
else:
    year, period, footer = ctx.year_to, ctx.period(), ctx.footer()
    # Growth and gains are measured between two year ends: the period's, or the last two years
    # when the period is a single year (none when it is the snapshot's first year).
    first = ctx.year_from if ctx.year_from < ctx.year_to else max(ctx.year_to - 1, ctx.years[0])
    span = ctx.filters.with_years(first, ctx.year_to)
    recent = ctx.filters.with_years(ctx.year_to - 1, ctx.year_to)
    st.caption(ctx.t("membership.kpi_caption", period=period, year=year, previous=year - 1))
    ui.kpi_row(figures.kpi_cards(members, ctx.run("members_by_year", recent), ctx.run("overview_kpis", recent),
                                 ctx.run("members_by_year", span), ctx.lang, first, year, ctx.part_until))
    completeness_panel.gap_notice(ctx)  # a fall may be a missing report

    by_type, by_unit = ctx.run("members_by_type"), ctx.run("members_by_unit", span)
    if not ui.is_empty(members, "members"):
        ui.chart(ctx, figures.members_trend(members, ctx.lang, period, footer),
                 ctx.t("membership.trend_chart", period=period))
    if first == year:
        st.info(ctx.t("membership.no_change"), icon=":material/search:")
    elif ui.is_empty(by_unit, "members_start", "members_end"):
        ui.empty(ctx)
    else:
        ui.chart(ctx, figures.members_change_by_unit(by_unit, ctx.lang, footer),
                 ctx.t("membership.unit_chart", first=first, last=year), drill_by="units")
    if not ui.is_empty(by_type, "members_end"):
        ui.chart(ctx, figures.members_by_type(by_type, ctx.lang, year, footer), ctx.t("membership.type_chart", year=year),
                 drill_by="types")

    if ui.is_empty(associations, "associations"):
        ui.empty(ctx)
    else:
        left, right = st.columns(2)
        with left:
            ui.chart(ctx, figures.associations_by_level(associations, ctx.lang, year, footer),
                     ctx.t("membership.levels_chart", year=year), drill_by="levels")
        with right:
            ui.chart(ctx, figures.special_nature(associations, ctx.lang, year, footer),
                     ctx.t("membership.special_chart", year=year), drill_by="special")
            st.caption(ctx.t("membership.party_state_note", count=int(associations["party_state_task"].sum())))
        ui.chart(ctx, figures.associations_by_type(associations, ctx.lang, year, footer),
                 ctx.t("membership.assoc_type_chart", year=year), drill_by="types")
        ui.chart(ctx, figures.founding_years(ctx.run("associations_by_founding_year"), ctx.lang, year, footer),
                 ctx.t("membership.founding_chart", year=year))

    if not by_unit.empty:
        st.subheader(ctx.t("membership.table_heading", first=first, last=year))
        data_table(ctx, figures.unit_table(by_unit, ctx.lang), [
            Col("unit", "membership.col.unit"),
            Col("associations_end", "membership.col.associations", "int", total=True),
            Col("members_start", "membership.col.members_start", "int", total=True),
            Col("members_end", "membership.col.members_end", "int", total=True),
            Col("members_change", "membership.col.change", "int", total=True),
            Col("members_change_pct", "membership.col.change_pct", "pct"),
        ], title_key="membership.table_title", height=35 * (len(by_unit) + 1) + 3)

ui.footer(ctx)
