"""Publishing an import: the manifest, --base, --dry-run, warnings published with their place, jumps
against the previous snapshot, imports of the same files detected, an interrupted publish, the CLI."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from massorg.__main__ import main
from massorg.data import store
from massorg.ingest.importer import import_files
from tests.factories import publish_tiny, tiny_tables
from tests.test_ingest_samples import (
    AS_OF,
    REPORT_TABLES,
    report_workbook,
    rows,
    sheet,
    store_bytes,
    store_entries,
    tiny_store,
    values,
    write_csv,
    write_xlsx,
)


def test_a_clean_workbook_is_published_as_real_data_with_its_sources(tmp_path):
    path = report_workbook(tmp_path / "bao-cao.xlsx")
    root = tmp_path / "store"
    result = import_files([path], as_of=dt.date(2024, 9, 30), label="Báo cáo quý 3", root=root)
    assert result.findings == []
    snap = result.snapshot
    assert [s.id for s in store.list_snapshots(root)] == [snap.id]
    assert snap.id.startswith("2024-09-30_bao-cao-quy-3_")
    manifest = json.loads((snap.path / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["is_demo"], manifest["label"], manifest["as_of"]) == (False, "Báo cáo quý 3", "2024-09-30")
    assert manifest["sources"][0] == {
        "file": "bao-cao.xlsx", "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "bytes": path.stat().st_size, "kind": "file", "tables": sorted(REPORT_TABLES),
    }
    assert [(s["kind"], s["file"], s["tables"]) for s in manifest["sources"][1:]] == [
        ("reference", "units.csv", ["units"]), ("reference", "programmes.csv", ["programmes"])
    ]
    assert manifest["row_counts"] == {"units": 157, "programmes": 19, "associations": 3, "membership": 5,
                                      "funding": 5, "consultations": 2, "legal_aid": 2, "welfare": 3, "lineage": 0}
    assert manifest["validation"] == {"errors": [], "warnings": []}
    assert rows(snap.read("membership")) == [tuple(r) for r in values("membership")]


def test_base_carries_the_tables_the_files_do_not_hold(tmp_path):
    root = tiny_store(tmp_path)
    grid = sheet("funding")
    grid[1][3] = 1_100_000
    result = import_files([write_csv(tmp_path / "kinh-phi.csv", grid)], as_of=AS_OF, base_id="tiny", root=root)
    assert result.findings == []
    tiny, new = store.open_snapshot("tiny", root), result.snapshot
    for name in ("units", "programmes", "associations", "membership", "consultations", "legal_aid", "welfare",
                 "lineage"):
        assert new.manifest["files"][f"{name}.parquet"] == tiny.manifest["files"][f"{name}.parquet"], name
    assert new.read("funding")["amount_vnd"].tolist() == [1_100_000, 5_000_000, 1_200_000, 300_000, 70_000]
    carried = new.manifest["sources"][1]
    assert (carried["kind"], carried["file"], carried["tables"]) == (
        "snapshot", "tiny", ["associations", "consultations", "legal_aid", "lineage", "membership", "programmes",
                             "units", "welfare"]
    )


def test_a_dry_run_publishes_nothing(tmp_path):
    root = tiny_store(tmp_path)
    before = store_bytes(root)
    result = import_files([report_workbook(tmp_path / "r.xlsx")], as_of=AS_OF, dry_run=True, root=root)
    assert (result.ok, result.snapshot) == (True, None)
    assert store_bytes(root) == before


def test_the_untouched_template_is_an_error(tmp_path):
    from massorg.ingest.template import write_template

    write_template(tmp_path / "mau.xlsx", "vi")
    result = import_files([tmp_path / "mau.xlsx"], as_of=AS_OF, root=tmp_path / "store")
    assert [(f.rule, f.value) for f in result.errors] == [("no_data", "mau.xlsx")]
    assert store_entries(tmp_path / "store") == []


def test_jumps_against_the_previous_snapshot_are_published_warnings_with_their_place(tmp_path):
    root = tiny_store(tmp_path)
    grid = sheet("membership")
    grid[2][2] = 400  # P1 2023: 110 in 'tiny'
    grid[4][2] = 10  # D1 2023: 40 in 'tiny'
    result = import_files([write_xlsx(tmp_path / "hv.xlsx", {"Hội viên": grid})], as_of=AS_OF, base_id="tiny",
                          root=root)
    assert result.snapshot is not None
    jumps = [(f.rule, f.sheet, f.excel_row, f.header, f.value, f.params["old"], f.params["new"]) for f in result.warnings]
    assert jumps == [
        ("jump", "Hội viên", 3, "Số hội viên (cuối năm)", "P1", 110, 400),
        ("jump", "Hội viên", 5, "Số hội viên (cuối năm)", "D1", 40, 10),
    ]
    assert result.warnings[0].render("vi") == (
        "Cảnh báo — tệp hv.xlsx, trang tính «Hội viên», dòng 3, cột «Số hội viên (cuối năm)»: Cột «Số hội viên "
        "(cuối năm)» của «P1» năm 2023 là 400, trong khi bản dữ liệu «tiny» ghi 110 (năm 2023): chênh lệch từ 3 lần "
        "trở lên. Hãy kiểm tra lại."
    )
    stored = result.snapshot.manifest["validation"]["warnings"]
    assert [(w["rule"], w["file"], w["sheet"], w["excel_row"]) for w in stored] == [
        ("jump", "hv.xlsx", "Hội viên", 3), ("jump", "hv.xlsx", "Hội viên", 5)
    ]


def test_a_jump_in_money_says_dong(tmp_path):
    root = tiny_store(tmp_path)
    grid = sheet("funding")
    grid[3][3] = 12_000_000  # P1 2023 state budget: 1,200,000 in 'tiny'
    result = import_files([write_csv(tmp_path / "kinh-phi.csv", grid)], as_of=AS_OF, base_id="tiny", root=root,
                          dry_run=True)
    (warning,) = result.warnings
    assert (warning.rule, warning.excel_row, warning.value) == ("jump_money", 4, "P1 / state_budget")
    assert warning.message("en") == (
        "Column “Số tiền (đồng)” for “P1 / state_budget” in 2023 is 12,000,000 đồng, while snapshot “tiny” has "
        "1,200,000 đồng (for 2023): a change by a factor of 3 or more. Check the figure."
    )


def test_a_new_year_is_compared_with_the_latest_earlier_year(tmp_path):
    root = tiny_store(tmp_path)
    grid = sheet("membership") + [["P1", 2024, 500, 0], ["D1", 2024, 45, 5]]
    result = import_files([write_xlsx(tmp_path / "hv.xlsx", {"Hội viên": grid})], as_of=AS_OF, base_id="tiny",
                          root=root, dry_run=True)
    jumps = [(f.value, f.params["year"], f.params["old_year"], f.params["old"]) for f in result.warnings
             if f.rule == "jump"]
    assert jumps == [("P1", 2024, 2023, 110)]


def test_without_base_the_previous_real_snapshot_is_the_reference_and_demos_are_not(tmp_path):
    tables = tiny_tables()
    tables["membership"].loc[1, "members"] = 400
    path = report_workbook(tmp_path / "r.xlsx", tables=tables)
    real = tiny_store(tmp_path)
    found = import_files([path], as_of=AS_OF, dry_run=True, root=real)
    assert [(f.rule, f.params["previous"]) for f in found.warnings] == [("jump", "tiny")]
    demo_root = tmp_path / "demo-store"
    store.publish(tiny_tables(), snapshot_id="demo-x", as_of=AS_OF, label="x", is_demo=True, root=demo_root)
    assert import_files([path], as_of=AS_OF, dry_run=True, root=demo_root).warnings == []


def test_an_association_that_reports_nothing_is_a_warning_at_its_row(tmp_path):
    root = tiny_store(tmp_path)
    grid = sheet("associations") + [["D2", "Hội Người cao tuổi huyện Di Linh", None, "elderly", "social", "district",
                                     "679", None, "Có", "Không", dt.date(2010, 1, 1), None, None]]
    result = import_files([write_xlsx(tmp_path / "hoi.xlsx", {"Danh sách hội": grid})], as_of=AS_OF,
                          base_id="tiny", root=root)
    (warning,) = result.warnings
    assert (warning.rule, warning.sheet, warning.excel_row, warning.value) == ("no_report", "Danh sách hội", 5, "D2")
    assert warning.message("en") == "Association “D2” is active but reported no members for: 2022, 2023."
    assert result.snapshot is not None


def test_importing_the_same_files_twice_is_detected(tmp_path):
    root = tmp_path / "store"
    path = report_workbook(tmp_path / "bao-cao.xlsx")
    first = import_files([path], as_of=AS_OF, root=root).snapshot
    before = store_bytes(root)
    again = import_files([path], as_of=AS_OF, root=root)
    assert [(f.rule, f.value, f.params) for f in again.errors] == [
        ("duplicate_import", "bao-cao.xlsx", {"snapshot": first.id})
    ]
    assert again.snapshot is None and store_bytes(root) == before
    forced = import_files([path], as_of=AS_OF, root=root, allow_duplicate=True)
    assert [(f.rule, f.params) for f in forced.warnings] == [("duplicate_file", {"snapshot": first.id})]
    assert len(store.list_snapshots(root)) == 2


def test_a_known_file_among_new_ones_is_a_warning(tmp_path):
    root = tiny_store(tmp_path)
    funding = write_csv(tmp_path / "kinh-phi.csv", sheet("funding"))
    import_files([funding], as_of=AS_OF, base_id="tiny", root=root)
    members = write_csv(tmp_path / "hoi-vien.csv", sheet("membership"))
    result = import_files([funding, members], as_of=AS_OF, base_id="tiny", root=root, dry_run=True)
    assert [(f.rule, f.value) for f in result.findings] == [("duplicate_file", "kinh-phi.csv")]


def test_the_same_file_given_twice_is_read_once(tmp_path):
    path = report_workbook(tmp_path / "r.xlsx")
    copy = tmp_path / "r-copy.xlsx"
    copy.write_bytes(path.read_bytes())
    result = import_files([path, copy], as_of=AS_OF, root=tmp_path / "store", dry_run=True)
    assert [(f.rule, f.value, f.params) for f in result.findings] == [("same_file_twice", "r-copy.xlsx", {"other": "r.xlsx"})]
    assert len(result.tables["funding"].frame) == 5


def _fail_on_third_write(monkeypatch, exc: BaseException) -> list[str]:
    """Make the Parquet writer fail after two table files, as a full disk or Ctrl+C would."""
    real, written = store.pq.write_table, []

    def write_table(table, where, **kwargs):
        if len(written) == 2:
            raise exc
        written.append(str(where))
        return real(table, where, **kwargs)

    monkeypatch.setattr(store.pq, "write_table", write_table)
    return written


def test_a_publish_interrupted_between_files_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    root = tiny_store(tmp_path)
    before = store_bytes(root)
    written = _fail_on_third_write(monkeypatch, OSError(28, "No space left on device"))
    result = import_files([report_workbook(tmp_path / "r.xlsx")], as_of=AS_OF, root=root)
    assert len(written) == 2
    assert [f.rule for f in result.errors] == ["publish_failed"]
    assert "No space left on device" in result.errors[0].message("en")
    assert result.snapshot is None
    assert store_entries(root) == ["tiny"]
    assert store_bytes(root) == before


def test_a_keyboard_interrupt_during_publish_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    root = tiny_store(tmp_path)
    before = store_bytes(root)
    _fail_on_third_write(monkeypatch, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        import_files([report_workbook(tmp_path / "r.xlsx")], as_of=AS_OF, root=root)
    assert store_entries(root) == ["tiny"]
    assert store_bytes(root) == before


@pytest.fixture
def cli_store(tmp_path, monkeypatch):
    root = tmp_path / "store"
    publish_tiny(root)
    monkeypatch.setenv("MASSORG_SNAPSHOTS_DIR", str(root))
    return root


def test_cli_import_publishes_and_prints_a_summary(tmp_path, cli_store, capsys):
    path = write_csv(tmp_path / "kinh-phi.csv", sheet("funding"))
    code = main(["import", str(path), "--as-of", "2023-12-31", "--base", "tiny", "--lang", "en"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    (snap,) = [s for s in store.list_snapshots(cli_store) if s.id != "tiny"]
    assert not snap.is_demo
    assert out == [
        "Tables of the new snapshot:",
        "  units (Administrative units): 157 rows — carried from snapshot tiny",
        "  programmes (Welfare programmes): 19 rows — carried from snapshot tiny",
        "  associations (Associations): 3 rows — carried from snapshot tiny",
        "  membership (Membership): 5 rows — carried from snapshot tiny",
        "  funding (Funding): 5 rows — from kinh-phi.csv",
        "  consultations (Consultation and social criticism): 2 rows — carried from snapshot tiny",
        "  legal_aid (Legal aid and mediation): 2 rows — carried from snapshot tiny",
        "  welfare (Social welfare and charity): 3 rows — carried from snapshot tiny",
        "  lineage (Association lineage): 0 rows — carried from snapshot tiny",
        "Changes compared with snapshot tiny.",
        "0 errors, 0 warnings.",
        "Completeness of the new snapshot — 2023: 3 active associations; reported members 3 (100.0%), "
        "funding 3 (100.0%), activity 2 (66.7%).",
        f"Published snapshot {snap.id} (figures as of 2023-12-31) in {snap.path}.",
    ]


def test_cli_import_prints_every_error_and_exits_non_zero(tmp_path, cli_store, capsys):
    grid = sheet("funding")
    grid[1][2], grid[2][3] = "?", "abc"
    path = write_xlsx(tmp_path / "kinh-phi.xlsx", {"Kinh phí": grid})
    before = store_bytes(cli_store)
    code = main(["import", str(path), "--as-of", "2023-12-31", "--base", "tiny", "--lang", "vi"])
    out = capsys.readouterr().out
    assert code == 1
    assert "Lỗi — tệp kinh-phi.xlsx, trang tính «Kinh phí», dòng 2, cột «Nguồn kinh phí»: Giá trị «?»" in out
    assert "Lỗi — tệp kinh-phi.xlsx, trang tính «Kinh phí», dòng 3, cột «Số tiền (đồng)»: «abc» không phải là số." in out
    assert out.strip().endswith("Có lỗi nên KHÔNG công bố bản dữ liệu nào. Hãy sửa các lỗi trên rồi nhập lại.")
    assert store_bytes(cli_store) == before


def test_cli_dry_run_and_a_broken_file(tmp_path, cli_store, capsys):
    good = write_csv(tmp_path / "kinh-phi.csv", sheet("funding"))
    assert main(["import", str(good), "--as-of", "2023-12-31", "--base", "tiny", "--dry-run", "--lang", "en"]) == 0
    assert capsys.readouterr().out.strip().endswith("Dry run (--dry-run): no errors. Nothing was published.")
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04" + bytes(100))
    assert main(["import", str(broken), "--as-of", "2023-12-31", "--base", "tiny", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("Error — file hong.xlsx: File “hong.xlsx” is damaged or incomplete")
    assert store_entries(cli_store) == ["tiny"]


def test_cli_imports_are_in_the_audit_log_published_refused_and_failed(tmp_path, cli_store, capsys, monkeypatch):
    from massorg.access import audit

    monkeypatch.setattr(audit, "os_user", lambda: "canbo")
    good = write_csv(tmp_path / "kinh-phi.csv", sheet("funding"))
    assert main(["import", str(good), "--as-of", "2023-12-31", "--base", "tiny", "--dry-run"]) == 0  # not logged
    assert main(["import", str(good), "--as-of", "2023-12-31", "--base", "tiny", "--label", "Quý 4"]) == 0
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04" + bytes(100))
    assert main(["import", str(broken), "--as-of", "2023-12-31", "--base", "tiny"]) == 1
    monkeypatch.setattr(store, "publish", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full")))
    other = write_csv(tmp_path / "kinh-phi-2.csv", sheet("funding")[:2])
    assert main(["import", str(other), "--as-of", "2023-12-31", "--base", "tiny"]) == 1
    capsys.readouterr()
    published, refused, failed = audit.read_entries()
    (snap,) = [s for s in store.list_snapshots(cli_store) if s.id != "tiny"]
    assert {k: published[k] for k in ("who", "via", "action", "outcome", "snapshot_id", "as_of", "label", "base",
                                      "errors", "warnings")} == {
        "who": "canbo", "via": "cli", "action": "import", "outcome": "published", "snapshot_id": snap.id,
        "as_of": "2023-12-31", "label": "Quý 4", "base": "tiny", "errors": 0, "warnings": 0}
    assert published["files"] == [{"file": "kinh-phi.csv", "sha256": hashlib.sha256(good.read_bytes()).hexdigest()}]
    assert dt.datetime.fromisoformat(published["at"]).tzinfo is not None
    assert (refused["outcome"], refused["snapshot_id"], refused["errors"]) == ("refused", None, 1)
    assert refused["files"][0]["file"] == "hong.xlsx"
    assert (failed["outcome"], failed["snapshot_id"]) == ("failed", None)
    assert main(["audit", "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert f"canbo (cli)  published  snapshot {snap.id}  files: kinh-phi.csv (sha256 " in lines[0]
    assert "refused  snapshot –  files: hong.xlsx" in lines[1] and lines[1].endswith("errors 1, warnings 0")
