"""Reporting completeness: how many of the associations active at a year's end reported members,
funding and any activity (a consultation it led, a legal aid or a welfare row) that year. No streamlit.

The queries reporting_* compute it on a published snapshot; `of_tables` computes the same on tables an
import has built but not yet published (the import summary), by the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from massorg.i18n import t
from massorg.numbers import fmt_int, fmt_pct

PARTS = ("members", "funding", "activities")


@dataclass(frozen=True)
class Completeness:
    year: int
    associations: int  # active at the year's end
    reported: dict[str, int]  # by part (PARTS): how many of them reported

    def missing(self, part: str) -> int:
        return self.associations - self.reported[part]

    def share_pct(self, part: str) -> float | None:
        return self.reported[part] / self.associations * 100 if self.associations else None


def of_row(row: pd.Series) -> Completeness:
    """From a row of reporting_completeness_by_year."""
    return Completeness(int(row["year"]), int(row["associations"]),
                        {part: int(row[f"reported_{part}"]) for part in PARTS})


def last_year(tables: dict[str, pd.DataFrame]) -> int | None:
    """The latest year with members or funding reported (the year an import is mostly about)."""
    years = [int(df["year"].max()) for name in ("membership", "funding")
             if (df := tables.get(name)) is not None and not df.empty]
    return max(years) if years else None


def of_tables(tables: dict[str, pd.DataFrame], year: int) -> Completeness:
    """The same counts as reporting_completeness_by_year, on tables not yet published."""
    a = tables["associations"]
    end = pd.Timestamp(year, 12, 31)
    founded, dissolved = pd.to_datetime(a["founded_on"]), pd.to_datetime(a["dissolved_on"])
    active = set(a.loc[(founded <= end) & (dissolved.isna() | (dissolved > end)), "association_id"])

    def ids(name: str, column: str = "year") -> set[str]:
        df = tables.get(name)
        if df is None or df.empty:
            return set()
        years = pd.to_datetime(df["held_on"]).dt.year if column == "held_on" else df[column]
        return set(df.loc[years == year, "association_id"])

    activities = ids("consultations", "held_on") | ids("legal_aid") | ids("welfare")
    reported = {"members": ids("membership"), "funding": ids("funding"), "activities": activities}
    return Completeness(year, len(active), {part: len(active & reported[part]) for part in PARTS})


def gap_text(c: Completeness, lang: str) -> str | None:
    """The warning for the pages' figures when associations active in the year sent no members or no
    funding figures (a fall may be a missing report); None when both are complete. Activities are left
    out: many associations hold none in a year."""
    missing = [t(f"completeness.gap_part.{part}", lang, n=fmt_int(c.missing(part), lang))
               for part in ("members", "funding") if c.missing(part)]
    if not missing:
        return None
    return t("completeness.gap", lang, year=c.year, associations=fmt_int(c.associations, lang),
             parts=", ".join(missing))


def summary_text(c: Completeness, lang: str) -> str:
    """'Năm 2023: 675 hội hoạt động; đã báo cáo hội viên 658 (97,5%), kinh phí 657 (97,3%), hoạt động 614 (91,0%).'"""
    parts = [t(f"completeness.part_share.{part}", lang, n=fmt_int(c.reported[part], lang),
               pct=fmt_pct(c.share_pct(part), lang)) for part in PARTS]
    return t("completeness.summary", lang, year=c.year, associations=fmt_int(c.associations, lang),
             parts=", ".join(parts))


def missing_list(status: pd.DataFrame, lang: str, unit_label, type_label) -> pd.DataFrame:
    """reporting_status_by_association as the list to download: who, where, whom to contact (the parent
    association, named by the query; else the unit), and what is missing in words."""
    def missing(row: pd.Series) -> str:
        return ", ".join(t(f"completeness.part.{part}", lang) for part in PARTS if not row[f"reported_{part}"])

    def shown(name: object, name_en: object) -> object:
        return name_en if lang == "en" and isinstance(name_en, str) and name_en else name

    def contact(parent: object, parent_en: object, unit: str) -> object:
        return shown(parent, parent_en) if isinstance(parent, str) and parent else unit_label(unit)

    out = pd.DataFrame({
        "association_id": status["association_id"],
        "name": [shown(n, e) for n, e in zip(status["name"], status["name_en"])],
        "type": [type_label(c) for c in status["type_code"]],
        "level": [t(f"codes.level.{c}", lang) for c in status["level"]],
        "unit": [unit_label(c) for c in status["unit_code"]],
        "contact": [contact(p, e, u) for p, e, u in zip(status["parent_name"], status["parent_name_en"],
                                                        status["unit_code"])],
        "missing": [missing(row) for _, row in status.iterrows()],
    })
    return out.reset_index(drop=True)
