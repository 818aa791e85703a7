"""The Overview's targets: a card per target of the year (actual, target, đạt / chưa đạt with an icon
and a word, so the status never rests on colour alone) and the list of the targets missed."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from massorg.numbers import fmt_date
from massorg.targets import (
    Assessment,
    TargetsError,
    assess,
    committed_targets,
    for_snapshot,
    missed,
    target_text,
    value_text,
)
from massorg.targets import whole_area as is_whole_area
from massorg.ui.context import PageContext
from massorg.ui.escape import md

CARDS_PER_ROW = 4
# blue / orange: told apart by viewers with red-green colour blindness, and each has its own icon and word
STATUS = {True: ("met", ":material/check_circle:", "blue"), False: ("missed", ":material/cancel:", "orange"),
          None: ("unknown", ":material/help:", "gray")}


def show(ctx: PageContext, kpis: pd.DataFrame) -> None:
    """Cards and the missed list for the period's last year; `kpis` is overview_kpis over that year
    and the one before."""
    try:
        targets = for_snapshot(committed_targets(), ctx.is_demo)
    except TargetsError as error:
        st.error(error.message(ctx.lang), icon=":material/error:")
        return
    year = ctx.year_to
    results = assess(targets, kpis, ctx.area, year, ctx.part_until)
    if not results:
        return
    st.subheader(ctx.t("targets.heading", year=year))
    if not is_whole_area(ctx.filters):
        st.caption(ctx.t("targets.whole_area_only"))
        return
    if any(r.target.is_demo for r in results):
        st.warning(ctx.t("targets.demo_notice"), icon=":material/warning:")
    for start in range(0, len(results), CARDS_PER_ROW):
        row = results[start:start + CARDS_PER_ROW]
        for column, result in zip(st.columns(CARDS_PER_ROW), row):
            with column:
                _card(ctx, result)
    _missed_panel(ctx, results, year)


def _card(ctx: PageContext, result: Assessment) -> None:
    target = result.target
    word, icon, color = ("pending", ":material/schedule:", "gray") if result.part_until else STATUS[result.met]
    with st.container(border=True):
        st.markdown(f"**{md(ctx.t(f'targets.indicator.{target.indicator}'))}** · "
                    f"{md(ctx.t(f'targets.measure.{target.measure}'))}")
        st.markdown(md(ctx.t("targets.actual", value=value_text(target, result.actual, ctx.lang))))
        st.markdown(md(ctx.t("targets.target", value=target_text(target, ctx.lang))), help=target.source or None)
        st.badge(ctx.t(f"targets.{word}"), icon=icon, color=color)
        if result.part_until:
            st.caption(ctx.t("targets.pending_help", year=target.year, date=fmt_date(result.part_until, ctx.lang)))
        elif result.met is None:
            st.caption(ctx.t("targets.unknown_help"))
        if target.is_demo:
            st.badge(ctx.t("targets.demo_badge"), icon=":material/warning:", color="gray")


def _missed_panel(ctx: PageContext, results: list[Assessment], year: int) -> None:
    """The targets missed this year, in words (what, actual, target, which document)."""
    gaps = missed(results)
    if not gaps:
        if all(r.met for r in results):  # not when some could not be judged (no data, the year not over)
            st.success(ctx.t("targets.all_met", year=year, n=len(results)), icon=":material/check_circle:")
        return
    lines = [ctx.t("targets.missed_item", indicator=md(ctx.t(f"targets.indicator.{g.target.indicator}")),
                   actual=md(value_text(g.target, g.actual, ctx.lang)), target=md(target_text(g.target, ctx.lang)),
                   source=md(g.target.source)) for g in gaps]
    st.warning("\n".join([ctx.t("targets.missed_heading", year=year), *(f"- {line}" for line in lines)]),
               icon=":material/cancel:")
