"""The association directory and one association's profile: sorting, table rows, identity, KPI
cards and the history charts (members, funding by source, legal aid by kind)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from massorg.data.schema import FUNDING_SOURCES, LEGAL_AID_KINDS
from massorg.i18n import t
from massorg.indicators import value_at, year_change
from massorg.labels import code_label, programme_name, type_name, unit_name
from massorg.numbers import BILLION, MILLION, fmt_date, fmt_int, fmt_money
from massorg.ui.charts import SOURCE_COLORS, theme, year_axis
from massorg.ui.escape import chart_text
from massorg.ui.figure_cache import cached_figure
from massorg.ui.figures.legal_aid import KIND_COLORS
from massorg.ui.figures.welfare import quantity_unit_label

Card = tuple[str, str, str | None, str | None]

# Sort orders of the directory (the URL's "sort" parameter): column, ascending.
SORTS = {
    "name": ("name_key", True),
    "members": ("members", False),
    "founded": ("founded_on", True),
    "funding": ("funding_vnd", False),
}
DEFAULT_SORT = "name"


# ---- the directory -----------------------------------------------------------------------------

def sort_associations(df: pd.DataFrame, sort: str) -> pd.DataFrame:
    """The directory rows in the chosen order (unknown orders fall back to by name); blanks last."""
    column, ascending = SORTS.get(sort, SORTS[DEFAULT_SORT])
    keys = [column, "name_key"] if column != "name_key" else ["name_key"]
    return df.sort_values(keys, ascending=[ascending] + [True] * (len(keys) - 1), na_position="last",
                          kind="stable").reset_index(drop=True)


def shown_name(name: str, name_en: str | None, lang: str) -> str:
    """The association's name in the user's language (English falls back to the Vietnamese name)."""
    if lang == "en" and isinstance(name_en, str) and name_en:
        return name_en
    return name


def directory_rows(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """directory_associations with names, codes and yes/no in the user's language."""
    out = df.copy()
    yes, no = t("codes.boolean.yes", lang), t("codes.boolean.no", lang)
    out["shown_name"] = [shown_name(n, e, lang) for n, e in zip(out["name"], out["name_en"])]
    out["type_name"] = [type_name(c, lang) for c in out["type_code"]]
    out["level_name"] = [code_label("level", c, lang) for c in out["level"]]
    out["unit_name"] = [unit_name(c, lang) for c in out["unit_code"]]
    out["special"] = [yes if v else no for v in out["special_nature"]]
    out["founded_date"] = pd.to_datetime(out["founded_on"]).dt.date
    out["dissolved_date"] = pd.to_datetime(out["dissolved_on"]).dt.date
    return out


def option_labels(df: pd.DataFrame, lang: str) -> dict[str, str]:
    """How each association reads in the chooser, by id: 'name · unit (id)'."""
    return {
        aid: f"{shown_name(name, name_en, lang)} · {unit_name(unit, lang)} ({aid})"
        for aid, name, name_en, unit in zip(df["association_id"], df["name"], df["name_en"], df["unit_code"])
    }


# ---- the profile -------------------------------------------------------------------------------

def identity_rows(row: pd.Series, lang: str) -> list[tuple[str, str]]:
    """(label, value) pairs of the profile's identity block."""
    yes, no = t("codes.boolean.yes", lang), t("codes.boolean.no", lang)
    parent = "–"
    if isinstance(row["parent_id"], str) and row["parent_id"]:
        parent_name = shown_name(row["parent_name"], row["parent_name_en"], lang) if row["parent_name"] else ""
        parent = f"{parent_name} ({row['parent_id']})" if parent_name else row["parent_id"]
    rows = [
        ("directory.id", row["association_id"]),
        ("directory.type", type_name(row["type_code"], lang)),
        ("directory.field", code_label("field", row["field"], lang)),
        ("directory.level", code_label("level", row["level"], lang)),
        ("directory.unit", unit_name(row["unit_code"], lang)),
        ("directory.parent", parent),
        ("directory.branches", fmt_int(row["branches"], lang)),
        ("directory.special", yes if row["special_nature"] else no),
        ("directory.party_state_task", yes if row["party_state_task"] else no),
        ("directory.founded", fmt_date(_date(row["founded_on"]), lang)),
        ("directory.licence", row["licence_ref"] if isinstance(row["licence_ref"], str) and row["licence_ref"] else "–"),
    ]
    if _date(row["dissolved_on"]) is not None:
        rows.append(("directory.dissolved", fmt_date(_date(row["dissolved_on"]), lang)))
    return [(t(key, lang), str(value)) for key, value in rows]


def _date(value):
    """A date from a DataFrame cell (NaT and None are no date)."""
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def profile_cards(period: pd.DataFrame, recent: pd.DataFrame, lang: str, year: int, period_text: str,
                  part_until: dt.date | None = None) -> list[Card]:
    """Members at the period's end (a stock) and the period's funding, meetings, cases and welfare value.

    `period` is profile_kpis_by_year over the chosen period, `recent` over `year` and the year before.
    """
    flow_help = t("directory.flow_help", lang, year=year)

    def flow(column: str, key: str, money: bool = False) -> Card:
        total = period[column].sum()
        value = (fmt_money(total, lang) if total else t("units.money_bn", lang, value="0")) if money else fmt_int(total, lang)
        return t(key, lang, period=period_text), value, year_change(recent, column, lang, year, part_until), flow_help

    members = value_at(period, "members", year)
    return [
        (t("directory.kpi_members", lang, year=year), fmt_int(members, lang), year_change(recent, "members", lang, year),
         t("directory.stock_help", lang)),
        flow("funding_vnd", "directory.kpi_funding", money=True),
        flow("meetings", "directory.kpi_meetings"),
        flow("legal_aid_cases", "directory.kpi_legal_aid"),
        flow("welfare_value_vnd", "directory.kpi_welfare", money=True),
    ]


