#!/usr/bin/env python3
"""Write the committed reference geography of Lâm Đồng before and after 1 July 2025.

Run once (and again only if the law or the source packages change), in a separate environment:

    python3 -m venv /tmp/refgeo && /tmp/refgeo/bin/pip install -r scripts/requirements-reference.txt
    /tmp/refgeo/bin/python scripts/build_reference_geography.py

Sources: `vietnamadminunits` (MIT) holds the official pre-reform codes (province, district, commune)
and the old-commune -> new-unit converter; `vietnam-provinces` lists the new units and codes and is
the cross-check. Neither is a runtime dependency: the dashboard reads only the CSVs written here.

Writes into data/reference/:
- units.csv            provinces, the district-level units before 1/7/2025 (with the December 2024
                       merger of old Lâm Đồng), and the 124 units of the new province from 1/7/2025;
- old_communes.csv     the communes of Lâm Đồng, Đắk Nông and Bình Thuận until 30/6/2025;
- unit_crosswalk.csv   old unit -> new unit, whole or part, effective date, legal source;
- unit_sources_disagreements.csv  where the two packages disagree about a new unit;
- unit_code_aliases.csv  codes reports may use for another unit in a period (accepted on import).
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections import defaultdict
from pathlib import Path

import vietnamadminunits
from vietnam_provinces import ProvinceCode, Ward
from vietnamadminunits.database import query

OUT = Path(__file__).resolve().parent.parent / "data" / "reference"

REFORM_ON = "2025-07-01"
LAST_OLD_DAY = "2025-06-30"
DEC_2024_MERGER_ON = "2024-12-01"
NQ_DEC_2024 = "NQ 1248/NQ-UBTVQH15 (24/10/2024)"
NQ_PROVINCES = "NQ 202/2025/QH15 (12/6/2025)"
NQ_COMMUNES = "NQ 1671/NQ-UBTVQH15 (16/6/2025)"

# The three provinces that form the new Lâm Đồng (code 68 is kept).
OLD_PROVINCES = {"68": ("Lâm Đồng", "Lam Dong province"), "67": ("Đắk Nông", "Dak Nong province"),
                 "60": ("Bình Thuận", "Binh Thuan province")}
NEW_PROVINCE_POPULATION = ""  # no official figure for the new province in the sources

# Old Lâm Đồng's district-level units as the dashboard has always had them (2019 census populations).
# On 1/12/2024 Đạ Huoai (681), Đạ Tẻh (682) and Cát Tiên (683) became one district, Huyện Đạ Huoai,
# under code 682 (the statistics office's list from 01/01/2025: 681 and 683 empty, 682 holds the
# communes). So 682 is named Đạ Tẻh until 30/11/2024 and Đạ Huoai from 1/12/2024 (later_name).
OLD_LAM_DONG_DISTRICTS = [
    # code, name, name_en, kind, valid_to, successor, population, later name, later name_en
    ("672", "Đà Lạt", "Da Lat city", "city", LAST_OLD_DAY, "", 227000, "", ""),
    ("673", "Bảo Lộc", "Bao Loc city", "city", LAST_OLD_DAY, "", 159000, "", ""),
    ("674", "Đam Rông", "Dam Rong", "district", LAST_OLD_DAY, "", 54000, "", ""),
    ("675", "Lạc Dương", "Lac Duong", "district", LAST_OLD_DAY, "", 36000, "", ""),
    ("676", "Lâm Hà", "Lam Ha", "district", LAST_OLD_DAY, "", 144000, "", ""),
    ("677", "Đơn Dương", "Don Duong", "district", LAST_OLD_DAY, "", 107000, "", ""),
    ("678", "Đức Trọng", "Duc Trong", "district", LAST_OLD_DAY, "", 187000, "", ""),
    ("679", "Di Linh", "Di Linh", "district", LAST_OLD_DAY, "", 160000, "", ""),
    ("680", "Bảo Lâm", "Bao Lam", "district", LAST_OLD_DAY, "", 118000, "", ""),
    ("681", "Đạ Huoai", "Da Huoai", "district", "2024-11-30", "682", 44000, "", ""),
    ("682", "Đạ Tẻh", "Da Teh", "district", LAST_OLD_DAY, "", 57000, "Đạ Huoai", "Da Huoai"),
    ("683", "Cát Tiên", "Cat Tien", "district", "2024-11-30", "682", 45000, "", ""),
]

UNIT_COLUMNS = ["unit_code", "name", "name_en", "kind", "parent_code", "valid_from", "valid_to",
                "successor_code", "population", "later_name", "later_name_en", "renamed_on"]

DISTRICT_KINDS = {"Thành phố": "city", "Thị xã": "town", "Huyện": "district"}
COMMUNE_KINDS = {"Xã": "commune", "Phường": "ward", "Thị trấn": "township", "Đặc khu": "special_zone"}
KIND_EN = {"commune": "commune", "ward": "ward", "special_zone": "special zone", "city": "city",
           "town": "town", "district": "", "township": "township"}


def ascii_name(text: str) -> str:
    """'Xuân Hương - Đà Lạt' -> 'Xuan Huong - Da Lat' (English names drop the diacritics)."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def short_name(full: str, kinds: dict[str, str]) -> tuple[str, str]:
    """'Phường Xuân Hương - Đà Lạt' -> ('Xuân Hương - Đà Lạt', 'ward')."""
    for prefix, kind in kinds.items():
        if full.startswith(prefix + " "):
            return full[len(prefix) + 1:], kind
    raise ValueError(f"unknown unit kind in {full!r}")


