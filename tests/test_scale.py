"""The ×N demo (massorg.data.scale): unique keys, N times every total, accepted by `python -m massorg check`."""

import pytest

from massorg.data import demo, scale
from massorg.data.queries import run
from tests.test_cli import _massorg


@pytest.fixture(scope="module")
def x3(tmp_path_factory):
    root = tmp_path_factory.mktemp("x3")
    built = _massorg(root, "demo", "--scale", "3", "--out", str(root / "snapshots"))
    assert built.returncode == 0, built.stderr
    return root


def test_cli_builds_both_demo_snapshots_three_times_larger_and_check_accepts_them(x3):
    for demo_id in ("demo-2024-12-31", "demo-2023-12-31"):
        checked = _massorg(x3, "check", scale.scaled_id(demo_id, 3))
        assert checked.returncode == 0, checked.stdout
        assert "passed the check" in checked.stdout
    listed = _massorg(x3, "snapshots")
    assert "associations 2,031" in listed.stdout  # 677 × 3
    assert "units 157" in listed.stdout  # reference tables are not replicated (the 157 units of data/reference)


def test_a_bad_factor_is_refused_with_a_message(tmp_path):
    refused = _massorg(tmp_path, "demo", "--scale", "0", "--out", str(tmp_path / "s"))
    assert refused.returncode == 2
    assert "The scale factor must be a whole number of 1 or more, not 0." in refused.stdout


def test_every_key_is_unique_and_every_total_is_n_times_the_demo():
    base = demo.generate()
    big = scale.replicate(base, 4)
    assert len(big["associations"]) == 4 * 677
    assert big["associations"].association_id.is_unique
    assert big["consultations"].meeting_id.is_unique
    assert big["welfare"].record_id.is_unique
    assert not big["funding"].duplicated(["association_id", "year", "source"]).any()
    assert big["funding"].amount_vnd.sum() == 4 * base["funding"].amount_vnd.sum()
    assert big["membership"].query("year == 2024").members.sum() == 4 * 519_386
    # a branch's parent is the same copy's parent
    ids = set(big["associations"].association_id)
    parents = big["associations"].parent_id.dropna()
    assert set(parents) <= ids
    copy3 = big["associations"][big["associations"].association_id.str.endswith("-3")]
    assert copy3.parent_id.dropna().str.endswith("-3").all()
    assert copy3.name.str.endswith(" #3").all()
    assert len(big["units"]) == len(base["units"])


def test_a_scaled_snapshot_answers_queries_with_n_times_the_demo(x3, demo_snapshot, monkeypatch):
    from massorg.data import store

    monkeypatch.setenv("MASSORG_CACHE_DIR", str(x3 / "cache"))
    snap = store.open_snapshot(scale.scaled_id("demo-2024-12-31", 3), x3 / "snapshots")
    one = run("overview_kpis", demo_snapshot)
    three = run("overview_kpis", snap)
    numeric = [c for c in one.columns if c != "year" and one[c].dtype.kind in "iu"]
    assert numeric
    for col in numeric:
        assert (three[col] == 3 * one[col]).all(), col


def test_a_fresh_process_builds_the_query_database_of_the_opened_snapshot_only(app, demo_snapshots, tmp_path,
                                                                               monkeypatch):
    import shutil

    from massorg.data import queries

    root = tmp_path / "snapshots"
    for snap in demo_snapshots:
        shutil.copytree(snap.path, root / snap.id)
    monkeypatch.setenv("MASSORG_SNAPSHOTS_DIR", str(root))
    monkeypatch.setenv("MASSORG_CACHE_DIR", str(tmp_path / "cache"))
    queries.clear_caches()  # as in a new server process
    at = app()
    assert not at.exception
    assert at.slider(key="years").value == (2014, 2024)  # the range of every snapshot, from the files
    built = [p.name for p in (tmp_path / "cache").glob("*.duckdb")]
    assert len(built) == 1 and built[0].startswith("demo-2024-12-31-")  # the default; not demo-2023-12-31
    queries.clear_caches()


def test_the_result_cache_is_bounded_by_size_not_only_by_count(demo_snapshot, monkeypatch):
    from massorg.data import queries

    queries.clear_caches()
    one = run("directory_associations", demo_snapshot, search=None)
    size = int(one.memory_usage(deep=True).sum())
    assert queries.cached_bytes() == size
    monkeypatch.setattr(queries, "MAX_CACHED_BYTES", size + 1000)
    run("directory_associations", demo_snapshot, search="hoi")  # a second large result: the first goes
    assert 0 < queries.cached_bytes() <= size + 1000
    assert ("directory_associations", (("search", None),)) not in {(k[3], tuple(p for p in k[4] if p[0] == "search"))
                                                                  for k in queries._results}
    queries.clear_caches()


@pytest.mark.parametrize("page, count_text", [
    ("pages/directory.py", "Tìm thấy 2.031 hội"),  # 677 × 3
    ("pages/consultation.py", "(594 cuộc)"),  # 198 × 3
])
def test_the_directory_and_the_meeting_list_of_a_larger_snapshot_send_one_page(app, x3, monkeypatch, page,
                                                                                count_text):
    from massorg.data import queries

    monkeypatch.setenv("MASSORG_SNAPSHOTS_DIR", str(x3 / "snapshots"))
    monkeypatch.setenv("MASSORG_CACHE_DIR", str(x3 / "cache"))
    queries.clear_caches()
    at = app(page)
    assert not at.exception
    assert "x3" in at.selectbox(key="snapshot").value
    assert len(at.dataframe[-1].value) == 50  # one page, whatever the size of the snapshot
    shown = " ".join([c.value for c in at.caption] + [h.value for h in at.subheader])
    assert count_text in shown
    queries.clear_caches()
