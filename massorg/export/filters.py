"""The filters of a view written out in words, for the header of an export and the title slide."""

from __future__ import annotations

from massorg.data.queries import Filters
from massorg.i18n import t
from massorg.labels import code_label, merged_into, programme_name, type_name, unit_name


def period_text(year_from: int, year_to: int, lang: str) -> str:
    """'2014–2024', or '2024' for a single year."""
    if year_from == year_to:
        return str(year_from)
    return t("app.period", lang, first=year_from, last=year_to)


def _units_text(codes: tuple[str, ...], lang: str) -> str:
    """Unit names; units merged into another chosen unit are named inside it: 'Đạ Huoai (gồm cả Đạ Huoai (681), Đạ Tẻh (682), Cát Tiên (683))'."""
    chosen = list(codes)
    absorbed: dict[str, list[str]] = {}
    for code in chosen:
        successor = merged_into(code)
        if successor in chosen:
            absorbed.setdefault(successor, []).append(code)
    parts = []
    for code in chosen:
        if merged_into(code) in chosen:
            continue
        name = unit_name(code, lang)
        if code in absorbed:
            # the merged unit may have kept one predecessor's code (682 Đạ Tẻh became Huyện Đạ Huoai)
            before = sorted(absorbed[code] + ([code] if unit_name(code, lang, later=True) != name else []))
            merged = ", ".join(f"{unit_name(c, lang)} ({c})" for c in before)
            name = t("export.filters.merged_group", lang, unit=unit_name(code, lang, later=True), merged=merged)
        parts.append(name)
    return ", ".join(parts)


def filter_lines(filters: Filters, lang: str) -> list[str]:
    """One line per filter: period, units, levels, types, and 'special nature only' when set.
    The period must be resolved (years not None): callers pass the years actually shown."""
    everything = t("export.filters.all", lang)
    units = _units_text(filters.unit_codes, lang) if filters.unit_codes else t("export.filters.units_all", lang)
    if filters.area:  # no unit chosen: the area they stand for
        units = t(f"geography.area.{filters.area}", lang)
    levels = ", ".join(code_label("level", c, lang) for c in filters.levels) if filters.levels else everything
    types = ", ".join(type_name(c, lang) for c in filters.type_codes) if filters.type_codes else everything
    lines = [
        t("export.filters.period", lang, period=period_text(filters.year_from, filters.year_to, lang)),
        t("export.filters.units", lang, units=units),
        t("export.filters.levels", lang, levels=levels),
        t("export.filters.types", lang, types=types),
    ]
    if filters.special_only:
        lines.append(t("export.filters.special_only", lang))
    if filters.programme_codes:
        lines.append(t("export.filters.programmes", lang, programmes=_programmes_text(filters, lang)))
    if filters.source_codes:
        lines.append(t("export.filters.sources", lang, sources=_sources_text(filters, lang)))
    return lines


def _programmes_text(filters: Filters, lang: str) -> str:
    return ", ".join(programme_name(c, lang) for c in filters.programme_codes or ())


def _sources_text(filters: Filters, lang: str) -> str:
    return ", ".join(code_label("source", c, lang) for c in filters.source_codes or ())


def filters_text(filters: Filters, lang: str) -> str:
    """All filters in one sentence-like line: 'Giai đoạn: 2014–2024; địa bàn: toàn tỉnh; …'."""
    return t("export.filters.joined", lang, filters="; ".join(filter_lines(filters, lang)))


MAX_NAMED_UNITS = 4  # more units than this: the first ones and how many others, so a subtitle stays one line


def chosen_text(filters: Filters, lang: str) -> str:
    """Only the filters that narrow the view, for a chart's subtitle: 'Đức Trọng · Hội Nông dân · cấp huyện'.
    Empty when the view is the whole area with every level and type (the period is in the title)."""
    parts = []
    if filters.area == "old":  # old Lâm Đồng inside the new province: not the whole province
        parts.append(t("geography.area.old", lang))
    elif filters.unit_codes and not filters.area:
        parts.append(_short_units(filters.unit_codes, lang))
    if filters.levels:
        parts.append(", ".join(code_label("level", c, lang) for c in filters.levels))
    if filters.type_codes:
        parts.append(", ".join(type_name(c, lang) for c in filters.type_codes))
    if filters.special_only:
        parts.append(t("export.filters.special_only", lang))
    if filters.programme_codes:
        parts.append(_programmes_text(filters, lang))
    if filters.source_codes:
        parts.append(_sources_text(filters, lang))
    return " · ".join(parts)


def _short_units(codes: tuple[str, ...], lang: str) -> str:
    """The chosen units' names, or the first few and 'và 5 đơn vị khác' when they are many."""
    if len(codes) <= MAX_NAMED_UNITS:
        return _units_text(codes, lang)
    kept = [c for c in codes if merged_into(c) not in codes]  # a merged unit is named by its successor
    first = [unit_name(c, lang) for c in kept[:MAX_NAMED_UNITS - 1]]
    return t("export.filters.units_more", lang, units=", ".join(first), n=len(kept) - len(first))
