"""File names that say what a file is: 'kinh-phi-theo-nam_2014-2024_demo-2024-12-31.xlsx'."""

from __future__ import annotations

import re
import unicodedata


def slug(text: str) -> str:
    """ASCII file-name part from Vietnamese text: 'Kinh phí theo năm, 2014–2024' -> 'kinh-phi-theo-nam-2014-2024'."""
    text = text.replace("đ", "d").replace("Đ", "D").replace("–", "-").replace("—", "-")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def period_part(year_from: int, year_to: int) -> str:
    return str(year_from) if year_from == year_to else f"{year_from}-{year_to}"


def tidy_stem(stem: str) -> str:
    """'<what>_<period>_<snapshot>' without the period twice when the title already ends with it
    ('kinh-phi-2014-2024_2014-2024_x' -> 'kinh-phi_2014-2024_x'), and '2024-2024' written '2024'."""
    parts = stem.split("_", 2)  # slugs hold no underscore; a snapshot id may
    if len(parts) != 3:
        return stem
    what, period, rest = parts
    first, _, last = period.partition("-")
    if first and first == last:
        period = first
    if what.endswith(f"-{period}"):
        what = what[: -len(period) - 1]
    return f"{what}_{period}_{rest}"


def unfiltered_stem(title: str, snapshot_id: str) -> str:
    """'<what>_<snapshot>' for a table no period filters (the Data page's)."""
    return f"{slug(title) or 'bang'}_{snapshot_id}"


def file_stem(title: str, year_from: int, year_to: int, snapshot_id: str) -> str:
    """'<what>_<period>_<snapshot>': the title in ASCII, the years, the snapshot id."""
    return tidy_stem(f"{slug(title) or 'bang'}_{period_part(year_from, year_to)}_{snapshot_id}")


def chart_file_stem(title: str, filters_words: str, year_from: int, year_to: int, snapshot_id: str) -> str:
    """'<what>-<filters>_<period>_<snapshot>': a chart's PNG says which units, types and levels it shows
    ('kinh-phi-theo-don-vi-duc-trong_2020-2024_x')."""
    stem = file_stem(title, year_from, year_to, snapshot_id)
    if not (words := slug(filters_words)):
        return stem
    what, rest = stem.split("_", 1)
    return f"{what}-{words[:80].rstrip('-')}_{rest}"
