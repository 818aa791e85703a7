"""Association lineage on a profile: the associations it came from or became (table rows), their
members by year side by side (chart), and the note on the overview about associations that ended."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from massorg.i18n import t
from massorg.labels import code_label, unit_name
from massorg.numbers import fmt_date, fmt_int
from massorg.ui.charts import theme, year_axis
from massorg.ui.figure_cache import cached_figure
from massorg.ui.figures.directory import shown_name


def lineage_rows(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """profile_lineage in words: relation, the other association, its unit, date, kind, members."""
    out = df.copy()
    out["relation_name"] = [t(f"lineage.relation.{r}", lang) for r in out["relation"]]
    out["other"] = [shown_name(n, e, lang) if isinstance(n, str) else "–"
                    for n, e in zip(out["other_name"], out["other_name_en"])]
    out["other_unit"] = [unit_name(c, lang) if isinstance(c, str) else "–" for c in out["other_unit_code"]]
    out["kind_name"] = [code_label("lineage_kind", k, lang) for k in out["kind"]]
    out["effective_date"] = pd.to_datetime(out["effective_on"]).dt.date
    return out


def members_note(lineage: pd.DataFrame, members: pd.DataFrame, association_id: str, lang: str) -> str | None:
    """'Hội viên ngày 30/6/2025 của các hội tiền thân: 1.234; của hội này cuối năm 2025: 1.250.'"""
    before = lineage[lineage["relation"] == "predecessor"]
    if before.empty or before["members_at_change"].isna().all():
        return None
    day = pd.to_datetime(before["effective_on"]).min().date()
    total = int(before["members_at_change"].fillna(0).sum())
    own = members[(members["association_id"] == association_id) & (members["year"] == day.year)]["members"]
    after = fmt_int(int(own.iloc[0]), lang) if not own.empty else "–"
    last_day = day - pd.Timedelta(days=1)
    return t("lineage.members_note", lang, day=fmt_date(last_day, lang), before=fmt_int(total, lang),
             year=day.year, after=after)


@cached_figure
def members_chart(df: pd.DataFrame, lang: str, name: str, period: str, footer: str) -> go.Figure:
    """Stacked columns: members at each year end of the association and of each predecessor
    (profile_lineage_members_by_year), so a merged association's history reads as one."""
    fig = go.Figure()
    for (_aid, a_name, a_name_en), part in df.groupby(["association_id", "name", "name_en"], dropna=False, sort=False):
        label = shown_name(a_name, a_name_en if isinstance(a_name_en, str) else None, lang)
        fig.add_bar(x=part["year"], y=part["members"], name=label,
                    hovertemplate=f"{label}<br>%{{x}}: %{{y:,.0f}}<extra></extra>")
    fig.update_layout(barmode="stack")
    year_axis(fig, df["year"])
    return theme(fig, lang=lang, title=t("lineage.members_chart", lang, name=name, period=period), footer=footer,
                 x_title=t("directory.axis_year", lang), y_title=t("directory.axis_members", lang))


def changes_note(df: pd.DataFrame, lang: str) -> str | None:
    """The overview's note on why the count of associations drops (lineage_changes_by_year)."""
    if df.empty:
        return None
    parts = []
    for year, rows in df.groupby("year"):
        by_kind = rows.set_index("kind")
        ended = int(by_kind["associations"].get("dissolution", 0))
        merged = int(by_kind["associations"].get("merge", 0))
        into = int(by_kind["successors"].get("merge", 0))
        renamed = int(by_kind["associations"].get("rename", 0))
        parts.append(t("lineage.changes_note", lang, year=year, ended=fmt_int(ended, lang), merged=fmt_int(merged, lang),
                       into=fmt_int(into, lang), renamed=fmt_int(renamed, lang)))
    return " ".join(parts)
