"""Numbers, money and dates per language."""

import datetime as dt

from massorg.numbers import fmt_bn, fmt_date, fmt_dec, fmt_int, fmt_money, fmt_pct, fmt_signed_pct
from massorg.text import fold, slug


def test_vietnamese_and_english_numbers():
    assert fmt_int(1_234_567, "vi") == "1.234.567"
    assert fmt_int(1_234_567, "en") == "1,234,567"
    assert fmt_dec(12.5, "vi") == "12,5"
    assert fmt_dec(1234.56, "en", 2) == "1,234.56"


def test_money_in_the_unit_people_read():
    assert fmt_money(110_200_000_000, "vi") == "110,2 tỷ đồng"
    assert fmt_money(110_200_000_000, "en") == "VND 110.2 bn"
    assert fmt_money(350_000_000, "vi") == "350,0 triệu đồng"
    assert fmt_bn(350_000_000, "en") == "VND 0.4 bn"


def test_percent_and_change():
    assert fmt_pct(68.04, "vi") == "68,0%"
    assert fmt_signed_pct(8.21, "vi") == "+8,2%"
    assert fmt_signed_pct(-0.44, "en") == "-0.4%"
    assert fmt_int(None, "vi") == "–"


def test_dates():
    assert fmt_date(dt.date(2024, 9, 30), "vi") == "30/09/2024"
    assert fmt_date(dt.date(2024, 9, 30), "en") == "2024-09-30"


def test_text_folding_and_slugs():
    assert fold("Hội Chữ thập đỏ  ĐÀ LẠT") == "hoi chu thap do da lat"
    assert slug("Kinh phí theo năm") == "kinh-phi-theo-nam"


def test_zero_money_and_timestamps_from_duckdb():
    import pandas as pd

    assert fmt_money(0, "vi") == "0 đồng"
    assert fmt_date(pd.Timestamp("2022-09-09"), "vi") == "09/09/2022"
    assert fmt_date(pd.NaT, "vi") == "–"


def test_a_change_that_rounds_to_zero_has_no_sign_and_says_so():
    """−0,0185% is not '-0,0%' with a falling arrow (issue 13, item 4)."""
    from massorg.indicators import delta_text, is_no_change, points_text

    assert fmt_signed_pct(-0.0185, "vi") == "±0,0%"
    assert fmt_signed_pct(0.04, "en") == "±0.0%"
    assert fmt_signed_pct(-0.06, "vi") == "-0,1%"  # a real fall
    assert delta_text(-0.0185, "vi", 2024) == "±0,0% (không đổi) năm 2024 so với 2023"
    assert delta_text(-0.0185, "en", 2024) == "±0.0% (no change) in 2024 vs 2023"
    assert is_no_change(delta_text(-0.0185, "vi", 2024))
    assert not is_no_change(delta_text(-0.4, "vi", 2024))
    assert points_text(40.02, 40.0, "vi", 2024) == "±0,0 điểm % (không đổi) năm 2024 so với 2023"


def test_a_kpi_change_names_the_two_years_it_compares():
    """A card showing a period total says its arrow compares the last year with the one before
    (issue 13, item 2)."""
    from massorg.indicators import delta_text, points_text

    assert delta_text(2.49, "vi", 2024) == "+2,5% năm 2024 so với 2023"
    assert delta_text(-0.44, "en", 2024) == "-0.4% in 2024 vs 2023"
    assert points_text(41.3, 41.0, "en", 2024) == "+0.3 pp in 2024 vs 2023"
