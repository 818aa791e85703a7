"""Files that used to lose rows, or publish wrong text, without an error (issue 14): each test is one
such file, and what the importer must do with it instead."""

from __future__ import annotations

from massorg.data.validate import errors
from massorg.ingest.importer import import_files
from tests.test_ingest_samples import AS_OF, labels, rows, sheet, tiny_store, write_xlsx
from tests.test_ingest_tolerances import FUNDING


def dry_run(tmp_path, *files, base: str | None = "tiny", **kwargs):
    root = tiny_store(tmp_path)
    return import_files(list(files), as_of=kwargs.pop("as_of", AS_OF), base_id=base, dry_run=True, root=root,
                        **kwargs)


def rendered(result, lang: str = "en") -> list[str]:
    return [f.render(lang) for f in result.findings]


# --- 1. only a real totals row is set aside --------------------------------------------------------

MEETINGS = [
    ["M1", "02/04/2022", "P1", "68", "draft_law", "Góp ý dự thảo Luật", 10, 6],
    ["M2", "09/09/2023", "D1", "678", "local_project", "Tổng công ty Cà phê Lâm Đồng: dự án nhà máy", 4, 4],
    ["M3", "10/10/2023", "P1", "68", "plan_programme", "Tổng cộng đồng dân cư: kế hoạch", 3, 1],
    ["M4", "11/11/2023", "D1", "678", "other", "Góp ý quy hoạch", 2, 2],
]


def test_a_row_that_begins_like_tong_cong_is_data(tmp_path):
    grid = [labels("consultations"), *MEETINGS]
    result = dry_run(tmp_path, write_xlsx(tmp_path / "tu-van.xlsx", {"Tư vấn, phản biện xã hội": grid}))
    assert rendered(result) == []
    assert [r[0] for r in rows(result.tables["consultations"].frame)] == ["M1", "M2", "M3", "M4"]


def test_a_totals_label_beside_text_is_data_not_a_totals_row(tmp_path):
    grid = sheet("funding") + [["Tổng cộng", 2023, "state_budget", 7_570_000]]
    result = dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Kinh phí": grid}))
    # read as a data row: its association id is then unknown, an error that names the row
    (error,) = errors(result.findings)
    assert (error.rule, error.excel_row, error.value) == ("dangling_reference", 7, "Tổng cộng")


def test_data_below_a_totals_row_is_an_error_naming_the_row(tmp_path):
    grid = sheet("funding")
    grid.insert(4, ["Tổng cộng", None, None, 7_200_000])  # after three rows that add up to it
    result = dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Kinh phí": grid}))
    assert [(f.rule, f.excel_row) for f in errors(result.findings)] == [("data_after_total", 6),
                                                                        ("data_after_total", 7)]
    assert rendered(result)[0] == (
        "Error — file f.xlsx, sheet “Kinh phí”, row 6: This row holds data but lies below the totals row (row 5), "
        "so it would be lost. Move the totals row to the bottom of the table, or delete it."
    )


def test_a_true_totals_row_is_still_set_aside(tmp_path):
    grid = sheet("funding") + [["Tổng", None, None, "7.570.000"]]
    result = dry_run(tmp_path, write_xlsx(tmp_path / "f.xlsx", {"Kinh phí": grid}))
    assert rendered(result) == []
    assert rows(result.tables["funding"].frame) == FUNDING
