"""Text helpers for Vietnamese: NFC normalisation, accent folding for search, ASCII slugs for file names."""

from __future__ import annotations

import re
import unicodedata


def nfc(text: str) -> str:
    """NFC form: NFD text from macOS looks the same but breaks joins, filters and group-bys."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower case without diacritics, for accent-insensitive matching: 'Chữ thập đỏ' -> 'chu thap do'.
    đ/Đ have no Unicode decomposition, so they are mapped by hand."""
    text = text.replace("đ", "d").replace("Đ", "D")
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return " ".join(stripped.lower().split())


def without_accents(text: str) -> str:
    """The letters without diacritics, case kept: 'Đà Lạt' -> 'Da Lat' (for a picker to match typing
    without accents)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def slug(text: str, max_length: int = 60) -> str:
    """ASCII file-name part: 'Kinh phí theo năm' -> 'kinh-phi-theo-nam'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:max_length].strip("-")