def english(short: str, kind: str) -> str:
    suffix = KIND_EN[kind]
    return f"{ascii_name(short)} {suffix}".strip()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def load_sources():
    legacy = query(
        "select provinceCode, provinceKey, district, districtCode, districtKey, ward, wardCode, wardKey "
        "from admin_units_legacy where provinceCode in ('68', '67', '60') order by wardCode"
    )
    new = query("select ward, wardCode, wardKey from admin_units where provinceCode = '68' order by wardCode")
    converter_path = Path(vietnamadminunits.__file__).parent / "data" / "converter_2025.json"
    converter = json.loads(converter_path.read_text(encoding="utf-8"))
    whole = converter["DICT_PROVINCE_WARD_NO_DIVIDED"]["tinhlamdong"]
    split = converter["DICT_PROVINCE_WARD_DIVIDED"].get("tinhlamdong", {})
    second = {str(w.code.value): nfc(w.name) for w in Ward.iter_by_province(ProvinceCode(68))}
    return legacy, new, whole, split, second


def build():
    legacy, new, whole, split, second = load_sources()
    new_by_key = {r["wardKey"]: r for r in new}
    old_by_key = {f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}": r for r in legacy}

    # old commune key -> [(new unit code, whole/part)]
    old_to_new: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for new_key, old_keys in whole.items():
        for old_key in old_keys:
            old_to_new[old_key].append((new_by_key[new_key]["wardCode"], "whole"))
    for old_key, parts in split.items():
        for part in parts:
            old_to_new[old_key].append((new_by_key[part["newWardKey"]]["wardCode"], "part"))
    missing = set(old_by_key) - set(old_to_new)
    if missing:
        raise SystemExit(f"old communes without a new unit: {sorted(missing)}")

    units = []
    units.append({"unit_code": "68", "name": "Lâm Đồng", "name_en": "Lam Dong province", "kind": "province",
                  "population": 1360000})
    for code in ("67", "60"):
        name, name_en = OLD_PROVINCES[code]
        units.append({"unit_code": code, "name": name, "name_en": name_en, "kind": "province",
                      "valid_to": LAST_OLD_DAY})
    for code, name, name_en, kind, valid_to, successor, pop, later, later_en in OLD_LAM_DONG_DISTRICTS:
        units.append({"unit_code": code, "name": name, "name_en": name_en, "kind": kind, "parent_code": "68",
                      "valid_to": valid_to, "successor_code": successor, "population": pop,
                      "later_name": later, "later_name_en": later_en,
                      "renamed_on": DEC_2024_MERGER_ON if later else ""})
    districts = {}
    for r in legacy:
        districts.setdefault(r["districtCode"], r)
    for code, r in sorted(districts.items()):
        if r["provinceCode"] == "68":
            continue
        short, kind = short_name(nfc(r["district"]), DISTRICT_KINDS)
        units.append({"unit_code": code, "name": short, "name_en": english(short, kind), "kind": kind,
                      "parent_code": r["provinceCode"], "valid_to": LAST_OLD_DAY})
    for r in new:
        short, kind = short_name(nfc(r["ward"]), COMMUNE_KINDS)
        units.append({"unit_code": r["wardCode"], "name": nfc(r["ward"]), "name_en": english(short, kind),
                      "kind": kind, "parent_code": "68", "valid_from": REFORM_ON})

    communes = []
    crosswalk = []
    new_name = {r["wardCode"]: nfc(r["ward"]) for r in new}
    for key, r in sorted(old_by_key.items(), key=lambda kv: kv[1]["wardCode"]):
        name = nfc(r["ward"])
        _, kind = short_name(name, COMMUNE_KINDS)
        communes.append({"commune_code": r["wardCode"], "name": name, "kind": kind,
                         "district_code": r["districtCode"], "province_code": r["provinceCode"],
                         "valid_to": LAST_OLD_DAY})
        for new_code, coverage in old_to_new[key]:
            crosswalk.append({"old_code": r["wardCode"], "old_name": name, "old_level": "commune",
                              "old_province_code": r["provinceCode"], "new_code": new_code,
                              "new_name": new_name[new_code], "coverage": coverage,
                              "effective_on": REFORM_ON, "legal_source": NQ_COMMUNES})

    # District-level units: whole when all their communes go, whole, into one new unit.
    by_district: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for key, r in old_by_key.items():
        for new_code, coverage in old_to_new[key]:
            by_district[r["districtCode"]][new_code].add(coverage)
    district_names = {u["unit_code"]: u["name"] for u in units}
    district_names["682"] = "Đạ Huoai"  # its name on 30/6/2025
    for code in sorted(by_district):
        targets = by_district[code]
        for new_code in sorted(targets):
            coverage = "whole" if len(targets) == 1 and targets[new_code] == {"whole"} else "part"
            crosswalk.append({"old_code": code, "old_name": district_names[code], "old_level": "district",
                              "old_province_code": districts[code]["provinceCode"], "new_code": new_code,
                              "new_name": new_name[new_code], "coverage": coverage,
                              "effective_on": REFORM_ON, "legal_source": NQ_COMMUNES})
    for old in ("681", "682", "683"):
        crosswalk.append({"old_code": old, "old_name": district_names[old] if old != "682" else "Đạ Tẻh",
                          "old_level": "district", "old_province_code": "68", "new_code": "682",
                          "new_name": "Đạ Huoai", "coverage": "whole", "effective_on": DEC_2024_MERGER_ON,
                          "legal_source": NQ_DEC_2024})
    for old in ("68", "67", "60"):
        crosswalk.append({"old_code": old, "old_name": OLD_PROVINCES[old][0], "old_level": "province",
                          "old_province_code": old, "new_code": "68", "new_name": "Lâm Đồng",
                          "coverage": "whole", "effective_on": REFORM_ON, "legal_source": NQ_PROVINCES})
    crosswalk.sort(key=lambda r: (r["effective_on"], r["old_level"] != "province", r["old_level"], r["old_code"],
                                  r["new_code"]))

    disagreements = []
    first = {r["wardCode"]: nfc(r["ward"]) for r in new}
    for code in sorted(set(first) | set(second)):
        a, b = first.get(code), second.get(code)
        if a == b:
            continue
        if a and b:
            disagreements.append({"kind": "name", "code": code, "vietnamadminunits": a, "vietnam_provinces": b})
        elif a:
            other = next((c for c, n in second.items() if n == a and c not in first), "")
            disagreements.append({"kind": "code", "code": code, "vietnamadminunits": f"{code} {a}",
                                  "vietnam_provinces": f"{other} {a}" if other else ""})
        elif not any(d["vietnam_provinces"] == f"{code} {b}" for d in disagreements):
            disagreements.append({"kind": "code", "code": code, "vietnamadminunits": "",
                                  "vietnam_provinces": f"{code} {b}"})
    return units, communes, crosswalk, disagreements


