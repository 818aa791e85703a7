"""Numbers, money and dates the way each language writes them (vi: 1.234.567,5 · 110,2 tỷ đồng)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from babel.numbers import format_decimal

from massorg.i18n import t

BILLION = 1_000_000_000
MILLION = 1_000_000


def _blank(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def fmt_int(x, lang: str) -> str:
    """1.234.567 (vi) / 1,234,567 (en)."""
    if _blank(x):
        return "–"
    return format_decimal(round(x), format="#,##0", locale=lang)


def fmt_dec(x, lang: str, digits: int = 1) -> str:
    """A decimal with a fixed number of digits: 12,5 (vi) / 12.5 (en)."""
    if _blank(x):
        return "–"
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(x, format=pattern, locale=lang)


def fmt_pct(x, lang: str, digits: int = 1) -> str:
    """A percentage given in percent units (8.2 -> '8,2%')."""
    if _blank(x):
        return "–"
    return fmt_dec(x, lang, digits) + "%"


def fmt_signed_pct(x, lang: str, digits: int = 1) -> str:
    """'+2,5%', '-0,4%'; a change that rounds to zero at `digits` is '±0,0%', never '-0,0%'."""
    if _blank(x):
        return "–"
    text = fmt_pct(abs(x), lang, digits)
    return signed(x if shows_nonzero(text) else 0) + text


def shows_nonzero(text: str) -> bool:
    """Whether a formatted number has a non-zero digit ('0,0%' has none): the sign follows what is
    printed, so the sign and the figure never disagree."""
    return any(c in "123456789" for c in text)


def signed(x: float) -> str:
    """The sign written before a change: '+', '-' or '±' for zero (ASCII minus: st.metric points
    its arrow by it)."""
    return "+" if x > 0 else ("-" if x < 0 else "±")


def fmt_money(vnd, lang: str, digits: int = 1) -> str:
    """Money in the unit people read: '110,2 tỷ đồng' / 'VND 110.2 bn'; below 1 bn in millions."""
    if _blank(vnd):
        return "–"
    if vnd == 0:
        return t("units.money_zero", lang)
    if abs(vnd) >= BILLION:
        return t("units.money_bn", lang, value=fmt_dec(vnd / BILLION, lang, digits))
    return t("units.money_m", lang, value=fmt_dec(vnd / MILLION, lang, digits))


def fmt_bn(vnd, lang: str, digits: int = 1) -> str:
    """Always in billions (for totals compared side by side)."""
    if _blank(vnd):
        return "–"
    return t("units.money_bn", lang, value=fmt_dec(vnd / BILLION, lang, digits))


def fmt_date(d, lang: str) -> str:
    """dd/mm/yyyy in Vietnamese; ISO yyyy-mm-dd in English (unambiguous for every reader)."""
    if d is None or (isinstance(d, float) and math.isnan(d)) or d is pd.NaT:
        return "–"
    if isinstance(d, str):
        d = dt.date.fromisoformat(d[:10])
    if isinstance(d, dt.datetime) and (d.hour, d.minute, d.second) == (0, 0, 0):
        d = d.date()  # DuckDB hands DATE columns to pandas as midnight timestamps
    if isinstance(d, dt.datetime):
        return d.strftime("%d/%m/%Y %H:%M") if lang == "vi" else d.strftime("%Y-%m-%d %H:%M")
    return d.strftime("%d/%m/%Y") if lang == "vi" else d.strftime("%Y-%m-%d")


def plotly_separators(lang: str) -> str:
    """Plotly's `separators`: decimal mark, then thousands mark."""
    return ",." if lang == "vi" else ".,"
