"""The unfinished year: a snapshot as of 30/06/2026 holds half of 2026's money, meetings and cases.
Its cards, deck, report and summary card must not read that half year as a fall of half against
the whole of 2025; stocks at the date (associations, members) still compare."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from massorg.data import store
from massorg.data.queries import Filters
from massorg.export import slides as sl
from massorg.export.card import tiles
from massorg.export.headline import headlines
from massorg.indicators import delta_text, part_year_until, year_change

PART = "năm 2026 mới đến 30/06/2026: chưa so sánh"


@pytest.mark.parametrize(("as_of", "year", "expected"), [
    (dt.date(2026, 6, 30), 2026, dt.date(2026, 6, 30)),
    (dt.date(2026, 6, 30), 2025, None),  # a period ending in 2025 holds the whole of 2025
    (dt.date(2025, 12, 31), 2025, None),  # a year-end snapshot
    (None, 2026, None),
])
def test_the_unfinished_year_is_the_as_of_year_before_31_12(as_of, year, expected):
    assert part_year_until(as_of, year) == expected


def test_a_flow_of_the_unfinished_year_says_why_it_has_no_change():
    recent = pd.DataFrame({"year": [2025, 2026], "v": [100.0, 40.0]})
    assert year_change(recent, "v", "vi", 2026) == "-60,0% năm 2026 so với 2025"
    assert year_change(recent, "v", "vi", 2026, dt.date(2026, 6, 30)) == PART
    assert delta_text(None, "en", 2026, dt.date(2026, 6, 30)) == (
        "2026 up to 2026-06-30 only: not compared")


def _metrics(at) -> dict[str, str]:
    return {m.label: m.delta for m in at.metric}


def test_overview_cards_of_a_half_year_compare_stocks_only(province_app):
    at = province_app()  # the default: demo-2026-06-30
    assert not at.exception
    m = _metrics(at)
    assert m["Ngân sách nhà nước 2025–2026"] == PART
    assert m["Cuộc tư vấn, phản biện 2025–2026"] == PART
    assert m["Hội viên (cuối năm 2026)"].endswith("năm 2026 so với 2025")  # a stock at the date compares


def test_a_year_end_snapshot_compares_its_last_year(app):
    at = app()  # the old province's demo, as of 31/12/2024
    assert _metrics(at)["Ngân sách nhà nước 2014–2024"].endswith("năm 2024 so với 2023")


@pytest.mark.parametrize("page", ["pages/funding.py", "pages/consultation.py", "pages/legal_aid.py",
                                  "pages/welfare.py", "pages/membership.py"])
def test_every_page_s_flow_cards_leave_the_half_year_uncompared(province_app, page):
    at = province_app(page)
    assert not at.exception
    deltas = [m.delta for m in at.metric]
    assert PART in deltas, deltas
    assert not any(d and "năm 2026 so với 2025" in d and d.startswith("-5") for d in deltas)


@pytest.fixture(scope="module")
def half_year(province_store) -> sl.SlideInputs:
    snapshot = store.open_snapshot("demo-2026-06-30", province_store / "snapshots")
    from massorg import areas

    filters = Filters(year_from=2025, year_to=2026, unit_codes=areas.unit_codes("new"), area="new")  # as the page
    return sl.SlideInputs(snapshot, filters, "vi", dt.date(2026, 7, 5))


def test_deck_takeaways_do_not_compare_the_half_year(half_year):
    cards = {card.label: card.delta for card in sl.kpi_slide(half_year).cards}
    assert cards["Ngân sách nhà nước 2025–2026"] == PART
    assert cards["Hội viên (cuối năm 2026)"].endswith("năm 2026 so với 2025")
    funding = sl.funding_slide(half_year)
    assert "năm 2026 (mới tính đến 30/06/2026)" in funding.takeaway
    assert "chưa so với cả năm 2025" in funding.takeaway
    assert "giảm" not in funding.takeaway
    assert "chưa so với cả năm 2025" in sl.state_budget_slide(half_year).takeaway


def test_report_and_card_leave_flows_of_the_half_year_without_change(half_year):
    rows = {row.code: row for row in headlines(half_year)}
    assert rows["members"].change_pct is not None  # a stock at 30/06/2026 against 31/12/2025
    flows = [row for row in rows.values() if not row.is_stock and row.style != "pct"]
    assert flows and all(row.change_pct is None and row.change_text("vi") == "–" for row in flows)
    shown = {tile.label: tile for tile in tiles(half_year, targets=())}
    assert shown["Ngân sách nhà nước"].change == "đến 30/06/2026, chưa so cả năm"
    assert shown["Hội viên (cuối năm)"].change.endswith("so với 2025")
    judged = {tile.label: tile.target for tile in tiles(half_year)}  # the committed demo targets for 2026
    assert judged["Hội viên (cuối năm)"] == "Năm 2026 mới đến 30/06/2026: chưa đánh giá chỉ tiêu"


def test_every_page_says_the_last_year_is_part_of_a_year(province_app):
    at = province_app("pages/funding.py")
    notice = "Năm 2026 mới có số liệu đến 30/06/2026"
    assert any(c.value.startswith(notice) for c in at.caption)
    # the growth chart and its sentence are read between whole years: 2025 alone cannot be compared
    assert any("hai năm trọn vẹn" in i.value for i in at.info)
    at = province_app("pages/funding.py", years=["2025", "2025"])
    assert not any(c.value.startswith(notice) for c in at.caption)
