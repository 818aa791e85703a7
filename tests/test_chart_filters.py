"""Every chart names its filters: the subtitle under the title and the toolbar PNG's file name say
which units, types and levels a chart shows when they are not "all" (the period is in the title)."""

from __future__ import annotations

import json

import plotly.graph_objects as go

from massorg.data.queries import Filters
from massorg.export.filters import chosen_text
from massorg.export.names import chart_file_stem
from massorg.ui.charts import name_filters, theme

DUC_TRONG = "678"


def test_nothing_chosen_names_nothing():
    assert chosen_text(Filters(2014, 2024), "vi") == ""
    assert chosen_text(Filters(2014, 2024, area="new"), "vi") == ""


def test_units_levels_types_and_special_are_named_in_both_languages():
    filters = Filters(2020, 2024, unit_codes=(DUC_TRONG,), levels=("district",), type_codes=("red_cross",),
                      special_only=True)
    assert chosen_text(filters, "vi") == ("Đức Trọng · Cấp huyện · Hội Chữ thập đỏ · "
                                          "Chỉ tính hội có tính chất đặc thù")
    assert chosen_text(filters, "en").startswith("Duc Trong")


def test_old_province_inside_the_new_one_is_named_and_many_units_are_counted():
    assert chosen_text(Filters(2025, 2026, unit_codes=("68",), area="old"), "vi") == "Lâm Đồng (cũ)"
    many = Filters(2014, 2024, unit_codes=("672", "673", "674", "675", "676", "678"))
    assert chosen_text(many, "vi") == "Đà Lạt, Bảo Lộc, Đam Rông và 3 đơn vị khác"


def test_subtitle_moves_the_legend_down_and_keeps_the_title():
    fig = theme(go.Figure(go.Bar(x=[2023, 2024], y=[1, 2], name="a")), lang="vi", title="Kinh phí, 2020–2024",
                footer="Nguồn", x_title="Năm", y_title="tỷ đồng")
    height, top, legend_px = fig.layout.height, fig.layout.margin.t, (1 - fig.layout.legend.y) * fig.layout.height
    name_filters(fig, "Đức Trọng · Hội <Nông dân>")
    name_filters(fig, "Đức Trọng · Hội <Nông dân>")  # twice: still one subtitle's room
    assert fig.layout.title.text == "Kinh phí, 2020–2024"
    assert fig.layout.title.subtitle.text == "Đức Trọng · Hội &lt;Nông dân&gt;"
    assert (fig.layout.height, fig.layout.margin.t) == (height + 22, top + 22)
    assert round((1 - fig.layout.legend.y) * fig.layout.height) == round(legend_px + 22)


def test_png_file_name_carries_the_filter_words():
    assert chart_file_stem("Kinh phí theo đơn vị, 2020–2024", "Đức Trọng · Hội Chữ thập đỏ", 2020, 2024,
                           "demo-2024-12-31") == "kinh-phi-theo-don-vi-duc-trong-hoi-chu-thap-do_2020-2024_demo-2024-12-31"
    assert chart_file_stem("Kinh phí, 2020–2024", "", 2020, 2024, "x") == "kinh-phi_2020-2024_x"


def _charts(at) -> list[tuple[str, str | None, str]]:
    out = []
    for el in at.get("plotly_chart"):
        layout = json.loads(el.proto.spec)["layout"]
        config = json.loads(el.proto.config)
        out.append((layout["title"]["text"], layout["title"].get("subtitle", {}).get("text"),
                    config["toImageButtonOptions"]["filename"]))
    return out


def test_funding_page_of_one_district_says_so_on_every_chart(app):
    at = app("pages/funding.py", units=[DUC_TRONG], types=["red_cross"])
    assert not at.exception
    charts = _charts(at)
    assert len(charts) >= 4
    for title, subtitle, filename in charts:
        assert subtitle == "Đức Trọng · Hội Chữ thập đỏ", title
        assert "-duc-trong-hoi-chu-thap-do_" in filename, filename


def test_unfiltered_page_has_no_subtitle(app):
    at = app("pages/funding.py", lang="en")
    assert not at.exception
    assert all(subtitle is None and "duc-trong" not in filename for _, subtitle, filename in _charts(at))


def test_on_a_phone_a_long_subtitle_is_wrapped_with_room_made_for_it():
    from massorg.ui.phone_charts import SUBTITLE_CHARS, for_phone

    fig = theme(go.Figure(go.Bar(x=[2023, 2024], y=[1, 2])), lang="vi", title="Kinh phí, 2020–2024",
                footer="Nguồn", x_title="Năm", y_title="tỷ đồng")
    name_filters(fig, "Đức Trọng, Di Linh, Lâm Hà và 3 đơn vị khác · Hội Chữ thập đỏ · Cấp huyện")
    phone = for_phone(fig)
    lines = phone.layout.title.subtitle.text.split("<br>")
    assert len(lines) == 2 and all(len(line) <= SUBTITLE_CHARS for line in lines)
    assert " ".join(lines) == fig.layout.title.subtitle.text  # nothing lost
    assert phone.layout.margin.t - fig.layout.margin.t >= 16 and phone.layout.height > fig.layout.height


def test_a_programme_set_by_a_click_is_named_in_the_subtitle_and_the_files_filter_lines():
    from massorg.export.filters import filter_lines

    filters = Filters(2014, 2024, programme_codes=("cataract_surgery",))
    assert chosen_text(filters, "vi") == "Mổ mắt đục thủy tinh thể"
    assert chosen_text(filters, "en") == "Cataract surgery"
    assert filter_lines(filters, "vi")[-1] == "Chương trình: Mổ mắt đục thủy tinh thể"
    assert "Programme: Cataract surgery" in filter_lines(filters, "en")


def test_a_source_set_by_a_click_is_named_in_the_subtitle_and_the_files_filter_lines():
    from massorg.export.filters import filter_lines, filters_text

    filters = Filters(2014, 2024, unit_codes=("678",), source_codes=("state_budget",))
    assert chosen_text(filters, "vi") == "Đức Trọng · Ngân sách nhà nước"
    assert chosen_text(filters, "en") == "Duc Trong · State budget"
    assert filter_lines(filters, "vi")[-1] == "Nguồn kinh phí: Ngân sách nhà nước"
    assert "Funding source: State budget" in filter_lines(filters, "en")
    assert "Funding source: State budget" in filters_text(filters, "en")  # the CSV's one filter line
