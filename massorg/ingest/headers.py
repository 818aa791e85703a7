"""Which table a sheet holds and which column each header names, matched ignoring case, spaces,
punctuation and diacritics, in Vietnamese, English or the schema's own column names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from massorg.data.schema import TABLES, Table
from massorg.ingest.cells import MONEY_UNITS, fold

SHEET_NAME_MAX = 31  # Excel's limit on sheet names
# Headers that are not data: the running number column offices add ("STT"), and blank headers.
IGNORED_HEADERS = frozenset({"", "stt", "tt", "sott", "no", "nr", "number"})
# The template's note column: its cells mark example rows.
NOTE_HEADERS = frozenset({"ghichu", "note", "notes"})
EXAMPLE_MARKERS = ("vidu", "example")
TOTAL_WORDS = frozenset({"tongcong", "tong", "cong", "tongso", "total", "totals", "grandtotal"})
_PARENTHESES = re.compile(r"\([^)]*\)")
_ASCII_DIGIT = re.compile(r"[0-9]")


@dataclass(frozen=True)
class HeaderMatch:
    column: str
    language: str  # 'vi' for a Vietnamese label, 'en' for an English label or a column name
    multiplier: int = 1  # money: đồng per unit the header states (triệu đồng -> 1,000,000)


def sheet_title(table: Table, lang: str) -> str:
    """The table's sheet name in the template."""
    return table.label(lang)[:SHEET_NAME_MAX].strip()


@cache
def _aliases(table_name: str) -> dict[str, HeaderMatch]:
    """Every folded way to write each column's header (label with and without its parenthesis)."""
    out: dict[str, HeaderMatch] = {}
    for col in TABLES[table_name].columns:
        for text, lang in ((col.label_vi, "vi"), (col.label_en, "en"), (col.name, "en")):
            for variant in (text, _PARENTHESES.sub("", text)):
                out.setdefault(fold(variant), HeaderMatch(col.name, lang))
    return out


@cache
def _money_bases(table_name: str) -> tuple[tuple[str, str, str], ...]:
    """(folded base words, language, column) of money columns, for headers that state a unit."""
    out = []
    for col in TABLES[table_name].columns:
        if col.money:
            for text, lang in ((col.label_vi, "vi"), (col.label_en, "en"), (col.name, "en")):
                base = fold(_PARENTHESES.sub("", text))
                base = base.removesuffix("vnd") if text == col.name else base
                out.append((base, lang, col.name))
    return tuple(out)


def match_header(table: Table, text: object) -> HeaderMatch | None:
    """The column a header cell names in `table`, or None."""
    key = fold(text) if text is not None else ""
    if not key:
        return None
    hit = _aliases(table.name).get(key)
    if hit is not None:
        return hit
    for base, lang, column in _money_bases(table.name):
        if key.startswith(base) and key[len(base):] in MONEY_UNITS:
            return HeaderMatch(column, lang, MONEY_UNITS[key[len(base):]])
    return None


def is_ignored_header(text: object) -> bool:
    return text is None or fold(text) in IGNORED_HEADERS


def is_note_header(text: object) -> bool:
    return text is not None and fold(text) in NOTE_HEADERS


def is_example_marker(value: object) -> bool:
    return isinstance(value, str) and fold(value).startswith(EXAMPLE_MARKERS)


def is_total_word(value: object) -> bool:
    """A cell holding the totals label alone ("Tổng cộng", "TỔNG CỘNG:", "Total"). Text that only
    begins like one ("Tổng công ty Cà phê", "Tổng cộng đồng") is data."""
    # A cell with an ASCII digit never folds to a total word (fold keeps those digits): that rejects the
    # numbers and codes of a 50,000-row CSV without folding each; the few distinct words are folded once.
    return isinstance(value, str) and _ASCII_DIGIT.search(value) is None and _folded(value) in TOTAL_WORDS


@lru_cache(maxsize=4096)
def _folded(text: str) -> str:
    return fold(text)


@cache
def _table_names() -> dict[str, str]:
    out: dict[str, str] = {}
    for table in TABLES.values():
        for text in (table.name, table.label_vi, table.label_en,
                     sheet_title(table, "vi"), sheet_title(table, "en")):
            out.setdefault(fold(text), table.name)
    return out


def table_for_name(name: str) -> str | None:
    """The table a sheet or file is named after ('Kinh phí', 'funding_2024.csv' -> 'funding')."""
    key = fold(name)
    names = _table_names()
    if key in names:
        return names[key]
    for alias, table in sorted(names.items(), key=lambda kv: -len(kv[0])):
        rest = key[len(alias):]
        if key.startswith(alias) and rest.isdigit():
            return table
    return None
