"""What the data page shows: the snapshot list, the chosen snapshot's files, sources and validation
findings (all from manifests), and the comparison of two snapshots (massorg.data.compare) as tables and
a chart. Pure pandas/plotly: no streamlit, no file access of its own."""

from __future__ import annotations

import dataclasses
import datetime as dt
import textwrap

import pandas as pd
import plotly.graph_objects as go

from massorg.data.compare import Comparison, indicator_label
from massorg.data.schema import TABLES
from massorg.data.store import Snapshot
from massorg.data.validate import Finding
from massorg.i18n import has, t
from massorg.numbers import BILLION, fmt_date, fmt_int, fmt_signed_pct
from massorg.ui.charts import theme
from massorg.ui.escape import md
from massorg.ui.figure_cache import cached_figure

VIETNAM_TIME = dt.timezone(dt.timedelta(hours=7))  # no daylight saving in Vietnam
HASH_SHOWN = 12
FOOTER_WRAP = 70  # characters per footer line under a chart with long category labels
_FINDING_FIELDS = {f.name for f in dataclasses.fields(Finding)}


def kind_label(snapshot: Snapshot, lang: str) -> str:
    return t("data.demo" if snapshot.is_demo else "data.real", lang)


def table_label(name: str, lang: str) -> str:
    key = f"data.tables.{name}"
    return t(key, lang) if has(key, lang) else name


def created_at(snapshot: Snapshot) -> dt.datetime | None:
    """When the snapshot was published, in Vietnam time (naive, for display and export)."""
    raw = snapshot.manifest.get("created_at")
    try:
        when = dt.datetime.fromisoformat(raw)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is not None:
        when = when.astimezone(VIETNAM_TIME).replace(tzinfo=None)
    return when


def total_rows(snapshot: Snapshot) -> int:
    return int(sum(snapshot.row_counts.get(name, 0) for name in TABLES))


def _short_hash(sha: str | None, lang: str) -> str:
    return sha[:HASH_SHOWN] if sha else t("data.snapshots.no_hash", lang)


def _sources_text(snapshot: Snapshot, lang: str) -> str:
    parts = [f"{s.get('file') or '–'} ({_short_hash(s.get('sha256'), lang)})" for s in snapshot.manifest.get("sources", [])]
    return "; ".join(parts) or "–"


def snapshot_list(snapshots: list[Snapshot], lang: str) -> pd.DataFrame:
    """One row per published snapshot, newest first: identity, kind, total rows, sources."""
    rows = []
    for snap in snapshots:
        row: dict[str, object] = {
            "snapshot_id": snap.id,
            "label": snap.label,
            "as_of": snap.as_of,
            "created_at": created_at(snap),
            "kind": kind_label(snap, lang),
            "total_rows": total_rows(snap),
        }
        row["sources"] = _sources_text(snap, lang)
        rows.append(row)
    return pd.DataFrame(rows).astype({"as_of": object, "created_at": object})


def table_files(snapshot: Snapshot, lang: str) -> pd.DataFrame:
    """One row per table of the snapshot: its name, rows, Parquet file and that file's SHA-256."""
    files = snapshot.manifest.get("files", {})
    return pd.DataFrame(
        [
            {
                "table": table_label(name, lang),
                "rows": int(snapshot.row_counts.get(name, 0)),
                "file": f"{name}.parquet",
                "sha256": files.get(f"{name}.parquet") or "–",
            }
            for name in TABLES
        ]
    )


def _source_kind(source: dict, snapshot: Snapshot) -> str:
    if "kind" in source:
        return str(source["kind"])
    return "generator" if snapshot.is_demo and not source.get("sha256") else "file"


def sources(snapshot: Snapshot, lang: str) -> pd.DataFrame:
    """One row per source of the snapshot (imported file, carried snapshot, reference list, generator)."""
    rows = []
    for source in snapshot.manifest.get("sources", []):
        kind = _source_kind(source, snapshot)
        kind_key = f"data.source_kind.{kind}"
        tables = source.get("tables") or []
        rows.append({
            "file": source.get("file") or "–",
            "kind": t(kind_key, lang) if has(kind_key, lang) else kind,
            "tables": ", ".join(table_label(n, lang) for n in tables) or t("data.tables.none", lang),
            # Text, not a number: st.dataframe shows a missing number as "None" whatever the Styler says.
            "bytes": fmt_int(source["bytes"], lang) if source.get("bytes") else "–",
            "sha256": source.get("sha256") or t("data.snapshots.no_hash", lang),
        })
    return pd.DataFrame(rows, columns=["file", "kind", "tables", "bytes", "sha256"])


