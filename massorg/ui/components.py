"""Page building blocks: header with the demo notice, KPI row, chart, empty notice, table, footer."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from massorg.events import Event, all_events
from massorg.export.filters import chosen_text
from massorg.export.names import chart_file_stem
from massorg.i18n import t
from massorg.indicators import is_no_change
from massorg.numbers import fmt_date
from massorg.ui import drill, printing
from massorg.ui.charts import mark_events, name_filters, slug, toolbar_config
from massorg.ui.context import PageContext
from massorg.ui.escape import md
from massorg.ui.phone_charts import for_screen


def header(ctx: PageContext, title_key: str, intro_key: str | None = None) -> None:
    """Page title, the demo notice when it applies, any notice about the URL and the chip of a filter
    set by a click on a chart."""
    drill.open_profile()  # an association clicked on the last run: its profile, before anything is drawn
    printing.print_header(ctx, ctx.t(title_key))
    st.title(ctx.t(title_key))
    if intro_key:
        st.caption(ctx.t(intro_key))
    if ctx.is_demo:
        st.warning(ctx.t("app.demo_notice"), icon=":material/warning:")
    if ctx.part_until:  # the charts' last bar is part of a year: say so once, above them
        st.caption(ctx.t("app.part_year_notice", year=ctx.year_to, date=fmt_date(ctx.part_until, ctx.lang)))
    for notice in ctx.notices:
        st.info(notice, icon=":material/info:")
    drill.chip(ctx)


def kpi_row(cards: list[tuple[str, str, str | None, str | None]]) -> None:
    """Cards of (label, value, delta text, help). Delta text starts with +/− so the arrow is right;
    a change that rounds to zero ('±0,0%') has no arrow."""
    columns = st.columns(len(cards))
    for col, (label, value, delta, help_text) in zip(columns, cards):
        with col:
            # a word, not a change ('không so sánh được'), or a change that rounds to zero: no arrow
            if delta and delta[0] not in "+-±":
                st.metric(label, value, delta=delta, help=help_text, border=True, delta_color="off", delta_arrow="off")
            else:
                st.metric(label, value, delta=delta, help=help_text, border=True,
                          delta_arrow="off" if is_no_change(delta) else "auto")


def chart(ctx: PageContext, fig: go.Figure, name: str, *, filtered: bool = True, drill_by: str | None = None) -> None:
    """Show a themed figure; its toolbar PNG is named after the chart, its filters, period and snapshot.
    A `filtered` chart (one the sidebar filters narrow) names them under its title and in its file name,
    and a click on it filters the page: by `drill_by` (units, types, levels, programme, source: the code
    last in the points' customdata; special: the special-nature sector's id), or by year on a yearly time
    axis. drill_by="association" (customdata: the association's
    id) opens the clicked association's profile, whatever the chart's filters."""
    words = chosen_text(ctx.filters, ctx.lang) if filtered else ""
    name_filters(fig, words)
    stem = chart_file_stem(name, words, ctx.year_from, ctx.year_to, ctx.snapshot.id)
    shown = mark_events(fig, list(all_events()), ctx.lang) if ctx.show_events else []
    key = f"chart_{slug(name)}"
    by_year = "years" if isinstance(fig.layout.meta, dict) and "years" in fig.layout.meta else None
    param = drill_by if drill_by == drill.ASSOCIATION else ((drill_by or by_year) if filtered else None)
    clicks = {"on_select": drill.on_select(ctx, key, param), "selection_mode": "points"} if param else {}
    st.plotly_chart(for_screen(fig), theme=None, config=toolbar_config(stem), key=key, **clicks)
    if shown:
        st.caption(events_text(shown, ctx.lang))


def opens_profile(key: str) -> Callable[[pd.DataFrame], Callable[[], None]]:
    """A table listing associations (paged_table's on_select; its rows hold association_id): a click on
    a row opens that association's profile."""
    return lambda shown: drill.on_row_select(f"table_{key}", list(shown["association_id"]))


def events_text(events: list[Event], lang: str) -> str:
    """The events a chart marks, one per line: '**KL 102** (22/09/2014): Kết luận 102-KL/TW …'."""
    def when(e: Event) -> str:
        if e.ends_on is None:
            return fmt_date(e.starts_on, lang)
        return t("events.span", lang, start=fmt_date(e.starts_on, lang), end=fmt_date(e.ends_on, lang))

    lines = [t("events.item", lang, short=md(e.short[lang]), when=when(e), name=md(e.name[lang])) for e in events]
    return "  \n".join([t("events.heading", lang), *lines])


def empty(ctx: PageContext) -> None:
    """The sentence shown instead of a chart or table when the filters leave nothing."""
    st.info(ctx.t("app.no_data"), icon=":material/search_off:")


def footer(ctx: PageContext) -> None:
    st.divider()
    st.caption(ctx.footer())


def is_empty(df: pd.DataFrame, *value_columns: str) -> bool:
    """No rows, or only zeros in the columns that matter."""
    if df.empty:
        return True
    if value_columns:
        return not df[list(value_columns)].fillna(0).to_numpy().any()
    return False
