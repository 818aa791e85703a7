"""Translations: every user-visible string lives in massorg/locales/<lang>/<namespace>.toml.

A key is "<namespace>.<path>", e.g. "funding.title" is key `title` in locales/vi/funding.toml.
Pure Python (no streamlit), so the data layer, the CLI and the exporters share it with the pages.
"""

from __future__ import annotations

import tomllib
from functools import cache

from massorg.config import LOCALES_DIR

LANGUAGES = ("vi", "en")


def _flatten(prefix: str, tree: dict, out: dict[str, str]) -> None:
    for key, value in tree.items():
        full = f"{prefix}.{key}"
        if isinstance(value, dict):
            _flatten(full, value, out)
        else:
            out[full] = str(value)


@cache
def catalog(lang: str) -> dict[str, str]:
    """All strings of one language, flattened to dotted keys."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
    out: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.toml")):
        with open(path, "rb") as f:
            _flatten(path.stem, tomllib.load(f), out)
    return out


def t(key: str, lang: str, /, **params: object) -> str:
    """The text for `key` in `lang`, with {placeholders} filled. A missing key raises KeyError:
    tests check both catalogs have every key, so a raw key never reaches a user."""
    text = catalog(lang)[key]
    return text.format(**params) if params else text


def has(key: str, lang: str) -> bool:
    return key in catalog(lang)
