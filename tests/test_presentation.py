"""The Presentation page under AppTest: the deck's slides one at a time, the slide number in the URL,
the filters of the other pages carried over, presentation mode, the PowerPoint download."""

from __future__ import annotations

import pytest

from massorg.data.queries import Filters
from massorg.export import slides as sl

PAGE = "pages/presentation.py"


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def _download_labels(at) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_opens_on_the_title_slide_in_presentation_mode(app):
    at = app(PAGE)
    assert not at.exception
    text = _markdown(at)
    assert "Hội quần chúng tỉnh Lâm Đồng" in text and "Tình hình hoạt động, giai đoạn 2014–2024" in text
    assert "Trang 1/10" in text and "DỮ LIỆU MẪU" in text
    assert at.toggle(key="presentation_mode").value is True
    assert [t.value for t in at.title] == []  # no page header while presenting
    assert _download_labels(at) == ["Tải PowerPoint"]
    assert at.button(key="slide_previous").disabled and not at.button(key="slide_next").disabled


def test_a_chart_slide_shows_the_decks_takeaway_and_chart(app, demo_snapshot):
    at = app(PAGE, slide="3")
    assert not at.exception
    expected = sl.funding_slide(sl.slide_inputs(demo_snapshot, Filters(2014, 2024), "vi"))
    text = _markdown(at)
    assert expected.takeaway in text and expected.title in text and "Trang 3/10" in text
    assert len(at.get("plotly_chart")) == 1


def test_next_and_previous_move_and_keep_the_slide_in_the_url(app):
    at = app(PAGE, slide="9")
    at.button(key="slide_next").click().run()
    assert at.query_params["slide"] == "10" and "Trang 10/10" in _markdown(at)
    assert at.button(key="slide_next").disabled
    at.button(key="slide_previous").click().run()
    assert at.query_params["slide"] == "9" and "Trang 9/10" in _markdown(at)


@pytest.mark.parametrize("raw, shown", [("abc", 1), ("0", 1), ("99", 10), ("7", 7)])
def test_a_bad_slide_number_falls_back_to_a_real_slide(app, raw, shown):
    at = app(PAGE, slide=raw)
    assert not at.exception
    assert f"Trang {shown}/10" in _markdown(at)


def test_the_filters_of_other_pages_carry_over(app, demo_snapshot):
    at = app(PAGE, slide="5", lang="en", years=["2020", "2022"], units=["678"])
    assert not at.exception
    filters = Filters(2020, 2022, unit_codes=("678",))
    expected = sl.members_slide(sl.slide_inputs(demo_snapshot, filters, "en"))
    text = _markdown(at)
    assert expected.takeaway in text and "Members at each year end, 2020–2022" in text
    assert expected.takeaway.startswith("At the end of 2022 the associations had ")
    assert any("Area: Duc Trong" in c.value for c in at.caption)
    assert _download_labels(at) == ["Download PowerPoint"]


def test_the_kpi_slide_shows_the_overview_cards(app):
    at = app(PAGE, slide="2")
    labels = [m.label for m in at.metric]
    values = [m.value for m in at.metric]
    assert labels[:2] == ["Số hội (cuối năm 2024)", "Hội viên (cuối năm 2024)"]
    assert values[:2] == ["672", "519.386"] and len(labels) == 8


def test_turning_presentation_mode_off_shows_the_page_header(app):
    at = app(PAGE, slide="4")
    at.toggle(key="presentation_mode").set_value(False).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Trình chiếu"]
    assert "Trang 4/10" in _markdown(at)


def test_filters_without_data_show_a_sentence(app):
    at = app(PAGE, slide="10", types=["gardening"])
    assert not at.exception
    assert any(i.value == "Không có số liệu cho bộ lọc đã chọn. Hãy mở rộng khoảng thời gian hoặc bỏ bớt điều kiện lọc."
               for i in at.info)
    assert len(at.get("plotly_chart")) == 0


LONG_FILTER = ["red_cross", "elderly", "education_promotion", "agent_orange"]


def test_a_filter_line_past_255_characters_still_gives_a_pack(app):
    """Issue 13, item 8: the pack crashed (python-pptx's 255-character document properties)."""
    at = app(PAGE, lang="en", types=LONG_FILTER)
    assert not at.exception and not at.error
    assert _download_labels(at) == ["Download PowerPoint"]


def test_a_pack_that_cannot_be_built_says_why_instead_of_a_dead_button(app, monkeypatch):
    def broken(inputs):
        raise ValueError("disk full")

    monkeypatch.setattr("massorg.ui.slideshow.deck_bytes", broken)
    at = app(PAGE, years=["2016", "2017"])  # a period no other test builds, so nothing is cached
    assert not at.exception
    assert _download_labels(at) == []
    assert [e.value for e in at.error] == [
        "Không tạo được tệp «trinh-chieu-hoi-quan-chung_2016-2017_demo-2024-12-31.pptx» (ValueError: disk full). Hãy thu hẹp bộ lọc rồi thử lại; nếu vẫn lỗi, "
        "báo quản trị hệ thống (chi tiết đã ghi vào nhật ký máy chủ)."]
