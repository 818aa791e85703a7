"""Roles on every page under AppTest (st.user seeded): anonymous visitors see the demo only, whatever
the link says; a viewer scoped to Đà Lạt gets only Đà Lạt in the unit filter, the figures and the Data
page is not theirs; a revoked grant or an old session falls back to the demo."""

from __future__ import annotations

import time

import pytest

from massorg.access.scope import scoped
from massorg.data import queries, store
from tests.access_support import PEOPLE, REAL_ID
from tests.pages_support import metrics

PAGES = ["pages/overview.py", "pages/funding.py", "pages/membership.py", "pages/consultation.py",
         "pages/legal_aid.py", "pages/welfare.py", "pages/directory.py", "pages/presentation.py", "pages/data.py"]


def _texts(at) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "title", "subheader")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts) + "\n" + "\n".join(str(o) for o in at.selectbox(key="snapshot").options)


def test_anonymous_visitor_sees_only_demo_snapshots_whatever_the_link_says(app, real_store):
    at = app(snapshot=REAL_ID)
    assert not at.exception
    assert at.selectbox(key="snapshot").value == "demo-2024-12-31"
    assert len(at.selectbox(key="snapshot").options) == 2  # the two demo snapshots, not the real one
    assert any("snapshot" in i.value for i in at.info)  # the usual notice about a link value not valid
    assert REAL_ID not in _texts(at)
    data = app("pages/data.py", snapshot=REAL_ID)
    assert not data.exception
    listed = [df.value for df in data.dataframe if df.value.columns[0] == "Mã bản dữ liệu"][0]
    assert listed["Mã bản dữ liệu"].tolist() == ["demo-2024-12-31", "demo-2023-12-31"]
    assert REAL_ID not in _texts(data)


def test_without_login_configured_there_is_no_sign_in_button(app, real_store):
    at = app()
    assert not [b for b in at.button if b.key in ("sign_in", "sign_out")]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("person", [None, *PEOPLE], ids=["anonymous", *PEOPLE])
def test_every_role_on_every_page(app, real_store, grants, page, person):
    users = grants(PEOPLE)
    at = app(user=users.get(person))
    assert not at.exception
    if page == "pages/data.py" and person == "xem@dalat.vn":
        return  # not in a unit-scoped viewer's navigation (tested below)
    at.switch_page(page).run()
    assert not at.exception, at.exception
    shown = at.selectbox(key="snapshot")
    expected = "demo-2024-12-31" if person is None else REAL_ID
    assert shown.value == expected


def test_scoped_viewer_gets_only_their_units(app, real_store, grants):
    users = grants(PEOPLE)
    at = app(user=users["xem@dalat.vn"], units=["672", "673"])
    assert not at.exception
    units = at.multiselect(key="units")
    assert units.options == ["Đà Lạt (Da Lat)"]
    assert units.value == ["672"]  # 673 (Bảo Lộc) from the link is dropped ...
    assert any("units" in i.value for i in at.info)  # ... with the usual notice
    view = scoped(store.open_snapshot(REAL_ID), ("672",))
    kpis = queries.run("overview_kpis", view, queries.Filters(year_from=2014, year_to=2024)).set_index("year")
    whole = queries.run("overview_kpis", store.open_snapshot(REAL_ID)).set_index("year")
    shown = metrics(at)
    members = next(value for label, (value, _) in shown.items() if label.startswith("Hội viên"))
    assert members.replace(".", "") == str(int(kpis.loc[2024, "members"]))
    assert int(kpis.loc[2024, "members"]) < int(whole.loc[2024, "members"])


def test_scoped_viewer_cannot_open_the_data_page_by_link(app, real_store, grants):
    users = grants(PEOPLE)
    at = app(user=users["xem@dalat.vn"])
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/data.py")  # not registered in the navigation of this session
    at.run()
    assert not [t for t in at.title if t.value.startswith("Dữ liệu:")]


def test_signed_in_without_a_grant_sees_the_demo_and_is_told_why(app, real_store, grants):
    grants(PEOPLE)
    at = app(user={"is_logged_in": True, "email": "la@khach.vn", "sub": "u9", "iat": int(time.time())})
    assert not at.exception
    assert at.selectbox(key="snapshot").value == "demo-2024-12-31"


def test_a_revoked_grant_stops_access_at_the_next_run(app, real_store, grants):
    users = grants(PEOPLE)
    at = app(user=users["xem@tinh.vn"])
    assert at.selectbox(key="snapshot").value == REAL_ID
    grants({k: v for k, v in PEOPLE.items() if k != "xem@tinh.vn"})
    at.run()
    assert not at.exception
    assert at.selectbox(key="snapshot").value == "demo-2024-12-31"
    assert REAL_ID not in _texts(at)


def test_a_session_older_than_the_cap_is_signed_out(app, real_store, grants, monkeypatch):
    monkeypatch.setenv("MASSORG_SESSION_HOURS", "12")
    users = grants(PEOPLE)
    old = users["qtri@sonoivu.vn"] | {"auth_time": int(time.time()) - 13 * 3600, "iat": int(time.time()) - 13 * 3600}
    at = app(user=old)
    assert at.user.get("is_logged_in") is False
    at.run()
    assert at.selectbox(key="snapshot").value == "demo-2024-12-31"


