"""The seeded demo after 1 July 2025: the new Lâm Đồng (old Lâm Đồng + Đắk Nông + Bình Thuận).

Built on top of the 2014–2024 demo (massorg.data.demo), whose rows stay exactly as they are (only
dissolved_on is set for the associations that ended on 1/7/2025). What happens on 1/7/2025:
- district-level associations end (the district level is gone);
- commune-level associations of the same type in the communes that form a new commune merge into
  one association of the new commune (a single predecessor is renamed);
- the provincial associations of Đắk Nông and Bình Thuận merge into the same-name association of
  Lâm Đồng, which continues under its id;
- from then on facts are keyed to the 124 new units. 2025 flows are H1 on the old units plus H2 on
  the new ones; the 30/06/2026 snapshot holds H1 2026 and the members counted at that date.

Associations of Đắk Nông and Bình Thuận enter the data with their 2025 facts only: before the merger
they reported to another province. `lineage()` lists every predecessor -> successor pair.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from massorg import geography
from massorg.data.schema import association_types

REFORM = geography.REFORM
H1_END = dt.date(2025, 6, 30)
END_2025 = dt.date(2025, 12, 31)
MID_2026 = dt.date(2026, 6, 30)

# Old provinces joining on 1/7/2025: size relative to old Lâm Đồng (population 0.67 m and 1.25 m
# against 1.36 m), district-level associations per district, share of communes with associations.
JOINING = {
    "67": {"prefix": "DN", "name": "Đắk Nông", "name_en": "Dak Nong", "size": 0.5, "per_district": 7,
           "commune_share": 0.5},
    "60": {"prefix": "BT", "name": "Bình Thuận", "name_en": "Binh Thuan", "size": 0.85, "per_district": 8,
           "commune_share": 0.5},
}
# The provincial associations every one of the three provinces had (same name: they merge).
SAME_NAME_TYPES = ("red_cross", "education_promotion", "elderly", "agent_orange", "blind", "lawyers",
                   "journalists", "literature_arts", "science_tech", "friendship", "former_youth_volunteers",
                   "poor_patients_support", "traditional_medicine", "gardening", "former_political_prisoners",
                   "ornamental_plants")
DISTRICT_TYPES = ("red_cross", "education_promotion", "elderly", "agent_orange", "former_youth_volunteers",
                  "blind", "lawyers", "traditional_medicine")
COMMUNE_TYPES = ("education_promotion", "elderly", "red_cross", "agent_orange", "former_youth_volunteers")


@dataclass(frozen=True)
class Link:
    """One predecessor -> successor step (successor None when the association ended)."""

    predecessor_id: str
    successor_id: str | None
    effective_on: dt.date
    kind: str  # merge | rename | dissolution
    members_at_change: int  # the predecessor's members on the day before


def _lower_first(name: str) -> str:
    return name[0].lower() + name[1:]


class _Province2025:
    def __init__(self, full: dict[str, pd.DataFrame], seed: int) -> None:
        self.full = full
        self.rng = np.random.default_rng(seed + 2025)
        self.types = {t["type_code"]: t for t in association_types()}
        self.units = geography.units()
        self.links: list[Link] = []
        self.h1_size: dict[str, int] = {}  # members on 30/6/2025 of every association alive then
        self.clone_of: dict[str, str] = {}  # joining association -> old Lâm Đồng one whose facts it mirrors
        self.scale: dict[str, float] = {}
        self.new_unit_of: dict[str, str] = {}  # predecessor (commune level) -> new unit
        m24 = full["membership"].query("year == 2024").set_index("association_id")["members"]
        self.members_2024 = m24.to_dict()

    # --- associations ---------------------------------------------------------------------------
    def _joining_associations(self) -> pd.DataFrame:
        old = self.full["associations"]
        alive = old[old.dissolved_on.isna()]
        rows = []
        for province, spec in JOINING.items():
            p = spec["prefix"]
            for n, type_code in enumerate(SAME_NAME_TYPES, start=1):
                twin = alive[(alive.level == "province") & (alive.type_code == type_code)].iloc[0]
                aid = f"{p}T{n:02d}"
                rows.append(self._row(aid, twin["name"].replace("Lâm Đồng", spec["name"]),
                                      (twin["name_en"] or "").replace("Lam Dong", spec["name_en"]), type_code, "province",
                                      province, None, 1990, 2012))
                self.clone_of[aid], self.scale[aid] = twin.association_id, spec["size"]
                self.links.append(Link(aid, twin.association_id, REFORM, "merge", 0))
            districts = [c for c, u in self.units.items() if u["parent_code"] == province]
            communes = [r for r in geography.old_communes() if r["province_code"] == province]
            n_h = n_x = 0
            for code in districts:
                unit = self.units[code]
                kind = {"city": "thành phố", "town": "thị xã"}.get(unit["kind"], "huyện")
                for type_code in DISTRICT_TYPES[: spec["per_district"]]:
                    n_h += 1
                    aid = f"{p}H{n_h:03d}"
                    rows.append(self._row(aid, f"{self.types[type_code]['name_vi']} {kind} {unit['name']}",
                                          f"{self.types[type_code]['name_en']}, {unit['name_en']}", type_code,
                                          "district", code, None, 1995, 2015))
                    self._mirror(aid, "district", type_code, spec["size"])
                mine = [r for r in communes if r["district_code"] == code]
                chosen = mine[: max(1, int(round(len(mine) * spec["commune_share"])))]
                for commune in chosen:
                    for type_code in COMMUNE_TYPES:
                        n_x += 1
                        aid = f"{p}X{n_x:03d}"
                        rows.append(self._row(
                            aid, f"{self.types[type_code]['name_vi']} {_lower_first(commune['name'])} ({unit['name']})",
                            f"{self.types[type_code]['name_en']}, {commune['name']}", type_code, "commune", code,
                            None, 1998, 2018))
                        self._mirror(aid, "commune", type_code, spec["size"])
                        self.new_unit_of[aid] = next(r.new_code for r in geography.crosswalk()
                                                     if r.old_code == commune["commune_code"])
        return pd.DataFrame(rows)

    def _row(self, aid, name, name_en, type_code, level, unit, parent, lo, hi) -> dict:
        special = level != "province" or self.types[type_code]["special_nature"] == "true"
        founded = dt.date(lo, 1, 1) + dt.timedelta(days=int(self.rng.integers(0, (hi - lo) * 365)))
        return dict(association_id=aid, name=name, name_en=name_en or None, type_code=type_code,
                    field=self.types[type_code]["field"], level=level, unit_code=unit, parent_id=parent,
                    special_nature=special, party_state_task=special and level == "province", founded_on=founded,
                    dissolved_on=REFORM, licence_ref=None)

    def _mirror(self, aid: str, level: str, type_code: str, size: float) -> None:
        """A joining association's facts mirror a random old Lâm Đồng one of its level and type."""
        old = self.full["associations"]
        pool = old[(old.level == level) & (old.type_code == type_code) & old.dissolved_on.isna()].association_id
        self.clone_of[aid] = str(pool.iloc[int(self.rng.integers(len(pool)))])
        self.scale[aid] = size * self.rng.lognormal(0, 0.15)

    def _assign_new_units(self, old: pd.DataFrame) -> None:
        """Old Lâm Đồng's commune associations (keyed to their district) -> a new unit of that district."""
        by_district: dict[str, list[str]] = {}
        for new, districts in geography.old_district_of_new_units().items():
            for d in districts:
                by_district.setdefault(d, []).append(new)
        by_district.setdefault("681", by_district.get("682", []))
        by_district.setdefault("683", by_district.get("682", []))
        communes = old[(old.level == "commune") & old.dissolved_on.isna()]

        def commune_of(a) -> str:  # 'Hội Người cao tuổi xã Lát (Lạc Dương)' -> 'xã Lát'
            return a.name.split(" (")[0][len(self.types[a.type_code]["name_vi"]) + 1:]

        for district, group in communes.groupby("unit_code", sort=True):
            names = sorted({commune_of(a) for a in group.itertuples(index=False)})
            targets = by_district[str(district)]
            commune_to_new = {c: targets[i % len(targets)] for i, c in enumerate(names)}
            for a in group.itertuples(index=False):
                self.new_unit_of[a.association_id] = commune_to_new[commune_of(a)]

    def associations(self) -> pd.DataFrame:
        old = self.full["associations"].copy()
        joining = self._joining_associations()
        self._assign_new_units(old)
        alive = old.dissolved_on.isna()
        for a in old[alive].itertuples(index=False):
            self.h1_size[a.association_id] = int(round(self.members_2024.get(a.association_id, 0)
                                                       * self.rng.lognormal(0.004, 0.01)))
        for a in joining.itertuples(index=False):
            base = self.members_2024.get(self.clone_of[a.association_id], 100)
            self.h1_size[a.association_id] = int(round(base * self.scale[a.association_id]))
        ends = alive & old.level.isin(["district", "commune"])
        old.loc[ends, "dissolved_on"] = REFORM
        everything = pd.concat([old, joining], ignore_index=True)
        for a in everything[(everything.level == "district") & (everything.dissolved_on == REFORM)].itertuples():
            self.links.append(Link(a.association_id, None, REFORM, "dissolution", self.h1_size[a.association_id]))
        self.links = [Link(lk.predecessor_id, lk.successor_id, lk.effective_on, lk.kind,
                           self.h1_size[lk.predecessor_id]) for lk in self.links]
        successors = self._commune_successors(everything)
        out = pd.concat([everything, successors], ignore_index=True)
        out["founded_on"] = pd.to_datetime(out["founded_on"]).dt.date
        out["dissolved_on"] = pd.to_datetime(out["dissolved_on"]).dt.date
        return out

    def _commune_successors(self, everything: pd.DataFrame) -> pd.DataFrame:
        ending = everything[(everything.level == "commune") & (everything.dissolved_on == REFORM)]
        provincial: dict[str, str] = {}
        for r in self.full["associations"].query("level == 'province'").itertuples():
            provincial.setdefault(r.type_code, r.association_id)
        groups: dict[tuple[str, str], list[str]] = {}
        for a in ending.itertuples(index=False):
            groups.setdefault((self.new_unit_of[a.association_id], a.type_code), []).append(a.association_id)
        rows = []
        for n, ((unit, type_code), preds) in enumerate(sorted(groups.items()), start=1):
            aid = f"M{n:04d}"
            uname = self.units[unit]["name"]
            rows.append(dict(
                association_id=aid, name=f"{self.types[type_code]['name_vi']} {_lower_first(uname)}",
                name_en=f"{self.types[type_code]['name_en']}, {self.units[unit]['name_en']}", type_code=type_code,
                field=self.types[type_code]["field"], level="commune", unit_code=unit,
                parent_id=provincial.get(type_code), special_nature=True, party_state_task=False, founded_on=REFORM,
                dissolved_on=None, licence_ref=None))
            kind = "merge" if len(preds) > 1 else "rename"
            self.links += [Link(p, aid, REFORM, kind, self.h1_size[p]) for p in preds]
        return pd.DataFrame(rows)

    # --- facts ----------------------------------------------------------------------------------
    def membership(self, assoc: pd.DataFrame, with_2026: bool) -> pd.DataFrame:
        absorbed: dict[str, int] = {}
        for lk in self.links:
            if lk.successor_id:
                absorbed[lk.successor_id] = absorbed.get(lk.successor_id, 0) + lk.members_at_change
        rows = []
        alive = assoc[assoc.dissolved_on.isna()]
        for a in alive.itertuples(index=False):
            aid = a.association_id
            if aid.startswith("M"):
                start = absorbed.get(aid, 0)
            else:
                start = self.h1_size.get(aid, 0) + absorbed.get(aid, 0)
            if start <= 0:
                continue
            m25 = int(round(start * self.rng.lognormal(0.008, 0.012)))
            rows.append((aid, 2025, m25, int(round(m25 * self.rng.uniform(0.02, 0.05)))))
            if with_2026:
                m26 = int(round(m25 * self.rng.lognormal(0.004, 0.008)))
                rows.append((aid, 2026, m26, int(round(m26 * self.rng.uniform(0.01, 0.03)))))
        return pd.DataFrame(rows, columns=["association_id", "year", "members", "new_members"])

    def _sources(self, aid: str) -> tuple[str, float]:
        """Whose 2024 facts an association's new facts follow, and by how much."""
        return self.clone_of.get(aid, aid), self.scale.get(aid, 1.0)

    def _periods(self, a, with_2026: bool) -> list[tuple[int, float]]:
        """(year, share of that year's 2024 level): H1 2025 for associations that ended on 1/7/2025,
        H2 2025 for those founded then, the whole of 2025 for those that went on; H1 2026."""
        if a.dissolved_on == REFORM:
            return [(2025, 0.5)]
        if a.founded_on == REFORM:
            return [(2025, 0.5)] + ([(2026, 0.5)] if with_2026 else [])
        if pd.isna(a.dissolved_on):
            return [(2025, 1.0)] + ([(2026, 0.5)] if with_2026 else [])
        return []

    def _preds(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for lk in self.links:
            if lk.successor_id and lk.successor_id.startswith("M"):
                out.setdefault(lk.successor_id, []).append(lk.predecessor_id)
        return out

    def flows(self, assoc: pd.DataFrame, table: str, keys: list[str], value_cols: list[str],
              with_2026: bool) -> pd.DataFrame:
        """A flow table for 2025 (and H1 2026) from each association's 2024 rows (or its predecessors'
        or the old Lâm Đồng association it mirrors), scaled to the part of the year it existed."""
        base = self.full[table].query("year == 2024")
        by_aid = {k: g for k, g in base.groupby("association_id")}
        preds = self._preds()
        rows = []
        for a in assoc.itertuples(index=False):
            periods = self._periods(a, with_2026)
            if not periods:
                continue
            origins = [self._sources(p) for p in preds.get(a.association_id, [a.association_id])]
            for year, share in periods:
                for origin, scale in origins:
                    for r in (by_aid.get(origin, base.iloc[:0])).itertuples(index=False):
                        row = {k: getattr(r, k) for k in keys}
                        row |= {"association_id": a.association_id, "year": year}
                        noise = self.rng.lognormal(0.02 * (year - 2024), 0.1)
                        for col in value_cols:
                            value = getattr(r, col)
                            row[col] = None if pd.isna(value) else value * scale * share * noise
                        rows.append((row, a, year))
        return rows

    def funding(self, assoc, with_2026) -> pd.DataFrame:
        rows = self.flows(assoc, "funding", ["source"], ["amount_vnd"], with_2026)
        df = pd.DataFrame([r for r, _, _ in rows])
        df["amount_vnd"] = (np.round(df["amount_vnd"] / 1000) * 1000).astype(np.int64)
        df = df.groupby(["association_id", "year", "source"], as_index=False)["amount_vnd"].sum()
        return df[df.amount_vnd > 0].reset_index(drop=True)

    def legal_aid(self, assoc, with_2026) -> pd.DataFrame:
        rows = self.flows(assoc, "legal_aid", ["kind"], ["cases", "people_served", "successful"], with_2026)
        df = pd.DataFrame([r for r, _, _ in rows])
        df = df.groupby(["association_id", "year", "kind"], as_index=False).agg(
            cases=("cases", "sum"), people_served=("people_served", "sum"),
            successful=("successful", lambda s: s.sum(min_count=1)))
        df["cases"] = np.round(df["cases"]).astype(np.int64)
        df["people_served"] = np.round(df["people_served"]).astype(np.int64)
        df["successful"] = np.minimum(np.round(df["successful"]), df["cases"]).astype("Int64")
        df.loc[df.kind != "mediation", "successful"] = pd.NA
        return df[df.cases > 0].reset_index(drop=True)

    def _new_unit_for_old_district(self, code: str) -> str:
        """Where a provincial association's welfare goes in the new geography: a new unit of the old district."""
        code = self.units[code]["successor_code"] or code if code in self.units else code
        options = [n for n, ds in geography.old_district_of_new_units().items() if code in ds]
        return options[int(self.rng.integers(len(options)))] if options else "68"

    def welfare(self, assoc, with_2026) -> pd.DataFrame:
        rows = self.flows(assoc, "welfare", ["unit_code", "programme_code", "beneficiaries_unit"],
                          ["quantity", "beneficiaries", "value_vnd"], with_2026)
        out = []
        for row, a, year in rows:
            h2 = a.founded_on == REFORM or year == 2026
            if a.unit_code in geography.new_unit_codes():
                row["unit_code"] = a.unit_code  # a new commune's association works where it is
            elif a.level != "province":
                row["unit_code"] = a.unit_code
            elif h2 or (year == 2025 and self.rng.random() < 0.5):
                row["unit_code"] = self._new_unit_for_old_district(row["unit_code"]) if row["unit_code"] != "68" else "68"
            else:
                row["unit_code"] = self.units[row["unit_code"]]["successor_code"] or row["unit_code"]
            out.append(row)
        df = pd.DataFrame(out)
        df = df.groupby(["association_id", "year", "unit_code", "programme_code", "beneficiaries_unit"],
                        as_index=False)[["quantity", "beneficiaries", "value_vnd"]].sum()
        for col in ("quantity", "beneficiaries"):
            df[col] = np.maximum(np.round(df[col]), 1).astype(np.int64)
        df["value_vnd"] = (np.round(df["value_vnd"] / 1000) * 1000).astype(np.int64)
        df = df.sort_values(["year", "association_id", "unit_code", "programme_code"]).reset_index(drop=True)
        df.insert(0, "record_id", [f"W{y}-N{i:05d}" for i, y in enumerate(df["year"], start=1)])
        return df[["record_id", "association_id", "year", "unit_code", "programme_code", "quantity",
                   "beneficiaries", "beneficiaries_unit", "value_vnd"]]

    def consultations(self, assoc, with_2026) -> pd.DataFrame:
        base = self.full["consultations"]
        last = base[pd.to_datetime(base.held_on).dt.year == 2024]
        leads = assoc[(assoc.level == "province") & assoc.dissolved_on.isna()].association_id.tolist()
        rows = []
        spans = [(dt.date(2025, 1, 1), H1_END, "old"), (REFORM, END_2025, "new")]
        if with_2026:
            spans.append((dt.date(2026, 1, 1), MID_2026, "new"))
        n = 0
        for first, end, geo in spans:
            count = int(round(len(last) * 0.5 * (1.0 if geo == "old" else 1.35)))
            for _ in range(count):
                n += 1
                template = last.iloc[int(self.rng.integers(len(last)))]
                day = first + dt.timedelta(days=int(self.rng.integers(0, (end - first).days + 1)))
                lead = leads[int(self.rng.integers(len(leads)))]
                unit = "68" if self.rng.random() < 0.7 else (
                    self._new_unit_for_old_district("678") if geo == "new" else "678")
                rows.append(dict(meeting_id=f"PB{day.year}-N{n:04d}", held_on=day, association_id=lead,
                                 unit_code=unit, subject_kind=template.subject_kind, subject=template.subject,
                                 comments_submitted=int(template.comments_submitted),
                                 comments_accepted=int(template.comments_accepted)))
        return pd.DataFrame(rows).sort_values(["held_on", "meeting_id"]).reset_index(drop=True)


def province_tables(full: dict[str, pd.DataFrame], seed: int) -> tuple[dict[str, pd.DataFrame], list[Link]]:
    """The tables of the new province as of 30/06/2026: 2014–2024 as in `full`, 2025 and H1 2026."""
    g = _Province2025(full, seed)
    assoc = g.associations()
    t = {k: v.copy() for k, v in full.items()}
    t["associations"] = assoc
    t["membership"] = pd.concat([full["membership"], g.membership(assoc, True)], ignore_index=True)
    t["funding"] = pd.concat([full["funding"], g.funding(assoc, True)], ignore_index=True)
    t["legal_aid"] = pd.concat([full["legal_aid"], g.legal_aid(assoc, True)], ignore_index=True)
    t["welfare"] = pd.concat([full["welfare"], g.welfare(assoc, True)], ignore_index=True)
    t["consultations"] = pd.concat([full["consultations"], g.consultations(assoc, True)], ignore_index=True)
    t["legal_aid"]["successful"] = t["legal_aid"]["successful"].astype("Int64")
    _half_year_not_reported(t, seed)
    return t, g.links


LATE_SHARE = 0.04  # of commune associations: no half-year report by 30/6/2026


def _half_year_not_reported(t: dict[str, pd.DataFrame], seed: int) -> None:
    """By 30/6/2026 a few commune associations had not sent their half-year figures (members, funding):
    the reporting gaps the Data page's completeness names. Their own seeded draw over the sorted ids,
    so nothing else generated changes; 2025 and earlier are untouched."""
    a = t["associations"]
    active = a[(a.level == "commune") & (a.founded_on <= MID_2026)
               & (a.dissolved_on.isna() | (a.dissolved_on > MID_2026))]
    ordered = np.array(sorted(active.association_id))
    silent = set(ordered[np.random.default_rng(seed + 5).random(len(ordered)) < LATE_SHARE])
    for name in ("membership", "funding"):
        df = t[name]
        t[name] = df[~((df.year == 2026) & df.association_id.isin(silent))].reset_index(drop=True)


def as_of_end_2025(mid_2026: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """What was known at the end of 2025: the same tables without 2026."""
    t = {k: v.copy() for k, v in mid_2026.items()}
    for name in ("membership", "funding", "legal_aid", "welfare"):
        t[name] = t[name][t[name].year <= 2025].reset_index(drop=True)
    c = t["consultations"]
    t["consultations"] = c[c.held_on <= END_2025].reset_index(drop=True)
    return t


def lineage_table(links: list[Link]) -> pd.DataFrame:
    """The lineage table of the demo: one row per association that ended or merged on 1/7/2025."""
    return pd.DataFrame(
        [(lk.predecessor_id, lk.successor_id, lk.effective_on, lk.kind, lk.members_at_change) for lk in links],
        columns=["predecessor_id", "successor_id", "effective_on", "kind", "members_at_change"],
    ).sort_values(["effective_on", "predecessor_id"]).reset_index(drop=True)
