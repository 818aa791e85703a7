"""The association directory and profile under AppTest: accent-insensitive search, sidebar filters, sort,
the profile opened from the URL or the chooser, unknown ids, edge filters and English labels."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd
import pytest

from massorg.i18n import t

PAGE = "pages/directory.py"


def fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn").lower()


def vi_int(n: float) -> str:
    return f"{round(n):,}".replace(",", ".")


@pytest.fixture(scope="module")
def associations(demo_snapshot) -> pd.DataFrame:
    return demo_snapshot.read("associations")


def found_caption(at) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Tìm thấy") or "match the filters" in c.value)


def listed(at) -> pd.DataFrame:
    """The directory table (the last table on the page): one page of at most 50 rows."""
    return at.dataframe[-1].value


def found_count(at) -> int:
    """How many associations the caption says match (counted in SQL over every match, not the page)."""
    return int(re.search(r"(?:Tìm thấy |^)([\d.,]+) (?:hội|associations)", found_caption(at)).group(1)
               .replace(".", "").replace(",", ""))


def test_default_lists_every_association(app, associations):
    at = app(PAGE)
    assert not at.exception
    dissolved = int(associations["dissolved_on"].notna().sum())
    assert found_caption(at) == (f"Tìm thấy {vi_int(len(associations))} hội theo bộ lọc và từ khóa. "
                                 "Hội viên tính tại cuối năm 2024; kinh phí cộng dồn 2014–2024. "
                                 f"Trong đó {dissolved} hội đã giải thể trong giai đoạn (xem cột Ngày giải thể).")
    assert len(listed(at)) == 50  # one page
    assert at.selectbox(key="directory_assoc").value is None


@pytest.mark.parametrize("typed", ["chu thap do", "CHỮ THẬP ĐỎ", "  thap   chu "])
def test_search_ignores_accents_case_and_word_order(app, associations, typed):
    at = app(PAGE)
    at.text_input(key="directory_q").input(typed).run()
    assert not at.exception
    expected = associations[[all(w in fold(n) for w in ("chu", "thap", "do")) for n in associations["name"]]]
    table = listed(at)
    assert found_count(at) == len(expected) > 100  # the Red Cross at every level
    assert len(table) == 50
    assert all("Chữ thập đỏ" in name for name in table["Tên hội"])
    assert at.query_params["q"] == typed.strip()


def test_search_from_the_url_and_a_word_with_d_stroke(app, associations):
    at = app(PAGE, q="duc trong")
    assert at.text_input(key="directory_q").value == "duc trong"
    expected = [n for n in associations["name"] if "duc trong" in fold(n)]
    assert found_count(at) == len(expected)
    assert set(listed(at)["Tên hội"]) <= set(expected) and len(listed(at)) == min(50, len(expected))
    assert all("Đức Trọng" in name for name in expected)


def test_profile_opens_from_the_url(app, demo_snapshot):
    at = app(PAGE, assoc="T001")
    assert not at.exception
    assert at.subheader[0].value == "Hội Chữ thập đỏ tỉnh Lâm Đồng"
    identity = " ".join(m.value.replace("\\", "") for m in at.markdown)  # values are markdown-escaped
    for text in ("**Loại hội**  \nHội Chữ thập đỏ", "**Cấp**  \nCấp tỉnh", "**Ngày thành lập**  \n15/05/1976",
                 "**Hội có tính chất đặc thù**  \nCó", "**Đơn vị hành chính**  \nLâm Đồng"):
        assert text in identity
    members = demo_snapshot.read("membership")
    in_2024 = members[(members["association_id"] == "T001") & (members["year"] == 2024)]["members"].iloc[0]
    in_2023 = members[(members["association_id"] == "T001") & (members["year"] == 2023)]["members"].iloc[0]
    card = next(m for m in at.metric if m.label == "Hội viên (cuối năm 2024)")
    assert card.value == vi_int(in_2024)
    change = (in_2024 - in_2023) / in_2023 * 100
    assert card.delta == ("+" if change > 0 else "-") + f"{abs(change):.1f}".replace(".", ",") + "% năm 2024 so với 2023"
    funding = demo_snapshot.read("funding")
    total = funding[funding["association_id"] == "T001"]["amount_vnd"].sum()
    card = next(m for m in at.metric if m.label == "Kinh phí 2014–2024")
    assert card.value == f"{total / 1e9:.1f}".replace(".", ",") + " tỷ đồng"
    # its history: members and funding charts, the meetings it led and its welfare programmes
    assert len(at.get("plotly_chart")) == 2
    assert "Hội không có hoạt động trợ giúp pháp lý, hòa giải nào trong giai đoạn 2014–2024." in [
        i.value for i in at.info
    ]
    meetings = demo_snapshot.read("consultations")
    assert len(at.dataframe[0].value) == (meetings["association_id"] == "T001").sum()


def test_choosing_an_association_puts_it_in_the_url(app):
    at = app(PAGE, q="luat gia")
    at.selectbox(key="directory_assoc").set_value("T006").run()
    assert not at.exception
    assert at.query_params["assoc"] == "T006"
    assert at.subheader[0].value == "Hội Luật gia tỉnh Lâm Đồng"
    assert len(at.get("plotly_chart")) == 3  # members, funding, legal aid by kind


def test_unknown_association_in_the_url_is_a_notice(app, associations):
    at = app(PAGE, assoc="NOPE", sort="bogus")
    assert not at.exception
    notices = [i.value for i in at.info]
    assert t("directory.unknown_assoc", "vi", value="NOPE") in notices
    assert t("directory.bad_sort", "vi", value="bogus") in notices
    assert at.selectbox(key="directory_assoc").value is None
    assert found_count(at) == len(associations)


def test_sort_by_members(app, demo_snapshot):
    at = app(PAGE, sort="members", years=["2014", "2020"])
    assert not at.exception
    members = demo_snapshot.read("membership")
    biggest = members[members["year"] == 2020].sort_values("members", ascending=False).iloc[0]
    name = demo_snapshot.read("associations").set_index("association_id").loc[biggest["association_id"], "name"]
    table = listed(at)
    assert table.iloc[0]["Tên hội"] == name
    assert table.iloc[0]["Hội viên (cuối năm)"] == biggest["members"]
    assert found_caption(at).endswith("Hội viên tính tại cuối năm 2020; kinh phí cộng dồn 2014–2020.")


def test_sidebar_filters_apply(app, associations):
    at = app(PAGE, units=["678"], levels=["district"], special="true")
    assert not at.exception
    expected = associations[(associations["unit_code"] == "678") & (associations["level"] == "district")
                            & associations["special_nature"]]
    assert found_count(at) == len(expected) <= 50
    assert sorted(listed(at)["Tên hội"]) == sorted(expected["name"])


def test_unit_without_associations_of_the_type_says_so(app):
    at = app(PAGE, units=["675"], types=["journalists"])
    assert not at.exception
    assert t("directory.no_match", "vi") in [i.value for i in at.info]


def test_single_year_profile(app):
    at = app(PAGE, assoc="T012", years=["2022", "2022"])
    assert not at.exception
    labels = [m.label for m in at.metric]
    assert labels == ["Hội viên (cuối năm 2022)", "Kinh phí 2022", "Cuộc tư vấn, phản biện 2022",
                      "Vụ việc pháp lý 2022", "An sinh, từ thiện 2022"]
    deltas = [m.delta for m in at.metric]
    # a one-year period still compares with the year before; nothing to compare (no meetings) shows no arrow
    assert deltas[0].endswith("% năm 2022 so với 2021") and deltas[1].endswith("% năm 2022 so với 2021")
    assert all(d == "" or d.endswith("% năm 2022 so với 2021") for d in deltas)


def test_english_profile(app):
    at = app(PAGE, assoc="T001", lang="en")
    assert not at.exception
    assert at.title[0].value == "Association directory"
    assert at.subheader[0].value == "Lam Dong Red Cross Society"
    assert "**Founded on**  \n1976-05-15" in " ".join(m.value.replace("\\", "") for m in at.markdown)  # values escaped
    assert [m.label for m in at.metric][:2] == ["Members (end of 2024)", "Funding 2014–2024"]
    assert listed(at).columns[0] == "Association"


def test_all_filters_cleared_by_hand(app, associations):
    at = app(PAGE, units=["672"], levels=["commune"], types=["elderly"], special="true")
    assert found_count(at) < len(associations)
    at.multiselect(key="units").set_value([])
    at.multiselect(key="levels").set_value([])
    at.multiselect(key="types").set_value([])
    at.checkbox(key="special").uncheck()
    at.run()
    assert not at.exception
    assert found_count(at) == len(associations)


def test_the_list_pages_in_sql_with_the_page_in_the_url_and_a_new_search_starts_at_page_one(app, associations):
    from tests.test_pages_consultation import opened

    at = opened(app, PAGE, sort="founded", page="3")
    assert not at.exception
    by_founding = associations.assign(key=[fold(n) for n in associations["name"]]).sort_values(
        ["founded_on", "key", "association_id"], na_position="last", kind="stable")
    assert list(listed(at)["Tên hội"]) == list(by_founding["name"][100:150])
    assert at.query_params["page"] == "3"
    at.text_input(key="directory_q").set_value("hoi").run()
    assert at.number_input(key="directory_page").value == 1 and "page" not in at.query_params
    # the chooser offers the shown page only, not every association of the snapshot
    assert len(at.selectbox(key="directory_assoc").options) == 50


def test_per_association_money_is_in_trieu(app, demo_snapshot):
    """Most commune associations read '0,01' in tỷ: the directory shows money in triệu (issue 13, item 17)."""
    at = app(PAGE)
    table = listed(at)
    column = "Kinh phí trong giai đoạn (triệu đồng)"
    assert column in table.columns and not [c for c in table.columns if "tỷ" in c]
    funding = demo_snapshot.read("funding").groupby("association_id").amount_vnd.sum()
    a = demo_snapshot.read("associations").set_index("association_id")
    commune = funding[a.loc[funding.index, "level"] == "commune"]
    assert (commune < 1e9).mean() > 0.8  # why triệu: most commune associations are below 1 tỷ
    shown = dict(zip(table["Tên hội"], table[column]))  # the first page of the list
    some = next(i for i in commune.index if a.loc[i, "name"] in shown)
    assert shown[a.loc[some, "name"]] == pytest.approx(commune[some] / 1e6)
