"""Import in the browser (the Data page, under AppTest): only stewards get it; a workbook with an error
shows the located finding and cannot be published; fixed, it shows the comparison with its base and
publishes through the command line's path; the new snapshot opens; the audit log names the steward."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from massorg.access import audit
from massorg.data import store
from massorg.data.schema import TABLES
from massorg.ui import web_import
from tests.access_support import PEOPLE, REAL_ID
from tests.test_ingest_samples import labels, write_xlsx

PAGE = "pages/data.py"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _funding_workbook(tmp_path, amount) -> bytes:
    """Three funding rows of the real snapshot, the first with `amount` as its amount."""
    funding = store.open_snapshot(REAL_ID).read("funding").head(3)
    rows = [[None if v is None else (v.item() if hasattr(v, "item") else v) for v in r]
            for r in funding[TABLES["funding"].column_names].itertuples(index=False)]
    rows[0][TABLES["funding"].column_names.index("amount_vnd")] = amount
    path = write_xlsx(tmp_path / "kinh-phi.xlsx", {"Kinh phí": [labels("funding"), *rows]})
    return path.read_bytes()


def _steward(app, grants):
    users = grants(PEOPLE)
    return app(PAGE, user=users["qly@sonoivu.vn"])


def _uploader(at):
    return next(u for u in at.get("file_uploader"))


def test_only_stewards_and_admins_get_the_import(app, real_store, grants):
    users = grants(PEOPLE)
    viewer = app(PAGE, user=users["xem@tinh.vn"])
    assert not viewer.exception
    assert not [s for s in viewer.subheader if s.value == "Nhập báo cáo của tỉnh"]
    assert not list(viewer.get("file_uploader"))
    anonymous = app(PAGE)
    assert not list(anonymous.get("file_uploader"))
    admin = app(PAGE, user=users["qtri@sonoivu.vn"])
    assert [s for s in admin.subheader if s.value == "Nhập báo cáo của tỉnh"]


def test_a_steward_checks_sees_the_error_fixes_it_and_publishes(app, real_store, grants, tmp_path):
    at = _steward(app, grants)
    assert not at.exception
    assert any("tối đa 10 tệp, mỗi tệp tối đa 20 MB" in c.value for c in at.caption)
    assert at.selectbox(key="import_base").options[1:] == [f"30/06/2025 — {REAL_ID}"]  # real snapshots only
    _uploader(at).set_value(("kinh-phi.xlsx", _funding_workbook(tmp_path, "abc"), XLSX))
    # the base holds old districts, which end on 30/6/2025: a report keyed to them is as of that day at the latest
    at.date_input(key="import_as_of").set_value(dt.date(2025, 6, 30))
    at.text_input(key="import_label").set_value("Báo cáo 6 tháng 2025, sửa")
    at.selectbox(key="import_base").set_value(REAL_ID)
    at.run()
    at.button(key="import_check").click().run()
    assert not at.exception
    texts = "\n".join(m.value for m in at.markdown).replace("\\", "")
    assert "Lỗi — tệp kinh-phi.xlsx, trang tính «Kinh phí», dòng 2, cột «Số tiền (đồng)»: «abc» không phải là số." in texts
    assert any("Còn lỗi nên chưa thể công bố" in e.value for e in at.error)
    assert not [b for b in at.button if b.key == "import_publish"]
    assert store.list_snapshots()[0].id == REAL_ID  # nothing published
    (refused,) = audit.read_entries()
    assert (refused["who"], refused["via"], refused["outcome"], refused["errors"]) == ("qly@sonoivu.vn", "web",
                                                                                      "refused", 1)

    _uploader(at).set_value(("kinh-phi.xlsx", _funding_workbook(tmp_path, 123_456_789), XLSX))
    at.run()
    assert any("thay đổi sau lần kiểm tra" in i.value for i in at.info)  # a new file needs a new check
    at.button(key="import_check").click().run()
    assert not at.exception
    assert any(c.value == "0 lỗi, 0 cảnh báo." for c in at.caption)
    # the import's tables come after the page's own comparison of two published snapshots
    changes = [df.value for df in at.dataframe if "Dòng sửa" in df.value.columns][-1].set_index("Bảng")
    assert changes.loc["Kinh phí", ["Dòng thêm", "Dòng bớt", "Dòng sửa"]].tolist() == [0, 0, 1]
    assert changes.loc["Hội viên", ["Dòng thêm", "Dòng bớt", "Dòng sửa"]].tolist() == [0, 0, 0]
    indicators = [df.value for df in at.dataframe if "Chỉ số" in df.value.columns][-1].set_index("Chỉ số")
    # numbers in the indicator's unit (the first row's amount went from its old value to 123.456.789 đồng)
    assert indicators.loc["Tổng kinh phí (tổng các năm) (tỷ đồng)", "Chênh lệch"] != 0
    assert indicators.loc["Số cuộc tư vấn, phản biện xã hội (cuộc)", "Chênh lệch"] == 0

    at.button(key="import_publish").click().run()
    assert not at.exception
    (newest,) = [s for s in store.list_snapshots() if s.id != REAL_ID and not s.is_demo]
    assert newest.label == "Báo cáo 6 tháng 2025, sửa" and newest.as_of == dt.date(2025, 6, 30)
    assert [s["file"] for s in newest.manifest["sources"] if s["kind"] == "file"] == ["kinh-phi.xlsx"]
    assert any(newest.id in s.value for s in at.success)
    assert at.selectbox(key="snapshot").value == newest.id  # the new snapshot is open
    published = audit.read_entries()[-1]
    assert (published["who"], published["via"], published["outcome"], published["snapshot_id"]) == (
        "qly@sonoivu.vn", "web", "published", newest.id)


def test_a_steward_whose_grant_was_revoked_cannot_publish(app, real_store, grants, tmp_path):
    at = _steward(app, grants)
    _uploader(at).set_value(("kinh-phi.xlsx", _funding_workbook(tmp_path, 5_000_000), XLSX))
    at.selectbox(key="import_base").set_value(REAL_ID)
    at.date_input(key="import_as_of").set_value(dt.date(2025, 6, 30))
    at.run()
    at.button(key="import_check").click().run()
    assert [b for b in at.button if b.key == "import_publish"]  # the check passed: only the grant is missing
    grants({k: v for k, v in PEOPLE.items() if k != "qly@sonoivu.vn"})  # revoked while the page is open
    at.button(key="import_publish").click().run()
    assert not at.exception
    assert not [s for s in store.list_snapshots() if s.id != REAL_ID and not s.is_demo]
    assert not [e for e in audit.read_entries() if e["outcome"] == "published"]


@pytest.mark.parametrize("count, size, expected", [
    (11, 10, "Đã tải lên 11 tệp; mỗi lần chỉ nhập được tối đa 10 tệp."),
    (1, 21 * 1024 * 1024, "Tệp “f0.csv” nặng 21.0 MB; mỗi tệp chỉ được tối đa 20 MB."),
])
def test_upload_limits_are_stated_in_the_message(count, size, expected):
    class Upload:
        def __init__(self, i):
            self.name, self.size = f"f{i}.csv", size

    from massorg.i18n import t

    problem = web_import._limits_problem([Upload(i) for i in range(count)], lambda key, **p: t(key, "vi", **p))
    assert problem.startswith(expected)


def test_a_file_that_is_not_a_spreadsheet_is_a_located_finding(app, real_store, grants):
    at = _steward(app, grants)
    _uploader(at).set_value(("anh.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png"))
    at.run()
    at.button(key="import_check").click().run()
    texts = "\n".join(m.value for m in at.markdown).replace("\\", "")
    assert "Lỗi — tệp anh.png:" in texts and "không phải là" in texts


def _associations_workbook(tmp_path) -> bytes:
    """The real snapshot's associations (on the units before 1/7/2025) as a report."""
    associations = store.open_snapshot(REAL_ID).read("associations")
    rows = [[None if v is None or v is pd.NA or v != v else (v.item() if hasattr(v, "item") else v) for v in r]
            for r in associations[TABLES["associations"].column_names].itertuples(index=False)]
    path = write_xlsx(tmp_path / "hoi.xlsx", {"Hội": [labels("associations"), *rows]})
    return path.read_bytes()


