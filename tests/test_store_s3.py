"""The S3 backend against a real S3 API (moto's server on loopback): publish with the manifest last
and conditional, a publish cut before the manifest is invisible and can be retried, sha256 checked on
download, new snapshots noticed within the poll interval, push, retire, import to S3."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest

from massorg.__main__ import main
from massorg.data import objectstore, store
from massorg.data.queries import run
from massorg.data.schema import TABLES
from tests.factories import publish_tiny, tiny_tables

pytest_plugins = ["tests.s3_support"]


def _keys(s3_server, url: str) -> list[str]:
    remote = objectstore.S3Store(url)
    listed = s3_server.client().list_objects_v2(Bucket=remote.bucket, Prefix=remote.prefix + "/")
    return sorted(o["Key"].removeprefix(remote.prefix + "/") for o in listed.get("Contents", []))


def _publish(snapshot_id="tiny", as_of=dt.date(2023, 12, 31)):
    return store.publish(tiny_tables(), snapshot_id=snapshot_id, as_of=as_of, label="tiny", is_demo=False)


def test_publish_uploads_every_table_then_the_manifest(s3_env, s3_server, monkeypatch):
    order = []
    real_put = objectstore.S3Store._put_manifest
    monkeypatch.setattr(objectstore.S3Store, "_put_manifest",
                        lambda self, i, body: (order.append(_keys(s3_server, s3_env)), real_put(self, i, body)))
    snap = _publish()
    # when the manifest is written every table file is already in the bucket, and nothing else is
    assert order == [sorted(f"tiny/{t}.parquet" for t in TABLES)]
    assert _keys(s3_server, s3_env) == sorted([f"tiny/{t}.parquet" for t in TABLES] + ["tiny/manifest.json"])
    remote = objectstore.S3Store(s3_env)
    manifest = json.loads(s3_server.client().get_object(Bucket=remote.bucket, Key="lamdong/tiny/manifest.json")["Body"].read())
    assert manifest == snap.manifest
    assert manifest["files"]["funding.parquet"] == store.sha256_file(snap.table_path("funding"))


def test_a_replica_reads_the_snapshot_and_queries_it(s3_env, tmp_path, monkeypatch):
    _publish()
    monkeypatch.setenv("MASSORG_CACHE_DIR", str(tmp_path / "replica"))  # another replica: empty cache
    objectstore._stores.clear()
    [snap] = store.list_snapshots()
    assert snap.id == "tiny" and snap.path.is_relative_to(tmp_path / "replica")
    assert int(run("funding_by_year_source", snap)["amount_vnd"].sum()) == 7_570_000
    assert store.latest().id == "tiny" and store.open_snapshot("tiny").manifest == snap.manifest


def test_the_manifest_is_never_replaced(s3_env, s3_server):
    _publish()
    remote = objectstore.S3Store(s3_env)
    before = s3_server.client().get_object(Bucket=remote.bucket, Key="lamdong/tiny/manifest.json")["Body"].read()
    with pytest.raises(store.SnapshotError, match="already exists"):
        _publish(as_of=dt.date(2024, 1, 1))
    # even a writer that skips the check is stopped by the conditional write
    with pytest.raises(store.SnapshotError, match="never replaced"):
        remote._put_manifest("tiny", b'{"id": "tiny"}')
    after = s3_server.client().get_object(Bucket=remote.bucket, Key="lamdong/tiny/manifest.json")["Body"].read()
    assert after == before


def test_a_publish_cut_before_the_manifest_shows_nothing_and_can_be_retried(s3_env, s3_server, tmp_path, monkeypatch):
    local = publish_tiny(tmp_path / "folder")

    def die(self, snapshot_id, body):
        raise KeyboardInterrupt  # the process stops between the last table and the manifest

    real_put = objectstore.S3Store._put_manifest
    monkeypatch.setattr(objectstore.S3Store, "_put_manifest", die)
    with pytest.raises(KeyboardInterrupt):
        objectstore.open_store(s3_env).push(local)
    assert len(_keys(s3_server, s3_env)) == len(TABLES)  # the files are there ...
    assert store.list_snapshots() == []  # ... and nothing is visible
    monkeypatch.setattr(objectstore.S3Store, "_put_manifest", real_put)
    objectstore.open_store(s3_env).push(local)  # the retry
    assert [s.id for s in store.list_snapshots()] == ["tiny"]


def test_a_tampered_file_is_refused_with_a_message(s3_env, s3_server, tmp_path, monkeypatch, capsys):
    _publish("good", dt.date(2022, 12, 31))
    _publish("bad")
    remote = objectstore.S3Store(s3_env)
    s3_server.client().put_object(Bucket=remote.bucket, Key="lamdong/bad/funding.parquet", Body=b"not parquet")
    monkeypatch.setenv("MASSORG_CACHE_DIR", str(tmp_path / "replica"))
    objectstore._stores.clear()
    assert [s.id for s in store.list_snapshots()] == ["good"]
    [refusal] = store.refused_snapshots()
    assert (refusal.snapshot_id, refusal.file) == ("bad", "funding.parquet")
    assert objectstore.refusal_text(refusal, "vi") == (
        "Không hiển thị bản dữ liệu bad: tệp funding.parquet không khớp mã sha256 trong manifest (đã bị sửa "
        "hoặc hỏng trong kho). Hãy xuất bản lại từ nguồn, hoặc ẩn (retire) bản này.")
    assert "refused snapshot bad" in capsys.readouterr().err
    assert not (tmp_path / "replica" / "s3" / remote.bucket / "lamdong" / "bad").exists()  # never kept
    with pytest.raises(store.SnapshotError, match="funding.parquet of snapshot bad has sha256"):
        store.open_snapshot("bad")
    assert main(["snapshots", "--lang", "en"]) == 0
    assert "Snapshot bad is not shown: its file funding.parquet does not match" in capsys.readouterr().out


def test_a_missing_file_is_refused(s3_env, s3_server, tmp_path, monkeypatch):
    _publish()
    remote = objectstore.S3Store(s3_env)
    s3_server.client().delete_object(Bucket=remote.bucket, Key="lamdong/tiny/welfare.parquet")
    monkeypatch.setenv("MASSORG_CACHE_DIR", str(tmp_path / "replica"))
    objectstore._stores.clear()
    assert store.list_snapshots() == []
    assert objectstore.refusal_text(store.refused_snapshots()[0], "en") == (
        "Snapshot tiny is not shown: its file welfare.parquet is missing from the store. "
        "Publish it again from its source, or retire it.")


def test_a_replica_notices_a_new_snapshot_within_the_poll_interval(s3_env, tmp_path, monkeypatch):
    monkeypatch.setenv("MASSORG_STORE_POLL_SECONDS", "1")
    _publish("first", dt.date(2022, 12, 31))
    replica = objectstore.S3Store(s3_env)  # a second process: its own listing
    assert [s.id for s in replica.list_snapshots()] == ["first"]
    publish_tiny(tmp_path / "other", snapshot_id="second")
    objectstore.S3Store(s3_env).push(store.open_snapshot("second", tmp_path / "other"))
    assert [s.id for s in replica.list_snapshots()] == ["first"]  # listed less than a second ago
    time.sleep(1.1)
    assert [s.id for s in replica.list_snapshots()] == ["second", "first"]


def test_push_command(s3_env, tmp_path, capsys):
    folder = tmp_path / "folder"
    publish_tiny(folder)
    assert main(["push", "tiny", "--to", s3_env, "--from", str(folder), "--lang", "en"]) == 0
    assert capsys.readouterr().out.strip() == (
        f"Snapshot tiny is published in {s3_env} ({len(TABLES)} files checked and uploaded, then the manifest).")
    assert main(["push", "tiny", "--to", s3_env, "--from", str(folder), "--lang", "en"]) == 1
    assert "never replaced" in capsys.readouterr().out
    assert main(["push", "nope", "--to", s3_env, "--from", str(folder), "--lang", "en"]) == 1
    assert "There is no snapshot “nope”" in capsys.readouterr().out
    assert main(["push", "tiny", "--to", str(folder), "--from", str(folder), "--lang", "en"]) == 2
    (folder / "tiny" / "units.parquet").write_bytes(b"changed")
    objectstore._stores.clear()
    assert main(["push", "tiny", "--to", s3_env + "2", "--from", str(folder), "--lang", "en"]) == 1
    assert "does not match its manifest" in capsys.readouterr().out


def test_retire_and_restore_in_the_bucket(s3_env):
    _publish("old", dt.date(2022, 12, 31))
    _publish("new")
    store.retire("new", reason="wrong file")
    assert [s.id for s in store.list_snapshots()] == ["old"]
    assert store.retired()["new"]["reason"] == "wrong file"
    with pytest.raises(store.LastSnapshotError):
        store.retire("old")
    assert store.restore("new") is True and store.restore("new") is False
    assert [s.id for s in store.list_snapshots()] == ["new", "old"]


def test_import_and_demo_publish_to_the_configured_bucket(s3_env, tmp_path):
    from massorg.data import demo
    from massorg.ingest.importer import import_files
    from tests.test_ingest_samples import report_workbook

    built = demo.build_demo()
    assert {s.id for s in store.list_snapshots()} == {s.id for s in built}
    assert demo.ensure_demo() is False
    result = import_files([report_workbook(tmp_path / "bao-cao.xlsx")], as_of=dt.date(2024, 9, 30), label="Quý 3")
    assert result.findings == []
    assert result.snapshot.id in {s.id for s in store.list_snapshots()}
    assert store.latest().id == result.snapshot.id


def test_the_dashboard_serves_the_bucket_and_names_a_refused_snapshot(s3_env, s3_server, app, tmp_path, monkeypatch):
    tables = tiny_tables()
    store.publish(tables, snapshot_id="demo-good", as_of=dt.date(2023, 12, 31), label="ok", is_demo=True)
    store.publish(tables, snapshot_id="demo-bad", as_of=dt.date(2024, 6, 30), label="bad", is_demo=True)
    remote = objectstore.S3Store(s3_env)
    s3_server.client().put_object(Bucket=remote.bucket, Key="lamdong/demo-bad/units.parquet", Body=b"x")
    monkeypatch.setenv("MASSORG_CACHE_DIR", str(tmp_path / "replica"))  # a replica that never had it
    objectstore._stores.clear()
    at = app(lang="en")
    assert not at.exception
    assert at.sidebar.selectbox(key="snapshot").options == ["2023-12-31 · Demo data"]
    assert [w.value for w in at.sidebar.warning] == [
        "Snapshot demo-bad is not shown: its file units.parquet does not match the sha256 in its manifest "
        "(changed or damaged in the store). Publish it again from its source, or retire it."]


def test_a_replica_keeps_serving_while_the_store_is_unreachable(tmp_path, monkeypatch, capsys):
    from tests.s3_support import start_moto

    own = start_moto(tmp_path / "moto.log")  # a server of this test's own, to stop
    try:
        own.client().create_bucket(Bucket="massorg-outage")
        for key, value in own.env().items():
            monkeypatch.setenv(key, value)
        monkeypatch.setenv("MASSORG_CACHE_DIR", str(tmp_path / "cache"))
        monkeypatch.setenv("MASSORG_STORE_POLL_SECONDS", "0")
        replica = objectstore.S3Store("s3://massorg-outage/lamdong")
        replica.publish(tiny_tables(), snapshot_id="tiny", as_of=dt.date(2023, 12, 31), label="t", is_demo=False)
        assert [s.id for s in replica.list_snapshots()] == ["tiny"]
    finally:
        own.stop()
    assert [s.id for s in replica.list_snapshots()] == ["tiny"]  # the verified local copy
    assert "cannot list s3://massorg-outage/lamdong, keeping the last listing" in capsys.readouterr().err
    with pytest.raises(store.SnapshotError, match="cannot list the snapshots in s3://massorg-outage/lamdong"):
        objectstore.S3Store("s3://massorg-outage/lamdong").list_snapshots()  # never listed: says so


def test_the_dashboard_says_so_when_the_store_cannot_be_reached(app, monkeypatch, tmp_path):
    from tests.s3_support import CREDENTIALS, free_port

    for key, value in CREDENTIALS.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")  # nothing listens there
    monkeypatch.setenv("MASSORG_STORE", "s3://massorg-nowhere/lamdong")
    monkeypatch.setenv("MASSORG_LANG", "en")
    monkeypatch.setenv("MASSORG_CACHE_DIR", str(tmp_path / "cache"))
    objectstore._stores.clear()
    at = app()
    assert not at.exception
    [error] = at.error
    assert error.value.startswith("The snapshot store cannot be reached, so there is nothing to show yet: "
                                  "cannot list the snapshots in s3://massorg-nowhere/lamdong: ")
    objectstore._stores.clear()
