"""Both languages are complete: the catalogs have the same keys and placeholders, no empty strings,
every key the code names exists, and no page shows a raw key in either language."""

from __future__ import annotations

import ast
import re
import string
import tomllib
from pathlib import Path

import pytest

from massorg.config import LOCALES_DIR
from massorg.i18n import LANGUAGES, catalog

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("overview", "funding", "membership", "consultation", "legal_aid", "welfare", "directory",
         "presentation", "data")
KEY_LIKE = re.compile(r"(?<![\w.])[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+\b")
FILE_NAME = re.compile(r"\.(csv|parquet|xlsx|json|sql|py|toml|png|pptx|pdf)$")


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_every_language_has_the_same_files():
    files = {lang: sorted(p.name for p in (LOCALES_DIR / lang).glob("*.toml")) for lang in LANGUAGES}
    assert files["vi"] == files["en"]


def test_every_file_parses_and_holds_only_strings():
    for path in sorted(LOCALES_DIR.glob("*/*.toml")):
        with open(path, "rb") as f:
            tree = tomllib.load(f)
        stack = [(path.name, tree)]
        while stack:
            where, node = stack.pop()
            for key, value in node.items():
                if isinstance(value, dict):
                    stack.append((f"{where}:{key}", value))
                else:
                    assert isinstance(value, str), f"{where}:{key} is {type(value).__name__}, not text"


def test_vietnamese_and_english_have_the_same_keys():
    vi, en = set(catalog("vi")), set(catalog("en"))
    assert sorted(vi - en) == [], "keys only in Vietnamese"
    assert sorted(en - vi) == [], "keys only in English"


def test_the_same_placeholders_in_both_languages():
    vi, en = catalog("vi"), catalog("en")
    differ = {key: (_placeholders(vi[key]), _placeholders(en[key])) for key in vi.keys() & en.keys()
              if _placeholders(vi[key]) != _placeholders(en[key])}
    assert differ == {}


def test_no_empty_strings():
    empty = [f"{lang}:{key}" for lang in LANGUAGES for key, text in catalog(lang).items() if not text.strip()]
    assert empty == []


def _literal_keys() -> list[tuple[str, int, str]]:
    """String literals in the app's code that have the form of a locale key ("funding.title")."""
    namespaces = {key.split(".")[0] for lang in LANGUAGES for key in catalog(lang)}
    files = [ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "massorg").rglob("*.py")]
    found = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            text = node.value
            if text.endswith("_") or FILE_NAME.search(text):  # a prefix completed at run time, a file name
                continue
            if KEY_LIKE.fullmatch(text) and text.split(".")[0] in namespaces:
                found.append((str(path.relative_to(ROOT)), node.lineno, text))
    return found


def test_every_key_written_in_the_code_exists():
    keys = set(catalog("vi")) & set(catalog("en"))
    missing = [f"{path}:{line} {key}" for path, line, key in _literal_keys() if key not in keys]
    assert missing == []


def _shown_text(node) -> str:
    """What one element puts on screen: a table's headers and cells, otherwise its message (texts,
    labels, options, help, chart specs; protobuf text keeps ASCII, and every key is ASCII)."""
    if type(node).__name__ == "Dataframe":
        df = node.value
        return "\n".join(map(str, [*df.columns, *df.astype(str).to_numpy().ravel()]))
    return str(getattr(node, "proto", ""))


def _raw_keys(at) -> list[str]:
    """Catalog keys found in anything the page put on screen."""
    keys = set(catalog("vi")) | set(catalog("en"))
    shown = "\n".join(_shown_text(node) for node in at._tree)
    return sorted({word for word in KEY_LIKE.findall(shown) if word in keys})


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_a_raw_key(app, page, lang):
    at = app(f"pages/{page}.py", lang=lang)
    assert not at.exception, [e.message for e in at.exception]
    assert _raw_keys(at) == []
