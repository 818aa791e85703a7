"""The national roll-up: the newest snapshot of each province's store (folders and S3 prefixes) in one
new immutable snapshot, its sources in the manifest, clashes refused with both places named."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from massorg.__main__ import main
from massorg.data import objectstore, store
from massorg.data import provinces as provinces_module
from massorg.data.queries import run
from massorg.data.rollup import RollupError, build_rollup, provinces
from tests.factories import tiny_tables

pytest_plugins = ["tests.s3_support"]


def daknong_tables(prefix: str = "DN-") -> dict[str, pd.DataFrame]:
    """The tiny tables (of 2023) moved to Đắk Nông (67, one city 660), every id given the province's prefix."""
    t = tiny_tables()
    # the reference units already hold Đắk Nông (67) and Gia Nghĩa (660), both until 30/6/2025
    assert {"67", "660"} <= set(t["units"]["unit_code"])
    for name in ("associations", "consultations", "welfare"):
        t[name]["unit_code"] = t[name]["unit_code"].map(lambda c: "67" if c == "68" else "660")
    for name in ("associations", "membership", "funding", "consultations", "legal_aid", "welfare"):
        t[name]["association_id"] = prefix + t[name]["association_id"]
    t["consultations"]["meeting_id"] = prefix + t["consultations"]["meeting_id"]
    t["welfare"]["record_id"] = prefix + t["welfare"]["record_id"]
    return t


def _publish(root, tables, snapshot_id, as_of, is_demo=False):
    return store.publish(tables, snapshot_id=snapshot_id, as_of=as_of, label=snapshot_id, is_demo=is_demo, root=root)


def test_rollup_of_two_folder_stores(tmp_path):
    lamdong, daknong, national = tmp_path / "lamdong", tmp_path / "daknong", tmp_path / "national"
    _publish(lamdong, tiny_tables(), "ld-old", dt.date(2023, 6, 30))
    _publish(lamdong, tiny_tables(), "ld-new", dt.date(2023, 12, 31))
    _publish(daknong, daknong_tables(), "dn", dt.date(2023, 9, 30))
    snap = build_rollup([str(lamdong), str(daknong)], str(national), snapshot_id="national-2023")
    assert [s.id for s in store.list_snapshots(national)] == ["national-2023"]
    assert snap.as_of == dt.date(2023, 9, 30)  # every province's figures reach this date
    assert provinces(snap.read_all()) == ["67", "68"]
    assert snap.row_counts["associations"] == 6 and snap.row_counts["welfare"] == 6
    assert [(s["store"], s["snapshot_id"], s["provinces"]) for s in snap.manifest["sources"]] == [
        (str(lamdong), "ld-new", ["68"]), (str(daknong), "dn", ["67"])]  # the newest of each store
    assert snap.manifest["label"] == "Tổng hợp toàn quốc / National roll-up (68, 67)"
    assert int(run("funding_by_year_source", snap)["amount_vnd"].sum()) == 2 * 7_570_000
    with pytest.raises(store.SnapshotError, match="already exists"):  # immutable
        build_rollup([str(lamdong), str(daknong)], str(national), snapshot_id="national-2023")


def test_clashes_are_refused_with_both_stores_named(tmp_path):
    lamdong, daknong, twice = tmp_path / "lamdong", tmp_path / "daknong", tmp_path / "twice"
    _publish(lamdong, tiny_tables(), "ld", dt.date(2023, 12, 31))
    _publish(daknong, daknong_tables(prefix=""), "dn", dt.date(2023, 12, 31))
    with pytest.raises(RollupError, match=f"table associations: association_id P1 is used in {daknong} and {lamdong}"):
        build_rollup([str(lamdong), str(daknong)], str(tmp_path / "out"))
    _publish(twice, tiny_tables(), "ld2", dt.date(2023, 12, 31))
    with pytest.raises(RollupError, match=f"province 68 is in both {lamdong} and {twice}"):
        build_rollup([str(lamdong), str(twice)], str(tmp_path / "out"))
    with pytest.raises(RollupError, match="holds no published snapshot"):
        build_rollup([str(lamdong), str(tmp_path / "empty")], str(tmp_path / "out"))
    with pytest.raises(RollupError, match="at least two"):
        build_rollup([str(lamdong)], str(tmp_path / "out"))
    assert not (tmp_path / "out").exists() or store.list_snapshots(tmp_path / "out") == []


def test_rollup_command_on_s3_prefixes(s3_env, capsys):
    bucket = objectstore.S3Store(s3_env).bucket
    lamdong, daknong, national = (f"s3://{bucket}/{p}" for p in ("lamdong", "daknong", "national"))
    objectstore.open_store(lamdong).publish(tiny_tables(), snapshot_id="ld", as_of=dt.date(2023, 12, 31),
                                            label="ld", is_demo=False)
    objectstore.open_store(daknong).publish(daknong_tables(), snapshot_id="dn", as_of=dt.date(2023, 12, 31),
                                            label="dn", is_demo=False)
    assert main(["rollup", "--out", national, "--from", lamdong, "--from", daknong, "--lang", "en"]) == 0
    out = capsys.readouterr().out.splitlines()
    [snap] = objectstore.S3Store(national).list_snapshots()  # a fresh reader of the bucket
    assert out == [f"Roll-up {snap.id} is published in {national}, from 2 province stores:",
                   f"    {lamdong}: snapshot ld (province 68)", f"    {daknong}: snapshot dn (province 67)"]
    assert snap.id.startswith("2023-12-31_rollup_")
    assert int(run("funding_by_year_source", snap)["amount_vnd"].sum()) == 2 * 7_570_000
    assert main(["rollup", "--out", national, "--from", lamdong, "--from", lamdong, "--lang", "en"]) == 1
    assert capsys.readouterr().out.startswith("The roll-up was not published: a store is named twice")


