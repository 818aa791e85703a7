"""Column widths that make a table fit the main column of a 1366-wide screen (issue 13 item 13)."""

from __future__ import annotations

from massorg.ui.column_widths import FIT_PX, NARROWEST_PX, TEXT_CAP_PX, fitted_px, natural_px


def test_a_narrow_table_keeps_what_its_cells_and_headers_want():
    columns = [natural_px("Năm", ["2023", "2024"]), natural_px("Hội viên (cuối năm)", ["519.386"])]
    assert fitted_px(columns) == [w for w, _ in columns]
    assert columns[1][0] == round(len("Hội viên (cuối năm)") * 7.0 + 20)  # the whole header


def test_a_wide_table_gives_up_header_room_first_and_never_cuts_a_number():
    numbers = ["1.220,85"] * 3
    columns = [natural_px(f"Kinh phí từ nguồn thứ {i} trong giai đoạn (tỷ đồng)", numbers) for i in range(9)]
    widths = fitted_px(columns)
    assert sum(widths) <= FIT_PX
    assert all(w >= lo for w, (_, lo) in zip(widths, columns))  # every number still whole


def test_long_names_are_capped_and_too_many_columns_shrink_in_proportion():
    wanted, least = natural_px("Tên hội", ["Hội Bảo trợ bệnh nhân nghèo, người tàn tật, trẻ mồ côi tỉnh Lâm Đồng"])
    assert wanted == TEXT_CAP_PX and least < wanted
    widths = fitted_px([(200, 150)] * 10)
    assert sum(widths) <= FIT_PX and min(widths) >= NARROWEST_PX


def test_the_floor_of_the_narrowest_columns_never_pushes_a_table_past_its_room():
    # legal aid's list in English, clickable (810 px): two long texts and ten short counts
    columns = [(300, 180), (300, 180), (130, 126), (110, 100)] + [(90, 58)] * 8
    fit = FIT_PX - 40
    widths = fitted_px(columns, fit)
    assert sum(widths) <= fit and min(widths) >= NARROWEST_PX
    assert widths[0] > widths[-1]  # the long texts still get the most
