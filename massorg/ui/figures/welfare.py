"""KPI cards, charts and tables of the social welfare & charity page (An sinh, từ thiện).

Welfare is counted where it was delivered (the welfare row's unit), value is a flow summed over the
period, and beneficiaries keep their unit: people, person-times and households are never added up.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from massorg.config import PROVINCE_CODE
from massorg.data.schema import BENEFICIARY_UNITS, DOMAINS
from massorg.i18n import has, t
from massorg.indicators import year_change
from massorg.labels import code_label, merged_into, programme_name, straddling_label, type_name, unit_name
from massorg.numbers import fmt_dec, fmt_int, fmt_money
from massorg.ui.charts import codes_data, hbar_height, theme, to_bn, wrap_label, year_axis
from massorg.ui.figure_cache import cached_figure

Card = tuple[str, str, str | None, str | None]

DOMAIN_COLORS = {
    "health": "#D55E00",
    "education": "#0072B2",
    "clean_water": "#56B4E9",
    "livelihood": "#009E73",
    "housing_sanitation": "#8C6D00",
    "health_insurance": "#CC79A7",
    "disaster_relief": "#E69F00",
    "charity_visits": "#999999",
}
# The programmes the article reports by name, in the order the page shows them, with the column of
# welfare_flagship_by_year that measures each ("quantity" in the programme's own unit, or money).
FLAGSHIP_PANELS = (
    ("heart_surgery", "quantity"),
    ("cataract_surgery", "quantity"),
    ("corrective_surgery", "quantity"),
    ("free_medicine", "beneficiaries"),
    ("scholarship", "quantity"),
    ("scholarship", "value_vnd"),
)
# The two associations the province's leadership asks about first (the article's headline figures).
SPOTLIGHT_TYPES = ("red_cross", "poor_patients_support")


# ---- labels ------------------------------------------------------------------------------------

def quantity_unit_label(unit: str, lang: str) -> str:
    """'surgeries' -> 'ca' (vi): the unit a programme's quantity is counted in."""
    key = f"welfare.quantity_unit.{unit}"
    return t(key, lang) if has(key, lang) else str(unit)


def delivered_unit_label(code: str, lang: str, later: bool = False) -> str:
    """Where welfare was delivered: a district-level unit, the province as a whole, or a merged unit."""
    if str(code) == PROVINCE_CODE:
        return t("welfare.province_wide", lang, unit=unit_name(code, lang))
    successor = merged_into(code)
    if successor:
        return t("welfare.merged_unit", lang, unit=unit_name(code, lang), successor=unit_name(successor, lang, later=True), code=successor)
    return unit_name(code, lang, later=later)


# ---- KPI cards ---------------------------------------------------------------------------------

def _money(vnd: float, lang: str) -> str:
    """Money for a card; nothing at all reads '0 tỷ đồng' rather than '0,0 triệu đồng'."""
    return fmt_money(vnd, lang) if vnd else t("units.money_bn", lang, value="0")


def kpi_cards(period: pd.DataFrame, recent: pd.DataFrame, lang: str, year: int, period_text: str,
              part_until: dt.date | None = None) -> list[Card]:
    """Total value and the flagship figures over the period, each with its change on the previous year.

    `period` is welfare_kpis_by_year over the chosen period; `recent` the same query over `year` and the
    year before, so a one-year period still shows its change.
    """
    def card(column: str, key: str, money: bool = False, help_key: str = "welfare.flow_help") -> Card:
        total = period[column].sum()
        value = _money(total, lang) if money else fmt_int(total, lang)
        return (t(key, lang, period=period_text), value, year_change(recent, column, lang, year, part_until),
                t(help_key, lang, year=year))

    return [
        card("value_vnd", "welfare.kpi_value", money=True),
        card("heart_surgeries", "welfare.kpi_heart", help_key="welfare.surgery_help"),
        card("cataract_surgeries", "welfare.kpi_cataract", help_key="welfare.surgery_help"),
        card("corrective_surgeries", "welfare.kpi_corrective", help_key="welfare.surgery_help"),
        card("red_cross_free_medicine_people", "welfare.kpi_free_medicine", help_key="welfare.free_medicine_help"),
        (t("welfare.kpi_scholarships", lang, period=period_text), _money(period["scholarships_vnd"].sum(), lang),
         year_change(recent, "scholarships_vnd", lang, year, part_until),
         t("welfare.scholarships_help", lang, count=fmt_int(period["scholarships"].sum(), lang), year=year)),
    ]


# ---- charts ------------------------------------------------------------------------------------

def _bn_hover(lang: str) -> str:
    return f"%{{x:,.1f}} {t('units.bn_vnd', lang)}"


