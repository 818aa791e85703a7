"""The store under stress (issue 14): the default view is the newest real snapshot, retiring hides a
snapshot without touching a file, a publish killed with kill -9 leaves nothing behind for good, and
every file of a snapshot is on disk before it is renamed into place."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from massorg import config
from massorg.data import store
from tests.factories import publish_tiny, tiny_tables
from tests.test_ingest_samples import store_bytes


def _publish(root, snapshot_id: str, as_of: dt.date, is_demo: bool) -> store.Snapshot:
    return store.publish(tiny_tables(), snapshot_id=snapshot_id, as_of=as_of, label=snapshot_id,
                         is_demo=is_demo, root=root)


# --- 6. default view and retiring -------------------------------------------------------------------


def test_the_newest_real_snapshot_is_the_default_even_if_a_demo_is_newer(tmp_path):
    _publish(tmp_path, "demo-new", dt.date(2024, 12, 31), is_demo=True)
    assert store.latest(tmp_path).id == "demo-new"  # only demos: the newest demo
    _publish(tmp_path, "real-old", dt.date(2023, 6, 30), is_demo=False)
    _publish(tmp_path, "real-older", dt.date(2022, 6, 30), is_demo=False)
    assert [s.id for s in store.list_snapshots(tmp_path)] == ["demo-new", "real-old", "real-older"]
    assert store.latest(tmp_path).id == "real-old"


def test_retire_hides_a_snapshot_records_it_and_can_be_undone_without_touching_files(tmp_path):
    _publish(tmp_path, "demo", dt.date(2024, 12, 31), is_demo=True)
    _publish(tmp_path, "real", dt.date(2023, 6, 30), is_demo=False)
    before = {k: v for k, v in store_bytes(tmp_path).items() if not k.startswith(".")}
    store.retire("demo", tmp_path, reason="real data arrived")
    assert [s.id for s in store.list_snapshots(tmp_path)] == ["real"]
    assert [s.id for s in store.list_snapshots(tmp_path, include_retired=True)] == ["demo", "real"]
    assert store.retired(tmp_path)["demo"]["reason"] == "real data arrived"
    with pytest.raises(store.LastSnapshotError):
        store.retire("real", tmp_path)  # the dashboard needs one snapshot to show
    assert store.restore("demo", tmp_path) is True
    assert store.restore("demo", tmp_path) is False
    assert [s.id for s in store.list_snapshots(tmp_path)] == ["demo", "real"]
    after = store_bytes(tmp_path)
    assert {k: after[k] for k in before} == before  # every snapshot file byte-identical
    history = store._read_retired(tmp_path)["history"]
    assert [(h["action"], h["id"]) for h in history] == [("retire", "demo"), ("restore", "demo")]
    with pytest.raises(store.SnapshotError):
        store.retire("nope", tmp_path)


def _massorg(root, *args, lang="en"):
    env = os.environ | {"MASSORG_SNAPSHOTS_DIR": str(root), "MASSORG_LANG": lang}
    return subprocess.run([sys.executable, "-m", "massorg", *args], cwd=config.ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_retire_command(tmp_path):
    _publish(tmp_path, "demo", dt.date(2024, 12, 31), is_demo=True)
    _publish(tmp_path, "real", dt.date(2023, 6, 30), is_demo=False)
    listed = _massorg(tmp_path, "snapshots")
    assert "real  as of 2023-06-30  [real data, default]" in listed.stdout
    done = _massorg(tmp_path, "retire", "real", "--reason", "wrong as-of date")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Snapshot real is retired: hidden from the lists and the default view. Its files are kept; undo with "
        f"--undo. Recorded in {tmp_path / 'retired.json'}.",
        "The default view is now snapshot demo.",
    ]
    assert "real  as of 2023-06-30  [real data, retired]" in _massorg(tmp_path, "snapshots").stdout
    last = _massorg(tmp_path, "retire", "demo", lang="vi")
    assert last.returncode == 1 and "là bản duy nhất còn trong danh sách nên không thể ẩn" in last.stdout
    undone = _massorg(tmp_path, "retire", "real", "--undo")
    assert undone.returncode == 0 and "Snapshot real is listed again." in undone.stdout
    assert "The default view is now snapshot real." in undone.stdout
    assert (tmp_path / "real" / "manifest.json").exists()


def test_the_dashboard_opens_the_newest_real_snapshot(app, demo_snapshots, tmp_path, monkeypatch, grants):
    root = tmp_path / "snapshots"
    for snap in demo_snapshots:
        shutil.copytree(snap.path, root / snap.id)
    publish_tiny(root)  # real data as of 31/12/2023, older than the newest demo
    monkeypatch.setenv("MASSORG_SNAPSHOTS_DIR", str(root))
    monkeypatch.setenv("MASSORG_CACHE_DIR", str(tmp_path / "cache"))
    viewer = grants({"xem@tinh.vn": ("viewer", "all")})["xem@tinh.vn"]  # real data is for signed-in viewers
    at = app(user=viewer)
    assert not at.exception
    assert at.session_state["snapshot"] == "tiny"
    assert not any("DỮ LIỆU MẪU" in w.value for w in at.warning)
    store.retire("tiny", root)
    at = app(user=viewer)
    assert at.session_state["snapshot"] == "demo-2024-12-31"
    assert "tiny" not in at.sidebar.selectbox[0].options


# --- 10. a publish killed with kill -9 --------------------------------------------------------------

_SLOW_PUBLISH = textwrap.dedent("""
    import sys, time
    import pyarrow.parquet as pq
    from massorg.data import store
    from tests.factories import tiny_tables
    write = pq.write_table
    def slow(*args, **kwargs):
        write(*args, **kwargs)
        print("writing", flush=True)
        time.sleep(60)
    pq.write_table = slow
    store.publish(tiny_tables(), snapshot_id=sys.argv[2], as_of=__import__("datetime").date(2023, 12, 31),
                  label="x", is_demo=False, root=__import__("pathlib").Path(sys.argv[1]))
