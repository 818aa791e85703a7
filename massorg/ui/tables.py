"""Tables as users see them: localised headers, numbers formatted for the language, downloads.

A table is described once by its columns (name, label key, kind); the same description drives the
on-screen table and the exported files, so what is downloaded is exactly what is shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from massorg.numbers import BILLION, fmt_date, fmt_dec, fmt_int, fmt_pct
from massorg.ui.charts import slug
from massorg.ui.context import PageContext

KINDS = ("text", "int", "money", "bn", "pct", "year", "date")


@dataclass(frozen=True)
class Col:
    name: str  # column of the DataFrame
    label_key: str  # locale key of the header
    kind: str = "text"  # text, int (counts), money (đồng), bn (đồng shown as tỷ), pct, year, date


def shown_frame(df: pd.DataFrame, cols: list[Col], lang: str) -> pd.DataFrame:
    """The rows and columns shown, with headers in the user's language (values still numbers)."""
    from massorg.i18n import t

    out = pd.DataFrame({t(c.label_key, lang): df[c.name] for c in cols})
    for c in cols:
        if c.kind == "bn":
            out[t(c.label_key, lang)] = df[c.name] / BILLION
    return out.reset_index(drop=True)


def _formatter(kind: str, lang: str):
    if kind in ("int", "money"):
        return lambda v: fmt_int(v, lang)
    if kind == "bn":
        return lambda v: fmt_dec(v, lang, 2)
    if kind == "pct":
        return lambda v: fmt_pct(v, lang)
    if kind == "date":
        return lambda v: fmt_date(v, lang)
    return None


def data_table(ctx: PageContext, df: pd.DataFrame, cols: list[Col], *, title_key: str, height: int | None = None) -> None:
    """Show the table formatted for the language, with CSV and Excel downloads of the same rows."""
    shown = shown_frame(df, cols, ctx.lang)
    formats = {ctx.t(c.label_key): f for c in cols if (f := _formatter(c.kind, ctx.lang))}
    styler = shown.style.format(formats, na_rep="–")
    st.dataframe(styler, hide_index=True, width="stretch", height=height or "auto")
    stem = f"{slug(ctx.t(title_key))}_{ctx.year_from}-{ctx.year_to}_{ctx.snapshot.id}"
    st.download_button(
        ctx.t("common.download_csv"),
        data=shown.to_csv(index=False).encode("utf-8-sig"),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"csv_{slug(title_key)}",
        on_click="ignore",
    )