def test_a_report_of_the_old_units_checked_as_of_today_asks_whether_the_date_is_right(app, real_store, grants,
                                                                                        tmp_path):
    """The as-of date defaults to today: a steward importing the first half of 2025 on the old units gets
    one error per association and, above them, the sentence that names the likely cause."""
    at = _steward(app, grants)
    _uploader(at).set_value(("hoi.xlsx", _associations_workbook(tmp_path), XLSX))
    at.date_input(key="import_as_of").set_value(dt.date(2026, 12, 1))
    at.selectbox(key="import_base").set_value(REAL_ID)
    at.run()
    at.button(key="import_check").click().run()
    assert not at.exception
    hints = [i.value for i in at.info if "ngày tính đến (01/12/2026)" in i.value]
    assert len(hints) == 1 and hints[0].startswith("Cả ") and "30/06/2025" in hints[0]
    errors_line = next(c.value for c in at.caption if c.value.endswith("cảnh báo."))
    assert errors_line.startswith(hints[0].split()[1] + " lỗi")  # the hint counts every error
    assert not [b for b in at.button if b.key == "import_publish"]


def test_a_check_works_out_its_comparison_and_completeness_once_not_on_every_rerun(app, real_store, grants,
                                                                                   tmp_path, monkeypatch):
    """At ×100 each reads millions of rows: a click elsewhere on the page must not do it again."""
    calls = {"comparison": 0, "completeness": 0}

    def counted(name, real):
        def call(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)
        return call

    monkeypatch.setattr(web_import, "compare_with_import", counted("comparison", web_import.compare_with_import))
    monkeypatch.setattr(web_import, "completeness_line", counted("completeness", web_import.completeness_line))
    at = _steward(app, grants)
    _uploader(at).set_value(("kinh-phi.xlsx", _funding_workbook(tmp_path, 123_456_789), XLSX))
    at.date_input(key="import_as_of").set_value(dt.date(2025, 6, 30))
    at.selectbox(key="import_base").set_value(REAL_ID)
    at.run()
    at.button(key="import_check").click().run()
    assert not at.exception and any(c.value == "0 lỗi, 0 cảnh báo." for c in at.caption)
    assert calls == {"comparison": 1, "completeness": 1}
    at.run()
    at.run()
    assert [b for b in at.button if b.key == "import_publish"]  # still shown, from what was kept
    assert calls == {"comparison": 1, "completeness": 1}
