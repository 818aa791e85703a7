"""The chart theme: what every figure carries, whatever page draws it."""

import plotly.graph_objects as go

from massorg.ui.charts import theme, toolbar_config, year_axis


def _themed(*traces, barmode=None, lang="vi"):
    fig = go.Figure(list(traces))
    if barmode:
        fig.update_layout(barmode=barmode)
    return theme(fig, lang=lang, title="Hội viên, 2014–2024", footer="Nguồn: bản dữ liệu X. DỮ LIỆU MẪU.",
                 x_title="Năm", y_title="Hội viên (người)")


def test_separators_title_axis_titles_and_footer_in_the_image():
    fig = _themed(go.Bar(x=[2023, 2024], y=[1500, 2500]))
    assert fig.layout.separators == ",."
    assert _themed(go.Bar(x=[2024], y=[1]), lang="en").layout.separators == ".,"
    assert fig.layout.title.text == "Hội viên, 2014–2024"
    assert (fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == ("Năm", "Hội viên (người)")
    assert [a.text for a in fig.layout.annotations] == ["Nguồn: bản dữ liệu X. DỮ LIỆU MẪU."]
    assert fig.layout.yaxis.exponentformat == "none"  # 500.000, never "500k"


def test_a_few_meetings_get_whole_number_ticks():
    assert _themed(go.Bar(x=[2021, 2022], y=[1, 2])).layout.yaxis.dtick == 1
    stacked = _themed(go.Bar(x=[2021, 2022], y=[6, 9]), go.Bar(x=[2021, 2022], y=[5, 5]), barmode="stack")
    assert stacked.layout.yaxis.dtick is None  # 14 at the top of a stack: plotly's own steps
    assert _themed(go.Bar(x=[2021], y=[1.5])).layout.yaxis.dtick is None  # not a count
    assert _themed(go.Bar(y=["Hội Luật gia"], x=[2], orientation="h")).layout.xaxis.dtick == 1


def test_year_axis_labels_stay_upright():
    fig = year_axis(go.Figure(go.Bar(x=list(range(2014, 2025)), y=[1] * 11)), range(2014, 2025))
    assert fig.layout.xaxis.tickangle == 0
    assert list(fig.layout.xaxis.tickvals) == [2014, 2016, 2018, 2020, 2022, 2024]


def test_toolbar_png_is_2x_with_a_meaningful_name():
    options = toolbar_config("hoi-vien-theo-nam_2014-2024_demo-2024-12-31")["toImageButtonOptions"]
    assert options["scale"] == 2 and options["format"] == "png"
    assert options["filename"].startswith("hoi-vien-theo-nam")
