"""The grants file: rows read into grants, errors that say where, re-read on change, validity dates,
and `python -m massorg grant | revoke | grants` managing it."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from massorg import config, geography
from massorg.access.grants import GrantsError, find_grant, load_grants, parse_grants, set_grant

HEADER = "subject,role,scope,valid_from,valid_to\n"
DAY = dt.date(2026, 6, 1)


def _write(path, text):
    path.write_text(HEADER + text, encoding="utf-8")
    return path


def test_rows_become_grants_with_merged_units_and_dates(tmp_path):
    path = _write(tmp_path / "grants.csv",
                  "Steward@SoNoiVu.vn,steward,all,2026-01-01,\n"
                  "xem@dalat.vn,viewer,672 682,01/01/2026,31/12/2026\n"
                  "\n"
                  "old@x.vn,viewer,673,2025-01-01,2025-12-31\n")
    steward, viewer, old = load_grants(path)
    assert (steward.role, steward.units, steward.scope_text) == ("steward", None, "all")
    # the merged Đạ Huoai (682) keeps the history of Đạ Huoai (681) and Cát Tiên (683); from 1/7/2025 the new units lying wholly inside
    # Đà Lạt or the merged Đạ Huoai (682) follow, and no unit that straddles another district does
    inside = geography.old_district_of_new_units()
    new_units = sorted(u for u, districts in inside.items() if districts in (["672"], ["682"]))
    assert sorted(viewer.units) == sorted(["672", "681", "682", "683", *new_units]) and len(new_units) > 5
    assert not set(viewer.units) & {u for u, districts in inside.items() if len(districts) > 1}
    assert viewer.scope_text == "672 682"
    assert viewer.valid_to == dt.date(2026, 12, 31)
    assert find_grant(["steward@sonoivu.vn"], DAY, path) == steward  # e-mail matched regardless of case
    assert find_grant(["old@x.vn"], DAY, path) is None  # expired
    assert find_grant(["old@x.vn"], dt.date(2025, 12, 31), path) == old  # the last day is included
    assert find_grant(["nobody@x.vn", "sub-123"], DAY, path) is None
    assert steward.at_least("viewer") and steward.at_least("steward") and not steward.at_least("admin")


@pytest.mark.parametrize("row, message", [
    ("a@x.vn,boss,all,,", "grants.csv, row 2, column role: “boss” is not a role. Use one of: viewer, steward, admin."),
    ("a@x.vn,viewer,672 999,,", "grants.csv, row 2, column scope: unknown unit code(s) 999."),
    ("a@x.vn,viewer,,,", "grants.csv, row 2, column scope: the scope is empty."),
    ("a@x.vn,steward,672,,", "a steward works on the whole province's snapshots, so the scope must be “all”"),
    ("a@x.vn,viewer,all,2026-13-01,", "grants.csv, row 2, column valid_from: “2026-13-01” is not a date."),
    ("a@x.vn,viewer,all,2026-06-01,2026-01-01", "grants.csv, row 2: valid_to is before valid_from."),
    (",viewer,all,,", "grants.csv, row 2, column subject: the subject is empty."),
    ("a@x.vn,viewer,all,,\nA@x.vn,admin,all,,", "grants.csv, row 3, column subject: A@x.vn already has a grant on row 2."),
])
def test_bad_rows_say_where_and_what_to_do(tmp_path, row, message):
    with pytest.raises(GrantsError) as problem:
        parse_grants(HEADER + row + "\n", tmp_path / "grants.csv", "en")
    assert message in str(problem.value)


def test_missing_columns(tmp_path):
    with pytest.raises(GrantsError, match="the columns valid_from, valid_to are missing"):
        parse_grants("subject,role,scope\na@x.vn,viewer,all\n", tmp_path / "grants.csv", "en")


def test_file_is_read_again_when_it_changes(tmp_path):
    path = _write(tmp_path / "grants.csv", "a@x.vn,viewer,all,,\n")
    assert find_grant(["a@x.vn"], DAY, path) is not None
    _write(path, "b@x.vn,viewer,all,,\n")
    os.utime(path, ns=(1, 1))  # a change is seen even within the same clock tick
    assert find_grant(["a@x.vn"], DAY, path) is None
    assert find_grant(["b@x.vn"], DAY, path) is not None
    path.unlink()
    assert load_grants(path) == []


def test_set_grant_replaces_the_subjects_row(tmp_path):
    path = tmp_path / "access" / "grants.csv"
    set_grant("a@x.vn", "viewer", "672", path=path)
    set_grant("b@x.vn", "admin", "all", path=path)
    set_grant("A@X.vn", "steward", "all", valid_to=dt.date(2026, 12, 31), path=path)
    grants = load_grants(path)
    assert [(g.subject, g.role, g.scope_text) for g in grants] == [("b@x.vn", "admin", "all"),
                                                                   ("A@X.vn", "steward", "all")]
    with pytest.raises(GrantsError):
        set_grant("c@x.vn", "viewer", "nowhere", path=path)
    assert len(load_grants(path)) == 2


def _massorg(access_dir, *args, lang="en"):
    env = os.environ | {"MASSORG_ACCESS_DIR": str(access_dir), "MASSORG_LANG": lang}
    return subprocess.run([sys.executable, "-m", "massorg", *args], cwd=config.ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_grant_revoke_and_list_from_the_command_line(tmp_path):
    empty = _massorg(tmp_path, "grants")
    assert empty.returncode == 0 and "No grants yet" in empty.stdout
    done = _massorg(tmp_path, "grant", "xem@dalat.vn", "--role", "viewer", "--units", "672", "673")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "xem@dalat.vn: viewer, scope 672 673" in done.stdout
    _massorg(tmp_path, "grant", "admin@sonoivu.vn", "--role", "admin", "--to", "2020-12-31")
    listed = _massorg(tmp_path, "grants", lang="vi")
    assert "xem@dalat.vn  viewer  phạm vi 672 673  từ – đến –  đang có hiệu lực" in listed.stdout
    assert "admin@sonoivu.vn  admin  phạm vi all  từ – đến 31/12/2020  KHÔNG có hiệu lực hôm nay" in listed.stdout
    bad = _massorg(tmp_path, "grant", "x@y.vn", "--role", "viewer", "--units", "999")
    assert bad.returncode == 2 and "unknown unit code(s) 999" in bad.stdout
    assert _massorg(tmp_path, "revoke", "XEM@dalat.vn").returncode == 0
    assert "xem@dalat.vn" not in _massorg(tmp_path, "grants").stdout
    again = _massorg(tmp_path, "revoke", "xem@dalat.vn")
    assert again.returncode == 1 and "has no grant" in again.stdout
    (tmp_path / "grants.csv").write_text(HEADER + "a@x.vn,boss,all,,\n", encoding="utf-8")
    broken = _massorg(tmp_path, "grants")
    assert broken.returncode == 1 and "row 2, column role" in broken.stdout


def test_session_age_from_auth_time_or_iat():
    from massorg.access.identity import identities, session_expired

    now = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
    logged_in = int((now - dt.timedelta(hours=11, minutes=59)).timestamp())
    assert not session_expired({"auth_time": logged_in}, now, 12)
    assert session_expired({"auth_time": logged_in - 120}, now, 12)
    assert session_expired({"iat": logged_in}, now, 11)  # iat when the provider sends no auth_time
    assert session_expired({"email": "a@x.vn"}, now, 12)  # no time at all: cannot tell its age
    assert identities({"email": "a@x.vn", "sub": "u1"}) == ["a@x.vn", "u1"]
    assert identities({"email": "a@x.vn", "email_verified": False, "sub": "u1"}) == ["u1"]


def test_session_hours_setting(monkeypatch):
    monkeypatch.setenv("MASSORG_SESSION_HOURS", "8")
    assert config.session_hours() == 8
    for bad in ("soon", "0", "-3"):
        monkeypatch.setenv("MASSORG_SESSION_HOURS", bad)
        assert config.session_hours() == 12
