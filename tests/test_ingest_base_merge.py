"""--base keeps history: rows in the files replace the base rows with the same key, the rest stay."""

import datetime as dt

from massorg.ingest.commands import summary
from massorg.ingest.importer import import_files
from tests.test_ingest_samples import labels, rows, tiny_store, write_xlsx


def test_a_workbook_with_one_year_of_funding_keeps_the_other_years(tmp_path):
    root = tiny_store(tmp_path)
    # tiny has funding for 2022 and 2023; the steward sends only a corrected 2023 state budget for P1
    # and a new 2023 source for D1
    path = write_xlsx(tmp_path / "kinh-phi-2023.xlsx", {"Kinh phí": [
        labels("funding"),
        ["P1", 2023, "Ngân sách nhà nước", 1_500_000],
        ["D1", 2023, "Hội phí", 20_000],
    ]})
    result = import_files([path], as_of=dt.date(2024, 3, 31), base_id="tiny", root=root)
    assert result.errors == []
    funding = result.snapshot.read("funding").sort_values(["association_id", "year", "source"])
    assert rows(funding) == [
        ("C1", 2023, "member_fees", 70_000),
        ("D1", 2023, "member_fees", 20_000),
        ("D1", 2023, "social_mobilisation", 300_000),
        ("P1", 2022, "social_mobilisation", 5_000_000),
        ("P1", 2022, "state_budget", 1_000_000),
        ("P1", 2023, "state_budget", 1_500_000),
    ]
    text = summary(result, "en")
    assert "funding (Funding): 6 rows — 2 rows from kinh-phi-2023.xlsx › Kinh phí, 4 rows kept from snapshot tiny" in text
