"""The legal aid & mediation page under AppTest: default and edge filters, KPI values recomputed here with
pandas from the demo snapshot's own tables, chart titles and English labels."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from massorg.i18n import t

PAGE = "pages/legal_aid.py"


def vi_int(n: float) -> str:
    return f"{round(n):,}".replace(",", ".")


def vi_dec(x: float) -> str:
    return f"{x:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def signed(x: float, lang: str = "vi") -> str:
    text = f"{abs(x):,.1f}"
    if lang == "vi":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return ("+" if x > 0 else "-" if x < 0 else "±") + text


@pytest.fixture(scope="module")
def legal(demo_snapshot) -> pd.DataFrame:
    """legal_aid rows with their association's unit, level and type."""
    assoc = demo_snapshot.read("associations")[["association_id", "unit_code", "level", "type_code"]]
    return demo_snapshot.read("legal_aid").merge(assoc, on="association_id")


def metrics(at) -> dict[str, tuple[str, str | None]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def chart_titles(at) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def expected_cards(rows: pd.DataFrame, first: int, last: int) -> dict[str, tuple[str, str]]:
    """The four KPI cards computed from the rows in plain pandas, formatted the Vietnamese way."""
    period = rows[(rows["year"] >= first) & (rows["year"] <= last)]
    mediation = period[period["kind"] == "mediation"]

    def year_sum(column: str, year: int, kind: str | None = None) -> float:
        part = rows[rows["year"] == year]
        if kind:
            part = part[part["kind"] == kind]
        return float(part[column].sum())

    def change(column: str, kind: str | None = None) -> str:
        now, before = year_sum(column, last, kind), year_sum(column, last - 1, kind)
        return f"{signed((now - before) / before * 100)}% năm {last} so với {last - 1}"

    def rate(year: int) -> float:
        return year_sum("successful", year, "mediation") / year_sum("cases", year, "mediation") * 100

    label = f"{first}–{last}" if first != last else str(first)
    return {
        f"Vụ việc pháp lý {label}": (vi_int(period["cases"].sum()), change("cases")),
        f"Lượt người {label}": (vi_int(period["people_served"].sum()), change("people_served")),
        f"Vụ hòa giải {label}": (vi_int(mediation["cases"].sum()), change("cases", "mediation")),
        f"Hòa giải thành {label}": (
            vi_dec(mediation["successful"].sum() / mediation["cases"].sum() * 100) + "%",
            f"{signed(rate(last) - rate(last - 1))} điểm % năm {last} so với {last - 1}",
        ),
    }


def test_default_filters_show_the_whole_province(app, legal):
    at = app(PAGE)
    assert not at.exception
    assert at.title[0].value == "Trợ giúp pháp lý, hòa giải"
    assert metrics(at) == expected_cards(legal, 2014, 2024)
    # the article's "> 3,600 programmes, projects and cases" (2014–2024)
    assert int(legal["cases"].sum()) > 3600
    assert chart_titles(at) == [
        "Vụ việc pháp lý theo năm và loại, 2014–2024",
        "Lượt người phục vụ theo loại, 2014–2024",
        "Tỷ lệ hòa giải thành theo năm, 2014–2024",
        "Vụ việc pháp lý theo loại hội, 2014–2024",
    ]
    assert len(at.dataframe) == 1


def test_known_filter_one_district_2018_2022(app, legal):
    at = app(PAGE, units=["678"], years=["2018", "2022"])
    assert not at.exception
    rows = legal[legal["unit_code"] == "678"]
    assert metrics(at) == expected_cards(rows, 2018, 2022)


def test_single_year_still_compares_with_the_year_before(app, legal):
    at = app(PAGE, years=["2020", "2020"])
    assert not at.exception
    assert metrics(at) == expected_cards(legal, 2020, 2020)
    assert "Tỷ lệ hòa giải thành theo năm, 2020" in chart_titles(at)


def test_unit_without_associations_of_the_type_says_so(app):
    at = app(PAGE, units=["675"], types=["journalists"])
    assert not at.exception
    assert [i.value for i in at.info] == [t("app.no_data", "vi")]
    assert not at.metric and not at.get("plotly_chart")


def test_all_filters_cleared_by_hand(app, legal):
    at = app(PAGE, units=["678"], levels=["district"], types=["lawyers"], special="true")
    at.multiselect(key="units").set_value([])
    at.multiselect(key="levels").set_value([])
    at.multiselect(key="types").set_value([])
    at.checkbox(key="special").uncheck()
    at.run()
    assert not at.exception
    assert metrics(at) == expected_cards(legal, 2014, 2024)


def test_success_rate_needs_mediations():
    from massorg.ui.figures.legal_aid import success_rate_pct

    assert success_rate_pct(3, 4) == 75.0
    assert success_rate_pct(0, 0) is None
    assert success_rate_pct(None, 5) is None


def test_english_labels_and_numbers(app, legal):
    at = app(PAGE, lang="en")
    assert not at.exception
    assert at.title[0].value == "Legal aid and mediation"
    cards = metrics(at)
    assert cards["Legal cases 2014–2024"][0] == f"{int(legal['cases'].sum()):,}"
    assert cards["Person-times served 2014–2024"][0] == f"{int(legal['people_served'].sum()):,}"
    assert cards["Mediation success 2014–2024"][1].endswith(" pp in 2024 vs 2023")
    assert "Mediation success rate by year, 2014–2024" in chart_titles(at)
    assert at.subheader[0].value == "Legal activity by lead association, 2014–2024"
