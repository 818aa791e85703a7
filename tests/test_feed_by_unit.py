"""The indicator feed takes every unit's figures from one query (feed_kpis_by_unit): for each unit they
are exactly what the dashboard's overview_kpis gives with that unit alone chosen."""

from __future__ import annotations

import pandas as pd

from massorg.data import queries
from massorg.data.queries import Filters
from massorg.data.schema import reference_units
from massorg.export.feed import INDICATORS


def test_each_units_figures_are_the_overviews_for_that_unit(demo_snapshot):
    by_unit = queries.run("feed_kpis_by_unit", demo_snapshot)
    assert not by_unit.duplicated(["unit_code", "year"]).any()
    checked = 0
    for area in reference_units():
        if area["kind"] == "province":
            continue
        code = str(area["unit_code"])
        one = queries.run("overview_kpis", demo_snapshot, Filters(unit_codes=(code,))).set_index("year")
        mine = by_unit[by_unit["unit_code"] == code].set_index("year")[list(INDICATORS)]
        expected = one.loc[(one[list(INDICATORS)] != 0).any(axis=1), list(INDICATORS)]
        pd.testing.assert_frame_equal(mine.astype("int64"), expected.astype("int64"), check_names=False)
        checked += not expected.empty
    assert checked >= 10  # the demo's districts and city hold associations
