"""Round trip: a snapshot written in the template's layout and imported again gives the same tables,
down to the bytes of every Parquet file."""

from __future__ import annotations

import pandas as pd

from massorg.data.schema import TABLES
from massorg.ingest.importer import import_files
from massorg.ingest.template import workbook_bytes
from tests.factories import publish_tiny


def _round_trip(snapshot, lang, tmp_path):
    path = tmp_path / f"round-trip-{lang}.xlsx"
    path.write_bytes(workbook_bytes(snapshot.read_all(), lang))
    result = import_files([path], as_of=snapshot.as_of, label="round trip", root=tmp_path / "store")
    assert result.errors == []
    return result


def test_demo_snapshot_to_workbook_and_back_gives_the_same_tables(demo_snapshot, tmp_path):
    result = _round_trip(demo_snapshot, "vi", tmp_path)
    assert result.warnings == []
    again = result.snapshot
    assert again.row_counts == demo_snapshot.row_counts
    for name in TABLES:
        pd.testing.assert_frame_equal(again.read(name), demo_snapshot.read(name))
    assert again.manifest["files"] == demo_snapshot.manifest["files"]
    assert (again.is_demo, demo_snapshot.is_demo) == (False, True)


def test_hand_made_snapshot_round_trip_with_english_headers(tmp_path):
    tiny = publish_tiny(tmp_path / "tiny")
    again = _round_trip(tiny, "en", tmp_path).snapshot
    for name in TABLES:
        pd.testing.assert_frame_equal(again.read(name), tiny.read(name))
    assert again.manifest["files"] == tiny.manifest["files"]
