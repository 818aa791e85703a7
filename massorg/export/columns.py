"""How a table is described once and shown, exported and downloaded the same way.

A table is a DataFrame plus a list of Col (column, header key, kind). The kind says what the numbers
are, so the screen, the CSV and the Excel file agree on units and formats.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from massorg.i18n import t
from massorg.numbers import BILLION, MILLION

# text, int (counts), money (đồng), bn (đồng shown as tỷ), pct (percent units: 8.2 = 8.2%),
# dec (a decimal with one digit), num (a column whose rows hold different measures, each row's unit
# named beside it: whole numbers as counts, others with two decimals), year, date
# m (đồng shown as triệu, one decimal: for sums that are mostly below a tỷ)
KINDS = ("text", "int", "money", "bn", "m", "pct", "dec", "num", "year", "date")


def is_whole(v) -> bool:
    """A 'num' value shown as a count (675) rather than with decimals (109,87)."""
    return float(v).is_integer()


@dataclass(frozen=True)
class Col:
    name: str  # column of the DataFrame
    label_key: str  # locale key of the header
    kind: str = "text"
    total: bool = False  # summed in the table's total row (flows; never stocks over years, never ratios)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.name!r}: unknown kind {self.kind!r}; expected one of {KINDS}")

    def label(self, lang: str) -> str:
        return t(self.label_key, lang)


def with_total_row(df: pd.DataFrame, cols: list[Col], lang: str) -> pd.DataFrame:
    """`df` and a last row 'Tổng cộng' (in the first column) with the sum of each Col marked total;
    the other columns are blank in that row. The rows are unchanged when no Col is marked."""
    if df.empty or not any(c.total for c in cols):
        return df
    first = cols[0].name
    row = {c.name: df[c.name].sum() for c in cols if c.total} | {first: t("common.total", lang)}
    labelled = df.astype({first: object})  # years stay whole numbers beside the label
    return pd.concat([labelled, pd.DataFrame([row]).astype({first: object})], ignore_index=True)


def shown_frame(df: pd.DataFrame, cols: list[Col], lang: str) -> pd.DataFrame:
    """The rows and columns shown, with headers in the user's language (values still numbers;
    'bn' columns already divided into tỷ đồng, as on screen)."""
    data = {}
    for c in cols:
        values = df[c.name]
        data[c.label(lang)] = values / BILLION if c.kind == "bn" else values / MILLION if c.kind == "m" else values
    return pd.DataFrame(data).reset_index(drop=True)
