"""Tables as users see them: localised headers, numbers formatted for the language, downloads.

A table is described once by its columns (name, label key, kind); the same description drives the
on-screen table and the exported files, so what is downloaded is exactly what is shown. The files
are built only when a download button is clicked (Streamlit calls the builder then), so a page with
several tables pays nothing for its downloads until someone asks for one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from massorg.export.columns import KINDS, Col, shown_frame
from massorg.export.filters import filters_text
from massorg.export.names import file_stem, slug
from massorg.export.tables import CSV_MIME, XLSX_MIME, csv_bytes, vietnam_now, xlsx_bytes
from massorg.numbers import fmt_date, fmt_dec, fmt_int, fmt_pct
from massorg.ui.context import PageContext

__all__ = ["KINDS", "Col", "data_table", "shown_frame"]


def _formatter(kind: str, lang: str):
    if kind in ("int", "money"):
        return lambda v: fmt_int(v, lang)
    if kind == "bn":
        return lambda v: fmt_dec(v, lang, 2)
    if kind == "dec":
        return lambda v: fmt_dec(v, lang, 1)
    if kind == "pct":
        return lambda v: fmt_pct(v, lang)
    if kind == "date":
        return lambda v: fmt_date(v, lang)
    return None


def _xlsx_builder(ctx: PageContext, df: pd.DataFrame, cols: list[Col], title: str,
                  export_rows: Callable[[], pd.DataFrame] | None = None) -> Callable[[], bytes]:
    """The Excel file of these rows (or of export_rows(), read on click), built on click (in Streamlit's
    download thread: no st.* inside)."""
    df = df.reset_index(drop=True).copy()
    lang, snapshot, is_demo, described = ctx.lang, ctx.snapshot, ctx.is_demo, filters_text(ctx.filters, ctx.lang)

    def build() -> bytes:
        rows = export_rows().reset_index(drop=True) if export_rows else df
        return xlsx_bytes(rows, cols, lang=lang, title=title, filters_text=described, snapshot=snapshot,
                          exported_at=vietnam_now(), is_demo=is_demo)

    return build


ROW_PX = 35  # st.dataframe's row height, header included


def data_table(ctx: PageContext, df: pd.DataFrame, cols: list[Col], *, title_key: str, height: int | None = None,
               title_params: Mapping[str, object] | None = None, key: str | None = None,
               on_select: Callable[[], None] | None = None,
               export_rows: Callable[[], pd.DataFrame] | None = None) -> None:
    """Show the table formatted for the language, with Excel and CSV downloads of the same rows.

    `title_params` fills placeholders of the title text (e.g. {period}); `key` tells two tables
    with the same title apart on one page. With `on_select`, a click on a row calls it; the
    selection is then in st.session_state[f"table_{key}"]["selection"]["rows"]. With `export_rows`
    (a long list shown one page at a time) the downloads hold the rows it returns, read on click.
    """
    shown = shown_frame(df, cols, ctx.lang)
    formats = {c.label(ctx.lang): f for c in cols if (f := _formatter(c.kind, ctx.lang))}
    styler = shown.style.format(formats, na_rep="–")
    # a fixed height is a maximum: a short table is not padded with empty rows
    fitted = min(height, ROW_PX * (len(shown) + 1) + 3) if height else "auto"
    selectable = {"key": f"table_{key}", "selection_mode": "single-row", "on_select": on_select} if on_select else {}
    st.dataframe(styler, hide_index=True, width="stretch", height=fitted, **selectable)
    title = ctx.t(title_key, **(title_params or {}))
    stem = file_stem(title, ctx.year_from, ctx.year_to, ctx.snapshot.id)
    widget = f"{slug(title_key)}_{key}" if key else slug(title_key)
    with st.container(horizontal=True, gap="small"):
        st.download_button(
            ctx.t("common.download_xlsx"), data=_xlsx_builder(ctx, df, cols, title, export_rows), file_name=f"{stem}.xlsx",
            mime=XLSX_MIME, key=f"xlsx_{widget}", on_click="ignore", icon=":material/table_view:",
            help=ctx.t("common.download_xlsx_help"),
        )
        st.download_button(
            ctx.t("common.download_csv"), data=lambda: csv_bytes(shown_frame(export_rows(), cols, ctx.lang) if export_rows else shown), file_name=f"{stem}.csv",
            mime=CSV_MIME, key=f"csv_{widget}", on_click="ignore", icon=":material/download:",
            help=ctx.t("common.download_csv_help"),
        )
