"""Targets and warnings: the committed targets file, đạt / chưa đạt on hand-made rows, the error for a
bad file, and the Overview's cards and missed list."""

from __future__ import annotations

import pandas as pd
import pytest

from massorg.data.queries import Filters
from massorg.targets import (
    Target,
    TargetsError,
    assess,
    committed_targets,
    missed,
    read_targets,
    target_text,
    value_text,
    whole_area,
)

HEADER = "indicator_code,area,year,measure,direction,target_value,source_document,is_demo\n"


def _kpis(**columns: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"year": [2023, 2024], **columns})


def _target(indicator: str, measure: str, value: float, direction: str = "at_least", area: str = "old",
            year: int = 2024) -> Target:
    return Target(indicator, area, year, measure, direction, value, "KH 121", True)


def test_committed_targets_are_all_labelled_demo():
    targets = committed_targets()
    assert targets and all(t.is_demo and "(mẫu)" in t.source for t in targets)
    assert {t.indicator for t in targets} >= {"members", "social_mobilisation_vnd", "meetings"}


def test_met_and_missed_on_hand_made_rows():
    kpis = _kpis(members=[1000, 1025], meetings=[18, 21], state_budget_vnd=[10e9, 12e9])
    targets = (_target("members", "growth_pct", 3), _target("meetings", "level", 20),
               _target("state_budget_vnd", "growth_pct", 10, "at_most"), _target("members", "level", 1, year=2023),
               _target("members", "growth_pct", 3, area="new"))
    results = assess(targets, kpis, "old", 2024)
    assert [(r.target.indicator, round(r.actual, 1), r.met) for r in results] == [
        ("members", 2.5, False), ("meetings", 21.0, True), ("state_budget_vnd", 20.0, False)]
    assert [r.target.indicator for r in missed(results)] == ["members", "state_budget_vnd"]


def test_no_previous_year_or_a_new_area_cannot_be_assessed():
    only_2024 = pd.DataFrame({"year": [2024], "members": [1025]})
    assert assess((_target("members", "growth_pct", 3),), only_2024, "old", 2024)[0].met is None
    kpis = pd.DataFrame({"year": [2024, 2025], "members": [500, 900]})  # 2024 was another territory
    result = assess((_target("members", "growth_pct", 3, area="new", year=2025),), kpis, "new", 2025)[0]
    assert (result.actual, result.met) == (None, None)


def test_figures_are_written_as_the_cards_write_them():
    growth, money, count = (_target("members", "growth_pct", 3), _target("welfare_value_vnd", "level", 2.5e9),
                            _target("meetings", "level", 20))
    assert (target_text(growth, "vi"), target_text(growth, "en")) == ("≥ +3,0%", "≥ +3.0%")
    assert value_text(count, 1234, "vi") == "1.234"
    assert "2,5" in value_text(money, 2.5e9, "vi")


def test_a_bad_row_names_the_file_line_column_and_what_to_write(tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text(HEADER + "members,old,2024,growth_pct,at_least,3,KH,true\n"
                    "members,old,2024,growth,at_least,3,KH,true\n", encoding="utf-8")
    with pytest.raises(TargetsError) as caught:
        read_targets(path)
    assert caught.value.message("vi") == ("Tệp chỉ tiêu targets.csv, dòng 3, cột measure: giá trị «growth» không "
                                          "hợp lệ. Hãy ghi một trong: level / growth_pct.")
    path.write_text(HEADER + "members,old,2024,growth_pct,at_least,ba,KH,true\n", encoding="utf-8")
    with pytest.raises(TargetsError, match="line 2, column target_value"):
        read_targets(path)


def test_targets_speak_for_a_whole_area_only():
    assert whole_area(Filters(2014, 2024)) and whole_area(Filters(2025, 2026, unit_codes=("68",), area="old"))
    assert not whole_area(Filters(2014, 2024, unit_codes=("678",)))
    assert not whole_area(Filters(2014, 2024, type_codes=("red_cross",)))


def _texts(at) -> list[str]:
    return [el.value for el in at.markdown] + [el.value for el in at.warning] + [el.value for el in at.success]


def test_overview_shows_the_cards_and_the_missed_targets(app, demo_snapshot):
    at = app()
    assert not at.exception
    kpis = demo_snapshot.read_all()["membership"].groupby("year").members.sum()
    growth = (kpis[2024] / kpis[2023] - 1) * 100
    assert growth < 3  # the demo misses its membership target
    texts = _texts(at)
    assert any(s.startswith("Chỉ tiêu mẫu (demo)") for s in texts)
    [panel] = [s.replace("\\", "") for s in texts if s.startswith("Chỉ tiêu chưa đạt năm 2024:")]
    assert f"**Hội viên (cuối năm)**: thực hiện +{growth:.1f}%, mục tiêu ≥ +3,0%".replace(".", ",", 1) in panel
    assert "Kinh phí tự vận động" in panel and "Cuộc tư vấn" not in panel  # 22 meetings ≥ 20: met
    assert any(":orange-badge[:material/cancel: Chưa đạt]" in s for s in texts)  # icon and word, not colour only
    assert any(":blue-badge[:material/check_circle: Đạt]" in s for s in texts)


def test_overview_of_one_district_says_targets_are_for_the_whole_area(app):
    at = app(units=["678"], lang="en")
    assert not at.exception
    assert any(c.value.startswith("Targets are set for the whole area") for c in at.caption)
    assert not any(s.startswith("Targets missed") for s in _texts(at))


def test_a_year_not_over_is_not_judged_yet():
    """As of 30/06/2026 half a year's figures are no miss of a year's target (nor members on 30/6 of
    a year-end one): the figure so far is kept, the verdict waits for the year end."""
    import datetime as dt

    kpis = pd.DataFrame({"year": [2025, 2026], "members": [1000, 990], "meetings": [20, 9]})
    targets = (_target("members", "growth_pct", 3, area="new", year=2026),
               _target("meetings", "level", 20, area="new", year=2026))
    results = assess(targets, kpis, "new", 2026, part_until=dt.date(2026, 6, 30))
    assert [(round(r.actual, 1), r.met) for r in results] == [(-1.0, None), (9.0, None)]
    assert missed(results) == []
    assert [r.met for r in assess(targets, kpis, "new", 2026)] == [False, False]


def test_overview_of_a_half_year_says_the_targets_wait_for_the_year_end(province_app):
    at = province_app()  # demo-2026-06-30
    assert not at.exception
    texts = _texts(at)
    assert any(":gray-badge[:material/schedule: Chưa hết năm]" in s for s in texts)
    assert any(c.value.startswith("Năm 2026 mới có số liệu đến 30/06/2026: chỉ tiêu cả năm") for c in at.caption)
    assert not any(s.startswith("Chỉ tiêu chưa đạt năm 2026") for s in texts)
    assert not any(s.startswith("Năm 2026 đạt tất cả") for s in texts)