@pytest.fixture
def national(tmp_path):
    """A demo-flagged roll-up of Lâm Đồng's and Đắk Nông's tiny tables (anonymous visitors may see it)."""
    _publish(tmp_path / "ld", tiny_tables(), "ld", dt.date(2023, 12, 31), is_demo=True)
    _publish(tmp_path / "dn", daknong_tables(), "dn", dt.date(2023, 12, 31), is_demo=True)
    return build_rollup([str(tmp_path / "ld"), str(tmp_path / "dn")], str(tmp_path / "national"),
                        snapshot_id="national")


def test_province_queries(national):
    from tests.factories import publish_tiny

    assert run("snapshot_provinces", national, as_of=national.as_of).values.tolist() == [
        ["67", "Đắk Nông", "Dak Nong province"], ["68", "Lâm Đồng", "Lam Dong province"]]
    daknong = provinces_module.units_inside(national, ["67"])
    assert "660" in daknong and "672" not in daknong and "67" not in daknong
    lamdong = provinces_module.units_inside(national, ("68",))
    assert "672" in lamdong and "660" not in lamdong and "68" not in lamdong
    assert provinces_module.units_inside(national, ["99"]) == ()
    assert provinces_module.province_codes(national) == ("60", "67", "68")  # the units table's provinces
    one = publish_tiny(national.path.parent.parent / "one")
    assert run("snapshot_provinces", one, as_of=one.as_of)["province_code"].tolist() == ["68"]


def test_the_new_province_is_one_province_though_its_units_table_names_the_old_three(province_store):
    """Đắk Nông (67) and Bình Thuận (60) are in the reference units until 30/6/2025 and their
    associations in the 2025-2026 snapshots' history: they are not provinces of a snapshot as of 2026,
    nor of a 2024 snapshot that holds none of their associations."""
    from massorg.data import store

    for snap in store.list_snapshots(province_store / "snapshots"):
        assert run("snapshot_provinces", snap, as_of=snap.as_of)["province_code"].tolist() == ["68"], snap.id


def test_the_sidebar_offers_provinces_for_a_roll_up_only(national, app, monkeypatch):
    from massorg.data.queries import Filters

    monkeypatch.setenv("MASSORG_SNAPSHOTS_DIR", str(national.path.parent))
    at = app(lang="en")
    assert not at.exception
    box = at.sidebar.multiselect(key="provinces")
    assert box.options == ["Dak Nong province", "Lam Dong province"]
    box.set_value(["67"]).run()
    ctx = at.session_state["_page_context"]
    assert ctx.filters.unit_codes == tuple(sorted(("67", *provinces_module.units_inside(national, ["67"]))))
    assert "660" in ctx.filters.unit_codes and "672" not in ctx.filters.unit_codes and at.query_params["provinces"] == "67"
    assert int(run("funding_by_year_source", national, ctx.filters)["amount_vnd"].sum()) == 7_570_000
    at.sidebar.multiselect(key="units").set_value(["678"]).run()  # a Lâm Đồng district inside Đắk Nông: nothing
    ctx = at.session_state["_page_context"]
    assert ctx.filters.unit_codes == ("",)
    assert run("funding_by_year_source", national, ctx.filters).empty
    linked = app(lang="en", provinces="68")  # a copied link keeps the choice
    assert linked.sidebar.multiselect(key="provinces").value == ["68"]
    assert 0 < len(linked.session_state["_page_context"].filters.unit_codes) and \
        "660" not in linked.session_state["_page_context"].filters.unit_codes
    assert run("funding_by_year_source", national, Filters())["amount_vnd"].sum() == 2 * 7_570_000


def test_a_single_province_snapshot_shows_no_province_filter(app):
    at = app()
    assert not at.exception
    assert [m for m in at.sidebar.multiselect if m.key == "provinces"] == []


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/funding.py", "pages/membership.py",
                                  "pages/consultation.py", "pages/legal_aid.py", "pages/welfare.py",
                                  "pages/directory.py", "pages/presentation.py", "pages/data.py"])
def test_every_page_renders_a_roll_up_narrowed_to_one_province(national, app, monkeypatch, page):
    monkeypatch.setenv("MASSORG_SNAPSHOTS_DIR", str(national.path.parent))
    at = app(page, provinces="67")
    assert not at.exception, page
    chosen = at.session_state["_page_context"].filters.unit_codes
    assert "67" in chosen and "660" in chosen and "672" not in chosen


def test_a_viewer_scoped_to_a_province_sees_that_province_only(national, tmp_path):
    from massorg.access import policy
    from massorg.access.grants import parse_grants

    [dn, ld] = parse_grants("subject,role,scope,valid_from,valid_to\n"
                            "dn@daknong.vn,viewer,67,,\nld@lamdong.vn,viewer,68,,\n", tmp_path / "grants.csv", "en")
    [seen] = policy.visible_snapshots([national], dn)
    assert sorted(seen.read("associations")["association_id"]) == ["DN-C1", "DN-D1", "DN-P1"]
    assert int(run("funding_by_year_source", seen)["amount_vnd"].sum()) == 7_570_000
    assert sorted(seen.read("welfare")["record_id"]) == ["DN-W1", "DN-W2", "DN-W3"]
    [seen] = policy.visible_snapshots([national], ld)
    assert sorted(seen.read("associations")["association_id"]) == ["C1", "D1", "P1"]
    assert int(run("funding_by_year_source", seen)["amount_vnd"].sum()) == 7_570_000
    assert sorted(seen.read("welfare")["record_id"]) == ["W1", "W2", "W3"]
