"""Tables as users see them: localised headers, numbers formatted for the language, downloads.

A table is described once by its columns (name, label key, kind); the same description drives the
on-screen table and the exported files, so what is downloaded is exactly what is shown. The files
are built before their buttons are drawn (a few milliseconds for a table of a few thousand rows, see
scripts/benchmark_pages.py), so a file that cannot be built is a sentence in the user's language
instead of a button that fails with Streamlit's English "Failed to generate file for download".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from massorg.export.columns import KINDS, Col, is_whole, shown_frame, with_total_row
from massorg.export.filters import filters_text
from massorg.export.names import file_stem, slug, unfiltered_stem
from massorg.export.tables import CSV_MIME, XLSX_MIME, table_csv, vietnam_now, xlsx_bytes
from massorg.i18n import t
from massorg.numbers import fmt_date, fmt_dec, fmt_int, fmt_pct
from massorg.ui.column_widths import CHECKBOX_PX, FIT_PX, fitted_px, natural_px
from massorg.ui.context import PageContext
from massorg.ui.downloads import built_or_explained

__all__ = ["KINDS", "Col", "data_table", "shown_frame"]


NA = "–"  # a missing value on screen


def _plain(v) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _text_kept(formatter):
    """A cell formatter that leaves text as it is (the 'Tổng cộng' label of a total row) and writes a
    missing value (a date not set, the total row's stocks and ratios) as a dash, never "None"."""
    return lambda v: v if isinstance(v, str) else NA if pd.isna(v) else formatter(v)


def _cell_texts(values: pd.Series, formatter) -> list[str]:
    """The cells as the screen writes them (for the column widths)."""
    return [NA if not isinstance(v, str) and pd.isna(v) else formatter(v) if formatter else _plain(v) for v in values]


def _column_config(shown: pd.DataFrame, formats: Mapping[str, Callable], selectable: bool) -> dict[str, object]:
    """Each column's width (so the table fits a 1366-wide screen, see column_widths), its whole header
    as a tooltip (a narrow column cuts it), the first column pinned when a wide table scrolls."""
    labels = list(shown.columns)
    widths = fitted_px([natural_px(label, _cell_texts(shown[label], formats.get(label))) for label in labels],
                       FIT_PX - (CHECKBOX_PX if selectable else 0))
    return {label: st.column_config.Column(width=width, help=label, pinned=i == 0)
            for i, (label, width) in enumerate(zip(labels, widths))}


def _formatter(kind: str, lang: str):
    if kind in ("int", "money"):
        return lambda v: fmt_int(v, lang)
    if kind == "bn":
        return lambda v: fmt_dec(v, lang, 2)
    if kind in ("dec", "m"):
        return lambda v: fmt_dec(v, lang, 1)
    if kind == "num":
        return lambda v: fmt_int(v, lang) if is_whole(v) else fmt_dec(v, lang, 2)
    if kind == "pct":
        return lambda v: fmt_pct(v, lang)
    if kind == "date":
        return lambda v: fmt_date(v, lang)
    return None


def _builder(ctx: PageContext, df: pd.DataFrame, cols: list[Col], title: str, filtered: bool = True,
             writer: Callable[..., bytes] = xlsx_bytes,
             export_rows: Callable[[], pd.DataFrame] | None = None) -> Callable[[], bytes]:
    """The Excel (or CSV) file of these rows (or of export_rows(), every filtered row of a paged list),
    with the header block. A table the sidebar filters do not apply to says so instead."""
    df = df.reset_index(drop=True).copy()
    lang, snapshot, is_demo = ctx.lang, ctx.snapshot, ctx.is_demo
    described = filters_text(ctx.filters, lang) if filtered else t("export.unfiltered.line", lang)

    def build() -> bytes:
        rows = with_total_row(export_rows().reset_index(drop=True), cols, lang) if export_rows else df
        return writer(rows, cols, lang=lang, title=title, filters_text=described, snapshot=snapshot,
                      exported_at=vietnam_now(), is_demo=is_demo)

    return build



ROW_PX = 35  # st.dataframe's row height, header included
MAX_FULL_ROWS = 25


def data_table(ctx: PageContext, df: pd.DataFrame, cols: list[Col], *, title_key: str, height: int | None = None,
               title_params: Mapping[str, object] | None = None, key: str | None = None,
               on_select: Callable[[], None] | None = None, filtered: bool = True,
               export_rows: Callable[[], pd.DataFrame] | None = None) -> None:
    """Show the table formatted for the language, with Excel and CSV downloads of the same rows.

    `title_params` fills placeholders of the title text (e.g. {period}); `key` tells two tables
    with the same title apart on one page. With `on_select`, a click on a row calls it; the
    selection is then in st.session_state[f"table_{key}"]["selection"]["rows"]. `filtered=False`
    marks a table the sidebar filters do not apply to (the Data page's): its files name no period.
    A Col marked total adds a 'Tổng cộng' row (screen and files). A table of at most MAX_FULL_ROWS
    rows without a height is shown whole, so its latest year is never below its own scroll; its
    columns are sized to fit a 1366-wide screen (headers whole in their tooltips), and the first
    column stays pinned should a table still scroll sideways. With `export_rows` (a long list shown one
    page at a time) the downloads hold the rows it returns.
    """
    rows = len(df)
    df = with_total_row(df, cols, ctx.lang)
    if height and len(df) > rows:
        height += ROW_PX  # room for the total row
    shown = shown_frame(df, cols, ctx.lang)
    if len(df) > rows:  # the first column holds the total row's label: show it as text throughout
        first, fmt = cols[0].label(ctx.lang), _formatter(cols[0].kind, ctx.lang) or _plain
        shown[first] = [v if isinstance(v, str) else ("" if pd.isna(v) else fmt(v)) for v in shown[first]]
    formats = {c.label(ctx.lang): _text_kept(f) for c in cols if (f := _formatter(c.kind, ctx.lang))}
    styler = shown.style.format(formats, na_rep=NA)
    # a fixed height is a maximum: a short table is not padded with empty rows
    whole = ROW_PX * (len(shown) + 1) + 3
    fitted = min(height, whole) if height else (whole if len(shown) <= MAX_FULL_ROWS else "auto")
    selectable = {"key": f"table_{key}", "selection_mode": "single-row", "on_select": on_select} if on_select else {}
    config = _column_config(shown, formats, bool(on_select)) if cols else None
    st.dataframe(styler, hide_index=True, width="stretch", height=fitted, column_config=config,
                 placeholder=NA, **selectable)  # a missing value (a total row's stock) reads "–", not "None"
    title = ctx.t(title_key, **(title_params or {}))
    stem = file_stem(title, ctx.year_from, ctx.year_to, ctx.snapshot.id) if filtered else unfiltered_stem(title, ctx.snapshot.id)
    widget = f"{slug(title_key)}_{key}" if key else slug(title_key)
    xlsx_builder = _builder(ctx, df, cols, title, filtered, xlsx_bytes, export_rows)
    csv_builder = _builder(ctx, df, cols, title, filtered, table_csv, export_rows)
    if export_rows is None:  # a table on screen: built now, so a file that cannot be built says why
        xlsx = built_or_explained(ctx, xlsx_builder, f"{stem}.xlsx")
        csv = built_or_explained(ctx, csv_builder, f"{stem}.csv")
    else:  # every filtered row of a paged list (up to a national roll-up's): read only when asked for
        xlsx, csv = xlsx_builder, csv_builder
    with st.container(horizontal=True, gap="small"):
        if xlsx is not None:
            st.download_button(
                ctx.t("common.download_xlsx"), data=xlsx, file_name=f"{stem}.xlsx",
                mime=XLSX_MIME, key=f"xlsx_{widget}", on_click="ignore", icon=":material/table_view:",
                help=ctx.t("common.download_xlsx_help"),
            )
        if csv is not None:
            st.download_button(
                ctx.t("common.download_csv"), data=csv, file_name=f"{stem}.csv",
                mime=CSV_MIME, key=f"csv_{widget}", on_click="ignore", icon=":material/download:",
                help=ctx.t("common.download_csv_help"),
            )
