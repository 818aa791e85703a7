"""The queries of the legal aid, welfare and directory pages on a few hand-made rows, with the expected
rows written here (worked out by hand from the rows below, not copied from a run)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from massorg.data import store
from massorg.data.queries import Filters, run
from massorg.data.schema import reference_programmes, reference_units

d = dt.date
FOUNDED = d(2000, 1, 1)


def _units() -> pd.DataFrame:
    df = pd.DataFrame(reference_units()).replace({"": None})
    df["population"] = df["population"].astype("Int64")
    for col in ("valid_from", "valid_to"):
        df[col] = pd.to_datetime(df[col]).dt.date
    return df


def _association(aid, name, type_code, field, level, unit, *, parent=None, special=True, task=False,
                 founded=FOUNDED, dissolved=None, name_en=None, licence=None) -> dict:
    return dict(association_id=aid, name=name, name_en=name_en, type_code=type_code, field=field, level=level,
                unit_code=unit, parent_id=parent, special_nature=special, party_state_task=task, founded_on=founded,
                dissolved_on=dissolved, licence_ref=licence)


def tables() -> dict[str, pd.DataFrame]:
    """Six associations in three districts and the province, 2022–2023."""
    associations = pd.DataFrame([
        _association("P1", "Hội Chữ thập đỏ tỉnh Lâm Đồng", "red_cross", "humanitarian", "province", "68",
                     task=True, founded=d(1976, 5, 15), name_en="Lam Dong Red Cross Society", licence="1/QĐ"),
        _association("P2", "Hội Bảo trợ bệnh nhân nghèo, người tàn tật, trẻ mồ côi tỉnh Lâm Đồng",
                     "poor_patients_support", "humanitarian", "province", "68", founded=d(2011, 7, 28)),
        _association("D1", "Hội Chữ thập đỏ huyện Đức Trọng", "red_cross", "humanitarian", "district", "678",
                     parent="P1"),
        _association("D2", "Hội Luật gia huyện Lạc Dương", "lawyers", "professional", "district", "675",
                     name_en="Lawyers' Association, Lac Duong"),
        _association("C1", "Hội Làm vườn xã Đạ Sar", "gardening", "economic", "commune", "675", special=False,
                     founded=d(2023, 3, 1)),
        _association("C2", "Hội Người cao tuổi xã Hiệp Thạnh", "elderly", "social", "commune", "678", special=False,
                     founded=d(2010, 1, 1), dissolved=d(2023, 6, 30)),
    ])
    membership = pd.DataFrame([
        ("P1", 2022, 100, 10), ("P1", 2023, 110, 12), ("P2", 2022, 20, 2), ("P2", 2023, 25, 5),
        ("D1", 2022, 50, 5), ("D1", 2023, 40, 2), ("D2", 2022, 30, 3), ("D2", 2023, 33, 4),
        ("C1", 2023, 7, 7), ("C2", 2022, 12, 0),
    ], columns=["association_id", "year", "members", "new_members"])
    funding = pd.DataFrame([
        ("P1", 2022, "state_budget", 1_000_000), ("P1", 2022, "social_mobilisation", 5_000_000),
        ("P1", 2023, "state_budget", 1_200_000), ("D2", 2023, "member_fees", 70_000),
        ("P2", 2023, "social_mobilisation", 2_000_000_000),
    ], columns=["association_id", "year", "source", "amount_vnd"])
    consultations = pd.DataFrame([
        dict(meeting_id="M1", held_on=d(2022, 4, 2), association_id="P1", unit_code="68", subject_kind="draft_law",
             subject="Góp ý dự thảo Luật", comments_submitted=10, comments_accepted=6),
        dict(meeting_id="M2", held_on=d(2023, 9, 9), association_id="D2", unit_code="675",
             subject_kind="local_project", subject="Phản biện dự án", comments_submitted=4, comments_accepted=4),
        dict(meeting_id="M3", held_on=d(2023, 2, 1), association_id="P1", unit_code="68",
             subject_kind="party_policy", subject="Góp ý nghị quyết", comments_submitted=5, comments_accepted=0),
    ])
    legal_aid = pd.DataFrame([
        ("D2", 2022, "mediation", 4, 10, 3), ("D2", 2023, "mediation", 6, 14, 3),
        ("D2", 2023, "legal_consultation", 2, 9, None), ("P1", 2023, "legal_dissemination", 1, 200, None),
        ("C2", 2022, "mediation", 2, 5, 2),
    ], columns=["association_id", "year", "kind", "cases", "people_served", "successful"])
    legal_aid["successful"] = legal_aid["successful"].astype("Int64")
    welfare = pd.DataFrame([
        ("W1", "P1", 2023, "678", "free_medicine", 30, 30, "people", 9_000_000),
        ("W2", "P1", 2023, "675", "medical_exam", 2, 80, "person_times", 1_000_000),
        ("W3", "D1", 2022, "678", "free_medicine", 10, 10, "people", 3_000_000),
        ("W4", "P2", 2023, "678", "heart_surgery", 3, 3, "people", 300_000_000),
        ("W5", "P2", 2022, "672", "cataract_surgery", 20, 20, "people", 100_000_000),
        ("W6", "P2", 2023, "675", "corrective_surgery", 1, 1, "people", 20_000_000),
        ("W7", "C2", 2022, "678", "charity_gift", 5, 5, "households", 2_500_000),
        ("W8", "D2", 2023, "675", "scholarship", 4, 4, "people", 8_000_000),
    ], columns=["record_id", "association_id", "year", "unit_code", "programme_code", "quantity", "beneficiaries",
                "beneficiaries_unit", "value_vnd"])
    return {
        "units": _units(), "programmes": pd.DataFrame(reference_programmes()), "associations": associations,
        "membership": membership, "funding": funding, "consultations": consultations, "legal_aid": legal_aid,
        "welfare": welfare,
    }


@pytest.fixture(scope="module")
def snap(tmp_path_factory, store_root):
    return store.publish(tables(), snapshot_id="pages-b", as_of=d(2023, 12, 31), label="pages b", is_demo=False,
                         root=tmp_path_factory.mktemp("pages_b"))


def rows(df: pd.DataFrame, columns: list[str] | None = None) -> list[tuple]:
    df = df[columns] if columns else df
    return [tuple(None if pd.isna(v) else v for v in r) for r in df.itertuples(index=False)]


# ---- legal aid ---------------------------------------------------------------------------------

def test_legal_aid_kpis_by_year(snap):
    assert rows(run("legal_aid_kpis_by_year", snap)) == [(2022, 6, 15, 6, 5), (2023, 9, 223, 6, 3)]
    assert rows(run("legal_aid_kpis_by_year", snap, Filters(unit_codes=("675",)))) == [
        (2022, 4, 10, 4, 3), (2023, 8, 23, 6, 3),
    ]
    # a filter that leaves no activity still has its years, with zeros (so a change can be computed)
    assert rows(run("legal_aid_kpis_by_year", snap, Filters(type_codes=("journalists",)))) == [
        (2022, 0, 0, 0, 0), (2023, 0, 0, 0, 0),
    ]
    assert rows(run("legal_aid_kpis_by_year", snap, Filters(year_from=2023, year_to=2023))) == [(2023, 9, 223, 6, 3)]


def test_legal_aid_by_type_kind(snap):
    assert rows(run("legal_aid_by_type_kind", snap)) == [
        ("elderly", "mediation", 2, 5, 2),
        ("lawyers", "legal_consultation", 2, 9, None),
        ("lawyers", "mediation", 10, 24, 6),
        ("red_cross", "legal_dissemination", 1, 200, None),
    ]
    assert rows(run("legal_aid_by_type_kind", snap, Filters(year_from=2023))) == [
        ("lawyers", "legal_consultation", 2, 9, None),
        ("lawyers", "mediation", 6, 14, 3),
        ("red_cross", "legal_dissemination", 1, 200, None),
    ]


def test_legal_aid_by_association(snap):
    columns = ["association_id", "cases", "consultation_cases", "legal_aid_cases", "mediation_cases",
               "dissemination_cases", "people_served", "mediation_successful", "mediation_success_pct"]
    assert rows(run("legal_aid_by_association", snap), columns) == [
        ("D2", 12, 2, 0, 10, 0, 33, 6, 60.0),
        ("C2", 2, 0, 0, 2, 0, 5, 2, 100.0),
        ("P1", 1, 0, 0, 0, 1, 200, 0, None),
    ]
    special = run("legal_aid_by_association", snap, Filters(special_only=True, year_to=2022))
    assert rows(special, ["association_id", "name", "type_code", "level", "unit_code", "cases"]) == [
        ("D2", "Hội Luật gia huyện Lạc Dương", "lawyers", "district", "675", 4),
    ]


# ---- welfare -----------------------------------------------------------------------------------

def test_welfare_kpis_by_year(snap):
    assert rows(run("welfare_kpis_by_year", snap)) == [
        (2022, 105_500_000, 0, 20, 0, 10, 0, 0),
        (2023, 338_000_000, 3, 0, 1, 30, 4, 8_000_000),
    ]
    # counted where delivered: the provincial Red Cross and poor-patients rows delivered in Đức Trọng count there
    assert rows(run("welfare_kpis_by_year", snap, Filters(unit_codes=("678",)))) == [
        (2022, 5_500_000, 0, 0, 0, 10, 0, 0),
        (2023, 309_000_000, 3, 0, 0, 30, 0, 0),
    ]
    assert rows(run("welfare_kpis_by_year", snap, Filters(type_codes=("red_cross",), year_from=2023))) == [
        (2023, 10_000_000, 0, 0, 0, 30, 0, 0),
    ]


def test_welfare_flagship_by_year(snap):
    assert rows(run("welfare_flagship_by_year", snap)) == [
        (2022, "cataract_surgery", "people", 20, 20, 100_000_000),
        (2022, "free_medicine", "people", 10, 10, 3_000_000),
        (2023, "corrective_surgery", "people", 1, 1, 20_000_000),
        (2023, "free_medicine", "people", 30, 30, 9_000_000),
        (2023, "heart_surgery", "people", 3, 3, 300_000_000),
        (2023, "scholarship", "people", 4, 4, 8_000_000),
    ]
    assert rows(run("welfare_flagship_by_year", snap, Filters(unit_codes=("672",)))) == [
        (2022, "cataract_surgery", "people", 20, 20, 100_000_000),
    ]


def test_welfare_by_unit_domain(snap):
    assert rows(run("welfare_by_unit_domain", snap)) == [
        ("672", "health", 100_000_000, 1, False, False),
        ("675", "education", 8_000_000, 1, False, False),
        ("675", "health", 21_000_000, 2, False, False),
        ("678", "charity_visits", 2_500_000, 1, False, False),
        ("678", "health", 312_000_000, 3, False, False),
    ]
    assert rows(run("welfare_by_unit_domain", snap, Filters(levels=("district",)))) == [
        ("675", "education", 8_000_000, 1, False, False),
        ("678", "health", 3_000_000, 1, False, False),
    ]


def test_welfare_by_type_programme_keeps_beneficiary_units_apart(snap):
    assert rows(run("welfare_by_type_programme", snap)) == [
        ("elderly", "charity_visits", "charity_gift", "gifts", "households", 5, 5, 2_500_000),
        ("lawyers", "education", "scholarship", "scholarships", "people", 4, 4, 8_000_000),
        ("poor_patients_support", "health", "heart_surgery", "surgeries", "people", 3, 3, 300_000_000),
        ("poor_patients_support", "health", "cataract_surgery", "surgeries", "people", 20, 20, 100_000_000),
        ("poor_patients_support", "health", "corrective_surgery", "surgeries", "people", 1, 1, 20_000_000),
        ("red_cross", "health", "free_medicine", "people", "people", 40, 40, 12_000_000),
        ("red_cross", "health", "medical_exam", "sessions", "person_times", 2, 80, 1_000_000),
    ]


# ---- directory ---------------------------------------------------------------------------------

def test_directory_lists_by_folded_name(snap):
    df = run("directory_associations", snap, search=None)
    assert list(df["association_id"]) == ["P2", "D1", "P1", "C1", "D2", "C2"]
    assert rows(df[df["association_id"] == "P1"], ["members_year", "members", "funding_vnd", "name_key"]) == [
        (2023, 110, 7_200_000, "hoi chu thap do tinh lam dong"),
    ]
    # the members of the period's last year (a stock); an association founded after the period is not listed
    early = run("directory_associations", snap, Filters(year_to=2022), search=None)
    assert rows(early.set_index("association_id").loc[["P1"]].reset_index(), ["association_id", "members"]) == [
        ("P1", 100),
    ]
    assert "C1" not in set(early["association_id"])  # founded in 2023
    assert list(run("directory_associations", snap, Filters(unit_codes=("675",)), search=None)["association_id"]) == [
        "C1", "D2",
    ]


@pytest.mark.parametrize("search, expected", [
    ("chu thap do", ["D1", "P1"]),
    ("Chữ thập đỏ", ["D1", "P1"]),
    ("  CHU   thap  ", ["D1", "P1"]),
    ("ĐỨC TRỌNG", ["D1"]),
    ("do duc", ["D1"]),  # every word must match, in any order
    ("lawyers", ["D2"]),  # the English name
    ("c2", ["C2"]),  # the id
    ("hoi khong co", []),
    ("", ["P2", "D1", "P1", "C1", "D2", "C2"]),
])
def test_directory_search_is_accent_insensitive(snap, search, expected):
    assert list(run("directory_associations", snap, search=search)["association_id"]) == expected


# ---- profile -----------------------------------------------------------------------------------

def test_profile_identity(snap):
    p1 = run("profile_identity", snap, association_id="P1")
    assert rows(p1, ["association_id", "type_name_vi", "unit_name", "parent_id", "founded_on", "licence_ref",
                     "branches"]) == [("P1", "Hội Chữ thập đỏ", "Lâm Đồng", None, pd.Timestamp(1976, 5, 15), "1/QĐ", 1)]
    d1 = run("profile_identity", snap, association_id="D1")
    assert rows(d1, ["parent_id", "parent_name", "unit_name", "branches"]) == [
        ("P1", "Hội Chữ thập đỏ tỉnh Lâm Đồng", "Đức Trọng", 0),
    ]
    assert run("profile_identity", snap, association_id="NOPE").empty


def test_profile_kpis_by_year(snap):
    assert rows(run("profile_kpis_by_year", snap, association_id="P1")) == [
        (2022, 100, 6_000_000, 1, 0, 0),
        (2023, 110, 1_200_000, 1, 1, 10_000_000),
    ]
    assert rows(run("profile_kpis_by_year", snap, association_id="C1")) == [
        (2022, None, 0, 0, 0, 0),
        (2023, 7, 0, 0, 0, 0),
    ]


def test_profile_history(snap):
    assert rows(run("profile_members_by_year", snap, association_id="D1")) == [(2022, 50, 5), (2023, 40, 2)]
    assert rows(run("profile_members_by_year", snap, Filters(year_from=2023), association_id="D1")) == [(2023, 40, 2)]
    assert rows(run("profile_funding_by_year_source", snap, association_id="P1")) == [
        (2022, "social_mobilisation", 5_000_000),
        (2022, "state_budget", 1_000_000),
        (2023, "state_budget", 1_200_000),
    ]
    assert rows(run("profile_meetings", snap, association_id="P1"),
                ["meeting_id", "subject_kind", "comments_submitted", "comments_accepted", "acceptance_pct"]) == [
        ("M3", "party_policy", 5, 0, 0.0),
        ("M1", "draft_law", 10, 6, 60.0),
    ]
    assert rows(run("profile_legal_aid_by_year_kind", snap, association_id="D2")) == [
        (2022, "mediation", 4, 10, 3),
        (2023, "legal_consultation", 2, 9, None),
        (2023, "mediation", 6, 14, 3),
    ]
    assert rows(run("profile_welfare_by_programme", snap, association_id="P1")) == [
        ("health", "free_medicine", "people", "people", 30, 30, 9_000_000, 1),
        ("health", "medical_exam", "sessions", "person_times", 2, 80, 1_000_000, 1),
    ]


def test_profile_queries_ignore_the_sidebar_unit_filter(snap):
    """A profile shows the association whatever units are chosen (only the period applies)."""
    far_away = Filters(unit_codes=("672",), type_codes=("journalists",))
    assert rows(run("profile_members_by_year", snap, far_away, association_id="D1")) == [(2022, 50, 5), (2023, 40, 2)]
