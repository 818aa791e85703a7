"""The snapshot store: publish, list, open; atomic and immutable."""

import datetime as dt
import json

import pyarrow.parquet as pq
import pytest

from massorg.data import store
from massorg.data.schema import TABLES
from tests.factories import publish_tiny, tiny_tables


def _bytes_of(root):
    return {p.relative_to(root): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_publish_writes_every_table_and_a_manifest(tmp_path):
    snap = publish_tiny(tmp_path)
    assert sorted(p.name for p in snap.path.iterdir()) == sorted([f"{t}.parquet" for t in TABLES] + ["manifest.json"])
    manifest = json.loads((snap.path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["id"] == "tiny"
    assert manifest["as_of"] == "2023-12-31"
    assert manifest["is_demo"] is False
    assert manifest["schema_version"] == 1
    assert manifest["row_counts"]["membership"] == 5
    assert manifest["files"]["funding.parquet"] == store.sha256_file(snap.path / "funding.parquet")
    assert {"errors", "warnings"} <= manifest["validation"].keys()


def test_parquet_types_follow_the_schema(tmp_path):
    snap = publish_tiny(tmp_path)
    schema = pq.read_schema(snap.table_path("funding"))
    assert str(schema.field("amount_vnd").type) == "int64"
    assert str(pq.read_schema(snap.table_path("associations")).field("founded_on").type) == "date32[day]"
    assert snap.read("funding")["amount_vnd"].sum() == 7_570_000


def test_list_latest_and_open(tmp_path):
    tables = tiny_tables()
    store.publish(tables, snapshot_id="old", as_of=dt.date(2022, 12, 31), label="a", is_demo=False, root=tmp_path)
    store.publish(tables, snapshot_id="new", as_of=dt.date(2023, 12, 31), label="b", is_demo=True, root=tmp_path)
    assert [s.id for s in store.list_snapshots(tmp_path)] == ["new", "old"]
    assert store.latest(tmp_path).id == "old"  # once a real snapshot exists it is the default, not a newer demo
    assert store.open_snapshot("old", tmp_path).label == "a"
    with pytest.raises(store.SnapshotError):
        store.open_snapshot("missing", tmp_path)
    with pytest.raises(store.SnapshotError):
        store.open_snapshot("../etc", tmp_path)


def test_an_existing_snapshot_is_never_replaced(tmp_path):
    publish_tiny(tmp_path)
    before = _bytes_of(tmp_path)
    with pytest.raises(store.SnapshotError, match="already exists"):
        publish_tiny(tmp_path)
    assert _bytes_of(tmp_path) == before


def test_a_publish_that_fails_halfway_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    publish_tiny(tmp_path, snapshot_id="first")
    before = _bytes_of(tmp_path)
    real_write = pq.write_table
    written = []

    def write_then_fail(table, where, **kwargs):
        written.append(where)
        if len(written) == 4:
            raise OSError("disk full (simulated)")
        return real_write(table, where, **kwargs)

    monkeypatch.setattr(store.pq, "write_table", write_then_fail)
    with pytest.raises(OSError, match="disk full"):
        publish_tiny(tmp_path, snapshot_id="second")
    assert len(written) == 4  # it really failed halfway, after three tables were written
    assert [s.id for s in store.list_snapshots(tmp_path)] == ["first"]
    assert _bytes_of(tmp_path) == before  # no temp folder left behind, the first snapshot byte-identical


def test_a_half_written_folder_is_never_listed(tmp_path):
    publish_tiny(tmp_path, snapshot_id="done")
    (tmp_path / ".tmp-next-123").mkdir()
    (tmp_path / "broken").mkdir()  # a folder without a manifest is not a snapshot
    assert [s.id for s in store.list_snapshots(tmp_path)] == ["done"]


def test_missing_table_is_refused(tmp_path):
    tables = tiny_tables()
    del tables["welfare"]
    with pytest.raises(store.SnapshotError, match="welfare"):
        publish_tiny(tmp_path, tables)
    assert store.list_snapshots(tmp_path) == []


def test_snapshot_ids_sort_by_as_of_and_say_what_they_are():
    when = dt.datetime(2026, 11, 29, 10, 15, 0)
    assert store.new_snapshot_id(dt.date(2024, 9, 30), "Báo cáo quý 3", when) == "2024-09-30_bao-cao-quy-3_20261129T101500"


def test_validation_messages_render_for_every_rule_shape():
    """Findings whose parameters share a name with t()'s own arguments still render."""
    from massorg.data.validate import ERROR, Finding

    dup = Finding(ERROR, "duplicate_key", "funding", 3, "association_id", "P1 / 2023", {"key": "association_id, year"})
    assert dup.render("en").startswith("Error — table “funding”, record 4, column “association_id”: Duplicate key")
    whole_file = Finding(ERROR, "missing_table", "", file="a.xlsx")
    assert "table “”" not in whole_file.render("en")


def test_legal_aid_rule_with_missing_counts(tmp_path):
    from massorg.data.validate import validate_tables

    tables = tiny_tables()
    tables["legal_aid"]["cases"] = tables["legal_aid"]["cases"].astype("Int64")
    tables["legal_aid"].loc[0, "cases"] = None
    rules = {f.rule for f in validate_tables(tables)}
    assert "missing_value" in rules


def test_published_text_is_nfc(tmp_path):
    import unicodedata

    tables = tiny_tables()
    decomposed = unicodedata.normalize("NFD", "Hội Chữ thập đỏ tỉnh Lâm Đồng")
    tables["associations"].loc[0, "name"] = decomposed
    snap = publish_tiny(tmp_path, tables)
    assert snap.read("associations").loc[0, "name"] == unicodedata.normalize("NFC", decomposed)
