"""The queries of the funding, membership and consultation pages on a few hand-made rows, with the
expected rows written here (worked out by hand from the rows below, not copied from a run)."""

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


def _association(aid, name, type_code, field, level, unit, *, special=True, founded=FOUNDED,
                 dissolved=None, name_en=None) -> dict:
    return dict(association_id=aid, name=name, name_en=name_en, type_code=type_code, field=field, level=level,
                unit_code=unit, parent_id=None, special_nature=special, party_state_task=False, founded_on=founded,
                dissolved_on=dissolved, licence_ref=None)


def tables() -> dict[str, pd.DataFrame]:
    """Six associations: two provincial, two district-level (Đức Trọng, Lạc Dương), two communes (one in
    Lạc Dương founded in 2023, one in Đạ Tẻh dissolved in mid-2023); years 2022–2023."""
    associations = pd.DataFrame([
        _association("P1", "Hội Chữ thập đỏ tỉnh Lâm Đồng", "red_cross", "humanitarian", "province", "68",
                     founded=d(1976, 5, 15)),
        _association("P2", "Hội Bảo trợ bệnh nhân nghèo, người tàn tật, trẻ mồ côi tỉnh Lâm Đồng",
                     "poor_patients_support", "humanitarian", "province", "68", founded=d(2011, 7, 28)),
        _association("D1", "Hội Chữ thập đỏ huyện Đức Trọng", "red_cross", "humanitarian", "district", "678"),
        _association("D2", "Hội Luật gia huyện Lạc Dương", "lawyers", "professional", "district", "675",
                     name_en="Lawyers' Association, Lac Duong"),
        _association("C1", "Hội Làm vườn xã Đạ Sar", "gardening", "economic", "commune", "675", special=False,
                     founded=d(2023, 3, 1)),
        _association("C2", "Hội Người cao tuổi xã Quảng Trị", "elderly", "social", "commune", "682", special=False,
                     founded=d(2010, 1, 1), dissolved=d(2023, 6, 30)),
    ])
    membership = pd.DataFrame([
        ("P1", 2022, 100, 10), ("P1", 2023, 110, 12), ("P2", 2022, 20, 2), ("P2", 2023, 25, 5),
        ("D1", 2022, 50, 5), ("D1", 2023, 40, 2), ("D2", 2022, 30, 3), ("D2", 2023, 33, 4),
        ("C1", 2023, 7, 7), ("C2", 2022, 12, 0),
    ], columns=["association_id", "year", "members", "new_members"])
    funding = pd.DataFrame([
        ("P1", 2022, "state_budget", 1_000_000), ("P1", 2022, "social_mobilisation", 5_000_000),
        ("P1", 2023, "state_budget", 1_200_000), ("P1", 2023, "social_mobilisation", 4_800_000),
        ("P2", 2023, "foreign_aid", 2_000_000), ("D1", 2023, "social_mobilisation", 300_000),
        ("D2", 2022, "member_fees", 60_000), ("D2", 2023, "member_fees", 70_000),
        ("C2", 2022, "state_budget", 40_000),
    ], columns=["association_id", "year", "source", "amount_vnd"])
    consultations = pd.DataFrame([
        dict(meeting_id="M1", held_on=d(2022, 4, 2), association_id="P1", unit_code="68", subject_kind="draft_law",
             subject="Góp ý dự thảo Luật", comments_submitted=10, comments_accepted=6),
        dict(meeting_id="M2", held_on=d(2023, 9, 9), association_id="D2", unit_code="675",
             subject_kind="local_project", subject="Phản biện dự án", comments_submitted=4, comments_accepted=4),
        dict(meeting_id="M3", held_on=d(2023, 2, 1), association_id="P1", unit_code="68",
             subject_kind="party_policy", subject="Góp ý nghị quyết", comments_submitted=5, comments_accepted=0),
        dict(meeting_id="M4", held_on=d(2022, 11, 20), association_id="C2", unit_code="682",
             subject_kind="plan_programme", subject="Tư vấn kế hoạch", comments_submitted=0, comments_accepted=0),
    ])
    legal_aid = pd.DataFrame([("D2", 2023, "mediation", 2, 5, 1)],
                             columns=["association_id", "year", "kind", "cases", "people_served", "successful"])
    welfare = pd.DataFrame([("W1", "P1", 2023, "678", "free_medicine", 30, 30, "people", 9_000_000)],
                           columns=["record_id", "association_id", "year", "unit_code", "programme_code", "quantity",
                                    "beneficiaries", "beneficiaries_unit", "value_vnd"])
    return {
        "units": _units(), "programmes": pd.DataFrame(reference_programmes()), "associations": associations,
        "membership": membership, "funding": funding, "consultations": consultations, "legal_aid": legal_aid,
        "welfare": welfare,
    }


