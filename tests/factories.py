"""Hand-made tables for tests: a complete, valid snapshot of a few rows that tests can change."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from massorg.data import demo


def tiny_tables() -> dict[str, pd.DataFrame]:
    """Three associations in two districts, 2022–2023, with one row of every kind of fact."""
    g = demo._Generator(1)
    d = dt.date
    associations = pd.DataFrame([
        dict(association_id="P1", name="Hội Chữ thập đỏ tỉnh Lâm Đồng", name_en="Red Cross", type_code="red_cross",
             field="humanitarian", level="province", unit_code="68", parent_id=None, special_nature=True,
             party_state_task=True, founded_on=d(1976, 5, 15), dissolved_on=None, licence_ref="1/QĐ"),
        dict(association_id="D1", name="Hội Khuyến học huyện Đức Trọng", name_en=None, type_code="education_promotion",
             field="education", level="district", unit_code="678", parent_id=None, special_nature=True,
             party_state_task=False, founded_on=d(2000, 1, 1), dissolved_on=None, licence_ref=None),
        dict(association_id="C1", name="Hội Làm vườn xã Đạ Sar", name_en=None, type_code="gardening",
             field="economic", level="commune", unit_code="675", parent_id=None, special_nature=False,
             party_state_task=False, founded_on=d(2023, 3, 1), dissolved_on=None, licence_ref=None),
    ])
    membership = pd.DataFrame([
        ("P1", 2022, 100, 10), ("P1", 2023, 110, 12), ("D1", 2022, 50, 5), ("D1", 2023, 40, 2), ("C1", 2023, 7, 7),
    ], columns=["association_id", "year", "members", "new_members"])
    funding = pd.DataFrame([
        ("P1", 2022, "state_budget", 1_000_000), ("P1", 2022, "social_mobilisation", 5_000_000),
        ("P1", 2023, "state_budget", 1_200_000), ("D1", 2023, "social_mobilisation", 300_000),
        ("C1", 2023, "member_fees", 70_000),
    ], columns=["association_id", "year", "source", "amount_vnd"])
    consultations = pd.DataFrame([
        dict(meeting_id="M1", held_on=d(2022, 4, 2), association_id="P1", unit_code="68", subject_kind="draft_law",
             subject="Góp ý dự thảo Luật", comments_submitted=10, comments_accepted=6),
        dict(meeting_id="M2", held_on=d(2023, 9, 9), association_id="D1", unit_code="678",
             subject_kind="local_project", subject="Phản biện dự án", comments_submitted=4, comments_accepted=4),
    ])
    legal_aid = pd.DataFrame([
        ("P1", 2023, "mediation", 5, 12, 3), ("D1", 2023, "legal_consultation", 2, 9, None),
    ], columns=["association_id", "year", "kind", "cases", "people_served", "successful"])
    legal_aid["successful"] = legal_aid["successful"].astype("Int64")
    welfare = pd.DataFrame([
        ("W1", "P1", 2023, "678", "free_medicine", 30, 30, "people", 9_000_000),
        ("W2", "P1", 2023, "675", "medical_exam", 2, 80, "person_times", 1_000_000),
        ("W3", "D1", 2022, "678", "scholarship", 4, 4, "people", 8_000_000),
    ], columns=["record_id", "association_id", "year", "unit_code", "programme_code", "quantity", "beneficiaries",
                "beneficiaries_unit", "value_vnd"])
    return {
        "units": g.units_table(),
        "programmes": g.programmes_table(),
        "associations": associations,
        "membership": membership,
        "funding": funding,
        "consultations": consultations,
        "legal_aid": legal_aid,
        "welfare": welfare,
    }


def publish_tiny(root, tables: dict[str, pd.DataFrame] | None = None, snapshot_id: str = "tiny"):
    """Publish tables (default: tiny_tables()) as a snapshot in `root` and return it."""
    from massorg.data import store

    return store.publish(tables or tiny_tables(), snapshot_id=snapshot_id, as_of=dt.date(2023, 12, 31),
                         label="tiny", is_demo=False, root=root)
