"""Charts, KPI cards and the meeting list of the consultation & social-criticism page.

Meetings and comments are flows (summed over the period); the acceptance rate is comments accepted
divided by comments submitted, never an average of yearly rates.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from massorg.data.schema import SUBJECT_KINDS
from massorg.i18n import t
from massorg.indicators import acceptance_rate_pct, points_text, value_at, year_change
from massorg.labels import code_label
from massorg.numbers import fmt_int, fmt_pct
from massorg.ui.charts import PALETTE, codes_data, theme, wrap, year_axis
from massorg.ui.escape import chart_text
from massorg.ui.figure_cache import cached_figure

Card = tuple[str, str, str | None, str | None]
SUBJECT_COLORS = dict(zip(SUBJECT_KINDS, ["#D55E00", "#0072B2", "#009E73", "#E69F00", "#999999"]))
SUBMITTED_COLOR, ACCEPTED_COLOR, RATE_COLOR = "#56B4E9", "#0072B2", "#D55E00"


def kpi_cards(period: pd.DataFrame, recent: pd.DataFrame, lang: str, year: int,
              part_until: dt.date | None = None) -> list[Card]:
    """Meetings, comments submitted and accepted (period sums) and the acceptance rate.

    `period` is consultation_by_year over the chosen period, `recent` the same over `year` and the
    year before it (so a one-year period still shows its change on the previous year).
    """
    def flow(column: str, key: str) -> Card:
        return (t(key, lang), fmt_int(period[column].sum(), lang),
                year_change(recent, column, lang, year, part_until), t("consultation.flow_help", lang, year=year))

    rate = acceptance_rate_pct(period["comments_submitted"].sum(), period["comments_accepted"].sum())
    rate_delta = points_text(value_at(recent, "acceptance_pct", year), value_at(recent, "acceptance_pct", year - 1),
                             lang, year)
    return [
        flow("meetings", "consultation.meetings"),
        flow("comments_submitted", "consultation.submitted"),
        flow("comments_accepted", "consultation.accepted"),
        (t("consultation.acceptance", lang), fmt_pct(rate, lang), rate_delta,
         t("consultation.acceptance_help", lang, year=year)),
    ]


@cached_figure
def meetings_by_subject(df: pd.DataFrame, lang: str, period: str, footer: str) -> go.Figure:
    """Meetings per year stacked by subject kind (meetings_by_year)."""
    unit = t("units.meetings", lang)
    fig = go.Figure()
    for kind, color in SUBJECT_COLORS.items():
        part = df[df["subject_kind"] == kind]
        if part.empty:
            continue
        label = code_label("subject_kind", kind, lang)
        fig.add_bar(x=part["year"], y=part["meetings"], name=label, marker_color=color,
                    hovertemplate=f"{label} %{{x}}: %{{y:,.0f}} {unit}<extra></extra>")
    fig.update_layout(barmode="stack")
    year_axis(fig, df["year"])
    fig = theme(fig, lang=lang, title=t("consultation.subject_chart", lang, period=period), footer=footer,
                x_title=t("consultation.axis_year", lang), y_title=t("consultation.axis_meetings", lang))
    return fig


@cached_figure
def comments_by_year(df: pd.DataFrame, lang: str, period: str, footer: str) -> go.Figure:
    """Comments submitted and accepted per year (columns) with the acceptance rate (line, right axis)
    (consultation_by_year)."""
    unit = t("units.comments", lang)
    fig = go.Figure()
    for column, key, color in (("comments_submitted", "submitted_series", SUBMITTED_COLOR),
                               ("comments_accepted", "accepted_series", ACCEPTED_COLOR)):
        label = t(f"consultation.{key}", lang)
        fig.add_bar(x=df["year"], y=df[column], name=label, marker_color=color,
                    hovertemplate=f"{label} %{{x}}: %{{y:,.0f}} {unit}<extra></extra>")
    rate_label = t("consultation.rate_series", lang)
    fig.add_scatter(x=df["year"], y=df["acceptance_pct"], name=rate_label, yaxis="y2", mode="lines+markers",
                    line={"color": RATE_COLOR, "width": 3},
                    hovertemplate=f"{rate_label} %{{x}}: %{{y:,.1f}}%<extra></extra>")
    fig.update_layout(barmode="group")
    year_axis(fig, df["year"])
    fig = theme(fig, lang=lang, title=t("consultation.comments_chart", lang, period=period), footer=footer,
                x_title=t("consultation.axis_year", lang), y_title=t("consultation.axis_comments", lang))
    fig.update_layout(
        yaxis2={"title": {"text": t("consultation.axis_rate", lang)}, "overlaying": "y", "side": "right",
                "range": [0, 100], "tickmode": "linear", "tick0": 0, "dtick": 20, "ticksuffix": "%",
                "showgrid": False},
        margin={"r": 80},
    )
    return fig


def association_name(row: dict, lang: str) -> str:
    """The association's English name when reading in English and one exists, else its own name."""
    english = row.get("association_name_en")
    return english if lang == "en" and isinstance(english, str) and english else str(row["association_name"])


@cached_figure
def top_associations(df: pd.DataFrame, lang: str, period: str, footer: str, top: int = 10) -> go.Figure:
    """The associations that led the most meetings, with their acceptance rate (consultation_by_association)."""
    rows = df.head(top).iloc[::-1]
    names = [wrap(chart_text(association_name(row, lang)), 40) for row in rows.to_dict("records")]
    texts = [t("consultation.rate_text", lang, rate=fmt_pct(r, lang)) for r in rows["acceptance_pct"]]
    hover = (f"%{{y}}<br>%{{x:,.0f}} {t('units.meetings', lang)}"
             f"<br>{t('consultation.submitted_series', lang)}: %{{customdata[0]:,.0f}}"
             f"<br>{t('consultation.accepted_series', lang)}: %{{customdata[1]:,.0f}} (%{{customdata[2]:,.1f}}%)"
             "<extra></extra>")
    fig = go.Figure(go.Bar(
        x=rows["meetings"], y=names, orientation="h", marker_color=PALETTE[0], text=texts,
        textposition="outside", cliponaxis=False,
        # the association's id last: a click opens its profile
        customdata=codes_data(rows["association_id"], rows["comments_submitted"], rows["comments_accepted"],
                              rows["acceptance_pct"]),
        hovertemplate=hover,
    ))
    fig = theme(fig, lang=lang, title=t("consultation.top_chart", lang, period=period), footer=footer,
                x_title=t("consultation.axis_meetings", lang), height=max(420, 40 * len(names) + 170),
                legend=False)
    fig.update_yaxes(categoryorder="array", categoryarray=names)
    fig.update_layout(margin={"r": 140})
    return fig


def meetings_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """meetings_list with readable columns: date, subject kind, lead association and area by language."""
    records = df.to_dict("records")
    units = [r["unit_name_en"] if lang == "en" and isinstance(r["unit_name_en"], str) else r["unit_name"]
             for r in records]
    return df.assign(
        held_on=pd.to_datetime(df["held_on"]).dt.date,
        subject_kind_label=[code_label("subject_kind", k, lang) for k in df["subject_kind"]],
        association=[association_name(r, lang) for r in records],
        unit=units,
    )
