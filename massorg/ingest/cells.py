"""Cell values as offices type them: Vietnamese numbers, money units, dates, yes/no, NFC text.

Each parser takes the raw value of one cell (as openpyxl or the CSV reader gives it) and returns the
clean value, or raises CellError naming the finding rule and what was expected.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
EXCEL_EPOCH = dt.date(1899, 12, 30)
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)

_SPACES = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"), None)
# Control characters (C0 and C1) but tab, line feed and carriage return (white space: one space).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


class UncalculatedFormula:
    """A formula cell saved without its value (the file was written by a program, not by Excel)."""

    def __init__(self, formula: str) -> None:
        self.formula = formula if formula.startswith("=") else f"={formula}"

    def __str__(self) -> str:
        return self.formula

    def __repr__(self) -> str:
        return f"UncalculatedFormula({self.formula!r})"


class CellError(Exception):
    """A cell that cannot be read as its column's type: `rule` is the findings key."""

    def __init__(self, rule: str, **params: object) -> None:
        super().__init__(rule)
        self.rule = rule
        self.params = params


def without_diacritics(text: object) -> str:
    """'Báo cáo quý 3, Đà Lạt' -> 'Bao cao quy 3, Da Lat'."""
    s = unicodedata.normalize("NFD", str(text)).replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in s if unicodedata.category(ch) != "Mn")


def fold(text: object) -> str:
    """A matching key: no diacritics, no case, no spaces or punctuation ('Số tiền (đồng)' -> 'sotiendong')."""
    return "".join(ch for ch in without_diacritics(text).lower() if ch.isascii() and ch.isalnum())


def clean_text(value: object) -> str | None:
    """Text in NFC with stray, repeated and non-breaking spaces and control characters removed; None
    for an empty cell."""
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an ID typed as a number: 672.0 -> '672'
    s = unicodedata.normalize("NFC", str(value)).translate(_INVISIBLE)
    s = _SPACES.sub(" ", _CONTROLS.sub("", s)).strip()
    return s or None


def control_characters(value: object) -> list[str]:
    """The control characters in a text cell that clean_text removes, as code points such as U+0007."""
    if not isinstance(value, str):
        return []
    return sorted({f"U+{ord(ch):04X}" for ch in _CONTROLS.findall(value)})


def unescape_excel(text: str) -> str:
    """Excel's escapes of characters XML cannot hold: 'Nghị quyết_x000D_ về' -> 'Nghị quyết\r về';
    '_x005F_' is an escaped underscore, so '_x005F_x000D_' stays the literal text '_x000D_'."""
    if "_x" not in text:
        return text
    return _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return not value.strip(" \t\r\n\u00a0\u200b\ufeff")
    return False


def shown(value: object) -> str:
    """A raw cell as the user sees it, for messages."""
    if isinstance(value, UncalculatedFormula):
        return value.formula
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return clean_text(value) or ""


# --- numbers -------------------------------------------------------------------------------------

_MONEY_WORDS = re.compile(r"(?i)^(vnd|vnđ)\s*|\s*(đồng|đ|vnd|vnđ)$")
_GROUPED_DOT = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+$")
_GROUPED_COMMA = re.compile(r"^[1-9]\d{0,2}(,\d{3})+$")
_PLAIN = re.compile(r"^\d+$")


