"""Names of codes in the user's language: fixed code lists from the locale files, association types,
units and programmes from the reference data. Shared by pages, exports and the slide deck."""

from __future__ import annotations

from functools import cache

from massorg import geography
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


def unit_name(code: str, lang: str, later: bool = False) -> str:
    """The unit's name; with `later`, the name it took when it kept its code through a merger
    (682: Đạ Tẻh until 30/11/2024, Huyện Đạ Huoai from 1/12/2024)."""
    row = _units().get(str(code))
    if row is None:
        return str(code)
    if later and row.get("later_name"):
        return row["later_name"] if lang == "vi" else (row["later_name_en"] or row["later_name"])
    return row["name"] if lang == "vi" else (row["name_en"] or row["name"])


def successor_name(code: str, lang: str) -> str | None:
    """The name of the unit `code` merged into, as it was named after the merger (None if none)."""
    successor = merged_into(code)
    return unit_name(successor, lang, later=True) if successor else None


def programme_name(code: str, lang: str) -> str:
    row = _programmes().get(code)
    return (row["name_vi"] if lang == "vi" else row["name_en"]) if row else str(code)


def programme_codes() -> list[str]:
    return list(_programmes())


def type_codes() -> list[str]:
    return list(_types())


def district_unit_codes() -> list[str]:
    """Old Lâm Đồng's district-level units (until 30/6/2025), in official code order."""
    return geography.old_district_codes()


def merged_into(code: str) -> str | None:
    """The unit a unit merged into (Đạ Huoai 681, Cát Tiên 683 -> Huyện Đạ Huoai 682 on 1 Dec 2024)."""
    row = _units().get(str(code))
    return (row["successor_code"] or None) if row else None


def expand_merged(codes: list[str]) -> list[str]:
    """Add the units that merged into any of `codes`, so a post-merger unit keeps its whole history."""
    out = list(codes)
    for code in _units():
        if merged_into(code) in codes and code not in out:
            out.append(code)
    return out


def straddling_label(code: str, lang: str) -> str:
    """A new unit that lies in two old districts, named as its own group: 'Phường 2 Bảo Lộc (phần
    của Bảo Lộc, Bảo Lâm)'."""
    districts = geography.old_district_of_new_units().get(str(code), [])
    names = ", ".join(unit_name(d, lang, later=True) for d in districts)
    return t("geography.units.straddles", lang, unit=unit_name(code, lang), districts=names)