def test_scoped_viewer_cannot_open_a_profile_outside_their_units(app, real_store, grants):
    users = grants(PEOPLE)
    associations = store.open_snapshot(REAL_ID).read("associations")
    outside = associations.loc[associations["unit_code"] == "673", "association_id"].iloc[0]
    at = app("pages/directory.py", user=users["xem@dalat.vn"], assoc=outside)
    assert not at.exception
    assert any(outside in i.value for i in at.info)  # "no association with this id" (in their scope)
    assert at.selectbox(key="snapshot").value == REAL_ID


def test_the_deck_of_a_scoped_viewer_holds_their_figures_only(real_store):
    import io

    from pptx import Presentation

    from massorg.export.deck import deck_bytes
    from massorg.export.slides import slide_inputs

    snapshot = store.open_snapshot(REAL_ID)
    filters = queries.Filters(year_from=2014, year_to=2024)
    view = scoped(snapshot, ("672",))
    mine = queries.run("members_by_year", view, filters).set_index("year")["members"]
    province = queries.run("members_by_year", snapshot, filters).set_index("year")["members"]
    deck = Presentation(io.BytesIO(deck_bytes(slide_inputs(view, filters, "vi"))))
    values = {round(v) for slide in deck.slides for shape in slide.shapes if shape.has_chart
              for plot in shape.chart.plots for series in plot.series for v in series.values if v is not None}
    assert int(mine.loc[2024]) in values
    assert int(province.loc[2024]) not in values


def test_admins_see_the_audit_log_and_the_grants_on_the_data_page(app, real_store, grants):
    from massorg.access import audit

    users = grants(PEOPLE)
    audit.append({"who": "qly@sonoivu.vn", "via": "web", "action": "import", "outcome": "published",
                  "snapshot_id": REAL_ID, "as_of": "2025-06-30", "files": [{"file": "bao-cao.xlsx", "sha256": "ab" * 32}],
                  "errors": 0, "warnings": 2})
    audit.append({"who": "canbo", "via": "cli", "action": "import", "outcome": "refused", "snapshot_id": None,
                  "as_of": "2025-06-30", "files": [{"file": "hong.xlsx", "sha256": "cd" * 32}], "errors": 3,
                  "warnings": 0})
    at = app("pages/data.py", user=users["qtri@sonoivu.vn"])
    assert not at.exception
    log = [df.value for df in at.dataframe if df.value.columns[0] == "Thời điểm (UTC)"][0]
    assert log[["Người thực hiện", "Từ", "Kết quả", "Bản dữ liệu", "Tệp (SHA-256)", "Lỗi"]].to_dict("records") == [
        {"Người thực hiện": "canbo", "Từ": "dòng lệnh", "Kết quả": "bị từ chối", "Bản dữ liệu": "–",
         "Tệp (SHA-256)": f"hong.xlsx ({'cd' * 6})", "Lỗi": 3},
        {"Người thực hiện": "qly@sonoivu.vn", "Từ": "trang web", "Kết quả": "đã công bố", "Bản dữ liệu": REAL_ID,
         "Tệp (SHA-256)": f"bao-cao.xlsx ({'ab' * 6})", "Lỗi": 0},
    ]
    granted = [df.value for df in at.dataframe if df.value.columns[0] == "Người (thư điện tử hoặc sub)"][0]
    assert granted.set_index("Người (thư điện tử hoặc sub)").loc["xem@dalat.vn", ["Vai trò", "Đơn vị"]].tolist() == [
        "người xem", "672"]
    steward = app("pages/data.py", user=users["qly@sonoivu.vn"])
    assert not [df for df in steward.dataframe if df.value.columns[0] == "Thời điểm (UTC)"]
    assert not [s for s in steward.subheader if s.value == "Nhật ký nhập dữ liệu"]


def _with_login(app_test):
    app_test.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                                "client_id": "c", "client_secret": "s",
                                "server_metadata_url": "http://localhost:9400/.well-known/openid-configuration"}
    return app_test


def test_with_login_configured_the_sidebar_says_who_and_why_not(real_store, grants):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    users = grants(PEOPLE)
    at = _with_login(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60))
    at.run()
    assert [b.label for b in at.button if b.key == "sign_in"] == ["Đăng nhập"]
    at = _with_login(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60))
    at.user = users["xem@dalat.vn"]
    at.run()
    assert any(c.value == "Đã đăng nhập: xem · người xem · Đà Lạt" for c in at.caption)
    assert [b.label for b in at.button if b.key == "sign_out"] == ["Đăng xuất"]
    at = _with_login(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60))
    at.user = {"is_logged_in": True, "email": "la@khach.vn", "sub": "u9", "iat": int(time.time())}
    at.run()
    assert any("la@khach.vn, u9" in w.value and "chưa được cấp quyền" in w.value for w in at.warning)
    assert at.selectbox(key="snapshot").value == "demo-2024-12-31"


def test_a_broken_grants_file_fails_closed_and_says_where(real_store, grants, access_dir):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    users = grants(PEOPLE)
    (access_dir / "grants.csv").write_text("subject,role,scope,valid_from,valid_to\nxem@tinh.vn,boss,all,,\n",
                                           encoding="utf-8")
    at = _with_login(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60))
    at.user = users["xem@tinh.vn"]
    at.run()
    assert not at.exception
    assert at.selectbox(key="snapshot").value == "demo-2024-12-31"
    assert any("tệp cấp quyền có lỗi" in w.value and "grants.csv, dòng 2, cột role" in w.value for w in at.warning)