def parse_number(value: object, style: str = "vi") -> Decimal:
    """A number from a cell. Text follows the sheet's convention: style 'vi' reads 1.234.567,5 and
    'en' reads 1,234,567.5; a single separator followed by exactly three digits is a thousands mark
    in the sheet's convention ('1.234' is 1234 in vi), otherwise a decimal mark ('12,5', '1.5')."""
    if isinstance(value, bool) or isinstance(value, (dt.date, dt.time)):
        raise CellError("bad_number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError("bad_number")
        return Decimal(repr(value))
    text = clean_text(value)
    if text is None:
        raise CellError("bad_number")
    return _parse_number_text(text, style)


def _parse_number_text(text: str, style: str) -> Decimal:
    s = _MONEY_WORDS.sub("", text).replace("\u2212", "-").replace(" ", "").replace("\u00a0", "")
    negative = False
    if s.startswith("(") and s.endswith(")"):  # accounting style (1.234) = -1234
        negative, s = True, s[1:-1]
    if s and s[0] in "+-":
        negative, s = negative ^ (s[0] == "-"), s[1:]
    if not s or not set(s) <= set("0123456789.,"):
        raise CellError("bad_number")
    integer, fraction = _split_decimal(s, style)
    if not _PLAIN.match(integer or "0") or (fraction and not _PLAIN.match(fraction)):
        raise CellError("bad_number")
    try:
        number = Decimal(f"{integer or '0'}.{fraction or '0'}")
    except InvalidOperation as exc:
        raise CellError("bad_number") from exc
    return -number if negative else number


def _split_decimal(s: str, style: str) -> tuple[str, str]:
    """Integer digits and fraction digits of a number written with '.' and ',' marks."""
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        decimal_mark = "," if s.rfind(",") > s.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        integer, _, fraction = s.rpartition(decimal_mark)
        grouped = _GROUPED_DOT if thousands == "." else _GROUPED_COMMA
        if not grouped.match(integer) and not _PLAIN.match(integer):
            raise CellError("bad_number")
        return integer.replace(thousands, ""), fraction
    if not dots and not commas:
        return s, ""
    mark, grouped = (".", _GROUPED_DOT) if dots else (",", _GROUPED_COMMA)
    sheet_thousands = "." if style == "vi" else ","
    if s.count(mark) > 1:
        if not grouped.match(s):
            raise CellError("bad_number")
        return s.replace(mark, ""), ""
    if mark == sheet_thousands and grouped.match(s):
        return s.replace(mark, ""), ""
    integer, _, fraction = s.partition(mark)
    return integer, fraction


def to_int(number: Decimal, multiplier: int = 1, *, money: bool = False, limit: int = INT32_MAX) -> int:
    """A parsed number as an integer: money is rounded to whole đồng after applying the header's unit
    (triệu, tỷ); counts must already be whole."""
    scaled = number * multiplier
    if money:
        scaled = scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    elif scaled != scaled.to_integral_value():
        raise CellError("not_whole_number")
    if abs(scaled) > limit:
        raise CellError("number_too_large", limit=limit)
    return int(scaled)


# Units written after a money header's base words: 'Số tiền (triệu đồng)' -> 'trieudong'.
MONEY_UNITS: dict[str, int] = {
    "dong": 1, "vnd": 1, "d": 1,
    "nghindong": 10**3, "ngandong": 10**3, "nghin": 10**3, "thousandvnd": 10**3, "vndthousand": 10**3,
    "trieudong": 10**6, "trieu": 10**6, "trdong": 10**6, "tr": 10**6,
    "millionvnd": 10**6, "vndmillion": 10**6, "vndm": 10**6, "vndmn": 10**6, "million": 10**6,
    "tydong": 10**9, "ty": 10**9, "billionvnd": 10**9, "vndbillion": 10**9, "vndbn": 10**9, "billion": 10**9,
}


# --- dates ---------------------------------------------------------------------------------------

_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YEAR_FIRST = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})$")
_TIME_PART = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_SERIAL = re.compile(r"^\d{1,6}([.,]\d+)?$")


def parse_date(value: object) -> dt.date:
    """A date from a date cell, an Excel serial number, or text as dd/mm/yyyy or yyyy-mm-dd."""
    if isinstance(value, dt.datetime):
        return _in_range(value.date())
    if isinstance(value, dt.date):
        return _in_range(value)
    if isinstance(value, (bool, dt.time)):
        raise CellError("bad_date")
    if isinstance(value, (int, float)):
        return _from_serial(float(value))
    text = clean_text(value)
    if text is None:
        raise CellError("bad_date")
    text = _TIME_PART.sub("", text)
    if _SERIAL.match(text):
        return _from_serial(float(text.replace(",", ".")))
    for pattern, order in ((_DAY_FIRST, (3, 2, 1)), (_YEAR_FIRST, (1, 2, 3))):
        m = pattern.match(text)
        if m:
            try:
                return _in_range(dt.date(*(int(m.group(i)) for i in order)))
            except ValueError as exc:
                raise CellError("bad_date") from exc
    raise CellError("bad_date")


def _from_serial(serial: float) -> dt.date:
    if not math.isfinite(serial) or not 1 <= serial < 80_000:
        raise CellError("bad_date")
    return _in_range(EXCEL_EPOCH + dt.timedelta(days=int(serial)))


def _in_range(day: dt.date) -> dt.date:
    if not FIRST_DATE <= day <= LAST_DATE:
        raise CellError("bad_date")
    return day


# --- yes / no ------------------------------------------------------------------------------------

_YES = {"co", "x", "yes", "y", "true", "dung", "1"}
_NO = {"khong", "no", "n", "false", "sai", "0"}


def parse_bool(value: object) -> bool:
    """Yes/no from TRUE/FALSE cells, 1/0, or the words có/không, yes/no, x."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    key = fold(value) if isinstance(value, str) else ""
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise CellError("bad_bool")
