"""The indicator feed: its columns, its figures on hand-made rows and on the demo (equal to independent
sums of the snapshot's tables), a CSV/JSON round trip, written on every publish, and `massorg feed ID`."""

from __future__ import annotations

import datetime as dt
import io
import json

import pandas as pd
import pytest

from massorg.__main__ import main
from massorg.data import store
from massorg.export.feed import COLUMNS, feed_frame, feeds_dir, write_feed
from massorg.ingest.importer import import_files
from tests.factories import publish_tiny, tiny_tables
from tests.test_ingest_samples import report_workbook

EXPECTED_COLUMNS = [
    "indicator_code", "indicator_kind", "unit_of_measure",
    "area_code", "area_name", "area_kind", "area_valid_from", "area_valid_to", "area_successor_code",
    "period", "period_start", "period_end", "value", "as_of", "snapshot_id", "is_demo",
]


@pytest.fixture
def tiny(tmp_path, store_root):
    return publish_tiny(tmp_path / "store")


def _value(frame: pd.DataFrame, code: str, area: str, period: str) -> int:
    row = frame[(frame["indicator_code"] == code) & (frame["area_code"] == area) & (frame["period"] == period)]
    assert len(row) == 1, (code, area, period)
    return int(row["value"].iloc[0])


def test_columns_are_the_documented_ones():
    assert list(COLUMNS) == EXPECTED_COLUMNS


def test_the_figures_of_hand_made_rows(tiny):
    frame = feed_frame(tiny)
    # three associations: P1 (province, unit 68), D1 (Đức Trọng 678), C1 (Lạc Dương 675, founded 2023)
    assert _value(frame, "associations", "68", "2022") == 2
    assert _value(frame, "associations", "68", "2023") == 3
    assert _value(frame, "members", "68", "2023") == 110 + 40 + 7  # a stock: the year's own count
    assert _value(frame, "members", "678", "2023") == 40
    assert _value(frame, "members", "675", "2022") == 0
    assert _value(frame, "state_budget_vnd", "68", "2023") == 1_200_000
    assert _value(frame, "total_funding_vnd", "68", "2023") == 1_200_000 + 300_000 + 70_000
    assert _value(frame, "meetings", "678", "2023") == 1
    assert _value(frame, "comments_accepted", "68", "2022") == 6
    assert _value(frame, "legal_aid_person_times", "68", "2023") == 12 + 9
    # welfare counts where it was delivered: P1's medicine in Đức Trọng is Đức Trọng's
    assert _value(frame, "welfare_value_vnd", "678", "2023") == 9_000_000
    assert _value(frame, "welfare_value_vnd", "675", "2023") == 1_000_000
    assert _value(frame, "welfare_value_vnd", "68", "2022") == 8_000_000
    # 682 is Đạ Tẻh until 30/11/2024 and the merged Đạ Huoai after it; districts end on 30/6/2025
    row = frame[(frame["area_code"] == "682") & (frame["indicator_code"] == "members")].iloc[0]
    assert (row["area_name"], row["area_kind"], row["area_valid_to"]) == ("Đạ Tẻh", "district", "2025-06-30")
    assert not isinstance(row["area_successor_code"], str)
    assert (row["as_of"], row["snapshot_id"], bool(row["is_demo"])) == ("2023-12-31", "tiny", False)
    assert (row["period_start"], row["period_end"]) == ("2022-01-01", "2022-12-31")
    assert set(frame["unit_of_measure"]) == {"association", "person", "VND", "meeting", "comment", "case",
                                             "person_time"}


def test_csv_and_json_round_trip(tiny, tmp_path):
    csv_path, json_path = write_feed(tiny, tmp_path / "out")
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel shows the Vietnamese names
    from_csv = pd.read_csv(io.BytesIO(csv_path.read_bytes()), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    document = json.loads(json_path.read_text(encoding="utf-8"))
    assert (document["snapshot_id"], document["as_of"], document["is_demo"]) == ("tiny", "2023-12-31", False)
    assert document["columns"] == EXPECTED_COLUMNS == list(from_csv.columns)
    assert len(document["rows"]) == len(from_csv) == len(feed_frame(tiny))
    for csv_row, json_row in zip(from_csv.to_dict("records"), document["rows"]):
        assert int(csv_row["value"]) == json_row["value"]
        assert csv_row["area_name"] == json_row["area_name"]
        assert (csv_row["is_demo"] == "true") is json_row["is_demo"]
        assert (csv_row["area_valid_to"] or None) == json_row["area_valid_to"]
    assert "Đà Lạt" in set(from_csv["area_name"])


def test_every_demo_publish_writes_the_feed_with_the_dashboards_figures(demo_snapshot):
    path = feeds_dir(demo_snapshot) / demo_snapshot.id / "indicators.csv"
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype={"area_code": str, "period": str})
    members = demo_snapshot.read("membership")
    assert _value(frame, "members", "68", "2024") == int(members.loc[members["year"] == 2024, "members"].sum())
    funding = demo_snapshot.read("funding")
    budget_2020 = funding[(funding["year"] == 2020) & (funding["source"] == "state_budget")]["amount_vnd"].sum()
    assert _value(frame, "state_budget_vnd", "68", "2020") == int(budget_2020)
    welfare = demo_snapshot.read("welfare")
    dalat = welfare[(welfare["year"] == 2024) & (welfare["unit_code"] == "672")]["value_vnd"].sum()
    assert _value(frame, "welfare_value_vnd", "672", "2024") == int(dalat)
    assert set(frame["is_demo"]) == {True}


def test_an_import_writes_the_feed_of_its_snapshot(tmp_path, store_root):
    root = tmp_path / "store"
    result = import_files([report_workbook(tmp_path / "bao-cao.xlsx")], as_of=dt.date(2024, 9, 30), root=root)
    assert result.findings == []
    folder = tmp_path / "feeds" / result.snapshot.id
    assert sorted(p.name for p in folder.iterdir()) == ["indicators.csv", "indicators.json"]
    document = json.loads((folder / "indicators.json").read_text(encoding="utf-8"))
    assert {(row["snapshot_id"], row["as_of"], row["is_demo"]) for row in document["rows"]} == {
        (result.snapshot.id, "2024-09-30", False)}


def test_the_year_a_snapshot_stops_in_ends_at_its_as_of_date(tmp_path, store_root):
    snapshot = store.publish(tiny_tables(), snapshot_id="q3", as_of=dt.date(2023, 9, 30), label="q3",
                             is_demo=False, root=tmp_path / "store")
    frame = feed_frame(snapshot)
    assert set(zip(frame["period"], frame["period_start"], frame["period_end"])) == {
        ("2022", "2022-01-01", "2022-12-31"), ("2023", "2023-01-01", "2023-09-30")}


def test_feed_command_writes_an_existing_snapshot_and_names_a_missing_one(demo_snapshot, tmp_path, capsys):
    assert main(["feed", demo_snapshot.id, "--out", str(tmp_path), "--lang", "en"]) == 0
    assert f"Wrote {tmp_path / demo_snapshot.id / 'indicators.csv'}" in capsys.readouterr().out
    again = (tmp_path / demo_snapshot.id / "indicators.json").read_bytes()
    assert again == (feeds_dir(demo_snapshot) / demo_snapshot.id / "indicators.json").read_bytes()
    assert main(["feed", "nope", "--lang", "en"]) == 2
    assert "No snapshot “nope”. Available: demo-2024-12-31, demo-2023-12-31." in capsys.readouterr().err
