"""The Data page under AppTest: the snapshot list, the manifest and validation report of the snapshot in
view, the comparison of two snapshots chosen by link (?old=&new=), bad links, English."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest

from massorg.data.validate import WARNING, Finding

PAGE = "pages/data.py"
OLD, NEW = "demo-2023-12-31", "demo-2024-12-31"
IMPORT_ID = "2025-03-31_quy-1-2025_20250405T090000"


def _frame(at, first_header: str) -> pd.DataFrame:
    """The shown table whose first column has this header."""
    for df in at.dataframe:
        if df.value.columns[0] == first_header:
            return df.value
    raise AssertionError(f"no table starting with {first_header!r}: {[d.value.columns[0] for d in at.dataframe]}")


def _changes(at) -> pd.DataFrame:
    """The table of rows added / removed / changed per table."""
    for df in at.dataframe:
        if "Dòng thêm" in df.value.columns:
            return df.value.set_index("Bảng")
    raise AssertionError("no table of changes")


def _keyed(tables: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    from massorg.data.schema import TABLES

    key = list(TABLES[name].primary_key)
    return tables[name].astype({k: str for k in key}).set_index(key)


def _expected_table_changes(old: dict, new: dict, name: str) -> tuple[int, int, int]:
    """Rows added, removed and changed, worked out here with pandas joins on the primary key."""
    before, after = _keyed(old, name), _keyed(new, name)
    common = before.index.intersection(after.index)
    a, b = before.loc[common].sort_index(), after.loc[common].sort_index()
    differs = ~((a == b) | (a.isna() & b.isna())).all(axis=1)
    return len(after.index.difference(before.index)), len(before.index.difference(after.index)), int(differs.sum())


def test_default_lists_snapshots_and_compares_the_two_newest(app, demo_snapshots):
    at = app(PAGE)
    assert not at.exception
    assert at.title[0].value == "Dữ liệu: các bản dữ liệu, kiểm tra và so sánh"
    listed = _frame(at, "Mã bản dữ liệu")
    assert listed["Mã bản dữ liệu"].tolist() == [NEW, OLD]
    assert listed["Tính đến"].tolist() == [dt.date(2024, 12, 31), dt.date(2023, 12, 31)]
    assert listed["Loại"].tolist() == ["Dữ liệu mẫu", "Dữ liệu mẫu"]
    # one total per snapshot; the rows of each table are in the files table and the comparison (a
    # column per table made the list too wide for a 1366-wide screen)
    assert listed["Tổng số dòng"].tolist() == [sum(s.row_counts.values()) for s in demo_snapshots[:2]]
    assert "Hội" not in listed.columns and "Tư vấn, phản biện" not in listed.columns
    # The snapshot in view (the sidebar's, the newest) and its clean validation report.
    assert any(m.label == "Tính đến" and m.value == "31/12/2024" for m in at.metric)
    assert any(m.label == "Cảnh báo" and m.value == "0" for m in at.metric)
    assert any("không có lỗi và không có cảnh báo" in s.value for s in at.success)
    # Comparison defaults to the two newest, and the link remembers them.
    assert at.selectbox(key="data_old").value == OLD
    assert at.selectbox(key="data_new").value == NEW
    assert at.query_params["old"] in (OLD, [OLD]) and at.query_params["new"] in (NEW, [NEW])
    old, new = demo_snapshots[1].read_all(), demo_snapshots[0].read_all()
    changes = _frame(at, "Bảng").set_index("Bảng")  # the first table headed "Bảng" is the manifest's
    assert changes.loc["Hội viên", "Số dòng"] == 7210
    diff = _changes(at)
    for name, label in (("membership", "Hội viên"), ("funding", "Kinh phí"), ("associations", "Hội"),
                        ("welfare", "An sinh, từ thiện")):
        added, removed, changed = _expected_table_changes(old, new, name)
        assert (diff.loc[label, "Dòng thêm"], diff.loc[label, "Dòng bớt"], diff.loc[label, "Dòng sửa"]) == (
            added, removed, changed), name
    late = (new["membership"].year == 2023).sum() - (old["membership"].year == 2023).sum()
    assert late == 17  # the demo's late 2023 reports (the end-2023 snapshot's completeness gap)
    # one new year-end count per association active in 2024, and the 2023 counts that came late
    assert diff.loc["Hội viên", "Dòng thêm"] == 672 + late
    indicators = _frame(at, "Chỉ số").set_index("Chỉ số")
    meetings = indicators.loc["Số cuộc tư vấn, phản biện xã hội (cuộc)"]
    assert (meetings["Bản cũ"], meetings["Bản mới"]) == (len(old["consultations"]), 198)
    assert meetings["Chênh lệch"] == 198 - len(old["consultations"])
    assert indicators.loc["Số hội đang hoạt động (năm cuối) (hội)", ["Năm (bản mới)", "Bản mới"]].tolist() == [2024, 672]
    assert indicators.loc["Số hội viên (năm cuối) (người)", ["Năm (bản mới)", "Bản mới"]].tolist() == [2024, 519_386]
    budget = indicators.loc["Kinh phí ngân sách nhà nước (tổng các năm) (tỷ đồng)", "Bản mới"]
    assert f"{budget:.1f}" == "109.9"
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Tải mẫu báo cáo (Excel)" in labels


def test_two_snapshots_chosen_by_link(app, demo_snapshots):
    at = app(PAGE, old=NEW, new=OLD)  # the comparison read backwards: what the later snapshot lacks
    assert not at.exception
    assert at.selectbox(key="data_old").value == NEW
    assert at.selectbox(key="data_new").value == OLD
    diff = _changes(at)
    assert diff.loc["Hội viên", "Dòng thêm"] == 0
    assert diff.loc["Hội viên", "Dòng bớt"] == 672 + 17  # 2024's counts and the 2023 ones that came late
    indicators = _frame(at, "Chỉ số").set_index("Chỉ số")
    assert indicators.loc["Số cuộc tư vấn, phản biện xã hội (cuộc)", "Bản cũ"] == 198
    assert not at.info  # nothing wrong with this link


def test_choosing_in_the_page_updates_the_link(app):
    at = app(PAGE)
    at.selectbox(key="data_old").set_value(NEW).run()
    assert not at.exception
    assert at.query_params["old"] in (NEW, [NEW])
    assert any("cùng một bản dữ liệu" in i.value for i in at.info)  # old == new: a sentence, no tables
    assert not any(df.value.columns[0] == "Chỉ số" for df in at.dataframe)


def test_unknown_ids_in_the_link_get_a_small_notice(app):
    at = app(PAGE, old="khong-co", new="2099-01-01_x")
    assert not at.exception
    notices = [i.value.replace("\\", "") for i in at.info]  # the ids are markdown-escaped (plain text)
    assert any("khong-co" in n and "2099-01-01_x" in n for n in notices), notices
    assert at.selectbox(key="data_old").value == OLD
    assert at.selectbox(key="data_new").value == NEW
    assert at.query_params["old"] in (OLD, [OLD])  # the link is repaired


def test_english(app):
    at = app(PAGE, lang="en")
    assert not at.exception
    assert at.title[0].value == "Data: snapshots, validation and comparison"
    listed = _frame(at, "Snapshot id")
    assert listed["Kind"].tolist() == ["Demo data", "Demo data"]
    assert any(m.label == "As of" and m.value == "2024-12-31" for m in at.metric)
    assert any(m.label == "Total rows" and m.value == "44,034" for m in at.metric)
    indicators = _frame(at, "Indicator").set_index("Indicator")
    assert indicators.loc["Members (latest year) (people)", ["Year (new)", "New"]].tolist() == [2024, 519_386]
    assert f'{indicators.loc["State-budget funds (all years) (VND bn)", "New"]:.1f}' == "109.9"
    assert at.selectbox(key="data_old").label == "Old snapshot"


# A store with one real import on top of the demo: a changed funding row, a removed welfare row, and
# warnings with their places in the file.
NO_REPORT = Finding(WARNING, "no_report", "associations", row=4, column="association_id", value="X150",
                    params={"years": "2023"}, file="bao-cao-quy-1.xlsx", sheet="Hội", excel_row=7, header="Mã hội")
FUTURE_RULE = Finding(WARNING, "rule_from_a_newer_importer", "funding", row=0, column="amount_vnd", value=5,
                      file="bao-cao-quy-1.xlsx", sheet="Kinh phí", excel_row=3, header="Số tiền (đồng)")


@pytest.fixture
def imported_store(tmp_path, demo_snapshots, monkeypatch):
    from massorg.data import store

    root = tmp_path / "snapshots"
    for snap in demo_snapshots:
        shutil.copytree(snap.path, root / snap.id)
    tables = demo_snapshots[0].read_all()
    funding = tables["funding"].copy()
    funding.loc[0, "amount_vnd"] = int(funding.loc[0, "amount_vnd"]) + 2_000_000_000
    tables["funding"] = funding
    tables["welfare"] = tables["welfare"].iloc[1:].reset_index(drop=True)
    store.publish(
        tables, snapshot_id=IMPORT_ID, as_of=dt.date(2025, 3, 31), label="Báo cáo quý 1/2025", is_demo=False,
        sources=[{"file": "bao-cao-quy-1.xlsx", "sha256": "ab" * 32, "bytes": 48_213, "kind": "file",
                  "tables": ["funding", "welfare"]},
                 {"file": NEW, "sha256": "", "bytes": 0, "kind": "snapshot", "tables": ["units", "associations"]}],
        validation={"errors": [], "warnings": [NO_REPORT.to_dict(), FUTURE_RULE.to_dict()]},
        created_at=dt.datetime(2025, 4, 5, 2, 0, tzinfo=dt.UTC), root=root,
    )
    monkeypatch.setenv("MASSORG_SNAPSHOTS_DIR", str(root))
    return root


def test_a_real_import_shows_its_sources_warnings_and_changes(app, imported_store, grants):
    users = grants({"steward@sonoivu.vn": ("steward", "all")})
    at = app(PAGE, user=users["steward@sonoivu.vn"])
    assert not at.exception
    assert not at.warning  # real data: no demo notice
    listed = _frame(at, "Mã bản dữ liệu")
    assert listed["Mã bản dữ liệu"].tolist() == [IMPORT_ID, NEW, OLD]
    assert listed.loc[0, "Loại"] == "Dữ liệu thật"
    assert listed.loc[0, "Tạo lúc (giờ Việt Nam)"] == pd.Timestamp(2025, 4, 5, 9, 0)
    assert listed.loc[0, "Tệp nguồn (SHA-256)"] == f"bao-cao-quy-1.xlsx ({'ab' * 6}); {NEW} (không có mã băm)"
    sources = _frame(at, "Tệp hoặc nguồn")
    assert sources.to_dict("records") == [
        {"Tệp hoặc nguồn": "bao-cao-quy-1.xlsx", "Loại nguồn": "Tệp báo cáo nhập vào",
         "Bảng lấy từ nguồn này": "Kinh phí, An sinh, từ thiện", "Dung lượng (byte)": "48.213", "SHA-256": "ab" * 32},
        {"Tệp hoặc nguồn": NEW, "Loại nguồn": "Giữ nguyên từ bản dữ liệu trước",
         "Bảng lấy từ nguồn này": "Đơn vị hành chính, Hội", "Dung lượng (byte)": "–", "SHA-256": "không có mã băm"},
    ]
    assert any(m.label == "Cảnh báo" and m.value == "2" for m in at.metric)
    sentences = [
        "Cảnh báo — tệp bao-cao-quy-1.xlsx, trang tính «Hội», dòng 7, cột «Mã hội»: "
        "Hội «X150» đang hoạt động nhưng không báo cáo số hội viên các năm: 2023.",
        "Cảnh báo — tệp bao-cao-quy-1.xlsx, trang tính «Kinh phí», dòng 3, cột «Số tiền (đồng)»: "
        "Quy tắc «rule_from_a_newer_importer», giá trị «5»",
    ]
    # The list shows each sentence whole (markdown-escaped); the table beside it splits place and message.
    listed_findings = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("- ")]
    assert listed_findings == ["\n".join(f"- {s}" for s in sentences)]
    report = _frame(at, "Mức độ")
    assert report.to_dict("records") == [
        {"Mức độ": "Cảnh báo", "Bảng": "Hội", "Vị trí": "tệp bao-cao-quy-1.xlsx, trang tính «Hội», dòng 7, cột «Mã hội»",
         "Nội dung": "Hội «X150» đang hoạt động nhưng không báo cáo số hội viên các năm: 2023."},
        {"Mức độ": "Cảnh báo", "Bảng": "Kinh phí",
         "Vị trí": "tệp bao-cao-quy-1.xlsx, trang tính «Kinh phí», dòng 3, cột «Số tiền (đồng)»",
         "Nội dung": "Quy tắc «rule_from_a_newer_importer», giá trị «5»"},
    ]
    # The default comparison is the import against the newest demo snapshot.
    assert at.selectbox(key="data_old").value == NEW and at.selectbox(key="data_new").value == IMPORT_ID
    diff = _changes(at)
    assert diff.loc["Kinh phí", ["Dòng thêm", "Dòng bớt", "Dòng sửa"]].tolist() == [0, 0, 1]
    assert diff.loc["Kinh phí", "Cột có thay đổi (số dòng)"] == "Số tiền (đồng) (1)"
    assert diff.loc["An sinh, từ thiện", ["Dòng thêm", "Dòng bớt", "Dòng sửa"]].tolist() == [0, 1, 0]
    assert diff.loc["Hội viên", ["Dòng thêm", "Dòng bớt", "Dòng sửa"]].tolist() == [0, 0, 0]
    indicators = _frame(at, "Chỉ số").set_index("Chỉ số")
    assert indicators.loc["Tổng kinh phí (tổng các năm) (tỷ đồng)", "Chênh lệch"] == pytest.approx(2.0, abs=0.05)
    assert indicators.loc["Số cuộc tư vấn, phản biện xã hội (cuộc)", "Chênh lệch"] == 0


def test_a_single_snapshot_cannot_be_compared(app, tmp_path, demo_snapshots, monkeypatch):
    root = tmp_path / "one"
    shutil.copytree(demo_snapshots[0].path, root / NEW)
    monkeypatch.setenv("MASSORG_SNAPSHOTS_DIR", str(root))
    at = app(PAGE, old=OLD)
    assert not at.exception
    assert any("ít nhất hai bản dữ liệu" in i.value for i in at.info)
