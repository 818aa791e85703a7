"""KPI cards, charts and the table of the legal aid & mediation page (Trợ giúp pháp lý, hòa giải).

Cases and person-times are flows (summed over the period). People served are person-times ("lượt
người"): one person helped twice counts twice, so they are never added to headcounts. The mediation
success rate is successful mediations divided by mediation cases.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from massorg.data.schema import LEGAL_AID_KINDS
from massorg.i18n import t
from massorg.indicators import points_text, value_at, year_change
from massorg.labels import code_label, type_name, unit_name
from massorg.numbers import fmt_dec, fmt_int, fmt_pct
from massorg.ui.charts import codes_data, hbar_height, theme, wrap_label, year_axis
from massorg.ui.figure_cache import cached_figure

Card = tuple[str, str, str | None, str | None]

KIND_COLORS = {
    "legal_consultation": "#0072B2",
    "legal_aid": "#E69F00",
    "mediation": "#009E73",
    "legal_dissemination": "#CC79A7",
}


# ---- KPI cards ---------------------------------------------------------------------------------

def success_rate_pct(successful: float | None, mediations: float | None) -> float | None:
    """Successful mediations per mediation case, in percent; None when there was no mediation."""
    if not mediations or successful is None:
        return None
    return successful / mediations * 100


def kpi_cards(period: pd.DataFrame, recent: pd.DataFrame, lang: str, year: int, period_text: str,
              part_until: dt.date | None = None) -> list[Card]:
    """Cases, person-times, mediations (sums over the period) and the mediation success rate.

    `period` is legal_aid_kpis_by_year over the chosen period; `recent` the same query over `year` and
    the year before, so a one-year period still shows its change on the previous year.
    """
    help_text = t("legal_aid.flow_help", lang, year=year)

    def flow(column: str, key: str) -> Card:
        change = year_change(recent, column, lang, year, part_until)
        return t(key, lang, period=period_text), fmt_int(period[column].sum(), lang), change, help_text

    def rate_in(y: int) -> float | None:
        return success_rate_pct(value_at(recent, "mediation_successful", y), value_at(recent, "mediation_cases", y))

    rate = success_rate_pct(period["mediation_successful"].sum(), period["mediation_cases"].sum())
    return [
        flow("cases", "legal_aid.kpi_cases"),
        flow("people_served", "legal_aid.kpi_person_times"),
        flow("mediation_cases", "legal_aid.kpi_mediations"),
        (t("legal_aid.kpi_success_rate", lang, period=period_text), fmt_pct(rate, lang),
         points_text(rate_in(year), rate_in(year - 1), lang, year), t("legal_aid.success_help", lang)),
    ]


# ---- charts ------------------------------------------------------------------------------------

def _kinds(df: pd.DataFrame) -> list[str]:
    present = set(df["kind"])
    return [k for k in LEGAL_AID_KINDS if k in present]


@cached_figure
def cases_by_year_kind(df: pd.DataFrame, lang: str, period: str, footer: str) -> go.Figure:
    """Stacked columns: programmes and cases per year, by kind of activity (legal_aid_by_year_kind)."""
    fig = go.Figure()
    unit = t("units.cases", lang)
    for kind in _kinds(df):
        part = df[df["kind"] == kind]
        label = code_label("legal_aid_kind", kind, lang)
        fig.add_bar(x=part["year"], y=part["cases"], name=label, marker_color=KIND_COLORS[kind],
                    hovertemplate=f"{label} %{{x}}: %{{y:,.0f}} {unit}<extra></extra>")
    fig.update_layout(barmode="stack")
    year_axis(fig, df["year"])
    fig = theme(fig, lang=lang, title=t("legal_aid.cases_chart", lang, period=period), footer=footer,
                x_title=t("legal_aid.axis_year", lang), y_title=t("legal_aid.axis_cases", lang))
    return fig


@cached_figure
def person_times_by_kind(df: pd.DataFrame, lang: str, period: str, footer: str) -> go.Figure:
    """Horizontal bars: person-times served over the period, by kind (legal_aid_by_year_kind)."""
    totals = df.groupby("kind", as_index=False)["people_served"].sum().sort_values("people_served")
    labels = [code_label("legal_aid_kind", k, lang) for k in totals["kind"]]
    unit = t("units.person_times", lang)
    top = float(totals["people_served"].max())
    fig = go.Figure(go.Bar(
        x=totals["people_served"], y=labels, orientation="h",
        marker_color=[KIND_COLORS[k] for k in totals["kind"]],
        text=[fmt_int(v, lang) for v in totals["people_served"]], textposition="outside", cliponaxis=False,
        hovertemplate=f"%{{y}}: %{{x:,.0f}} {unit}<extra></extra>",
    ))
    fig.update_xaxes(range=[0, top * 1.18 if top else 1])  # room for the value printed after the longest bar
    fig = theme(fig, lang=lang, title=t("legal_aid.person_times_chart", lang, period=period), footer=footer,
                x_title=t("legal_aid.axis_person_times", lang), y_title=None, legend=False)
    return fig.update_yaxes(ticksuffix="  ")


@cached_figure
def mediation_success_by_year(df: pd.DataFrame, lang: str, period: str, footer: str) -> go.Figure:
    """Line: share of mediations that succeeded, per year (legal_aid_kpis_by_year)."""
    data = df[df["mediation_cases"] > 0]
    rates = [success_rate_pct(s, m) for s, m in zip(data["mediation_successful"], data["mediation_cases"])]
    hover = f"%{{customdata[0]:,.0f}}/%{{customdata[1]:,.0f}} {t('legal_aid.rate_hover', lang)}"
    fig = go.Figure(go.Scatter(
        x=data["year"], y=rates, mode="lines+markers+text", line={"width": 3, "color": KIND_COLORS["mediation"]},
        text=[fmt_dec(r, lang, 0) for r in rates], textposition="top center",
        customdata=data[["mediation_successful", "mediation_cases"]].to_numpy(),
        hovertemplate=f"%{{x}}: %{{y:,.1f}}% ({hover})<extra></extra>",
    ))
    year_axis(fig, data["year"])
    fig = theme(fig, lang=lang, title=t("legal_aid.rate_chart", lang, period=period), footer=footer,
                x_title=t("legal_aid.axis_year", lang), y_title=t("legal_aid.axis_rate", lang), legend=False)
    fig.update_yaxes(range=[0, 105], ticksuffix="%")
    return fig


@cached_figure
def cases_by_type(df: pd.DataFrame, lang: str, period: str, footer: str) -> go.Figure:
    """Horizontal stacked bars: programmes and cases per association type, by kind (legal_aid_by_type_kind)."""
    order = df.groupby("type_code")["cases"].sum().sort_values().index.tolist()
    names = {code: type_name(code, lang) for code in order}
    unit = t("units.cases", lang)
    fig = go.Figure()
    for kind in _kinds(df):
        part = df[df["kind"] == kind].set_index("type_code").reindex(order)
        label = code_label("legal_aid_kind", kind, lang)
        fig.add_bar(x=part["cases"].fillna(0), y=[wrap_label(names[c]) for c in order], orientation="h", name=label,
                    marker_color=KIND_COLORS[kind], hovertemplate=f"%{{y}} · {label}: %{{x:,.0f}} {unit}<extra></extra>",
                    customdata=codes_data(order))
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig = theme(fig, lang=lang, title=t("legal_aid.types_chart", lang, period=period), footer=footer,
                x_title=t("legal_aid.axis_cases", lang), y_title=None,
                height=hbar_height([wrap_label(n) for n in names.values()], extra=240))
    fig.update_yaxes(ticksuffix="  ")
    return fig


# ---- table -------------------------------------------------------------------------------------

def association_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """legal_aid_by_association with the names, type, level and unit in the user's language."""
    out = df.copy()
    if lang == "en":
        out["shown_name"] = out["name_en"].where(out["name_en"].notna() & (out["name_en"] != ""), out["name"])
    else:
        out["shown_name"] = out["name"]
    out["type_name"] = [type_name(c, lang) for c in out["type_code"]]
    out["level_name"] = [code_label("level", c, lang) for c in out["level"]]
    out["unit_name"] = [unit_name(c, lang) for c in out["unit_code"]]
    return out
