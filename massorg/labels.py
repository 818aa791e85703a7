"""Names of codes in the user's language: fixed code lists from the locale files, association types,
units and programmes from the reference data. Shared by pages, exports and the slide deck."""

from __future__ import annotations

from functools import cache

from massorg.data.schema import association_types, reference_programmes, reference_units
from massorg.i18n import has, t


def code_label(kind: str, code: str, lang: str) -> str:
    """Label of a fixed code (level, source, subject_kind, legal_aid_kind, domain, ...)."""
    key = f"codes.{kind}.{code}"
    return t(key, lang) if has(key, lang) else str(code)


@cache
def _types() -> dict[str, dict[str, str]]:
    return {row["type_code"]: row for row in association_types()}


@cache
def _units() -> dict[str, dict[str, str]]:
    return {row["unit_code"]: row for row in reference_units()}


@cache
def _programmes() -> dict[str, dict[str, str]]:
    return {row["programme_code"]: row for row in reference_programmes()}


def type_name(code: str, lang: str) -> str:
    row = _types().get(code)
    return (row["name_vi"] if lang == "vi" else row["name_en"]) if row else str(code)


def unit_name(code: str, lang: str) -> str:
    row = _units().get(str(code))
    if row is None:
        return str(code)
    return row["name"] if lang == "vi" else (row["name_en"] or row["name"])


def programme_name(code: str, lang: str) -> str:
    row = _programmes().get(code)
    return (row["name_vi"] if lang == "vi" else row["name_en"]) if row else str(code)


def type_codes() -> list[str]:
    return list(_types())


def district_unit_codes() -> list[str]:
    """The district-level units (the province itself excluded), in official code order."""
    return [code for code, row in _units().items() if row["kind"] != "province"]


def merged_into(code: str) -> str | None:
    """The unit a unit merged into (Đạ Tẻh, Cát Tiên -> Đạ Huoai on 1 Dec 2024), if any."""
    row = _units().get(str(code))
    return (row["successor_code"] or None) if row else None


def expand_merged(codes: list[str]) -> list[str]:
    """Add the units that merged into any of `codes`, so a post-merger unit keeps its whole history."""
    out = list(codes)
    for code in _units():
        if merged_into(code) in codes and code not in out:
            out.append(code)
    return out
