"""The seeded demo data set: 672 associations of Lâm Đồng, 2014–2024, calibrated to the published figures.

Until the province's real reports are imported, the dashboard runs on this. Same seed, same bytes.
Shapes are invented (growth, dips, yearly rhythm); totals are scaled so the aggregates reproduce the
headline figures of the Báo Lâm Đồng article of September 2024 (shared/domain.md). Every snapshot made
here is marked is_demo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from massorg.data import store
from massorg.geography import old_district_codes
from massorg.data.schema import association_types, reference_programmes, reference_units
from massorg.data.validate import errors, report, validate_tables
from massorg.export.feed import write_feed

DEFAULT_SEED = 20240930
YEARS = list(range(2014, 2025))
BN = 1_000_000_000

# The published figures (domain.md) the latest demo snapshot reproduces.
TARGETS = {
    "members_2024": 519_386,  # "nearly 520 thousand"
    "state_budget_vnd": 109_870_000_000,  # "nearly 110 bn" 2014–2024
    "meetings": 198,  # "nearly 200"
    "legal_aid_cases": 3_642,  # "more than 3,600"
    "scholarship_vnd": 211_640_000_000,  # "more than 211 bn"
    "education_social_vnd": 229_400_000_000,  # what education associations mobilised (above scholarships)
    "red_cross_exam_sessions": 363,
    "red_cross_medicine_people": 157_087,
    "red_cross_health_value_vnd": 25_500_000_000,
    "poor_patients_mobilised_vnd": 673_450_000_000,  # "more than 673 bn"
    "heart_surgeries": 1_398,  # "nearly 1,400"
    "cataract_surgeries": 21_000,
    "corrective_surgeries": 541,
    "wheelchairs": 6_200,  # "6,000 wheelchairs" by early 2022
    "other_social_vnd": 318_000_000_000,
}

# Communes (wards, townships) per district-level unit, roughly in proportion to population.
COMMUNES = {
    "672": ["Phường 1", "Phường 2", "Phường 3", "Phường 4", "Phường 5", "Phường 6", "Phường 7", "Phường 8",
            "Phường 9", "Phường 10", "Phường 11", "Phường 12", "xã Xuân Thọ", "xã Xuân Trường", "xã Tà Nung",
            "xã Trạm Hành"],
    "678": ["thị trấn Liên Nghĩa", "xã Hiệp An", "xã Hiệp Thạnh", "xã Liên Hiệp", "xã Phú Hội", "xã Tân Hội",
            "xã Tân Thành", "xã Ninh Gia", "xã N'Thol Hạ", "xã Đà Loan", "xã Tà Năng", "xã Bình Thạnh",
            "xã Ninh Loan"],
    "679": ["thị trấn Di Linh", "xã Gia Hiệp", "xã Tam Bố", "xã Đinh Lạc", "xã Tân Nghĩa", "xã Liên Đầm",
            "xã Hòa Ninh", "xã Hòa Bắc", "xã Gung Ré", "xã Bảo Thuận", "xã Sơn Điền"],
    "673": ["Phường 1", "Phường 2", "phường B'Lao", "phường Lộc Phát", "phường Lộc Tiến", "phường Lộc Sơn",
            "xã Đại Lào", "xã Lộc Thanh", "xã Lộc Nga", "xã Lộc Châu", "xã Đam Bri"],
    "676": ["thị trấn Đinh Văn", "thị trấn Nam Ban", "xã Tân Hà", "xã Đan Phượng", "xã Hoài Đức", "xã Phúc Thọ",
            "xã Tân Văn", "xã Mê Linh", "xã Gia Lâm", "xã Đạ Đờn"],
    "680": ["thị trấn Lộc Thắng", "xã Lộc Ngãi", "xã Lộc An", "xã Lộc Quảng", "xã Lộc Bảo", "xã B'Lá",
            "xã Lộc Nam", "xã Tân Lạc"],
    "677": ["thị trấn Thạnh Mỹ", "thị trấn D'Ran", "xã Lạc Xuân", "xã Lạc Lâm", "xã Ka Đô", "xã Quảng Lập",
            "xã Tu Tra", "xã Pró"],
    "682": ["thị trấn Đạ Tẻh", "xã An Nhơn", "xã Quảng Trị", "xã Mỹ Đức"],
    "674": ["xã Rô Men", "xã Đạ Rsal", "xã Liêng Srônh", "xã Phi Liêng"],
    "683": ["thị trấn Cát Tiên", "thị trấn Phước Cát", "xã Đức Phổ", "xã Gia Viễn"],
    "681": ["thị trấn Mađaguôi", "thị trấn Đạ M'ri", "xã Hà Lâm"],
    "675": ["thị trấn Lạc Dương", "xã Đạ Sar", "xã Lát"],
}
COMMUNE_TYPES = ["education_promotion", "elderly", "red_cross", "agent_orange", "former_youth_volunteers"]

# District-level associations per unit (140 in 2024; the last one in Đà Lạt was founded in 2023).
DISTRICT_COUNTS = {"672": 16, "678": 16, "679": 13, "673": 13, "676": 12, "680": 11, "677": 11,
                   "682": 10, "674": 9, "683": 10, "681": 10, "675": 9}
DISTRICT_TYPES = ["red_cross", "education_promotion", "elderly", "agent_orange", "former_youth_volunteers",
                  "blind", "lawyers", "traditional_medicine", "gardening", "former_political_prisoners",
                  "ornamental_plants", "sports", "business", "professional", "other", "other"]
DISTRICT_SPECIAL = {"red_cross", "education_promotion", "elderly", "agent_orange", "former_youth_volunteers",
                    "blind", "lawyers"}

# The 62 provincial associations: the ★ types, then professional, business, sports and other bodies.
PROVINCIAL = [
    ("red_cross", "Hội Chữ thập đỏ tỉnh Lâm Đồng", "Lam Dong Red Cross Society", "1976-05-15"),
    ("education_promotion", "Hội Khuyến học tỉnh Lâm Đồng", "Lam Dong Association for Promoting Education", "1998-03-20"),
    ("elderly", "Hội Người cao tuổi tỉnh Lâm Đồng", "Lam Dong Association of the Elderly", "1995-06-10"),
    ("agent_orange", "Hội Nạn nhân chất độc da cam/dioxin tỉnh Lâm Đồng", "Lam Dong Association of Agent Orange/Dioxin Victims", "2005-08-10"),
    ("blind", "Hội Người mù tỉnh Lâm Đồng", "Lam Dong Blind Association", "1992-04-17"),
    ("lawyers", "Hội Luật gia tỉnh Lâm Đồng", "Lam Dong Lawyers' Association", "1985-11-05"),
    ("journalists", "Hội Nhà báo tỉnh Lâm Đồng", "Lam Dong Journalists' Association", "1979-06-21"),
    ("literature_arts", "Liên hiệp các Hội Văn học nghệ thuật tỉnh Lâm Đồng", "Lam Dong Union of Literature and Arts Associations", "1989-09-12"),
    ("science_tech", "Liên hiệp các hội Khoa học và Kỹ thuật tỉnh Lâm Đồng", "Lam Dong Union of Science and Technology Associations", "1996-12-18"),
    ("friendship", "Liên hiệp các tổ chức hữu nghị tỉnh Lâm Đồng", "Lam Dong Union of Friendship Organisations", "2009-10-08"),
    ("former_youth_volunteers", "Hội Cựu thanh niên xung phong tỉnh Lâm Đồng", "Lam Dong Former Youth Volunteers Association", "2002-03-26"),
    ("poor_patients_support", "Hội Bảo trợ bệnh nhân nghèo, người tàn tật, trẻ mồ côi tỉnh Lâm Đồng", "Lam Dong Association for Supporting Poor Patients, Disabled People and Orphans", "2011-07-28"),
    ("traditional_medicine", "Hội Đông y tỉnh Lâm Đồng", "Lam Dong Traditional Medicine Association", "1991-02-27"),
    ("gardening", "Hội Làm vườn tỉnh Lâm Đồng", "Lam Dong Gardening Association", "1994-07-05"),
    ("former_political_prisoners", "Hội Cựu tù chính trị tỉnh Lâm Đồng", "Lam Dong Former Political Prisoners Association", "2000-04-30"),
    ("ornamental_plants", "Hội Sinh vật cảnh tỉnh Lâm Đồng", "Lam Dong Ornamental Plants Association", "2003-05-19"),
] + [
    ("professional", name, en, founded) for name, en, founded in [
        ("Hội Kiến trúc sư tỉnh Lâm Đồng", "Lam Dong Architects' Association", "1997-08-15"),
        ("Hội Y học tỉnh Lâm Đồng", "Lam Dong Medical Association", "1993-02-27"),
        ("Hội Dược học tỉnh Lâm Đồng", "Lam Dong Pharmaceutical Association", "1999-10-10"),
        ("Hội Điều dưỡng tỉnh Lâm Đồng", "Lam Dong Nurses' Association", "2001-05-12"),
        ("Hội Cựu giáo chức tỉnh Lâm Đồng", "Lam Dong Association of Retired Teachers", "1996-11-20"),
        ("Hội Kế toán và Kiểm toán tỉnh Lâm Đồng", "Lam Dong Accounting and Auditing Association", "2006-03-15"),
        ("Hội Khoa học Kinh tế tỉnh Lâm Đồng", "Lam Dong Economic Sciences Association", "2004-09-09"),
        ("Hội Khoa học Lịch sử tỉnh Lâm Đồng", "Lam Dong Historical Sciences Association", "2008-06-18"),
        ("Hội Tâm lý Giáo dục tỉnh Lâm Đồng", "Lam Dong Educational Psychology Association", "2010-12-01"),
        ("Hội Nông học tỉnh Lâm Đồng", "Lam Dong Agronomy Association", "2007-04-22"),
        ("Hội Xây dựng tỉnh Lâm Đồng", "Lam Dong Construction Association", "2005-01-16"),
        ("Hội Thú y tỉnh Lâm Đồng", "Lam Dong Veterinary Association", "2012-08-08"),
        ("Hội Tin học tỉnh Lâm Đồng", "Lam Dong Informatics Association", "2013-11-11"),
        ("Hội Luật sư tỉnh Lâm Đồng (Đoàn Luật sư)", "Lam Dong Bar Association", "1998-09-25"),
        ("Hội Nhiếp ảnh tỉnh Lâm Đồng", "Lam Dong Photographers' Association", "2015-03-10"),
        ("Hội Cựu Công an nhân dân tỉnh Lâm Đồng", "Lam Dong Former Police Officers Association", "2016-08-19"),
    ]
] + [
    ("business", name, en, founded) for name, en, founded in [
        ("Hiệp hội Doanh nghiệp tỉnh Lâm Đồng", "Lam Dong Business Association", "2003-10-13"),
        ("Hội Doanh nhân trẻ tỉnh Lâm Đồng", "Lam Dong Young Entrepreneurs Association", "2008-10-13"),
        ("Hiệp hội Du lịch Lâm Đồng", "Lam Dong Tourism Association", "2007-05-20"),
        ("Hiệp hội Hoa Đà Lạt", "Da Lat Flower Association", "2009-01-08"),
        ("Hiệp hội Chè Lâm Đồng", "Lam Dong Tea Association", "2011-03-03"),
        ("Hiệp hội Cà phê Lâm Đồng", "Lam Dong Coffee Association", "2014-06-06"),
        ("Hiệp hội Vận tải ô tô Lâm Đồng", "Lam Dong Road Transport Association", "2002-12-12"),
        ("Hội Nữ doanh nhân tỉnh Lâm Đồng", "Lam Dong Women Entrepreneurs Association", "2012-10-20"),
        ("Hiệp hội Rau Đà Lạt", "Da Lat Vegetable Association", "2017-09-15"),
        ("Hội Doanh nghiệp nhỏ và vừa tỉnh Lâm Đồng", "Lam Dong SME Association", "2019-05-25"),
    ]
] + [
    ("sports", name, en, founded) for name, en, founded in [
        ("Liên đoàn Bóng đá tỉnh Lâm Đồng", "Lam Dong Football Federation", "2000-07-01"),
        ("Liên đoàn Quần vợt tỉnh Lâm Đồng", "Lam Dong Tennis Federation", "2006-02-14"),
        ("Liên đoàn Võ thuật cổ truyền tỉnh Lâm Đồng", "Lam Dong Traditional Martial Arts Federation", "2004-11-18"),
        ("Hội Thể thao người khuyết tật tỉnh Lâm Đồng", "Lam Dong Sports Association for the Disabled", "2013-04-02"),
        ("Liên đoàn Cầu lông tỉnh Lâm Đồng", "Lam Dong Badminton Federation", "2015-10-10"),
        ("Hội Golf Lâm Đồng", "Lam Dong Golf Association", "2018-03-21"),
    ]
] + [
    ("other", name, en, founded) for name, en, founded in [
        ("Hội Cựu chiến binh khối doanh nghiệp tỉnh Lâm Đồng", "Lam Dong Business Veterans' Club", "2009-12-22"),
        ("Hội Bảo vệ quyền trẻ em tỉnh Lâm Đồng", "Lam Dong Child Rights Protection Association", "2005-06-01"),
        ("Hội Người khuyết tật tỉnh Lâm Đồng", "Lam Dong Association of People with Disabilities", "2010-04-18"),
        ("Hội Bảo vệ người tiêu dùng tỉnh Lâm Đồng", "Lam Dong Consumer Protection Association", "2011-03-15"),
        ("Hội Hữu nghị Việt – Pháp tỉnh Lâm Đồng", "Lam Dong Vietnam–France Friendship Association", "2001-07-14"),
        ("Hội Hữu nghị Việt – Nhật tỉnh Lâm Đồng", "Lam Dong Vietnam–Japan Friendship Association", "2012-09-21"),
        ("Hội Cựu Giáo chức Đà Lạt", "Da Lat Retired Teachers' Club", "2014-09-05"),
        ("Hội Thầy thuốc trẻ tỉnh Lâm Đồng", "Lam Dong Young Physicians Association", "2016-02-27"),
        ("Hội Người Hoa tỉnh Lâm Đồng", "Lam Dong Hoa Community Association", "2003-02-11"),
        ("Hội Di sản văn hóa tỉnh Lâm Đồng", "Lam Dong Cultural Heritage Association", "2020-11-23"),
        ("Hội Nuôi ong tỉnh Lâm Đồng", "Lam Dong Beekeepers Association", "2021-05-20"),
        ("Hội Bảo tồn thiên nhiên Lâm Đồng", "Lam Dong Nature Conservation Association", "2022-06-05"),
        ("Hội Cựu sinh viên Đại học Đà Lạt", "Da Lat University Alumni Association", "2019-11-11"),
        ("Hội Khuyến nông tỉnh Lâm Đồng", "Lam Dong Agricultural Extension Association", "2006-08-30"),
    ]
]

LEGAL_TYPES = ("lawyers", "elderly", "agent_orange", "former_youth_volunteers", "professional")

MEETING_SUBJECTS = {
    "draft_law": [
        "Góp ý dự thảo Luật Đất đai (sửa đổi)", "Góp ý dự thảo Luật Hòa giải ở cơ sở",
        "Góp ý dự thảo Luật Người cao tuổi (sửa đổi)", "Góp ý dự thảo Luật Phòng, chống ma túy (sửa đổi)",
        "Góp ý dự thảo Luật Thực hiện dân chủ ở cơ sở", "Góp ý dự thảo Luật Bảo hiểm xã hội (sửa đổi)",
        "Góp ý dự thảo Luật Nhà ở (sửa đổi)", "Góp ý dự thảo Luật Khám bệnh, chữa bệnh (sửa đổi)",
        "Góp ý dự thảo Luật Giáo dục (sửa đổi)", "Góp ý dự thảo Luật Tiếp cận thông tin",
    ],
    "party_policy": [
        "Góp ý dự thảo Văn kiện Đại hội Đảng bộ tỉnh", "Góp ý xây dựng Đảng và hệ thống chính trị",
        "Góp ý dự thảo Nghị quyết về công tác dân vận", "Góp ý dự thảo Chỉ thị về phát triển hội quần chúng",
    ],
    "plan_programme": [
        "Phản biện Quy hoạch tỉnh Lâm Đồng thời kỳ 2021–2030", "Phản biện Chương trình xây dựng nông thôn mới",
        "Phản biện Kế hoạch phát triển kinh tế – xã hội 5 năm", "Phản biện Đề án giảm nghèo bền vững vùng đồng bào dân tộc thiểu số",
        "Phản biện Kế hoạch phát triển du lịch tỉnh", "Phản biện Đề án phát triển giáo dục nghề nghiệp",
    ],
    "local_project": [
        "Phản biện dự án hồ chứa nước Ta Hoét", "Phản biện dự án cải tạo Hồ Xuân Hương",
        "Phản biện dự án đường cao tốc Tân Phú – Bảo Lộc", "Phản biện dự án chợ Đà Lạt",
        "Phản biện phương án bồi thường, giải phóng mặt bằng", "Phản biện dự án bảo vệ rừng đầu nguồn",
    ],
    "other": ["Tư vấn chính sách hỗ trợ hội viên khó khăn", "Tư vấn về bảo vệ môi trường làng nghề"],
}


@dataclass(frozen=True)
class DemoSnapshot:
    snapshot_id: str
    as_of: dt.date
    label: str
    tables: dict[str, pd.DataFrame]


def allocate(total: int, weights) -> np.ndarray:
    """Split an integer total over weights so the parts are integers that add up to exactly `total`."""
    w = np.asarray(weights, dtype=float)
    if total == 0 or w.sum() <= 0:
        return np.zeros(len(w), dtype=np.int64)
    raw = w / w.sum() * total
    parts = np.floor(raw).astype(np.int64)
    remainder = int(total - parts.sum())
    order = np.argsort(-(raw - parts), kind="stable")
    parts[order[:remainder]] += 1
    return parts


class _Generator:
    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)
        self.units = {u["unit_code"]: u for u in reference_units()}
        self.types = {t["type_code"]: t for t in association_types()}

    # --- associations -------------------------------------------------------------------------
    def _founded(self, lo: int, hi: int) -> str:
        day = dt.date(lo, 1, 1) + dt.timedelta(days=int(self.rng.integers(0, (dt.date(hi, 12, 31) - dt.date(lo, 1, 1)).days)))
        return day.isoformat()

    def associations(self) -> pd.DataFrame:
        rows = []
        provincial_of = {}
        for n, (type_code, name, name_en, founded) in enumerate(PROVINCIAL, start=1):
            aid = f"T{n:03d}"
            provincial_of.setdefault(type_code, aid)
            special = self.types[type_code]["special_nature"] == "true"
            rows.append(dict(
                association_id=aid, name=name, name_en=name_en, type_code=type_code,
                field=self.types[type_code]["field"], level="province", unit_code="68", parent_id=None,
                special_nature=special, party_state_task=special, founded_on=founded, dissolved_on=None,
                licence_ref=f"{int(self.rng.integers(100, 2999))}/QĐ-UBND",
            ))
        district_of = {}
        n = 0
        for unit_code, count in DISTRICT_COUNTS.items():
            unit = self.units[unit_code]
            prefix = "thành phố" if unit["kind"] == "city" else "huyện"
            for i, type_code in enumerate(DISTRICT_TYPES[:count]):
                n += 1
                aid = f"H{n:03d}"
                district_of.setdefault((unit_code, type_code), aid)
                tname = self.types[type_code]["name_vi"]
                if type_code in ("sports", "business", "professional", "other"):
                    tname = {"sports": "Hội Thể thao", "business": "Hội Doanh nghiệp",
                             "professional": "Hội Nghề nghiệp", "other": "Hội Bảo trợ xã hội"}[type_code]
                    if type_code == "other" and i == 15:
                        tname = "Hội Doanh nhân trẻ"
                founded = self._founded(1990, 2012)
                if unit_code == "672" and i == 15:
                    founded = "2023-05-12"  # the one district-level association founded after 2022
                special = type_code in DISTRICT_SPECIAL
                rows.append(dict(
                    association_id=aid, name=f"{tname} {prefix} {unit['name']}",
                    name_en=f"{self.types[type_code]['name_en']}, {unit['name_en']}", type_code=type_code,
                    field=self.types[type_code]["field"], level="district", unit_code=unit_code,
                    parent_id=provincial_of.get(type_code), special_nature=special,
                    party_state_task=special and type_code != "lawyers", founded_on=founded, dissolved_on=None,
                    licence_ref=f"{int(self.rng.integers(10, 999))}/QĐ-UBND",
                ))
        n = 0
        dissolved_left = 5  # five commune branches closed in 2023–2024 (676 associations in 2022 -> 672)
        for unit_code, communes in COMMUNES.items():
            unit = self.units[unit_code]
            for commune in communes:
                for type_code in COMMUNE_TYPES:
                    n += 1
                    aid = f"X{n:03d}"
                    founded = self._founded(1996, 2013) if self.rng.random() > 0.12 else self._founded(2014, 2021)
                    dissolved = None
                    if type_code == "former_youth_volunteers" and dissolved_left and unit_code in ("676", "679", "680"):
                        dissolved = f"{2023 + dissolved_left % 2}-0{3 + dissolved_left}-15"
                        dissolved_left -= 1
                    rows.append(dict(
                        association_id=aid, name=f"{self.types[type_code]['name_vi']} {commune} ({unit['name']})",
                        name_en=f"{self.types[type_code]['name_en']}, {commune}, {unit['name_en']}",
                        type_code=type_code, field=self.types[type_code]["field"], level="commune",
                        unit_code=unit_code, parent_id=district_of.get((unit_code, type_code), provincial_of.get(type_code)),
                        special_nature=True, party_state_task=False, founded_on=founded, dissolved_on=dissolved,
                        licence_ref=None,
                    ))
        df = pd.DataFrame(rows)
        df["founded_on"] = pd.to_datetime(df["founded_on"]).dt.date
        df["dissolved_on"] = pd.to_datetime(df["dissolved_on"]).dt.date
        return df

    # --- membership ---------------------------------------------------------------------------
    BASE_MEMBERS = {
        "province": {"lawyers": 2900, "elderly": 1800, "red_cross": 1500, "education_promotion": 1200,
                     "agent_orange": 600, "blind": 900, "journalists": 420, "literature_arts": 380,
                     "science_tech": 1400, "friendship": 300, "former_youth_volunteers": 700,
                     "poor_patients_support": 650, "traditional_medicine": 800, "gardening": 1100,
                     "former_political_prisoners": 150, "ornamental_plants": 500},
        "district": {"elderly": 2400, "education_promotion": 2600, "red_cross": 1300, "agent_orange": 380,
                     "former_youth_volunteers": 260, "blind": 90, "lawyers": 45, "traditional_medicine": 160,
                     "gardening": 700, "former_political_prisoners": 35, "ornamental_plants": 120},
        "commune": {"elderly": 1500, "education_promotion": 1700, "red_cross": 650, "agent_orange": 110,
                    "former_youth_volunteers": 80},
    }

    def active_years(self, a) -> list[int]:
        return [y for y in YEARS
                if a.founded_on <= dt.date(y, 12, 31) and (a.dissolved_on is None or pd.isna(a.dissolved_on)
                                                         or a.dissolved_on > dt.date(y, 12, 31))]

    def membership(self, assoc: pd.DataFrame) -> pd.DataFrame:
        rows = []
        for a in assoc.itertuples(index=False):
            pop = int(self.units[a.unit_code]["population"] or 100_000)
            base = self.BASE_MEMBERS[a.level].get(a.type_code, 220 if a.level == "province" else 90)
            if a.level != "province":
                base *= (pop / 111_000) ** 0.6
            base *= self.rng.lognormal(0, 0.25)
            growth = self.rng.normal(0.022, 0.015)
            years = self.active_years(a)
            founded_year = a.founded_on.year
            for y in years:
                ramp = min(1.0, 0.35 + 0.22 * (y - founded_year)) if founded_year >= 2014 else 1.0
                covid = {2020: 0.985, 2021: 0.965, 2022: 0.985}.get(y, 1.0)
                value = base * (1 + growth) ** (y - 2014) * ramp * covid * self.rng.normal(1, 0.012)
                rows.append((a.association_id, y, value))
        df = pd.DataFrame(rows, columns=["association_id", "year", "raw"])
        scale = TARGETS["members_2024"] / df.loc[df.year == 2024, "raw"].sum()
        df["members"] = np.round(df["raw"] * scale).astype(np.int64)
        last = df.year == 2024
        df.loc[last, "members"] = allocate(TARGETS["members_2024"], df.loc[last, "raw"])
        df = df.sort_values(["association_id", "year"]).reset_index(drop=True)
        previous = df.groupby("association_id")["members"].shift(1)
        turnover = np.round(df["members"] * self.rng.uniform(0.03, 0.07, len(df)))
        df["new_members"] = np.maximum(turnover + (df["members"] - previous.fillna(df["members"])), 0).astype(np.int64)
        first = previous.isna()
        df.loc[first, "new_members"] = np.round(df.loc[first, "members"] * 0.05).astype(np.int64)
        return df[["association_id", "year", "members", "new_members"]]

    # --- funding ------------------------------------------------------------------------------
    def funding(self, assoc: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
        size = members.set_index(["association_id", "year"])["members"]
        rows = []
        for a in assoc.itertuples(index=False):
            years = self.active_years(a)
            state_base = {"province": 520e6, "district": 68e6, "commune": 5e6}[a.level] * self.rng.lognormal(0, 0.3)
            social_base = {"province": 1.2e9, "district": 160e6, "commune": 18e6}[a.level] * self.rng.lognormal(0, 0.6)
            fee = self.rng.uniform(12_000, 24_000)
            foreign = a.type_code in ("friendship", "red_cross", "agent_orange", "poor_patients_support") and a.level == "province"
            for y in years:
                trend = 1.035 ** (y - 2014) * {2020: 0.9, 2021: 0.86}.get(y, 1.0)
                if a.special_nature:
                    rows.append((a.association_id, y, "state_budget", state_base * trend * self.rng.normal(1, 0.08), a.type_code))
                social = social_base * trend * self.rng.lognormal(0, 0.2)
                if a.type_code == "red_cross":
                    social *= 1.8
                rows.append((a.association_id, y, "social_mobilisation", social, a.type_code))
                rows.append((a.association_id, y, "member_fees", size.get((a.association_id, y), 0) * fee, a.type_code))
                if foreign and self.rng.random() < 0.7:
                    rows.append((a.association_id, y, "foreign_aid", self.rng.uniform(0.3e9, 2.2e9), a.type_code))
                if self.rng.random() < 0.15:
                    rows.append((a.association_id, y, "other", self.rng.uniform(2e6, 60e6) * (8 if a.level == "province" else 1), a.type_code))
        df = pd.DataFrame(rows, columns=["association_id", "year", "source", "raw", "type_code"])
        df["amount_vnd"] = np.round(df["raw"] / 1000).astype(np.int64) * 1000  # reports are in thousands of đồng
        self._calibrate(df, df.source == "state_budget", TARGETS["state_budget_vnd"])
        poor = (df.type_code == "poor_patients_support") & (df.source == "social_mobilisation")
        edu = (df.type_code == "education_promotion") & (df.source == "social_mobilisation")
        others = (df.source == "social_mobilisation") & ~poor & ~edu
        poor_shape = df.loc[poor, "year"].map(lambda y: 1.0 + 0.06 * (y - 2014)) * self.rng.normal(1, 0.1, poor.sum())
        df.loc[poor, "raw"] = poor_shape
        self._calibrate(df, poor, TARGETS["poor_patients_mobilised_vnd"])
        self._calibrate(df, edu, TARGETS["education_social_vnd"])
        self._calibrate(df, others, TARGETS["other_social_vnd"])
        return df.loc[df.amount_vnd > 0, ["association_id", "year", "source", "amount_vnd"]].reset_index(drop=True)

    @staticmethod
    def _calibrate(df: pd.DataFrame, mask, total: int) -> None:
        """Scale the rows under mask so they add up to `total` đồng, in whole thousands."""
        df.loc[mask, "amount_vnd"] = allocate(total // 1000, df.loc[mask, "raw"]) * 1000

    # --- consultations ------------------------------------------------------------------------
    def consultations(self, assoc: pd.DataFrame) -> pd.DataFrame:
        leads = assoc[(assoc.level == "province") & assoc.type_code.isin(
            ["lawyers", "science_tech", "literature_arts", "journalists", "elderly", "education_promotion",
             "red_cross", "professional", "business", "friendship"])]
        lead_w = np.where(leads.type_code == "lawyers", 8, np.where(leads.type_code == "science_tech", 6, 1.0))
        per_year = allocate(TARGETS["meetings"], [12 + 0.9 * i + (3 if y in (2015, 2020) else 0) for i, y in enumerate(YEARS)])
        district_leads = assoc[(assoc.level == "district") & assoc.type_code.isin(["lawyers", "elderly"])]
        kinds = list(MEETING_SUBJECTS)
        kind_w = np.array([0.32, 0.18, 0.26, 0.18, 0.06])
        rows = []
        n = 0
        for y, count in zip(YEARS, per_year):
            months = self.rng.choice(np.arange(1, 13), size=count, p=self._month_weights())
            for m in sorted(months):
                n += 1
                kind = kinds[self.rng.choice(len(kinds), p=kind_w)]
                if self.rng.random() < 0.2:
                    lead = district_leads.iloc[self.rng.integers(len(district_leads))]
                else:
                    lead = leads.iloc[self.rng.choice(len(leads), p=lead_w / lead_w.sum())]
                submitted = int(self.rng.integers(6, 42))
                accepted = int(round(submitted * self.rng.uniform(0.45, 0.9)))
                rows.append(dict(
                    meeting_id=f"PB{y}-{n:04d}", held_on=dt.date(y, int(m), int(self.rng.integers(1, 28))),
                    association_id=lead.association_id, unit_code=lead.unit_code, subject_kind=kind,
                    subject=str(self.rng.choice(MEETING_SUBJECTS[kind])), comments_submitted=submitted,
                    comments_accepted=accepted,
                ))
        return pd.DataFrame(rows)

    @staticmethod
    def _month_weights() -> np.ndarray:
        # Meetings cluster before the National Assembly sessions (spring, autumn) and at year end.
        w = np.array([0.5, 0.4, 1.2, 1.4, 1.3, 0.9, 0.6, 0.8, 1.3, 1.5, 1.4, 1.0])
        return w / w.sum()

    # --- legal aid ----------------------------------------------------------------------------
    def legal_aid(self, assoc: pd.DataFrame) -> pd.DataFrame:
        actors = assoc[assoc.type_code.isin(LEGAL_TYPES) & assoc.level.isin(["province", "district"])]
        kinds = ["legal_consultation", "legal_aid", "mediation", "legal_dissemination"]
        rows = []
        for a in actors.itertuples(index=False):
            weight = (12 if a.type_code == "lawyers" else 1.5) * (4 if a.level == "province" else 1)
            for y in self.active_years(a):
                for kind, kw in zip(kinds, (0.35, 0.2, 0.3, 0.15)):
                    if a.type_code != "lawyers" and kind == "legal_aid":
                        continue
                    rows.append((a.association_id, y, kind, weight * kw * self.rng.lognormal(0, 0.35)))
        df = pd.DataFrame(rows, columns=["association_id", "year", "kind", "raw"])
        df["cases"] = allocate(TARGETS["legal_aid_cases"], df["raw"])
        df = df[df.cases > 0].reset_index(drop=True)
        per_case = np.where(df.kind == "legal_dissemination", self.rng.uniform(40, 120, len(df)),
                            self.rng.uniform(1.2, 4, len(df)))
        df["people_served"] = np.round(df.cases * per_case).astype(np.int64)
        success = np.round(df.cases * self.rng.uniform(0.55, 0.8, len(df))).astype("Int64")
        df["successful"] = success.where(df.kind == "mediation", pd.NA)
        return df[["association_id", "year", "kind", "cases", "people_served", "successful"]]

    # --- welfare ------------------------------------------------------------------------------
    PROGRAMMES_BY_TYPE = {
        "red_cross": ["charity_gift", "disaster_relief", "water_well", "savings_piggy_bank", "health_insurance_card"],
        "education_promotion": [],
        "elderly": ["health_insurance_card", "charity_gift", "savings_piggy_bank"],
        "agent_orange": ["agent_orange_screening", "breeding_cow", "house_repair", "charity_gift"],
        "former_youth_volunteers": ["house_repair", "cement_yard", "toilet"],
        "friendship": ["clean_water", "charity_gift"],
        "gardening": ["vocational_training", "breeding_cow"],
        "blind": ["vocational_training", "charity_gift"],
        "poor_patients_support": ["charity_gift", "health_insurance_card"],
    }
    UNIT_VALUE = {  # đồng per unit of quantity, and beneficiaries per unit of quantity
        "charity_gift": (500_000, 1, "households"), "disaster_relief": (2_000_000, 1, "households"),
        "water_well": (18_000_000, 6, "households"), "savings_piggy_bank": (1_500_000, 1, "people"),
        "health_insurance_card": (800_000, 1, "people"), "agent_orange_screening": (12_000_000, 40, "person_times"),
        "breeding_cow": (17_000_000, 1, "households"), "house_repair": (30_000_000, 4, "people"),
        "cement_yard": (9_000_000, 1, "households"), "toilet": (8_000_000, 4, "people"),
        "clean_water": (150_000_000, 120, "people"), "vocational_training": (25_000_000, 25, "people"),
        "wheelchair": (3_000_000, 1, "people"),
    }

    def welfare(self, assoc: pd.DataFrame, funding: pd.DataFrame) -> pd.DataFrame:
        rows: list[dict] = []
        district_units = old_district_codes()
        pops = np.array([int(self.units[u]["population"]) for u in district_units], dtype=float)

        def where(a) -> list[str]:
            return district_units if a.level == "province" else [a.unit_code]

        def add(a, y, unit, code, quantity, beneficiaries, bunit, value):
            if quantity > 0 or value > 0:
                rows.append(dict(association_id=a.association_id, year=y, unit_code=unit, programme_code=code,
                                 quantity=int(quantity), beneficiaries=int(beneficiaries), beneficiaries_unit=bunit,
                                 value_vnd=int(value)))

        # Flagship: the poor-patients association's surgeries, by year and district.
        poor = assoc[assoc.type_code == "poor_patients_support"].iloc[0]
        slots = [(y, u) for y in YEARS for u in district_units]
        yw = {y: 1 + 0.05 * (y - 2014) for y in YEARS}
        base_w = np.array([yw[y] * pops[district_units.index(u)] for y, u in slots]) * self.rng.lognormal(0, 0.3, len(slots))
        for code, total, each in (("heart_surgery", TARGETS["heart_surgeries"], 95_000_000),
                                  ("cataract_surgery", TARGETS["cataract_surgeries"], 5_200_000),
                                  ("corrective_surgery", TARGETS["corrective_surgeries"], 22_000_000),
                                  ("wheelchair", TARGETS["wheelchairs"], 3_000_000)):
            q = allocate(total, base_w * self.rng.lognormal(0, 0.2, len(slots)))
            for (y, u), qty in zip(slots, q):
                add(poor, y, u, code, qty, qty, "people", round(qty * each * self.rng.normal(1, 0.05), -3))

        # Flagship: Red Cross examination sessions and free medicine (all levels).
        red = assoc[(assoc.type_code == "red_cross") & assoc.level.isin(["province", "district"])]
        rc_slots = [(a, y, u) for a in red.itertuples(index=False) for y in self.active_years(a) for u in where(a)]
        w = np.array([(6 if a.level == "province" else 1) * (pops[district_units.index(u)] if a.level == "province" else 1e5)
                      for a, y, u in rc_slots]) * self.rng.lognormal(0, 0.5, len(rc_slots))
        sessions = allocate(TARGETS["red_cross_exam_sessions"], w)
        used = sessions > 0
        people = allocate(TARGETS["red_cross_medicine_people"], np.where(used, sessions * self.rng.uniform(300, 560, len(w)), 0))
        value = allocate(TARGETS["red_cross_health_value_vnd"] // 1000, people * 1.0) * 1000
        for (a, y, u), s, p, v in zip(rc_slots, sessions, people, value):
            if s:
                exam_value = round(v * 0.2, -3)
                add(a, y, u, "medical_exam", s, round(p * self.rng.uniform(1.1, 1.4)), "person_times", exam_value)
                add(a, y, u, "free_medicine", p, p, "people", v - exam_value)

        # Flagship: scholarships from the education promotion associations.
        edu = assoc[assoc.type_code == "education_promotion"]
        e_slots = [(a, y) for a in edu.itertuples(index=False) for y in self.active_years(a)]
        social = funding[funding.source == "social_mobilisation"].set_index(["association_id", "year"])["amount_vnd"]
        ew = np.array([social.get((a.association_id, y), 0) for a, y in e_slots], dtype=float)
        evalue = allocate(TARGETS["scholarship_vnd"] // 100_000, ew) * 100_000
        for (a, y), v in zip(e_slots, evalue):
            qty = max(1, round(v / self.rng.uniform(1_500_000, 3_000_000)))
            add(a, y, a.unit_code if a.level != "province" else "68", "scholarship", qty, qty, "people", v)

        # Everyday programmes of the other associations.
        for a in assoc.itertuples(index=False):
            codes = self.PROGRAMMES_BY_TYPE.get(a.type_code, ["charity_gift"] if a.level != "commune" else [])
            scale = {"province": 4.0, "district": 1.0, "commune": 0.25}[a.level]
            for y in self.active_years(a):
                for code in codes:
                    if self.rng.random() > 0.55:
                        continue
                    each, per, bunit = self.UNIT_VALUE[code]
                    unit = a.unit_code if a.level != "province" else str(self.rng.choice(district_units, p=pops / pops.sum()))
                    qty = max(1, round(self.rng.lognormal(np.log(30_000_000 * scale / each + 1), 0.5)))
                    add(a, y, unit, code, qty, round(qty * per * self.rng.uniform(0.8, 1.2)), bunit,
                        round(qty * each * self.rng.normal(1, 0.1), -3))

        df = pd.DataFrame(rows)
        df["value_vnd"] = df["value_vnd"].clip(lower=0)
        # Records are merged to the table's grain: one row per association, year, unit and programme.
        keys = ["association_id", "year", "unit_code", "programme_code", "beneficiaries_unit"]
        df = df.groupby(keys, as_index=False)[["quantity", "beneficiaries", "value_vnd"]].sum()
        df = df.sort_values(["year", "association_id", "unit_code", "programme_code"]).reset_index(drop=True)
        df.insert(0, "record_id", [f"W{y}-{i:05d}" for i, y in enumerate(df["year"], start=1)])
        return df[["record_id", "association_id", "year", "unit_code", "programme_code", "quantity",
                   "beneficiaries", "beneficiaries_unit", "value_vnd"]]

    def units_table(self) -> pd.DataFrame:
        df = pd.DataFrame(reference_units()).replace({"": None})
        df["population"] = df["population"].astype("Int64")
        for col in ("valid_from", "valid_to", "renamed_on"):
            df[col] = pd.to_datetime(df[col]).dt.date
        return df

    def programmes_table(self) -> pd.DataFrame:
        return pd.DataFrame(reference_programmes())


def generate(seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """The full demo data set, 2014–2024 (the state the province published in September 2024)."""
    g = _Generator(seed)
    assoc = g.associations()
    members = g.membership(assoc)
    funding = g.funding(assoc, members)
    return {
        "units": g.units_table(),
        "programmes": g.programmes_table(),
        "associations": assoc,
        "membership": members,
        "funding": funding,
        "consultations": g.consultations(assoc),
        "legal_aid": g.legal_aid(assoc),
        "welfare": g.welfare(assoc, funding),
    }


def as_of_end_2023(full: dict[str, pd.DataFrame], seed: int = DEFAULT_SEED) -> dict[str, pd.DataFrame]:
    """What was known at the end of 2023: no 2024 data, and 2023 figures still preliminary (some
    late reports missing, a few counts revised later) so that comparing the two snapshots is real."""
    rng = np.random.default_rng(seed + 1)
    cut = dt.date(2023, 12, 31)
    t = {k: v.copy() for k, v in full.items()}
    a = t["associations"]
    t["associations"] = a[a.founded_on <= cut].assign(
        dissolved_on=a.dissolved_on.where(a.dissolved_on.isna() | (a.dissolved_on <= cut), None)
    ).reset_index(drop=True)
    ids = set(t["associations"].association_id)
    for name in ("membership", "funding", "legal_aid", "welfare"):
        df = t[name]
        t[name] = df[(df.year <= 2023) & df.association_id.isin(ids)].reset_index(drop=True)
    m = t["membership"]
    late = (m.year == 2023) & (rng.random(len(m)) < 0.25)
    m.loc[late, "members"] = np.round(m.loc[late, "members"] * rng.uniform(0.93, 0.995, late.sum())).astype(np.int64)
    f = t["funding"]
    # late reports are the small ones: commune associations' rows (a provincial association's missing
    # row would make the whole province's 2023 funding look halved)
    communes = set(t["associations"].query("level == 'commune'").association_id)
    missing = (f.year == 2023) & (rng.random(len(f)) < 0.06) & f.association_id.isin(communes)
    t["funding"] = f[~missing].reset_index(drop=True)
    # a few commune associations had sent no 2023 report at all by the year's end (the Data page's
    # reporting completeness names them); their own random draw leaves the figures above as they were
    ordered = sorted(communes)
    silent = set(np.array(ordered)[np.random.default_rng(seed + 2).random(len(ordered)) < 0.03])
    for name in ("membership", "funding"):
        df = t[name]
        t[name] = df[~((df.year == 2023) & df.association_id.isin(silent))].reset_index(drop=True)
    c = t["consultations"]
    t["consultations"] = c[c.held_on <= cut].reset_index(drop=True)
    return t


def demo_snapshots(seed: int = DEFAULT_SEED) -> list[DemoSnapshot]:
    full = generate(seed)
    return [
        DemoSnapshot("demo-2023-12-31", dt.date(2023, 12, 31), "Dữ liệu mẫu — cuối năm 2023 / Demo data — end of 2023",
                     as_of_end_2023(full, seed)),
        DemoSnapshot("demo-2024-12-31", dt.date(2024, 12, 31),
                     "Dữ liệu mẫu — năm 2024, khớp số liệu công bố 9/2024 / Demo data — 2024, "
                     "matching the figures published in Sept 2024", full),
    ]


def province_snapshots(seed: int = DEFAULT_SEED) -> list[DemoSnapshot]:
    """The demo of the new province (from 1/7/2025): as of 31/12/2025 and 30/06/2026."""
    from massorg.data.demo_2025 import as_of_end_2025, lineage_table, province_tables

    mid_2026, links = province_tables(generate(seed), seed)
    mid_2026["lineage"] = lineage_table(links)
    return [
        DemoSnapshot("demo-2025-12-31", dt.date(2025, 12, 31),
                     "Dữ liệu mẫu — năm 2025, tỉnh Lâm Đồng mới từ 1/7/2025 / Demo data — 2025, "
                     "the new Lam Dong province from 1 Jul 2025", as_of_end_2025(mid_2026)),
        DemoSnapshot("demo-2026-06-30", dt.date(2026, 6, 30),
                     "Dữ liệu mẫu — 6 tháng đầu năm 2026 / Demo data — first half of 2026", mid_2026),
    ]


def build_demo(root: Path | None = None, seed: int = DEFAULT_SEED, province_2025: bool = True) -> list[store.Snapshot]:
    """Validate and publish every demo snapshot not yet in the store; return the demo snapshots.
    Without `province_2025`, only the 2014–2024 snapshots of old Lâm Đồng."""
    published = []
    existing = {s.id: s for s in store.list_snapshots(root, include_retired=True)}
    wanted = demo_snapshots(seed) + (province_snapshots(seed) if province_2025 else [])
    for demo in wanted:
        if demo.snapshot_id in existing:
            published.append(existing[demo.snapshot_id])
            continue
        findings = validate_tables(demo.tables, as_of=demo.as_of)
        if errors(findings):
            raise store.SnapshotError("demo data failed validation: " + "; ".join(f.render("en") for f in errors(findings)[:5]))
        try:
            snapshot = store.publish(
                demo.tables, snapshot_id=demo.snapshot_id, as_of=demo.as_of, label=demo.label, is_demo=True,
                sources=[{"file": f"massorg.data.demo (seed {seed})", "sha256": None, "bytes": None}],
                validation=report(findings),
                created_at=dt.datetime.combine(demo.as_of, dt.time(0, 0), tzinfo=dt.timezone.utc),
                root=root,
            )
        except store.SnapshotError:
            # Two first visitors at once: the other one published it a moment ago.
            published.append(store.open_snapshot(demo.snapshot_id, root))
            continue
        write_feed(snapshot)
        published.append(snapshot)
    return published


def ensure_demo(root: Path | None = None) -> bool:
    """Build the demo snapshots if the store is empty. True if it built them."""
    if store.list_snapshots(root):
        return False
    build_demo(root)
    return True