@pytest.fixture(scope="module")
def snap(tmp_path_factory, store_root):
    return store.publish(tables(), snapshot_id="pages-a", as_of=d(2023, 12, 31), label="pages a", is_demo=False,
                         root=tmp_path_factory.mktemp("pages_a"))


def rows(df: pd.DataFrame, columns: list[str] | None = None) -> list[tuple]:
    df = df[columns] if columns else df
    return [tuple(None if pd.isna(v) else v for v in r) for r in df.itertuples(index=False)]


# ---- funding -----------------------------------------------------------------------------------

FUNDING_COLUMNS = ["year", "state_budget_vnd", "foreign_aid_vnd", "social_mobilisation_vnd", "member_fees_vnd",
                   "other_vnd", "total_funding_vnd", "members"]


def test_funding_by_year(snap):
    df = run("funding_by_year", snap)
    assert rows(df, FUNDING_COLUMNS) == [
        (2022, 1_040_000, 0, 5_000_000, 60_000, 0, 6_100_000, 212),
        (2023, 1_200_000, 2_000_000, 5_100_000, 70_000, 0, 8_370_000, 215),
    ]
    assert df["state_share_pct"].tolist() == pytest.approx([1_040_000 / 6_100_000 * 100, 1_200_000 / 8_370_000 * 100])
    assert df["funding_per_member_vnd"].tolist() == pytest.approx([6_100_000 / 212, 8_370_000 / 215])
    assert df["mobilised_per_state_budget"].tolist() == pytest.approx([5_000_000 / 1_040_000, 4.25])


def test_funding_by_year_filtered(snap):
    # Lạc Dương: only member fees, so no state share to divide by
    assert rows(run("funding_by_year", snap, Filters(unit_codes=("675",)))) == [
        (2022, 0, 0, 0, 60_000, 0, 60_000, 60_000, 30, 0.0, 2_000.0, None),
        (2023, 0, 0, 0, 70_000, 0, 70_000, 70_000, 40, 0.0, 1_750.0, None),
    ]
    # members without any funding still give their year (the page's per-member card reads 0)
    assert rows(run("funding_by_year", snap, Filters(type_codes=("gardening",)))) == [
        (2023, 0, 0, 0, 0, 0, 0, 0, 7, None, 0.0, None),
    ]
    assert rows(run("funding_by_year", snap, Filters(year_from=2023, special_only=True)), FUNDING_COLUMNS) == [
        (2023, 1_200_000, 2_000_000, 5_100_000, 70_000, 0, 8_370_000, 208),
    ]


def test_funding_by_year_of_one_source_keeps_all_funding_for_the_state_share(snap):
    # ?source=state_budget: only that money, but the state budget's share is of all the year's funding
    df = run("funding_by_year", snap, Filters(source_codes=("state_budget",)))
    assert rows(df, [*FUNDING_COLUMNS, "all_funding_vnd"]) == [
        (2022, 1_040_000, 0, 0, 0, 0, 1_040_000, 212, 6_100_000),
        (2023, 1_200_000, 0, 0, 0, 0, 1_200_000, 215, 8_370_000),
    ]
    assert df["state_share_pct"].tolist() == pytest.approx([1_040_000 / 6_100_000 * 100, 1_200_000 / 8_370_000 * 100])
    assert df["funding_per_member_vnd"].tolist() == pytest.approx([1_040_000 / 212, 1_200_000 / 215])
    assert df["mobilised_per_state_budget"].tolist() == [0.0, 0.0]
    fees = run("funding_by_year", snap, Filters(source_codes=("member_fees", "foreign_aid"), year_from=2023))
    assert rows(fees, [*FUNDING_COLUMNS, "all_funding_vnd"]) == [(2023, 0, 2_000_000, 0, 70_000, 0, 2_070_000, 215,
                                                                  8_370_000)]
    assert fees["state_share_pct"].tolist() == [0.0] and fees["mobilised_per_state_budget"].isna().all()


