"""An import of tens of thousands of rows with --base: the vectorised paths (parsing, merging with the
base, validation, jump warnings, publishing) give the same snapshot and the same located messages as
a small import does. Sizes stay moderate; the speed target is checked by scripts/benchmark_import.py."""

import os
import random
import shutil

import pandas as pd
import pytest

from massorg.data import store
from massorg.ingest.importer import import_files
from tests.test_ingest_samples import labels, write_csv

ROWS = 20_000


@pytest.fixture()
def base_store(demo_snapshot, tmp_path):
    """A store holding only the newest demo snapshot (files hard-linked), for imports to publish into."""
    root = tmp_path / "snapshots"
    root.mkdir()
    shutil.copytree(demo_snapshot.path, root / demo_snapshot.id, copy_function=os.link)
    return root, demo_snapshot


def _revised_funding(base: store.Snapshot, n: int) -> list[list]:
    """n rows of the base's funding (newest first) with amounts changed by at most 10 %."""
    old = base.read("funding").sort_values(["year", "association_id", "source"], ascending=[False, True, True])
    rng = random.Random(7)
    return [[a, int(y), s, round(int(v) * rng.uniform(0.9, 1.1))]
            for a, y, s, v in old.head(n).itertuples(index=False, name=None)]


def test_twenty_thousand_rows_replace_their_base_rows_and_keep_the_rest(base_store, tmp_path):
    root, base = base_store
    revised = _revised_funding(base, ROWS)
    path = write_csv(tmp_path / "kinh-phi.csv", [labels("funding"), *revised])
    result = import_files([path], as_of=base.as_of, base_id=base.id, root=root)
    assert result.errors == []
    published = result.snapshot.read("funding")
    assert len(published) == len(base.read("funding"))
    key = ["association_id", "year", "source"]
    expected = base.read("funding").set_index(key)["amount_vnd"].astype("int64")
    new = pd.DataFrame(revised, columns=[*key, "amount_vnd"]).set_index(key)["amount_vnd"]
    expected.loc[new.index] = new
    got = published.set_index(key)["amount_vnd"].astype("int64")
    pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_names=False)
    for name in ("membership", "welfare", "associations", "legal_aid"):  # carried whole, unchanged
        pd.testing.assert_frame_equal(result.snapshot.read(name), base.read(name), check_dtype=False)
    assert result.tables["funding"].carried == len(published) - ROWS


def test_errors_deep_in_a_large_file_name_their_excel_row_and_header(base_store, tmp_path):
    root, base = base_store
    grid = [labels("funding"), *_revised_funding(base, ROWS)]
    grid[12_345][3] = -5  # Excel row 12,346
    grid[17_000][2] = "Ngân sách xã"  # no such source
    grid[19_999][0] = "H-KHONG-CO"  # no such association
    grid[15_000] = list(grid[3])  # the key of Excel row 4 again
    path = write_csv(tmp_path / "kinh-phi.csv", grid)
    before = sorted(p.name for p in root.iterdir())
    result = import_files([path], as_of=base.as_of, base_id=base.id, root=root)
    found = sorted((f.excel_row, f.rule, f.header) for f in result.errors)
    assert found == [
        (12_346, "negative", "Số tiền (đồng)"),
        (15_001, "duplicate_row", "Mã hội"),
        (17_001, "unknown_code", "Nguồn kinh phí"),
        (20_000, "dangling_reference", "Mã hội"),
    ]
    assert all(f.file == "kinh-phi.csv" for f in result.errors)
    duplicate = next(f for f in result.errors if f.rule == "duplicate_row")
    assert duplicate.params["first_row"] == 4
    assert next(f for f in result.errors if f.rule == "negative").value == "-5"  # as typed
    assert result.snapshot is None and sorted(p.name for p in root.iterdir()) == before


def test_a_revision_of_the_base_by_a_factor_of_three_is_warned_about_at_its_row(base_store, tmp_path):
    root, base = base_store
    revised = _revised_funding(base, ROWS)
    revised[9_999][3] = revised[9_999][3] * 5 + 5_000_000  # Excel row 10,001
    path = write_csv(tmp_path / "kinh-phi.csv", [labels("funding"), *revised])
    result = import_files([path], as_of=base.as_of, base_id=base.id, root=root, dry_run=True)
    jumps = [f for f in result.warnings if f.rule in ("jump", "jump_money")]
    assert [(f.excel_row, f.params["previous"], f.params["year"]) for f in jumps] == [
        (10_001, base.id, revised[9_999][1])]
    assert result.snapshot is None and result.errors == []
