"""The data model, declared once: tables, columns, types, keys, allowed codes and labels.

Everything else (snapshot writer, validation, importer, template, query tests) reads this module.
Money is integer đồng (BIGINT); text is NFC-normalised; members are a stock, money and activities flows.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache

import pyarrow as pa

from massorg.config import REFERENCE_DIR

SCHEMA_VERSION = 1

# Fixed code lists (reference tables hold the open-ended ones: units, association types, programmes).
LEVELS = ("province", "district", "commune")
# city/town/district: district-level units until 30/6/2025; commune/ward/special_zone: the commune-level
# units from 1/7/2025 (township, thị trấn, existed only before).
UNIT_KINDS = ("province", "city", "town", "district", "commune", "ward", "township", "special_zone")
FIELDS = (
    "humanitarian", "education", "health", "social", "professional",
    "culture", "science", "economic", "friendship",
)
FUNDING_SOURCES = ("state_budget", "foreign_aid", "social_mobilisation", "member_fees", "other")
SUBJECT_KINDS = ("party_policy", "draft_law", "plan_programme", "local_project", "other")
LEGAL_AID_KINDS = ("legal_consultation", "legal_aid", "mediation", "legal_dissemination")
BENEFICIARY_UNITS = ("people", "person_times", "households")
DOMAINS = (
    "education", "health", "clean_water", "livelihood", "housing_sanitation",
    "health_insurance", "disaster_relief", "charity_visits",
)

ARROW_TYPES = {
    "text": pa.string(),
    "int": pa.int32(),
    "bigint": pa.int64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
}


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str  # one of ARROW_TYPES
    label_vi: str
    label_en: str
    required: bool = True
    codes: str | None = None  # name of a code list, see code_list()
    min_value: int | None = None
    money: bool = False

    @property
    def arrow_type(self) -> pa.DataType:
        return ARROW_TYPES[self.dtype]

    def label(self, lang: str) -> str:
        return self.label_vi if lang == "vi" else self.label_en


@dataclass(frozen=True)
class ForeignKey:
    column: str
    table: str
    target: str


@dataclass(frozen=True)
class Table:
    name: str
    label_vi: str
    label_en: str
    grain: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = field(default=())
    optional: bool = False  # may be absent from a snapshot or an import (then it is empty)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")

    def arrow_schema(self) -> pa.Schema:
        return pa.schema(
            [pa.field(c.name, c.arrow_type, nullable=not c.required) for c in self.columns]
        )

    def label(self, lang: str) -> str:
        return self.label_vi if lang == "vi" else self.label_en


def _c(name, dtype, vi, en, **kw) -> Column:
    return Column(name, dtype, vi, en, **kw)


UNITS = Table(
    "units", "Đơn vị hành chính", "Administrative units",
    "one row per administrative unit (province; district-level unit until 30/6/2025; commune-level unit from 1/7/2025)",
    (
        _c("unit_code", "text", "Mã đơn vị", "Unit code"),
        _c("name", "text", "Tên đơn vị", "Unit name"),
        _c("name_en", "text", "Tên tiếng Anh", "English name", required=False),
        _c("kind", "text", "Loại đơn vị", "Unit kind", codes="unit_kind"),
        _c("parent_code", "text", "Mã đơn vị cấp trên", "Parent unit code", required=False),
        _c("valid_from", "date", "Hiệu lực từ", "Valid from", required=False),
        _c("valid_to", "date", "Hiệu lực đến", "Valid to", required=False),
        _c("successor_code", "text", "Sáp nhập vào (mã)", "Merged into (code)", required=False),
        _c("population", "int", "Dân số", "Population", required=False, min_value=0),
        # A unit that kept its code but took another name: 682 Đạ Tẻh is Huyện Đạ Huoai from 1/12/2024.
        _c("later_name", "text", "Tên mới", "Later name", required=False),
        _c("later_name_en", "text", "Tên mới (tiếng Anh)", "Later name (English)", required=False),
        _c("renamed_on", "date", "Đổi tên từ ngày", "Renamed on", required=False),
    ),
    ("unit_code",),
    (ForeignKey("parent_code", "units", "unit_code"), ForeignKey("successor_code", "units", "unit_code")),
)

PROGRAMMES = Table(
    "programmes", "Chương trình an sinh", "Welfare programmes",
    "one row per welfare programme",
    (
        _c("programme_code", "text", "Mã chương trình", "Programme code"),
        _c("domain", "text", "Lĩnh vực", "Domain", codes="domain"),
        _c("quantity_unit", "text", "Đơn vị tính", "Quantity unit"),
        _c("name_vi", "text", "Tên chương trình", "Programme name (Vietnamese)"),
        _c("name_en", "text", "Tên tiếng Anh", "Programme name (English)"),
    ),
    ("programme_code",),
)

ASSOCIATIONS = Table(
    "associations", "Danh sách hội", "Associations",
    "one row per association (a branch at each level is its own association)",
    (
        _c("association_id", "text", "Mã hội", "Association ID"),
        _c("name", "text", "Tên hội", "Association name"),
        _c("name_en", "text", "Tên tiếng Anh", "English name", required=False),
        _c("type_code", "text", "Loại hội", "Association type", codes="type"),
        _c("field", "text", "Lĩnh vực hoạt động", "Field", codes="field"),
        _c("level", "text", "Cấp", "Level", codes="level"),
        _c("unit_code", "text", "Đơn vị hành chính", "Unit", codes="unit"),
        _c("parent_id", "text", "Hội cấp trên (mã)", "Parent association ID", required=False),
        _c("special_nature", "bool", "Hội có tính chất đặc thù", "Special nature"),
        _c("party_state_task", "bool", "Được Đảng, Nhà nước giao nhiệm vụ", "Assigned tasks by Party and State"),
        _c("founded_on", "date", "Ngày thành lập", "Founded on"),
        _c("dissolved_on", "date", "Ngày giải thể", "Dissolved on", required=False),
        _c("licence_ref", "text", "Quyết định cho phép thành lập", "Licence reference", required=False),
    ),
    ("association_id",),
    (ForeignKey("unit_code", "units", "unit_code"), ForeignKey("parent_id", "associations", "association_id")),
)

MEMBERSHIP = Table(
    "membership", "Hội viên", "Membership",
    "one row per association per year (members counted at year end: a stock)",
    (
        _c("association_id", "text", "Mã hội", "Association ID"),
        _c("year", "int", "Năm", "Year"),
        _c("members", "int", "Số hội viên (cuối năm)", "Members (year end)", min_value=0),
        _c("new_members", "int", "Hội viên mới", "New members", required=False, min_value=0),
    ),
    ("association_id", "year"),
    (ForeignKey("association_id", "associations", "association_id"),),
)

FUNDING = Table(
    "funding", "Kinh phí", "Funding",
    "one row per association per year per source (a flow)",
    (
        _c("association_id", "text", "Mã hội", "Association ID"),
        _c("year", "int", "Năm", "Year"),
        _c("source", "text", "Nguồn kinh phí", "Funding source", codes="source"),
        _c("amount_vnd", "bigint", "Số tiền (đồng)", "Amount (VND)", min_value=0, money=True),
    ),
    ("association_id", "year", "source"),
    (ForeignKey("association_id", "associations", "association_id"),),
)

CONSULTATIONS = Table(
    "consultations", "Tư vấn, phản biện xã hội", "Consultation and social criticism",
    "one row per consultation or social-criticism meeting",
    (
        _c("meeting_id", "text", "Mã cuộc họp", "Meeting ID"),
        _c("held_on", "date", "Ngày tổ chức", "Held on"),
        _c("association_id", "text", "Hội chủ trì (mã)", "Lead association ID"),
        _c("unit_code", "text", "Đơn vị hành chính", "Unit", codes="unit"),
        _c("subject_kind", "text", "Loại nội dung", "Subject kind", codes="subject_kind"),
        _c("subject", "text", "Nội dung", "Subject"),
        _c("comments_submitted", "int", "Số ý kiến góp ý", "Comments submitted", min_value=0),
        _c("comments_accepted", "int", "Số ý kiến được tiếp thu", "Comments accepted", min_value=0),
    ),
    ("meeting_id",),
    (ForeignKey("association_id", "associations", "association_id"),),
)

LEGAL_AID = Table(
    "legal_aid", "Trợ giúp pháp lý, hòa giải", "Legal aid and mediation",
    "one row per association per year per kind of activity",
    (
        _c("association_id", "text", "Mã hội", "Association ID"),
        _c("year", "int", "Năm", "Year"),
        _c("kind", "text", "Loại hoạt động", "Kind", codes="legal_aid_kind"),
        _c("cases", "int", "Số chương trình, vụ việc", "Programmes and cases", min_value=0),
        _c("people_served", "int", "Lượt người được phục vụ", "People served (person-times)", min_value=0),
        _c("successful", "int", "Số vụ hòa giải thành", "Successful mediations", required=False, min_value=0),
    ),
    ("association_id", "year", "kind"),
    (ForeignKey("association_id", "associations", "association_id"),),
)

WELFARE = Table(
    "welfare", "An sinh, từ thiện", "Social welfare and charity",
    "one row per association per year per unit per programme",
    (
        _c("record_id", "text", "Mã bản ghi", "Record ID"),
        _c("association_id", "text", "Mã hội", "Association ID"),
        _c("year", "int", "Năm", "Year"),
        _c("unit_code", "text", "Đơn vị hành chính (nơi thực hiện)", "Unit (where delivered)", codes="unit"),
        _c("programme_code", "text", "Chương trình", "Programme", codes="programme"),
        _c("quantity", "int", "Số lượng", "Quantity", min_value=0),
        _c("beneficiaries", "int", "Số người/hộ hưởng lợi", "Beneficiaries", min_value=0),
        _c("beneficiaries_unit", "text", "Đơn vị tính người hưởng lợi", "Beneficiaries unit", codes="beneficiaries_unit"),
        _c("value_vnd", "bigint", "Giá trị (đồng)", "Value (VND)", min_value=0, money=True),
    ),
    ("record_id",),
    (
        ForeignKey("association_id", "associations", "association_id"),
        ForeignKey("programme_code", "programmes", "programme_code"),
    ),
)

LINEAGE_KINDS = ("merge", "rename", "level_change", "dissolution")

LINEAGE = Table(
    "lineage", "Sáp nhập, đổi tên, giải thể hội", "Association lineage",
    "one row per association that ended or changed on a date (and its successor, if any)",
    (
        _c("predecessor_id", "text", "Hội trước (mã)", "Predecessor ID"),
        _c("successor_id", "text", "Hội kế tục (mã)", "Successor ID", required=False),
        _c("effective_on", "date", "Từ ngày", "Effective on"),
        _c("kind", "text", "Hình thức", "Kind", codes="lineage_kind"),
        _c("members_at_change", "int", "Hội viên ngày trước đó", "Members the day before", required=False,
           min_value=0),
    ),
    ("predecessor_id", "effective_on"),
    (ForeignKey("predecessor_id", "associations", "association_id"),
     ForeignKey("successor_id", "associations", "association_id")),
    optional=True,
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (UNITS, PROGRAMMES, ASSOCIATIONS, MEMBERSHIP, FUNDING, CONSULTATIONS, LEGAL_AID, WELFARE, LINEAGE)
}
# Order in which tables can be validated (referenced tables first).
TABLE_ORDER = tuple(TABLES)


def _read_reference(name: str) -> list[dict[str, str]]:
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def association_types() -> tuple[dict[str, str], ...]:
    """Association types from data/reference/association_types.csv (code, names, field, special flag)."""
    return tuple(_read_reference("association_types.csv"))


@cache
def reference_units() -> tuple[dict[str, str], ...]:
    return tuple(_read_reference("units.csv"))


@cache
def reference_programmes() -> tuple[dict[str, str], ...]:
    return tuple(_read_reference("programmes.csv"))


FIXED_CODES = {
    "level": LEVELS,
    "unit_kind": UNIT_KINDS,
    "field": FIELDS,
    "source": FUNDING_SOURCES,
    "subject_kind": SUBJECT_KINDS,
    "legal_aid_kind": LEGAL_AID_KINDS,
    "beneficiaries_unit": BENEFICIARY_UNITS,
    "domain": DOMAINS,
    "lineage_kind": LINEAGE_KINDS,
}


def code_list(name: str, tables: dict | None = None) -> tuple[str, ...]:
    """Allowed codes for a coded column. Units and programmes come from the snapshot's own tables
    when given (so an import may add a programme), else from the reference CSVs."""
    if name in FIXED_CODES:
        return FIXED_CODES[name]
    if name == "type":
        return tuple(t["type_code"] for t in association_types())
    if name == "unit":
        if tables is not None and "units" in tables:
            return tuple(str(c) for c in tables["units"]["unit_code"])
        return tuple(u["unit_code"] for u in reference_units())
    if name == "programme":
        if tables is not None and "programmes" in tables:
            return tuple(str(c) for c in tables["programmes"]["programme_code"])
        return tuple(p["programme_code"] for p in reference_programmes())
    raise KeyError(name)
