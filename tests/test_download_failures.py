"""A download whose file cannot be built says so on the page, in the user's language, naming the file
and the reason, instead of a button that fails on click with Streamlit's English "Failed to generate
file for download" (issue 13 item 8). The files are built before their buttons are drawn."""

from __future__ import annotations

import pytest

import massorg.ingest.template
import massorg.ui.tables
from massorg.i18n import t

FUNDING_FILE = "kinh-phi-theo-nam-va-nguon_2014-2024_demo-2024-12-31"


def _broken(*args, **kwargs) -> bytes:
    raise RuntimeError("disk full")


def _labels(at) -> list[str]:
    return [b.label for b in at.get("download_button")]


def test_a_table_whose_excel_file_fails_names_the_file_and_the_reason_in_vietnamese(app, monkeypatch):
    monkeypatch.setattr(massorg.ui.tables, "xlsx_bytes", _broken)
    at = app("pages/funding.py")
    assert not at.exception
    errors = [e.value for e in at.error]
    expected = t("app.download.failed", "vi", what=f"{FUNDING_FILE}.xlsx", reason="RuntimeError: disk full")
    assert expected in errors
    assert expected.startswith(f"Không tạo được tệp «{FUNDING_FILE}.xlsx» (RuntimeError: disk full).")
    # the failed Excel file has no button; its CSV beside it still downloads
    assert _labels(at).count(t("common.download_csv", "vi")) > _labels(at).count(t("common.download_xlsx", "vi"))


def test_a_table_whose_csv_fails_says_so_in_english(app, monkeypatch):
    monkeypatch.setattr(massorg.ui.tables, "table_csv", _broken)
    at = app("pages/funding.py", lang="en")
    assert not at.exception
    assert any(e.value.startswith("The file “") and ".csv” could not be built (RuntimeError: disk full)" in e.value
               for e in at.error)
    assert t("common.download_csv", "en") not in _labels(at)


def test_working_downloads_hold_their_bytes_before_any_click(app):
    at = app("pages/funding.py")
    assert not at.error
    buttons = at.get("download_button")
    assert buttons and _labels(at).count(t("common.download_xlsx", "vi")) == _labels(at).count(t("common.download_csv", "vi"))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_reporting_template_that_fails_says_why(app, monkeypatch, lang):
    monkeypatch.setattr(massorg.ingest.template, "template_bytes", _broken)
    at = app("pages/data.py", lang=lang)
    assert not at.exception
    name = f"{t('data.template.file_stem', lang)}.xlsx"
    assert t("app.download.failed", lang, what=name, reason="RuntimeError: disk full") in [e.value for e in at.error]
    assert t("data.template.button", lang) not in _labels(at)