@cached_figure
def value_by_programme(df: pd.DataFrame, lang: str, period: str, footer: str) -> go.Figure:
    """Horizontal bars: value per programme in tỷ đồng, coloured by domain (welfare_by_programme).
    Shown full width: the domain legend needs the room."""
    totals = df.groupby(["programme_code", "domain"], as_index=False)["value_vnd"].sum().sort_values("value_vnd")
    order = list(totals["programme_code"])
    labels = {c: wrap_label(programme_name(c, lang), 44) for c in order}
    fig = go.Figure()
    for domain in DOMAINS:
        part = totals[totals["domain"] == domain].set_index("programme_code").reindex(order)
        if part["value_vnd"].isna().all():
            continue
        name = code_label("domain", domain, lang)
        bn = to_bn(part["value_vnd"])
        fig.add_bar(x=bn, y=[labels[c] for c in order], orientation="h", name=name, marker_color=DOMAIN_COLORS[domain],
                    text=[fmt_dec(v, lang, 1) if pd.notna(v) else "" for v in bn], textposition="outside",
                    cliponaxis=False, hovertemplate=f"%{{y}} · {name}: {_bn_hover(lang)}<extra></extra>",
                    customdata=codes_data(order))  # a click filters the page by the programme
    top = float(to_bn(totals["value_vnd"]).max())
    # one domain per programme: overlaid traces never share a bar, and the value prints after it
    fig.update_layout(barmode="overlay", legend_traceorder="normal")
    fig.update_xaxes(range=[0, top * 1.12 if top else 1])
    fig = theme(fig, lang=lang, title=t("welfare.programme_chart", lang, period=period), footer=footer,
                x_title=t("welfare.axis_bn", lang), y_title=None, height=hbar_height(list(labels.values()), extra=250),
                legend_width=600)
    fig.update_yaxes(ticksuffix="  ")
    return fig


def _total_bars(labels: list[str], values: pd.Series, lang: str) -> go.Figure:
    """Single-colour horizontal bars of money in tỷ đồng, the value printed after each bar; each bar
    carries its category's code (the values' index) for a click to filter by."""
    bn = to_bn(values)
    top = float(bn.max()) if len(bn) else 0.0
    fig = go.Figure(go.Bar(
        x=bn, y=labels, orientation="h", marker_color="#0072B2", cliponaxis=False,
        text=[fmt_dec(v, lang, 1) for v in bn], textposition="outside",
        hovertemplate=f"%{{y}}: {_bn_hover(lang)}<extra></extra>", customdata=codes_data(values.index),
    ))
    fig.update_xaxes(range=[0, top * 1.18 if top else 1])
    return fig


@cached_figure
def value_by_type(df: pd.DataFrame, lang: str, period: str, footer: str) -> go.Figure:
    """Horizontal bars: value delivered per association type in tỷ đồng (welfare_by_type_programme)."""
    totals = df.groupby("type_code")["value_vnd"].sum().sort_values()
    labels = [wrap_label(type_name(c, lang)) for c in totals.index]
    fig = theme(_total_bars(labels, totals, lang), lang=lang, title=t("welfare.type_chart", lang, period=period),
                footer=footer, x_title=t("welfare.axis_bn", lang), y_title=None, height=hbar_height(labels), legend=False)
    return fig.update_yaxes(ticksuffix="  ")


@cached_figure
def value_by_unit(df: pd.DataFrame, lang: str, period: str, footer: str) -> go.Figure:
    """Horizontal bars: value delivered in each district-level unit in tỷ đồng (welfare_by_unit_domain)."""
    totals = df.groupby("unit_code")["value_vnd"].sum().sort_values()
    later = set(df.loc[df["shows_later_name"], "unit_code"]) if "shows_later_name" in df else set()
    alone = set(df.loc[df["straddles"], "unit_code"]) if "straddles" in df else set()
    labels = [straddling_label(c, lang) if c in alone else delivered_unit_label(c, lang, c in later)
              for c in totals.index]
    fig = theme(_total_bars(labels, totals, lang), lang=lang, title=t("welfare.unit_chart", lang, period=period),
                footer=footer, x_title=t("welfare.axis_bn", lang), y_title=None, height=hbar_height(labels), legend=False)
    return fig.update_yaxes(ticksuffix="  ")


def _panels(df: pd.DataFrame) -> list[tuple[str, str]]:
    """The flagship panels that have something to show under the filters."""
    return [(code, col) for code, col in FLAGSHIP_PANELS if df.loc[df["programme_code"] == code, col].sum() > 0]


def has_flagship(df: pd.DataFrame) -> bool:
    return bool(_panels(df))