def test_funding_share_by_year_source(snap):
    df = run("funding_share_by_year_source", snap)
    assert rows(df, ["year", "source", "amount_vnd"]) == [
        (2022, "member_fees", 60_000), (2022, "social_mobilisation", 5_000_000), (2022, "state_budget", 1_040_000),
        (2023, "foreign_aid", 2_000_000), (2023, "member_fees", 70_000), (2023, "social_mobilisation", 5_100_000),
        (2023, "state_budget", 1_200_000),
    ]
    assert df["share_pct"].tolist() == pytest.approx([
        60_000 / 61_000, 5_000_000 / 61_000, 1_040_000 / 61_000,
        2_000_000 / 83_700, 70_000 / 83_700, 5_100_000 / 83_700, 1_200_000 / 83_700,
    ])
    assert rows(run("funding_share_by_year_source", snap, Filters(levels=("district",), year_to=2022))) == [
        (2022, "member_fees", 60_000, 100.0),
    ]
    # one source: its rows only, each still a share of all the year's funding (not 100%)
    state = run("funding_share_by_year_source", snap, Filters(source_codes=("state_budget",)))
    assert rows(state, ["year", "source", "amount_vnd"]) == [(2022, "state_budget", 1_040_000),
                                                            (2023, "state_budget", 1_200_000)]
    assert state["share_pct"].tolist() == pytest.approx([1_040_000 / 61_000, 1_200_000 / 83_700])


def test_funding_by_type(snap):
    assert rows(run("funding_by_type", snap), ["type_code", "source", "amount_vnd"]) == [
        ("elderly", "state_budget", 40_000),
        ("lawyers", "member_fees", 130_000),
        ("poor_patients_support", "foreign_aid", 2_000_000),
        ("red_cross", "social_mobilisation", 10_100_000),
        ("red_cross", "state_budget", 2_200_000),
    ]
    assert rows(run("funding_by_type", snap, Filters(year_from=2023)), ["type_code", "type_name_vi", "source",
                                                                         "amount_vnd"]) == [
        ("lawyers", "Hội Luật gia", "member_fees", 70_000),
        ("poor_patients_support", "Hội Bảo trợ bệnh nhân nghèo, người tàn tật, trẻ mồ côi", "foreign_aid", 2_000_000),
        ("red_cross", "Hội Chữ thập đỏ", "social_mobilisation", 5_100_000),
        ("red_cross", "Hội Chữ thập đỏ", "state_budget", 1_200_000),
    ]
    assert rows(run("funding_by_type", snap, Filters(source_codes=("state_budget",))), ["type_code", "source",
                                                                                       "amount_vnd"]) == [
        ("elderly", "state_budget", 40_000), ("red_cross", "state_budget", 2_200_000),
    ]


def test_funding_by_unit(snap):
    assert rows(run("funding_by_unit", snap)) == [
        ("675", "Lạc Dương", "Lac Duong", "district", None, "member_fees", 130_000, False),
        ("678", "Đức Trọng", "Duc Trong", "district", None, "social_mobilisation", 300_000, False),
        ("68", "Lâm Đồng", "Lam Dong province", "province", None, "foreign_aid", 2_000_000, False),
        ("68", "Lâm Đồng", "Lam Dong province", "province", None, "social_mobilisation", 9_800_000, False),
        ("68", "Lâm Đồng", "Lam Dong province", "province", None, "state_budget", 2_200_000, False),
        ("682", "Đạ Tẻh", "Da Teh", "district", None, "state_budget", 40_000, False),
    ]
    # Đạ Huoai with its merged districts (as the sidebar expands it) keeps Đạ Tẻh's history
    assert rows(run("funding_by_unit", snap, Filters(unit_codes=("681", "682", "683"))),
                ["unit_code", "source", "amount_vnd"]) == [("682", "state_budget", 40_000)]
    assert rows(run("funding_by_unit", snap, Filters(source_codes=("social_mobilisation", "member_fees"))),
                ["unit_code", "source", "amount_vnd"]) == [
        ("675", "member_fees", 130_000), ("678", "social_mobilisation", 300_000),
        ("68", "social_mobilisation", 9_800_000),
    ]


# ---- membership --------------------------------------------------------------------------------

def test_members_by_type(snap):
    columns = ["type_code", "start_year", "end_year", "members_start", "members_end"]
    assert rows(run("members_by_type", snap), columns) == [
        ("red_cross", 2022, 2023, 150, 150),
        ("lawyers", 2022, 2023, 30, 33),
        ("poor_patients_support", 2022, 2023, 20, 25),
        ("gardening", 2022, 2023, 0, 7),
        ("elderly", 2022, 2023, 12, 0),
    ]
    # one year: start and end are the same year end; a type with no members that year has no row
    assert rows(run("members_by_type", snap, Filters(year_from=2023, year_to=2023)), columns) == [
        ("red_cross", 2023, 2023, 150, 150),
        ("lawyers", 2023, 2023, 33, 33),
        ("poor_patients_support", 2023, 2023, 25, 25),
        ("gardening", 2023, 2023, 7, 7),
    ]


