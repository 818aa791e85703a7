"""Page building blocks: header with the demo notice, KPI row, chart, empty notice, table, footer."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from massorg.indicators import is_no_change
from massorg.numbers import fmt_date
from massorg.ui import printing
from massorg.ui.charts import slug, toolbar_config
from massorg.ui.context import PageContext
from massorg.ui.phone_charts import for_screen


def header(ctx: PageContext, title_key: str, intro_key: str | None = None) -> None:
    """Page title, the demo notice when it applies, and any notice about the URL."""
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


def chart(ctx: PageContext, fig: go.Figure, name: str) -> None:
    """Show a themed figure; its toolbar PNG is named after the chart, period and snapshot."""
    stem = f"{slug(name)}_{ctx.year_from}-{ctx.year_to}_{ctx.snapshot.id}"
    st.plotly_chart(for_screen(fig), theme=None, config=toolbar_config(stem), key=f"chart_{slug(name)}")


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
