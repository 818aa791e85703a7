"""Each foundation query on a few hand-made rows, with the expected rows written here; and the
meta-tests: every query runs on the demo snapshot, states its grain, binds its filters, is used."""

import re

import pandas as pd
import pytest

from massorg import config
from massorg.data.queries import Filters, QueryError, grain, query_names, run, sql_text
from tests.factories import publish_tiny


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, store_root):
    return publish_tiny(tmp_path_factory.mktemp("tiny"))


def rows(df: pd.DataFrame) -> list[tuple]:
    return [tuple(None if pd.isna(v) else v for v in r) for r in df.itertuples(index=False)]


def test_funding_by_year_source(tiny):
    assert rows(run("funding_by_year_source", tiny)) == [
        (2022, "social_mobilisation", 5_000_000),
        (2022, "state_budget", 1_000_000),
        (2023, "member_fees", 70_000),
        (2023, "social_mobilisation", 300_000),
        (2023, "state_budget", 1_200_000),
    ]
    assert rows(run("funding_by_year_source", tiny, Filters(unit_codes=("678",)))) == [
        (2023, "social_mobilisation", 300_000)
    ]
    assert rows(run("funding_by_year_source", tiny, Filters(levels=("province",), year_from=2023))) == [
        (2023, "state_budget", 1_200_000)
    ]
    assert rows(run("funding_by_year_source", tiny, Filters(source_codes=("state_budget", "member_fees")))) == [
        (2022, "state_budget", 1_000_000), (2023, "member_fees", 70_000), (2023, "state_budget", 1_200_000)
    ]
    special = run("funding_by_year_source", tiny, Filters(special_only=True))
    assert "member_fees" not in set(special.source)  # only the commune gardening association paid fees


def test_members_by_year_is_a_stock_per_year(tiny):
    assert rows(run("members_by_year", tiny)) == [(2022, 150, 15, 2), (2023, 157, 21, 3)]
    assert rows(run("members_by_year", tiny, Filters(type_codes=("education_promotion",)))) == [
        (2022, 50, 5, 1), (2023, 40, 2, 1)
    ]


def test_meetings_by_year(tiny):
    assert rows(run("meetings_by_year", tiny)) == [(2022, "draft_law", 1, 10, 6), (2023, "local_project", 1, 4, 4)]
    assert rows(run("meetings_by_year", tiny, Filters(year_from=2023, year_to=2023))) == [
        (2023, "local_project", 1, 4, 4)
    ]


def test_legal_aid_by_year_kind(tiny):
    assert rows(run("legal_aid_by_year_kind", tiny)) == [
        (2023, "legal_consultation", 2, 9, None),
        (2023, "mediation", 5, 12, 3),
    ]


def test_welfare_by_programme_counts_where_delivered(tiny):
    df = run("welfare_by_programme", tiny)
    assert rows(df[["programme_code", "beneficiaries_unit", "quantity", "beneficiaries", "value_vnd"]]) == [
        ("free_medicine", "people", 30, 30, 9_000_000),
        ("scholarship", "people", 4, 4, 8_000_000),
        ("medical_exam", "person_times", 2, 80, 1_000_000),
    ]
    # the provincial Red Cross examined people in Lạc Dương (675): the unit filter follows the delivery
    in_675 = run("welfare_by_programme", tiny, Filters(unit_codes=("675",)))
    assert list(in_675.programme_code) == ["medical_exam"]


def test_associations_by_level_type_at_the_period_end(tiny):
    df = run("associations_by_level_type", tiny, Filters(year_to=2022))
    assert rows(df[["level", "type_code", "associations", "special_nature", "party_state_task"]]) == [
        ("district", "education_promotion", 1, 1, 0),
        ("province", "red_cross", 1, 1, 1),
    ]
    assert run("associations_by_level_type", tiny)["associations"].sum() == 3  # default: the last year, 2023


def test_overview_kpis(tiny):
    df = run("overview_kpis", tiny)
    assert rows(df) == [
        (2022, 2, 150, 1_000_000, 5_000_000, 6_000_000, 1, 10, 6, 0, 0, 8_000_000),
        (2023, 3, 157, 1_200_000, 300_000, 1_570_000, 1, 4, 4, 7, 21, 10_000_000),
    ]


def test_snapshot_years(tiny):
    assert list(run("snapshot_years", tiny)["year"]) == [2022, 2023]


def test_results_are_copies(tiny):
    df = run("members_by_year", tiny)
    df["members"] = 0
    assert run("members_by_year", tiny)["members"].sum() == 307


def test_unknown_query_is_refused(tiny):
    with pytest.raises(QueryError):
        run("../secrets", tiny)
    with pytest.raises(QueryError):
        run("no_such_query", tiny)


def test_every_query_runs_on_the_demo(demo_snapshot):
    narrow = Filters(year_from=2020, year_to=2021, unit_codes=("678", "682"), levels=("district", "commune"),
                     type_codes=("red_cross", "elderly"), special_only=True)
    extra = {"association_id": "T001", "lang": "vi", "search": "chu thap do", "as_of": demo_snapshot.as_of}
    for name in query_names():
        wanted = set(re.findall(r"\$([a-z_]+)", sql_text(name)))
        kwargs = {k: v for k, v in extra.items() if k in wanted}
        for filters in (None, narrow):
            df = run(name, demo_snapshot, filters, **kwargs)
            assert isinstance(df, pd.DataFrame), name