def _named(fig: go.Figure, name: str) -> go.Figure:
    """The association's name as the chart's subtitle (so an exported PNG says whose history it is),
    with the legend and the plot moved down by the subtitle's line."""
    shift = 24
    height = fig.layout.height or 460
    fig.update_layout(title_subtitle={"text": chart_text(name), "font": {"size": 14, "color": "#444"}},
                      margin_t=(fig.layout.margin.t or 0) + shift)
    if fig.layout.legend.y is not None and fig.layout.legend.yref == "container":
        fig.update_layout(legend_y=fig.layout.legend.y - shift / height)
    return fig


@cached_figure
def members_chart(df: pd.DataFrame, lang: str, name: str, period: str, footer: str) -> go.Figure:
    """Members at each year end (profile_members_by_year)."""
    fig = go.Figure(go.Scatter(
        x=df["year"], y=df["members"], mode="lines+markers", line={"width": 3, "color": "#0072B2"},
        hovertemplate=f"%{{x}}: %{{y:,.0f}} {t('units.people', lang)}<extra></extra>",
    ))
    year_axis(fig, df["year"])
    return _named(theme(fig, lang=lang, title=t("directory.members_chart", lang, period=period), footer=footer,
                        x_title=t("directory.axis_year", lang), y_title=t("directory.axis_members", lang),
                        legend=False), name)


@cached_figure
def funding_chart(df: pd.DataFrame, lang: str, name: str, period: str, footer: str) -> go.Figure:
    """Stacked columns of funding by source and year (profile_funding_by_year_source); in tỷ đồng, or in
    triệu đồng when no year reaches a billion (a commune association's money would read 0,0)."""
    in_bn = df.groupby("year")["amount_vnd"].sum().max() >= BILLION
    scale, unit = (BILLION, t("units.bn_vnd", lang)) if in_bn else (MILLION, t("units.m_vnd", lang))
    fig = go.Figure()
    for source in FUNDING_SOURCES:
        part = df[df["source"] == source]
        if part.empty:
            continue
        label = code_label("source", source, lang)
        fig.add_bar(x=part["year"], y=part["amount_vnd"] / scale, name=label, marker_color=SOURCE_COLORS[source],
                    hovertemplate=f"{label} %{{x}}: %{{y:,.1f}} {unit}<extra></extra>")
    fig.update_layout(barmode="stack")
    year_axis(fig, df["year"])
    y_title = t("directory.axis_bn" if in_bn else "directory.axis_m", lang)
    fig = theme(fig, lang=lang, title=t("directory.funding_chart", lang, period=period), footer=footer,
                x_title=t("directory.axis_year", lang), y_title=y_title)
    return _named(fig, name)


@cached_figure
def legal_aid_chart(df: pd.DataFrame, lang: str, name: str, period: str, footer: str) -> go.Figure:
    """Stacked columns of programmes and cases by kind and year (profile_legal_aid_by_year_kind)."""
    fig = go.Figure()
    unit = t("units.cases", lang)
    for kind in LEGAL_AID_KINDS:
        part = df[df["kind"] == kind]
        if part.empty:
            continue
        label = code_label("legal_aid_kind", kind, lang)
        fig.add_bar(x=part["year"], y=part["cases"], name=label, marker_color=KIND_COLORS[kind],
                    hovertemplate=f"{label} %{{x}}: %{{y:,.0f}} {unit}<extra></extra>")
    fig.update_layout(barmode="stack")
    year_axis(fig, df["year"])
    fig = theme(fig, lang=lang, title=t("directory.legal_aid_chart", lang, period=period), footer=footer,
                x_title=t("directory.axis_year", lang), y_title=t("directory.axis_cases", lang), legend_width=800)
    return _named(fig, name)


def meeting_rows(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """profile_meetings with the subject kind and unit in the user's language."""
    out = df.copy()
    out["held_on"] = pd.to_datetime(out["held_on"]).dt.date  # a date, not a midnight timestamp
    out["subject_kind_name"] = [code_label("subject_kind", c, lang) for c in out["subject_kind"]]
    out["unit_name"] = [unit_name(c, lang) for c in out["unit_code"]]
    return out


def welfare_rows(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """profile_welfare_by_programme with programme, domain and units in the user's language."""
    out = df.copy()
    out["programme_name"] = [programme_name(c, lang) for c in out["programme_code"]]
    out["domain_name"] = [code_label("domain", c, lang) for c in out["domain"]]
    out["quantity_unit_name"] = [quantity_unit_label(u, lang) for u in out["quantity_unit"]]
    out["beneficiaries_unit_name"] = [code_label("beneficiaries_unit", u, lang) for u in out["beneficiaries_unit"]]
    return out