@cached_figure
def flagship_by_year(df: pd.DataFrame, lang: str, period: str, footer: str) -> go.Figure:
    """Small multiples, one per flagship figure per year, each in its own unit (welfare_flagship_by_year)."""
    panels = _panels(df)
    cols = 3
    rows = math.ceil(len(panels) / cols)
    titles = [t(f"welfare.panel.{code}_{col}", lang) for code, col in panels]
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=titles, horizontal_spacing=0.07, vertical_spacing=0.2)
    for i, (code, col) in enumerate(panels):
        part = df[df["programme_code"] == code].groupby("year", as_index=False)[col].sum()
        money = col == "value_vnd"
        y = to_bn(part[col]) if money else part[col]
        fmt = f"%{{y:,.1f}} {t('units.bn_vnd', lang)}" if money else "%{y:,.0f}"
        fig.add_bar(x=part["year"], y=y, marker_color=DOMAIN_COLORS["education" if code == "scholarship" else "health"],
                    name=titles[i], hovertemplate=f"{titles[i]} %{{x}}: {fmt}<extra></extra>",
                    row=i // cols + 1, col=i % cols + 1)
    year_axis(fig, df["year"])
    if df["year"].nunique() > 6:  # a third of the width: every other year is enough
        fig.update_xaxes(tickmode="auto", nticks=6)
    fig.update_annotations(font_size=15)
    return theme(fig, lang=lang, title=t("welfare.flagship_chart", lang, period=period), footer=footer,
                 y_title=None, height=330 * rows + 90, legend=False)


@cached_figure
def beneficiaries_by_programme(df: pd.DataFrame, lang: str, period: str, footer: str) -> go.Figure:
    """One panel per beneficiaries unit (people, person-times, households), never added together
    (welfare_by_programme)."""
    units = [u for u in BENEFICIARY_UNITS if df.loc[df["beneficiaries_unit"] == u, "beneficiaries"].sum() > 0]
    counts = [df.loc[df["beneficiaries_unit"] == u, "programme_code"].nunique() for u in units]
    titles = [t("welfare.beneficiaries_panel", lang, unit=code_label("beneficiaries_unit", u, lang)) for u in units]
    fig = make_subplots(rows=len(units), cols=1, subplot_titles=titles, row_heights=counts, vertical_spacing=0.12)
    for i, unit in enumerate(units):
        part = df[df["beneficiaries_unit"] == unit].groupby("programme_code", as_index=False)["beneficiaries"].sum()
        part = part.sort_values("beneficiaries")
        label = code_label("beneficiaries_unit", unit, lang)
        fig.add_bar(x=part["beneficiaries"], y=[wrap_label(programme_name(c, lang), 44) for c in part["programme_code"]],
                    orientation="h", marker_color="#0072B2",
                    text=[fmt_int(v, lang) for v in part["beneficiaries"]], textposition="outside", cliponaxis=False,
                    hovertemplate=f"%{{y}}: %{{x:,.0f}} {label}<extra></extra>", row=i + 1, col=1,
                    customdata=codes_data(part["programme_code"]))
        fig.update_xaxes(range=[0, float(part["beneficiaries"].max()) * 1.15], row=i + 1, col=1)
    fig.update_annotations(font_size=15, xanchor="left", x=0)
    fig = theme(fig, lang=lang, title=t("welfare.beneficiaries_chart", lang, period=period), footer=footer,
                y_title=None, height=max(460, 36 * sum(counts) + 110 * len(units) + 120), legend=False)
    return fig.update_yaxes(ticksuffix="  ")


# ---- tables ------------------------------------------------------------------------------------

def programme_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """welfare_by_type_programme with names and units in the user's language, biggest value first."""
    out = df.copy()
    totals = out.groupby("type_code")["value_vnd"].transform("sum")
    out = out.assign(_type_total=totals).sort_values(["_type_total", "value_vnd"], ascending=False)
    out["type_name"] = [type_name(c, lang) for c in out["type_code"]]
    out["domain_name"] = [code_label("domain", c, lang) for c in out["domain"]]
    out["programme_name"] = [programme_name(c, lang) for c in out["programme_code"]]
    out["quantity_unit_name"] = [quantity_unit_label(u, lang) for u in out["quantity_unit"]]
    out["beneficiaries_unit_name"] = [code_label("beneficiaries_unit", u, lang) for u in out["beneficiaries_unit"]]
    return out.drop(columns="_type_total").reset_index(drop=True)


def spotlight(df: pd.DataFrame, lang: str) -> dict[str, pd.DataFrame]:
    """What each spotlight association type delivered (programme_table rows: quantity and
    beneficiaries are numbers, their units in the columns beside them), for the types present."""
    table = programme_table(df, lang)
    return {code: table[table["type_code"] == code] for code in SPOTLIGHT_TYPES if (table["type_code"] == code).any()}