""")


def _start_slow_publish(root, snapshot_id: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_PUBLISH, str(root), snapshot_id], cwd=config.ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"  # its first Parquet file is written
    return proc


def _temp_folders(root) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(store.TMP_PREFIX) and p.is_dir())


def test_a_publish_killed_with_kill_9_is_cleaned_up_by_the_next_one_but_a_running_one_is_not(tmp_path):
    killed = _start_slow_publish(tmp_path, "killed")
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    assert [f.split("-")[1] for f in _temp_folders(tmp_path)] == ["killed"]  # left behind by the kill
    running = _start_slow_publish(tmp_path, "running")  # the next publish removes it...
    try:
        left = _temp_folders(tmp_path)
        assert [f.split("-")[1] for f in left] == ["running"]
        _publish(tmp_path, "next", dt.date(2023, 12, 31), is_demo=False)
        assert _temp_folders(tmp_path) == left  # ...but never the folder a running import is writing
    finally:
        os.kill(running.pid, signal.SIGKILL)
        running.wait()
    assert store.remove_stale_temp_folders(tmp_path) == left
    assert _temp_folders(tmp_path) == []
    assert [s.id for s in store.list_snapshots(tmp_path)] == ["next"]


def test_an_old_temporary_folder_without_a_lock_is_removed_a_young_one_kept(tmp_path):
    old, young = tmp_path / ".tmp-old-abc", tmp_path / ".tmp-young-def"
    for folder in (old, young):
        folder.mkdir()
        (folder / "funding.parquet").write_bytes(b"half")
    past = time.time() - store.STALE_UNLOCKED_SECONDS - 5
    os.utime(old, (past, past))
    assert store.remove_stale_temp_folders(tmp_path) == [".tmp-old-abc"]
    assert _temp_folders(tmp_path) == [".tmp-young-def"]


# --- 11. everything on disk before the rename -------------------------------------------------------


def test_every_parquet_file_and_the_folder_are_fsynced_before_the_rename(tmp_path, monkeypatch):
    events: list[str] = []
    real_fsync, real_rename = os.fsync, os.rename

    def fsync(fd):
        events.append("fsync " + os.path.relpath(os.readlink(f"/proc/self/fd/{fd}"), tmp_path))
        real_fsync(fd)

    def rename(src, dst):
        events.append("rename")
        real_rename(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "rename", rename)
    publish_tiny(tmp_path)
    at = events.index("rename")
    before = {e.split(" ", 1)[1].split("/", 1)[-1] for e in events[:at]}
    tmp_folder = next(e.split(" ", 1)[1] for e in events[:at] if e.endswith("manifest.json")).split("/")[0]
    assert {f"{name}.parquet" for name in store.TABLES} | {"manifest.json"} <= before
    assert f"fsync {tmp_folder}" in events[:at]  # the folder's entries
    assert events[at + 1:] == ["fsync ."]  # and the rename, in the store folder