def write(name: str, rows: list[dict], columns: list[str]) -> None:
    with open(OUT / name, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, columns, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in columns})
    print(f"{name}: {len(rows)} rows")


def main() -> None:
    units, communes, crosswalk, disagreements = build()
    write("units.csv", units, UNIT_COLUMNS)
    write("old_communes.csv", communes, ["commune_code", "name", "kind", "district_code", "province_code", "valid_to"])
    write("unit_crosswalk.csv", crosswalk, ["old_code", "old_name", "old_level", "old_province_code", "new_code",
                                            "new_name", "coverage", "effective_on", "legal_source"])
    write("unit_sources_disagreements.csv", disagreements, ["kind", "code", "vietnamadminunits", "vietnam_provinces"])
    write("unit_code_aliases.csv", aliases(disagreements), ["code", "valid_from", "valid_to", "means_code", "note"])


def aliases(disagreements: list[dict]) -> list[dict]:
    """Until 30/6/2025 reports may key the merged Đạ Huoai district by 681 or 683 (the dashboard
    itself did so before it followed the official list); a new unit whose code the second source
    gives differently is accepted under that code too."""
    rows = [{"code": old, "valid_from": DEC_2024_MERGER_ON, "valid_to": LAST_OLD_DAY, "means_code": "682",
             "note": f"{name} merged into Huyện Đạ Huoai (682) on 1/12/2024"}
            for old, name in (("681", "Đạ Huoai"), ("683", "Cát Tiên"))]
    for d in disagreements:
        if d["kind"] == "code" and d["vietnamadminunits"] and d["vietnam_provinces"]:
            other, name = d["vietnam_provinces"].split(" ", 1)
            rows.append({"code": other, "valid_from": REFORM_ON, "valid_to": "", "means_code": d["code"],
                         "note": f"{name}: vietnam-provinces gives {other}, vietnamadminunits {d['code']}"})
    return rows


if __name__ == "__main__":
    main()