def _finding(record: dict) -> Finding:
    return Finding(**{k: v for k, v in record.items() if k in _FINDING_FIELDS})


def finding_message(record: dict, lang: str) -> str:
    """What a stored finding (Finding.to_dict()) says is wrong and what is expected."""
    finding = _finding(record)
    if has(f"findings.{finding.rule}", lang):
        return finding.message(lang)
    # A rule written by a newer importer than this catalog knows: still say what and which value.
    return t("data.validation.unknown_rule", lang, rule=finding.rule, value="" if finding.value is None else finding.value)


def finding_text(record: dict, lang: str) -> str:
    """A stored finding as the sentence users read, with its place (Finding.render)."""
    finding = _finding(record)
    if has(f"findings.{finding.rule}", lang):
        return finding.render(lang)
    return f"{t(f'findings.{finding.severity}', lang)} — {finding.location(lang)}: {finding_message(record, lang)}"


def findings(snapshot: Snapshot, lang: str) -> pd.DataFrame:
    """The snapshot's validation report, errors first: severity, table, where, what, and the whole
    sentence (Finding.render) as shown in the list."""
    report = snapshot.manifest.get("validation") or {}
    rows = []
    for severity in ("errors", "warnings"):
        for record in report.get(severity) or []:
            rows.append({
                "severity": t(f"data.validation.{severity}", lang),
                "table": table_label(record["table"], lang) if record.get("table") else "–",
                "location": _finding(record).location(lang),
                "message": finding_message(record, lang),
                "text": finding_text(record, lang),
            })
    return pd.DataFrame(rows, columns=["severity", "table", "location", "message", "text"])


def findings_markdown(report: pd.DataFrame) -> str:
    """The findings as a bulleted list, each sentence whole (a table cell would cut long messages)."""
    return "\n".join("- " + md(text) for text in report["text"])


def finding_counts(snapshot: Snapshot) -> tuple[int, int]:
    """(errors, warnings) in the snapshot's validation report."""
    report = snapshot.manifest.get("validation") or {}
    return len(report.get("errors") or []), len(report.get("warnings") or [])


def snapshot_option(snapshot: Snapshot, lang: str) -> str:
    """How a snapshot is named in a chooser: its date, id and, for demo data, so."""
    demo = f" · {t('data.demo', lang)}" if snapshot.is_demo else ""
    return f"{fmt_date(snapshot.as_of, lang)} — {snapshot.id}{demo}"


def _column_label(table: str, column: str, lang: str) -> str:
    try:
        return TABLES[table].column(column).label(lang)
    except KeyError:
        return column


def table_changes(comparison: Comparison, old: Snapshot, new: Snapshot, lang: str) -> pd.DataFrame:
    """One row per table: rows in each snapshot, rows added / removed / changed / unchanged, and which
    columns changed in how many rows."""
    rows = []
    for diff in comparison.tables:
        columns = sorted(diff.changed_columns.items(), key=lambda item: (-item[1], item[0]))
        rows.append({
            "table": table_label(diff.table, lang),
            "old_rows": int(old.row_counts.get(diff.table, diff.removed + diff.changed + diff.unchanged)),
            "new_rows": int(new.row_counts.get(diff.table, diff.added + diff.changed + diff.unchanged)),
            "added": diff.added,
            "removed": diff.removed,
            "changed": diff.changed,
            "unchanged": diff.unchanged,
            "changed_columns": "; ".join(
                f"{_column_label(diff.table, c, lang)} ({fmt_int(n, lang)})" for c, n in columns
            ) or "–",
        })
    return pd.DataFrame(rows)


def has_changes(comparison: Comparison) -> bool:
    return any(d.added or d.removed or d.changed for d in comparison.tables)


def changed_rows_sample(comparison: Comparison, lang: str) -> pd.DataFrame:
    """The first keys of each kind of change, per table (the counts above are complete)."""
    rows = []
    for diff in comparison.tables:
        key_names = ", ".join(_column_label(diff.table, c, lang) for c in TABLES[diff.table].primary_key)
        for kind, keys in (("added", diff.added_keys), ("removed", diff.removed_keys), ("changed", diff.changed_keys)):
            for key in keys:
                rows.append({
                    "table": table_label(diff.table, lang),
                    "change": t(f"data.compare.{kind}", lang),
                    "key": f"{key_names}: {' / '.join(map(str, key))}",
                })
    return pd.DataFrame(rows, columns=["table", "change", "key"])