def test_members_by_unit(snap):
    columns = ["unit_code", "successor_code", "start_year", "end_year", "associations_end", "members_start",
               "members_end", "members_change"]
    df = run("members_by_unit", snap, Filters(year_from=2022, year_to=2023))
    assert rows(df, columns) == [
        ("68", None, 2022, 2023, 2, 120, 135, 15),
        ("675", None, 2022, 2023, 2, 30, 40, 10),
        ("678", None, 2022, 2023, 1, 50, 40, -10),
        ("682", None, 2022, 2023, 0, 12, 0, -12),  # dissolved in June 2023: no association at the end
    ]
    assert df["members_change_pct"].tolist() == pytest.approx([12.5, 100 / 3, -20.0, -100.0])
    communes = run("members_by_unit", snap, Filters(levels=("commune",), year_from=2022, year_to=2023))
    assert rows(communes, columns + ["members_change_pct"]) == [
        ("675", None, 2022, 2023, 1, 0, 7, 7, None),  # nothing to compare with: no percentage
        ("682", None, 2022, 2023, 0, 12, 0, -12, -100.0),
    ]


def test_associations_by_founding_year(snap):
    # active at the end of 2023: the Đạ Tẻh commune association (dissolved June 2023) is gone
    assert rows(run("associations_by_founding_year", snap)) == [(1976, 1, 1), (2000, 2, 2), (2011, 1, 1), (2023, 1, 0)]
    # at the end of 2022: it is still there, and the one founded in 2023 is not yet
    assert rows(run("associations_by_founding_year", snap, Filters(year_to=2022))) == [
        (1976, 1, 1), (2000, 2, 2), (2010, 1, 0), (2011, 1, 1),
    ]


# ---- consultation ------------------------------------------------------------------------------

def test_consultation_by_year(snap):
    df = run("consultation_by_year", snap)
    assert rows(df, ["year", "meetings", "comments_submitted", "comments_accepted"]) == [
        (2022, 2, 10, 6), (2023, 2, 9, 4),
    ]
    assert df["acceptance_pct"].tolist() == pytest.approx([60.0, 400 / 9])
    # a meeting with no comments has no acceptance rate (not 0%)
    assert rows(run("consultation_by_year", snap, Filters(type_codes=("elderly",)))) == [(2022, 1, 0, 0, None)]


def test_consultation_by_association(snap):
    columns = ["association_id", "association_name", "level", "unit_code", "meetings", "comments_submitted",
               "comments_accepted", "acceptance_pct"]
    assert rows(run("consultation_by_association", snap), columns) == [
        ("P1", "Hội Chữ thập đỏ tỉnh Lâm Đồng", "province", "68", 2, 15, 6, 40.0),
        ("D2", "Hội Luật gia huyện Lạc Dương", "district", "675", 1, 4, 4, 100.0),
        ("C2", "Hội Người cao tuổi xã Quảng Trị", "commune", "682", 1, 0, 0, None),
    ]
    assert rows(run("consultation_by_association", snap, Filters(year_from=2023)),
                ["association_id", "association_name_en", "meetings", "comments_submitted"]) == [
        ("P1", None, 1, 5), ("D2", "Lawyers' Association, Lac Duong", 1, 4),
    ]


def test_meetings_list(snap):
    columns = ["meeting_id", "subject_kind", "association_id", "unit_code", "unit_name", "comments_submitted",
               "comments_accepted", "acceptance_pct"]
    df = run("meetings_list", snap)
    assert rows(df, columns) == [
        ("M2", "local_project", "D2", "675", "Lạc Dương", 4, 4, 100.0),
        ("M3", "party_policy", "P1", "68", "Lâm Đồng", 5, 0, 0.0),
        ("M4", "plan_programme", "C2", "682", "Đạ Tẻh", 0, 0, None),
        ("M1", "draft_law", "P1", "68", "Lâm Đồng", 10, 6, 60.0),
    ]
    assert [pd.Timestamp(v).date() for v in df["held_on"]] == [d(2023, 9, 9), d(2023, 2, 1), d(2022, 11, 20),
                                                                 d(2022, 4, 2)]
    assert run("meetings_list", snap, Filters(special_only=True))["meeting_id"].tolist() == ["M2", "M3", "M1"]
    assert run("meetings_list", snap, Filters(unit_codes=("675",), year_to=2022)).empty
