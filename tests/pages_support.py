"""Helpers of the page tests (no tests here): what an AppTest run shows, and numbers written the
way the pages write them, computed independently of massorg.numbers."""

from __future__ import annotations

import json


def metrics(at) -> dict[str, tuple[str, str]]:
    """KPI cards by label: (value, delta)."""
    return {m.label: (m.value, m.delta) for m in at.metric}


def chart_titles(at) -> list[str]:
    return [json.loads(el.proto.spec)["layout"]["title"]["text"] for el in at.get("plotly_chart")]


def vi(text: str) -> str:
    """An English-formatted number in Vietnamese: 1,234.5 -> 1.234,5."""
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def signed(x: float) -> str:
    """A change with its sign and one decimal, English-formatted: +1,234.5 / -0.4 / ±0.0."""
    return ("+" if x > 0 else "-" if x < 0 else "±") + f"{abs(x):,.1f}"
