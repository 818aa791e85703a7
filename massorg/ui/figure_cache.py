"""Figures built once, not on every rerun: a chart builder decorated with @cached_figure keeps what it
built for the same data and arguments, across sessions (st.cache_data), so a rerun that changes nothing
(a click elsewhere, a second visitor on the same filters) does not build the same Plotly figure again.

The cache holds the figure as a plain dict (bounded in count and time); each call gets a new go.Figure
made from it without Plotly's validation, which the figure passed when it was first built. A caller may
change its figure freely: the next caller still gets the figure as the builder made it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

_BUILDERS: dict[str, Callable[..., go.Figure | None]] = {}


@st.cache_data(ttl=3600, max_entries=512, show_spinner=False)
def _spec(builder: str, args: tuple, kwargs: dict) -> dict | None:
    """The builder's figure for these arguments as a dict (data frames are hashed by their content)."""
    fig = _BUILDERS[builder](*args, **kwargs)
    return None if fig is None else fig.to_dict()


def cached_figure(builder: Callable[..., go.Figure | None]) -> Callable[..., go.Figure | None]:
    """The builder with its figures cached by its arguments (a builder that may return None keeps that)."""
    name = f"{builder.__module__}.{builder.__qualname__}"
    _BUILDERS[name] = builder

    @functools.wraps(builder)
    def build(*args, **kwargs) -> go.Figure | None:
        spec = _spec(name, args, kwargs)
        return None if spec is None else go.Figure(spec, _validate=False)

    build.uncached = builder  # the builder itself, for tests and for callers that want a fresh build
    return build
