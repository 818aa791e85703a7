"""Every page over the demo of the new province (newest snapshot 30/06/2026), for periods before,
across and after 1/7/2025, in both languages: no exception, no error box."""

from __future__ import annotations

import pytest

PAGES = ["pages/overview.py", "pages/funding.py", "pages/membership.py", "pages/consultation.py",
         "pages/legal_aid.py", "pages/welfare.py", "pages/directory.py", "pages/presentation.py", "pages/data.py"]
PERIODS = {"before": ["2019", "2024"], "across": ["2023", "2026"], "after": ["2025", "2026"]}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("period", list(PERIODS))
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_before_across_and_after_the_reform(province_app, page, period, lang):
    at = province_app(page, years=PERIODS[period], lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
