"""Chart builders decorated with @cached_figure build a figure once per data and arguments (across
sessions), and every caller still gets a figure of its own, equal to a fresh build."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from massorg.ui.figure_cache import cached_figure
from massorg.ui.figures import funding

calls: list[str] = []


@cached_figure
def _bars(df: pd.DataFrame, title: str) -> go.Figure | None:
    calls.append(title)
    if df.empty:
        return None
    return go.Figure(go.Bar(x=df["year"], y=df["value"])).update_layout(title=title)


def test_the_same_data_and_arguments_build_the_figure_once():
    st.cache_data.clear()
    calls.clear()
    df = pd.DataFrame({"year": [2023, 2024], "value": [1, 2]})
    first = _bars(df, "Kinh phí")
    again = _bars(df.copy(), "Kinh phí")  # equal content: the same figure, not built again
    assert calls == ["Kinh phí"]
    assert again.to_dict() == first.to_dict() and again is not first
    _bars(df.assign(value=[1, 3]), "Kinh phí")  # other data, other title: built
    _bars(df, "Funding")
    assert calls == ["Kinh phí", "Kinh phí", "Funding"]


def test_a_caller_changing_its_figure_does_not_change_the_next_one():
    st.cache_data.clear()
    df = pd.DataFrame({"year": [2024], "value": [5]})
    mine = _bars(df, "Hội viên")
    mine.update_layout(title="changed")
    assert _bars(df, "Hội viên").layout.title.text == "Hội viên"


def test_a_builder_that_returns_nothing_still_does():
    st.cache_data.clear()
    assert _bars(pd.DataFrame({"year": [], "value": []}), "empty") is None


def test_a_page_builder_gives_the_figure_a_fresh_build_gives():
    st.cache_data.clear()
    df = pd.DataFrame({"year": [2023, 2023, 2024], "source": ["state_budget", "member_fees", "state_budget"],
                       "amount_vnd": [2_000_000_000, 500_000_000, 2_500_000_000]})
    cached = funding.by_year_source(df, "vi", "2023–2024", "Nguồn: thử")
    fresh = funding.by_year_source.uncached(df, "vi", "2023–2024", "Nguồn: thử")
    assert json.loads(cached.to_json()) == json.loads(fresh.to_json())  # customdata holds arrays: as sent


def test_themed_figures_carry_the_house_template():
    """Whatever the global default: importing st.plotly_chart sets it to Streamlit's placeholder theme."""
    import plotly.io as pio
    from streamlit.elements.lib.streamlit_plotly_theme import configure_streamlit_plotly_theme

    configure_streamlit_plotly_theme()
    assert pio.templates.default == "streamlit"

    df = pd.DataFrame({"year": [2024], "source": ["state_budget"], "amount_vnd": [1_000_000_000]})
    fig = funding.by_year_source.uncached(df, "en", "2024", "Source: test")
    assert fig.to_dict()["layout"]["template"] == pio.templates["plotly_white"].to_plotly_json()


def test_frames_are_keyed_by_their_whole_content():
    """The figure cache's key of a frame changes with any cell (also in a frame past Streamlit's 50,000-row
    sampling), a column's type or name, or the index; equal frames have equal keys, whatever their memory."""
    from massorg.ui.figure_cache import frame_digest

    n = 60_000
    big = pd.DataFrame({"association_id": pd.array([f"A{i:06d}" for i in range(n)], dtype="string[pyarrow]"),
                        "members": range(n)})
    key = frame_digest(big)
    assert frame_digest(big.copy()) == key
    for i in (0, 31_337, n - 1):
        changed = big.copy()
        changed.loc[i, "members"] += 1
        assert frame_digest(changed) != key
    assert frame_digest(big.astype({"members": "float64"})) != key
    assert frame_digest(big.rename(columns={"members": "hội viên"})) != key
    assert frame_digest(big.set_axis(range(1, n + 1))) != key
    mixed = pd.DataFrame({"value": [1, "một", None]})  # no Arrow type for this column: hashed by pandas
    assert frame_digest(mixed) == frame_digest(mixed.copy()) != frame_digest(pd.DataFrame({"value": [1, "hai", None]}))