def _is_money(indicator: str) -> bool:
    return indicator.endswith("_vnd")


def _in_unit(indicator: str, value: float) -> float:
    """The figure in the unit its row names: money in tỷ đồng, counts as they are."""
    return value / BILLION if _is_money(indicator) else value


def _year(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def change_pct(old: float, new: float) -> float | None:
    """Change from old to new in percent; None when the old value is zero."""
    return None if not old else (new - old) / old * 100


def indicator_changes(comparison: Comparison, lang: str) -> pd.DataFrame:
    """One row per headline indicator: its name with its unit ('… (tỷ đồng)'), the year a stock is
    read at in each snapshot, old and new value and their difference as numbers in that unit, and the
    difference in percent. Numbers, not text, so an exported table can be summed and sorted."""
    rows = []
    for d in comparison.indicators:
        unit = t("units.bn_vnd" if _is_money(d.indicator) else f"data.compare_numbers.unit.{_count_unit(d.indicator)}", lang)
        rows.append({
            "indicator_code": d.indicator,
            "indicator": t("data.compare_numbers.indicator_with_unit", lang, indicator=indicator_label(d.indicator, lang),
                           unit=unit),
            "old_year": _year(d.old_year),
            "old": _in_unit(d.indicator, d.old),
            "new_year": _year(d.new_year),
            "new": _in_unit(d.indicator, d.new),
            "difference": _in_unit(d.indicator, d.difference),
            "difference_pct": change_pct(d.old, d.new),
        })
    return pd.DataFrame(rows).astype({"old_year": "Int64", "new_year": "Int64"})


COUNT_UNITS = {"associations": "associations", "members": "people", "meetings": "meetings",
               "comments_submitted": "comments", "comments_accepted": "comments",
               "legal_aid_cases": "cases", "legal_aid_person_times": "person_times"}


def _count_unit(indicator: str) -> str:
    return COUNT_UNITS.get(indicator, "count")


def comparison_footer(old: Snapshot, new: Snapshot, lang: str) -> str:
    """The source line of a comparison chart: both snapshots, and the demo notice if either is demo."""
    key = "data.compare.footer_demo" if old.is_demo or new.is_demo else "data.compare.footer"
    return t(key, lang, old=old.id, new=new.id, old_as_of=fmt_date(old.as_of, lang), new_as_of=fmt_date(new.as_of, lang))


@cached_figure
def indicator_change_chart(changes: pd.DataFrame, lang: str, old_id: str, new_id: str, footer: str) -> go.Figure:
    """Horizontal bars: each headline indicator's change from the old to the new snapshot, in percent."""
    shown = changes.dropna(subset=["difference_pct"]).iloc[::-1]
    colours = ["#009E73" if v >= 0 else "#D55E00" for v in shown["difference_pct"]]
    fig = go.Figure(go.Bar(
        x=shown["difference_pct"], y=shown["indicator"], orientation="h", marker_color=colours,
        text=[fmt_signed_pct(v, lang) for v in shown["difference_pct"]], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:+,.1f}%<extra></extra>",
    ))
    low, high = min(0.0, shown["difference_pct"].min()), max(0.0, shown["difference_pct"].max())
    pad = 0.15 * ((high - low) or 1.0)  # room for the value labels outside the bars, on either side
    fig.update_xaxes(ticksuffix="%", zeroline=True, zerolinecolor="#444",
                     range=[low - (pad if low < 0 else 0), high + pad])
    fig.update_yaxes(rangemode="normal")
    # The footer starts under the plot area, right of the long labels: wrap it so it is not cut.
    wrapped = "<br>".join(textwrap.wrap(footer, FOOTER_WRAP))
    fig = theme(fig, lang=lang, title=t("data.compare.chart", lang, old=old_id, new=new_id), footer=wrapped,
                x_title=t("data.compare.axis_pct", lang), y_title=None, height=max(400, 34 * len(shown) + 200),
                legend=False)
    fig.update_layout(margin={"b": 80 + 18 * wrapped.count("<br>") + 20})
    fig.update_annotations(align="left")
    return fig