def test_every_query_states_its_grain_and_binds_its_values():
    for name in query_names():
        assert grain(name).startswith("one row"), f"{name}: first line must state the grain"
        sql = sql_text(name)
        assert "{" not in sql and "%s" not in sql, f"{name}: values are bound, never formatted in"


def test_every_query_is_used():
    sources = [p.read_text(encoding="utf-8") for p in
               list((config.ROOT / "pages").glob("*.py")) + list((config.ROOT / "massorg").rglob("*.py"))]
    text = "\n".join(sources)
    orphans = [n for n in query_names() if f'"{n}"' not in text and f"'{n}'" not in text]
    assert orphans == [], f"queries nothing uses: {orphans}"


def test_many_sessions_can_query_at_once(demo_snapshot):
    """Several Streamlit sessions run queries on one snapshot at the same time: a cursor per call."""
    from concurrent.futures import ThreadPoolExecutor

    from massorg.data import queries

    queries.clear_caches()
    cases = [Filters(year_from=y, year_to=y) for y in range(2014, 2025)] * 3
    expected = [int(run("members_by_year", demo_snapshot, f)["members"].sum()) for f in cases]
    queries.clear_caches()  # so the threads really hit DuckDB, not the result cache
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda f: int(run("members_by_year", demo_snapshot, f)["members"].sum()), cases))
    assert got == expected


def test_overview_counts_welfare_where_delivered_like_the_welfare_page(tiny):
    """The provincial Red Cross's examinations in Lạc Dương (675) count for Lạc Dương on every page."""
    kpis = run("overview_kpis", tiny, Filters(unit_codes=("675",)))
    assert int(kpis.welfare_value_vnd.sum()) == 1_000_000
    by_programme = run("welfare_by_programme", tiny, Filters(unit_codes=("675",)))
    assert int(by_programme.value_vnd.sum()) == int(kpis.welfare_value_vnd.sum())


def test_by_unit_results_follow_the_boundaries_after_the_merger(tmp_path):
    """With merged=True, the old Đạ Huoai (681) and Cát Tiên (683) count for the merged district under
    its official code 682 (Đạ Tẻh's code), named by its later name, Đạ Huoai."""
    from tests.factories import tiny_tables

    tables = tiny_tables()
    a = tables["associations"]
    a.loc[a.association_id == "D1", "unit_code"] = "681"
    tables["welfare"].loc[tables["welfare"].record_id == "W1", "unit_code"] = "683"
    snap = publish_tiny(tmp_path, tables, snapshot_id="merged")
    old = run("funding_by_unit", snap, Filters(merged=False))
    new = run("funding_by_unit", snap, Filters(merged=True))
    assert sorted(set(old.unit_code)) == ["675", "68", "681"]
    assert rows(old[old.unit_code == "681"][["unit_name", "successor_code"]].drop_duplicates()) == [("Đạ Huoai", "682")]
    assert sorted(set(new.unit_code)) == ["675", "68", "682"]
    assert rows(new[new.unit_code == "682"][["unit_name", "unit_name_en", "source", "amount_vnd"]]) == [
        ("Đạ Huoai", "Da Huoai", "social_mobilisation", 300_000)
    ]
    members = run("members_by_unit", snap, Filters(merged=True))
    assert rows(members[members.unit_code == "682"][["unit_name", "members_start", "members_end"]]) == [
        ("Đạ Huoai", 50, 40)
    ]
    welfare = run("welfare_by_unit_domain", snap, Filters(merged=True))
    assert rows(welfare[welfare.unit_code == "682"][["domain", "value_vnd", "shows_later_name"]]) == [
        ("health", 9_000_000, True)
    ]
    assert "683" in set(run("welfare_by_unit_domain", snap, Filters(merged=False)).unit_code)


def test_a_merged_away_unit_chosen_alone_keeps_its_own_name(tmp_path):
    """Only the whole merged unit is shown under the successor's name: a unit that merged into another,
    chosen alone with the boundaries after the merger, is shown as itself (issue 13, item 1)."""
    from massorg.labels import district_unit_codes, merged_into, unit_name
    from massorg.ui.figures.membership import unit_label
    from tests.factories import tiny_tables

    part = next(code for code in district_unit_codes() if merged_into(code))
    whole = merged_into(part)
    tables = tiny_tables()
    a = tables["associations"]
    a.loc[a.association_id == "D1", "unit_code"] = part
    tables["welfare"].loc[tables["welfare"].record_id == "W1", "unit_code"] = part
    snap = publish_tiny(tmp_path, tables, snapshot_id="part")
    alone = Filters(unit_codes=(part,), merged=True)
    for query in ("funding_by_unit", "members_by_unit", "welfare_by_unit_domain"):
        assert set(run(query, snap, alone).unit_code) == {part}, query
        assert whole in set(run(query, snap, Filters(unit_codes=(whole, part), merged=True)).unit_code), query
    row = run("members_by_unit", snap, alone).iloc[0].to_dict()
    expected = f"{unit_name(part, 'vi')} (nay thuộc {unit_name(whole, 'vi', later=True)}, mã {whole})"
    assert unit_label(row, "vi") == expected
