"""Tư vấn, phản biện xã hội / Consultation & social criticism: meetings per year by subject, comments
submitted and accepted with the acceptance rate, the leading associations; the meeting list."""

import streamlit as st

from massorg.data import listing
from massorg.numbers import fmt_int
from massorg.ui import components as ui
from massorg.ui import listing as paged
from massorg.ui.context import current
from massorg.ui.figures import consultation as figures
from massorg.ui.tables import Col

ctx = current()
ui.header(ctx, "consultation.title", "consultation.intro")

by_year = ctx.run("consultation_by_year")
if ui.is_empty(by_year, "meetings"):
    ui.empty(ctx)
else:
    period, footer = ctx.period(), ctx.footer()
    recent = ctx.run("consultation_by_year", ctx.filters.with_years(ctx.year_to - 1, ctx.year_to))
    st.caption(ctx.t("consultation.kpi_caption", period=period, year=ctx.year_to, previous=ctx.year_to - 1))
    ui.kpi_row(figures.kpi_cards(by_year, recent, ctx.lang, ctx.year_to, ctx.part_until))

    ui.chart(ctx, figures.meetings_by_subject(ctx.run("meetings_by_year"), ctx.lang, period, footer),
             ctx.t("consultation.subject_chart", period=period))
    ui.chart(ctx, figures.comments_by_year(by_year, ctx.lang, period, footer),
             ctx.t("consultation.comments_chart", period=period))

    ui.chart(ctx, figures.top_associations(ctx.run("consultation_by_association"), ctx.lang, period, footer),
             ctx.t("consultation.top_chart", period=period), drill_by="association")

    tally = listing.tally(listing.MEETINGS, ctx.snapshot, ctx.filters)
    st.subheader(ctx.t("consultation.table_heading", period=period, count=fmt_int(tally["rows"], ctx.lang)))
    sort = paged.sort_choice(ctx, "meetings", listing.MEETINGS)
    paged.paged_table(ctx, listing.MEETINGS, [
        Col("held_on", "consultation.col.held_on", "date"),
        Col("subject_kind_label", "consultation.col.subject_kind"),
        Col("subject", "consultation.col.subject"),
        Col("association", "consultation.col.association"),
        Col("unit", "consultation.col.unit"),
        Col("comments_submitted", "consultation.col.submitted", "int"),
        Col("comments_accepted", "consultation.col.accepted", "int"),
        Col("acceptance_pct", "consultation.col.acceptance", "pct"),
    ], to_rows=figures.meetings_table, key="meetings", title_key="consultation.table_title", sort=sort,
       tally=tally, height=420, on_select=ui.opens_profile("meetings"))

ui.footer(ctx)
