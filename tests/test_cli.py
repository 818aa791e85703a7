"""python -m massorg demo | snapshots | check."""

import os
import subprocess
import sys

from massorg import config


def _massorg(root, *args, lang="en"):
    env = os.environ | {"MASSORG_SNAPSHOTS_DIR": str(root / "snapshots"), "MASSORG_CACHE_DIR": str(root / "cache"),
                        "MASSORG_LANG": lang}
    return subprocess.run([sys.executable, "-m", "massorg", *args], cwd=config.ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_demo_snapshots_check_and_a_tampered_snapshot(tmp_path):
    built = _massorg(tmp_path, "demo")
    assert built.returncode == 0, built.stderr
    assert "demo-2024-12-31" in built.stdout

    listed = _massorg(tmp_path, "snapshots", lang="vi")
    assert listed.returncode == 0
    # the newest demo, the new province at 30/6/2026, is the default; 2024's is listed too
    assert "demo-2026-06-30  tính đến 30/06/2026  [DỮ LIỆU MẪU, mặc định]" in listed.stdout
    assert "demo-2024-12-31  tính đến 31/12/2024  [DỮ LIỆU MẪU]" in listed.stdout
    assert "membership 7.210" in listed.stdout

    ok = _massorg(tmp_path, "check")
    assert ok.returncode == 0 and "passed the check" in ok.stdout

    funding = tmp_path / "snapshots" / "demo-2023-12-31" / "funding.parquet"
    funding.write_bytes(funding.read_bytes()[:-100])
    bad = _massorg(tmp_path, "check", "demo-2023-12-31")
    assert bad.returncode == 1
    assert "File funding.parquet was modified after publishing (sha256 does not match)." in bad.stdout
    assert "FAILED the check" in bad.stdout

    missing = _massorg(tmp_path, "check", "nope")
    assert missing.returncode == 1 and "No snapshot “nope”" in missing.stdout


def test_check_reports_rule_violations_readably(tmp_path):
    """A snapshot that breaks a rule (written by hand, bypassing validation) fails with findings."""
    from massorg.data import store
    from tests.factories import tiny_tables

    tables = tiny_tables()
    tables["consultations"].loc[0, "comments_accepted"] = 99
    store.publish(tables, snapshot_id="bad", as_of=__import__("datetime").date(2023, 12, 31), label="bad",
                  is_demo=False, root=tmp_path / "snapshots")
    result = _massorg(tmp_path, "check", "bad")
    assert result.returncode == 1
    assert "Error — table “consultations”, record 1, column “comments_accepted”: " \
           "Comments accepted (99) exceed comments submitted (10)." in result.stdout
