"""Column widths of an on-screen table, in pixels, so that a table fits the page's main column on a
1366×768 screen (sidebar open) without a horizontal scroll bar: each column gets what its widest
shown cell and its header need, and when the sum is too wide, headers and long texts give way first
(a header cut with "…" shows whole in its tooltip; a long name shows whole when its cell is hovered).

Widths are estimated from character counts (Streamlit's grid draws on a canvas, so the browser cannot
be asked); the browser test at 1366×768 checks the estimate where it matters."""

from __future__ import annotations

from collections.abc import Sequence

FIT_PX = 850  # the main column at 1366×768 with the sidebar open is about 904 px wide
CHECKBOX_PX = 40  # the row-selection column of a table whose rows can be clicked
CELL_CHAR_PX = 7.6  # 14 px Source Sans: digits and an average letter
HEADER_CHAR_PX = 7.0
PADDING_PX = 20  # cell padding and the sort arrow's room
NARROWEST_PX = 52
TEXT_CAP_PX = 300  # a long name is cut (hover shows it) rather than widen the table past the screen


def natural_px(header: str, cells: Sequence[str]) -> tuple[int, int]:
    """(what the column would like: its widest cell and whole header; the least it can take: its
    widest cell, at most TEXT_CAP_PX, at least NARROWEST_PX)."""
    cell = max((len(c) for c in cells), default=0) * CELL_CHAR_PX + PADDING_PX
    head = len(header) * HEADER_CHAR_PX + PADDING_PX
    least = max(NARROWEST_PX, min(cell, TEXT_CAP_PX * 0.6))
    wanted = max(least, min(max(cell, head), TEXT_CAP_PX))
    return round(wanted), round(least)


def fitted_px(columns: Sequence[tuple[int, int]], fit: int = FIT_PX) -> list[int]:
    """Widths for columns of (wanted, least) that sum to at most `fit`: every column its wanted width
    if they fit; otherwise each gives up the same share of what it has beyond its least; if even the
    least widths are too wide, all shrink in proportion (never below NARROWEST_PX, the widest giving back
what that floor adds)."""
    wanted = [w for w, _ in columns]
    least = [min(lo, w) for w, lo in columns]
    if sum(wanted) <= fit:
        return wanted
    slack = sum(wanted) - sum(least)
    over = sum(wanted) - fit
    if slack >= over:
        share = over / slack
        return [int(w - (w - lo) * share) for w, lo in zip(wanted, least)]
    scale = fit / sum(least)
    widths = [max(NARROWEST_PX, int(lo * scale)) for lo in least]
    # the floor gave the narrowest columns more than their share: the widest give it back, a pixel at a
    # time, so the sum stays within `fit` (a clickable table has less room: its row-selection column)
    excess = sum(widths) - fit
    while excess > 0 and max(widths) > NARROWEST_PX:
        widths[widths.index(max(widths))] -= 1
        excess -= 1
    return widths
