"""The house colours, shared by the on-screen charts and the PowerPoint charts."""

from __future__ import annotations

# Colour-blind-safe palette (Okabe–Ito), dark enough to read on a washed-out projector.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C6D00", "#000000", "#999999"]
SOURCE_COLORS = {
    "state_budget": "#0072B2",
    "social_mobilisation": "#009E73",
    "foreign_aid": "#E69F00",
    "member_fees": "#CC79A7",
    "other": "#999999",
}
LEVEL_COLORS = {"province": "#0072B2", "district": "#E69F00", "commune": "#009E73"}
