"""The social welfare & charity page under AppTest: the article's published figures with default filters,
a known filter recomputed here with pandas from the demo snapshot, edge filters and English labels."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from massorg.i18n import t

PAGE = "pages/welfare.py"


def vi_int(n: float) -> str:
    return f"{round(n):,}".replace(",", ".")


def vi_bn(vnd: float) -> str:
    return f"{vnd / 1e9:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".") + " tỷ đồng"


def vi_change(now: float, before: float, year: int) -> str:
    x = (now - before) / before * 100
    text = f"{abs(x):,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return ("+" if x > 0 else "-" if x < 0 else "±") + text + f"% năm {year + 1} so với {year}"


@pytest.fixture(scope="module")
def welfare(demo_snapshot) -> pd.DataFrame:
    """welfare rows with the type of the association that delivered them."""
    assoc = demo_snapshot.read("associations")[["association_id", "type_code", "level"]]
    return demo_snapshot.read("welfare").merge(assoc, on="association_id")


def metrics(at) -> dict[str, tuple[str, str | None]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def expected_cards(rows: pd.DataFrame, first: int, last: int) -> dict[str, tuple[str, str]]:
    """The six KPI cards from plain pandas: sums over the period, change of the last year on the one before."""
    def pick(programme: str | None = None, red_cross_people: bool = False) -> pd.DataFrame:
        part = rows if programme is None else rows[rows["programme_code"] == programme]
        if red_cross_people:
            part = part[(part["type_code"] == "red_cross") & (part["beneficiaries_unit"] == "people")]
        return part

    def card(part: pd.DataFrame, column: str, money: bool = False) -> tuple[str, str]:
        in_period = part[(part["year"] >= first) & (part["year"] <= last)][column].sum()
        now = part[part["year"] == last][column].sum()
        before = part[part["year"] == last - 1][column].sum()
        return (vi_bn(in_period) if money else vi_int(in_period)), vi_change(now, before, last - 1)

    label = f"{first}–{last}" if first != last else str(first)
    return {
        f"Giá trị an sinh, từ thiện {label}": card(pick(), "value_vnd", money=True),
        f"Ca phẫu thuật tim {label}": card(pick("heart_surgery"), "quantity"),
        f"Ca mổ mắt đục thủy tinh thể {label}": card(pick("cataract_surgery"), "quantity"),
        f"Ca chỉnh hình cho trẻ em {label}": card(pick("corrective_surgery"), "quantity"),
        f"Chữ thập đỏ cấp thuốc {label}": card(pick("free_medicine", red_cross_people=True), "beneficiaries"),
        f"Học bổng học sinh nghèo {label}": card(pick("scholarship"), "value_vnd", money=True),
    }


def test_default_filters_show_the_published_figures(app):
    at = app(PAGE)
    assert not at.exception
    values = {label: value for label, (value, _) in metrics(at).items()}
    assert values["Ca phẫu thuật tim 2014–2024"] == "1.398"  # ≈ 1,400 heart surgeries
    assert values["Ca mổ mắt đục thủy tinh thể 2014–2024"] == "21.000"
    assert values["Ca chỉnh hình cho trẻ em 2014–2024"] == "541"
    assert values["Chữ thập đỏ cấp thuốc 2014–2024"] == "157.087"  # people, not person-times
    assert values["Học bổng học sinh nghèo 2014–2024"] == "211,6 tỷ đồng"  # > 211 bn VND


def test_default_cards_match_pandas(app, welfare):
    at = app(PAGE)
    assert metrics(at) == expected_cards(welfare, 2014, 2024)


def test_spotlight_answers_what_the_red_cross_and_poor_patients_association_delivered(app):
    at = app(PAGE)
    assert at.subheader[0].value == "Hội Chữ thập đỏ và Hội Bảo trợ bệnh nhân nghèo đã làm được gì, 2014–2024"
    tables = [df.value for df in at.dataframe]
    red_cross, poor_patients = tables[0], tables[1]
    assert 157_087 in list(red_cross["Người hưởng lợi"])
    assert list(poor_patients["Chương trình"][:3]) == ["Phẫu thuật tim", "Mổ mắt đục thủy tinh thể", "Tặng xe lăn"]
    assert list(poor_patients["Số lượng"][:2]) == [1398, 21000]
    assert list(poor_patients["Đơn vị tính"][:2]) == ["ca", "ca"]


def test_merged_unit_keeps_the_history_of_the_units_merged_into_it(app, welfare):
    # Huyện Đạ Huoai (682) after 1 Dec 2024 includes the old Đạ Huoai (681) and Cát Tiên (683), and Đạ
    # Tẻh's own history under the same code; welfare counts where delivered
    at = app(PAGE, units=["682"], years=["2020", "2023"])
    assert not at.exception
    rows = welfare[welfare["unit_code"].isin(["681", "682", "683"])]
    assert metrics(at) == expected_cards(rows, 2020, 2023)


def test_single_year(app, welfare):
    at = app(PAGE, years=["2019", "2019"])
    assert not at.exception
    assert metrics(at) == expected_cards(welfare, 2019, 2019)
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert titles == [
        "Các chương trình tiêu biểu theo năm, 2019",
        "Giá trị theo chương trình và lĩnh vực, 2019",
        "Giá trị theo loại hội, 2019",
        "Giá trị theo nơi thực hiện, 2019",
        "Người hưởng lợi theo chương trình, 2019",
    ]


def test_beneficiary_units_are_never_added_together(app):
    at = app(PAGE)
    spec = json.loads(next(c for c in at.get("plotly_chart")
                           if "Người hưởng lợi" in json.loads(c.proto.spec)["layout"]["title"]["text"]).proto.spec)
    panels = [a["text"] for a in spec["layout"]["annotations"] if a["text"].startswith("Tính bằng")]
    assert panels == ["Tính bằng người", "Tính bằng lượt người", "Tính bằng hộ"]


def test_unit_without_associations_of_the_type_says_so(app):
    at = app(PAGE, units=["675"], types=["journalists"])
    assert not at.exception
    assert [i.value for i in at.info] == [t("app.no_data", "vi")]
    assert not at.metric and not at.get("plotly_chart")


def test_a_type_without_flagship_programmes_shows_zeros_not_errors(app):
    at = app(PAGE, types=["gardening"])
    assert not at.exception
    values = {label: value for label, (value, _) in metrics(at).items()}
    assert values["Ca phẫu thuật tim 2014–2024"] == "0"
    assert values["Học bổng học sinh nghèo 2014–2024"] == "0 tỷ đồng"
    assert at.subheader[0].value.startswith("Kết quả an sinh")  # no spotlight section without its associations


def test_all_filters_cleared_by_hand(app, welfare):
    at = app(PAGE, units=["672"], levels=["commune"], types=["elderly"], special="true")
    at.multiselect(key="units").set_value([])
    at.multiselect(key="levels").set_value([])
    at.multiselect(key="types").set_value([])
    at.checkbox(key="special").uncheck()
    at.run()
    assert not at.exception
    assert metrics(at) == expected_cards(welfare, 2014, 2024)


def test_english_labels_and_numbers(app):
    at = app(PAGE, lang="en")
    assert not at.exception
    assert at.title[0].value == "Social welfare and charity"
    values = {label: value for label, (value, _) in metrics(at).items()}
    assert values["Heart surgeries 2014–2024"] == "1,398"
    assert values["Cataract surgeries 2014–2024"] == "21,000"
    assert values["Red Cross free medicine 2014–2024"] == "157,087"
    assert values["Scholarships 2014–2024"] == "VND 211.6 bn"
    assert at.subheader[0].value == "What the Red Cross and the poor-patients association delivered, 2014–2024"
