"""English names of the reference data say what the Vietnamese says (issue 13, item 7: "bớt sắc tố",
pigmented birthmarks, was translated as "melanoma", a cancer)."""

import re

from massorg.data.schema import association_types, reference_programmes, reference_units
from massorg.i18n import catalog

# Vietnamese terms of the reference data and the English each must be rendered with.
GLOSSARY = {
    "bớt sắc tố": "pigmented birthmarks", "sứt môi": "cleft lip", "hở hàm ếch": "palate", "bỏng": "burns",
    "đục thủy tinh thể": "cataract", "tim": "heart", "xe lăn": "wheelchair", "buôn làng": "ethnic-minority villages",
    "heo đất": "piggy bank", "bò giống": "breeding-cow", "BHYT": "health insurance", "chất độc da cam": "agent orange",
    "khuyết tật": "disabilit", "thiên tai": "disaster", "Người cao tuổi": "elderly", "Người mù": "blind",
    "Luật gia": "lawyers", "Nhà báo": "journalists", "Khuyến học": "promoting education", "Đông y": "traditional medicine",
    "Làm vườn": "gardening", "Sinh vật cảnh": "ornamental plants", "Cựu tù chính trị": "political prisoners",
    "Cựu thanh niên xung phong": "former youth volunteers", "Chữ thập đỏ": "red cross",
}
VIETNAMESE_LETTERS = re.compile(r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.I)


def _pairs():
    for row in reference_programmes():
        yield row["name_vi"], row["name_en"]
    for row in association_types():
        yield row["name_vi"], row["name_en"]
    for row in reference_units():
        yield row["name"], row["name_en"]


def test_every_reference_row_has_an_english_name_in_english():
    for vi, en in _pairs():
        assert en and not VIETNAMESE_LETTERS.search(en), (vi, en)


def test_english_names_follow_the_glossary():
    for vi, en in _pairs():
        for term, english in GLOSSARY.items():
            if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", vi, re.I):
                assert english.lower() in en.lower(), (vi, en, english)


def test_no_english_text_calls_a_birthmark_a_cancer():
    texts = [en for _, en in _pairs()] + list(catalog("en").values())
    assert not [text for text in texts if "melanoma" in text.lower()]
