"""The scheduled pack: its dated folder with the deck, the report, the card and the feed (files that
open, the same figures), no overwrite of an earlier pack, the refusal on a stale snapshot, and the
example systemd units in deploy/ (their command is one our parser accepts)."""

from __future__ import annotations

import configparser
import datetime as dt
import json
import shlex

import pytest
from docx import Document
from PIL import Image
from pptx import Presentation

from massorg.__main__ import main, parser
from massorg.config import ROOT
from massorg.export.pack import period_label
from tests.tools_support import required_tool

JANUARY = "2025-01-15"  # 15 days after the newest demo snapshot (as of 2024-12-31)


@pytest.mark.parametrize("every, label", [("day", "2025-01-15"), ("month", "2025-01"), ("quarter", "2025-Q1")])
def test_period_labels(every, label):
    assert period_label(dt.date.fromisoformat(JANUARY), every) == label
    assert period_label(dt.date(2026, 12, 1), "quarter") == "2026-Q4"


def test_the_pack_folder_holds_every_document_and_is_never_overwritten(demo_snapshots, tmp_path, capsys):
    required_tool("soffice")
    out = tmp_path / "packs"
    assert main(["pack", "--out", str(out), "--every", "month", "--max-age-days", "31", "--date", JANUARY,
                 "--lang", "vi"]) == 0
    folder = out / "2025-01_demo-2024-12-31"
    assert capsys.readouterr().out.startswith(f"Đã lập gói {folder}: ")
    stem = "_2014-2024_demo-2024-12-31"
    assert sorted(p.name for p in out.iterdir()) == [folder.name]  # no temporary folder left
    assert sorted(p.name for p in folder.iterdir()) == sorted([
        f"trinh-chieu-hoi-quan-chung{stem}.pptx", f"bao-cao-hoi-quan-chung{stem}.docx",
        f"bao-cao-hoi-quan-chung{stem}.pdf", f"the-tom-tat-hoi-quan-chung{stem}.png",
        f"the-tom-tat-hoi-quan-chung{stem}.pdf", "indicators.csv", "indicators.json", "pack.json"])
    assert len(Presentation(str(folder / f"trinh-chieu-hoi-quan-chung{stem}.pptx")).slides) == 10
    report = Document(str(folder / f"bao-cao-hoi-quan-chung{stem}.docx"))
    assert "Lâm Đồng, ngày 15 tháng 01 năm 2025" in report.tables[0].cell(1, 1).text
    assert (folder / f"bao-cao-hoi-quan-chung{stem}.pdf").read_bytes().startswith(b"%PDF")
    assert Image.open(folder / f"the-tom-tat-hoi-quan-chung{stem}.png").size == (1080, 1350)
    manifest = json.loads((folder / "pack.json").read_text(encoding="utf-8"))
    assert (manifest["snapshot_id"], manifest["made_on"], manifest["is_demo"]) == ("demo-2024-12-31", JANUARY, True)
    feed = json.loads((folder / "indicators.json").read_text(encoding="utf-8"))
    assert feed["snapshot_id"] == "demo-2024-12-31"

    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert main(["pack", "--out", str(out), "--date", "2025-01-31", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith(f"The pack {folder} already exists and is not overwritten")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_stale_snapshot_stops_the_pack_with_a_message(demo_snapshots, tmp_path, capsys):
    out = tmp_path / "packs"
    assert main(["pack", "--out", str(out), "--max-age-days", "90", "--date", "2026-12-01", "--lang", "en"]) == 1
    assert capsys.readouterr().err.strip() == (
        "python -m massorg pack: The newest snapshot demo-2024-12-31 is as of 2024-12-31, 700 days ago: older than "
        "the allowed 90 days. No pack written: import new reports, or allow more with --max-age-days.")
    assert not out.exists()


def test_the_example_systemd_units_run_the_pack_monthly():
    service = configparser.ConfigParser(strict=False, interpolation=None)
    service.optionxform = str
    service.read(ROOT / "deploy" / "massorg-pack.service", encoding="utf-8")
    assert service["Service"]["Type"] == "oneshot"
    command = shlex.split(service["Service"]["ExecStart"])
    assert command[1:3] == ["-m", "massorg"]
    args = parser().parse_args(command[3:])
    assert (args.command, args.every, args.max_age_days) == ("pack", "month", 100)
    timer = configparser.ConfigParser(strict=False, interpolation=None)
    timer.optionxform = str
    timer.read(ROOT / "deploy" / "massorg-pack.timer", encoding="utf-8")
    assert timer["Timer"]["OnCalendar"] == "*-*-01 06:00:00" and timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"
