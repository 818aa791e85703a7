"""The committed reference geography: counts the law gives, the December 2024 merger's official code,
the crosswalk's consistency, and (when the source packages are installed) that the committed CSVs are
exactly what scripts/build_reference_geography.py makes of them, with the two sources' disagreements."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
from collections import Counter

from massorg import geography as g
from massorg.config import REFERENCE_DIR, ROOT
from massorg.labels import merged_into, unit_name


def _csv(name: str) -> list[dict[str, str]]:
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_new_province_has_124_units_103_communes_20_wards_1_special_zone():
    kinds = Counter(g.units()[c]["kind"] for c in g.new_unit_codes())
    assert kinds == {"commune": 103, "ward": 20, "special_zone": 1}
    assert all(g.valid_from(c) == dt.date(2025, 7, 1) and g.valid_to(c) is None for c in g.new_unit_codes())
    assert unit_name("99999", "vi") == "99999"  # not a unit
    assert g.units()["24781"]["name"] == "Phường Xuân Hương - Đà Lạt"


def test_old_lam_dong_137_communes_map_whole_onto_51_new_units_and_the_others_come_from_bt_and_dn():
    communes = Counter(r["province_code"] for r in g.old_communes())
    assert communes == {"68": 137, "60": 121, "67": 71}
    rows = [r for r in g.crosswalk() if r.old_level == "commune"]
    old_ld = [r for r in rows if r.old_province_code == "68"]
    assert {r.coverage for r in old_ld} == {"whole"} and len(old_ld) == 137  # none split
    assert len(g.new_units_of_old_province("68")) == 51
    assert len(g.new_units_of_old_province("60")) == 45
    assert len(g.new_units_of_old_province("67")) == 28
    # no new unit mixes old provinces, and together they are the 124
    by_new = {}
    for r in rows:
        by_new.setdefault(r.new_code, set()).add(r.old_province_code)
    assert all(len(p) == 1 for p in by_new.values())
    assert sorted(by_new) == g.new_unit_codes()
    # the only split communes are two of Bình Thuận's
    split = sorted({r.old_name for r in rows if r.coverage == "part"})
    assert split == ["Xã Hòa Thắng", "Xã Phong Phú"]


def test_47_of_the_51_lie_in_one_old_district_and_4_straddle_two():
    straddling = {code: districts for code, districts in g.old_district_of_new_units().items() if len(districts) > 1}
    assert len(g.old_district_of_new_units()) == 51
    assert {g.units()[c]["name"]: d for c, d in straddling.items()} == {
        "Phường 2 Bảo Lộc": ["673", "680"],
        "Phường Lang Biang - Đà Lạt": ["672", "675"],
        "Xã Đam Rông 4": ["674", "675"],
        "Xã Đinh Văn Lâm Hà": ["676", "678"],
    }


def test_the_december_2024_merger_is_under_682_as_in_the_official_list():
    # statistics office, from 01/01/2025: 681 and 683 empty, 682 "Huyện Đạ Huoai" holds the communes
    per_district = Counter(r["district_code"] for r in g.old_communes() if r["province_code"] == "68")
    assert per_district["682"] == 23 and per_district["681"] == 0 and per_district["683"] == 0
    assert merged_into("681") == "682" and merged_into("683") == "682" and merged_into("682") is None
    assert g.valid_to("681") == g.valid_to("683") == dt.date(2024, 11, 30)
    assert g.valid_to("682") == dt.date(2025, 6, 30)
    assert unit_name("682", "vi") == "Đạ Tẻh" and unit_name("682", "vi", later=True) == "Đạ Huoai"
    merger = [(r.old_code, r.new_code, r.coverage) for r in g.crosswalk() if r.effective_on == dt.date(2024, 12, 1)]
    assert merger == [("681", "682", "whole"), ("682", "682", "whole"), ("683", "682", "whole")]
    # reports may still key the merged district by 681 or 683 until the district level ends
    assert g.alias_for("681", dt.date(2025, 3, 31)) == "682" and g.alias_for("683", dt.date(2025, 6, 30)) == "682"
    assert g.alias_for("681", dt.date(2024, 6, 30)) is None


def test_the_old_district_level_ends_on_30_6_2025_and_the_crosswalk_names_what_replaced_it():
    assert g.old_district_codes() == [str(c) for c in range(672, 684)]
    assert all(g.valid_to(c) <= dt.date(2025, 6, 30) for c in g.old_district_codes())
    replaced = g.replaced_by("679", dt.date(2025, 12, 31))
    assert [g.units()[c]["name"] for c in replaced] == [
        "Xã Di Linh", "Xã Đinh Trang Thượng", "Xã Gia Hiệp", "Xã Bảo Thuận", "Xã Hòa Ninh", "Xã Hòa Bắc", "Xã Sơn Điền",
    ]
    assert all(g.is_valid_on(c, dt.date(2025, 12, 31)) for c in replaced)
    # chained: the old Đạ Huoai (681) -> Huyện Đạ Huoai (682, 1/12/2024) -> new communes (1/7/2025)
    assert g.replaced_by("681", dt.date(2025, 1, 15)) == ["682"]
    assert g.replaced_by("681", dt.date(2025, 7, 1)) == g.replaced_by("682", dt.date(2025, 7, 1))
    assert len(g.replaced_by("682", dt.date(2025, 7, 1))) == 9
    assert g.replaced_by("679", dt.date(2025, 6, 30)) == []  # still valid


def test_every_crosswalk_code_is_known_and_every_row_has_a_date_and_a_legal_source():
    old_codes = set(g.units()) | {r["commune_code"] for r in g.old_communes()}
    for r in g.crosswalk():
        assert r.old_code in old_codes and r.new_code in g.units(), r
        assert r.coverage in ("whole", "part") and r.legal_source.startswith("NQ ") and r.effective_on, r
    assert Counter(r.legal_source.split(" (")[0] for r in g.crosswalk()) == {
        "NQ 1671/NQ-UBTVQH15": 329 + 2 + sum(1 for r in g.crosswalk() if r.old_level == "district"
                                             and r.effective_on == dt.date(2025, 7, 1)),
        "NQ 1248/NQ-UBTVQH15": 3, "NQ 202/2025/QH15": 3,
    }


def test_the_two_sources_disagree_on_one_code_and_two_spellings():
    """The committed list of disagreements (printed when the test runs with -s)."""
    rows = _csv("unit_sources_disagreements.csv")
    for r in rows:
        print(f"{r['kind']}: {r['code']}: vietnamadminunits {r['vietnamadminunits']!r} / "
              f"vietnam-provinces {r['vietnam_provinces']!r}")
    assert [(r["kind"], r["code"]) for r in rows] == [("name", "22924"), ("code", "23095"), ("name", "24718")]
    # the other source's code for xã Hàm Liêm is accepted on import
    assert g.alias_for("23098", dt.date(2025, 9, 30)) == "23095"


def _generator():
    import vietnam_provinces  # noqa: F401 - installed by requirements-dev.txt (never a runtime requirement)
    import vietnamadminunits  # noqa: F401
    spec = importlib.util.spec_from_file_location("build_reference_geography",
                                                  ROOT / "scripts" / "build_reference_geography.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_csvs_are_what_the_generator_makes_of_the_packages():
    """The two source packages (scripts/requirements-reference.txt, installed for the tests) give exactly the committed files."""
    gen = _generator()
    units, communes, crosswalk, disagreements = gen.build()

    def same(name, rows, columns):
        assert _csv(name) == [{c: str(r.get(c, "")) for c in columns} for r in rows], name

    same("units.csv", units, gen.UNIT_COLUMNS)
    same("old_communes.csv", communes, list(_csv("old_communes.csv")[0]))
    same("unit_crosswalk.csv", crosswalk, list(_csv("unit_crosswalk.csv")[0]))
    same("unit_sources_disagreements.csv", disagreements, ["kind", "code", "vietnamadminunits", "vietnam_provinces"])
    same("unit_code_aliases.csv", gen.aliases(disagreements), ["code", "valid_from", "valid_to", "means_code", "note"])
