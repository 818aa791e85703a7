"""An import from files to a published snapshot: read every file, build the complete set of tables
(with --base, rows in the files replace the base rows with the same key and every other base row is
kept; without it, units and programmes absent from the files come from the reference data),
validate it, warn about big jumps against the previous snapshot and about files imported before, and
publish atomically only when there is no error. Nothing is written to the store otherwise."""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from massorg import config
from massorg.data import store, unit_periods
from massorg.data.schema import TABLE_ORDER, TABLES, reference_units
from massorg.data.validate import ERROR, WARNING, Finding, errors, report, validate_tables, warnings
from massorg.export.feed import write_feed
from massorg.ingest.cells import is_blank, shown, without_diacritics
from massorg.ingest.normalise import CodeBook, Origin, canonical, to_frame
from massorg.ingest.reader import FileRead, SheetTable, read_file

REFERENCE_TABLES = {"units": "units.csv", "programmes": "programmes.csv"}
# Validation rules about one cell: their message shows the cell as typed ("-2" in a column of triệu
# đồng), not the parsed value (-2000000).
CELL_RULES = frozenset({"negative", "unknown_code", "year_range", "dangling_reference",
                        "accepted_above_submitted", "successful_above_cases", "founded_after_as_of",
                        "unit_ended", "unit_not_yet", "unit_alias"})
JUMP_FACTOR = 3
# The figures watched for jumps: (columns naming one series, the value) per table.
JUMP_SERIES = {
    "membership": (("association_id",), "members"),
    "funding": (("association_id", "source"), "amount_vnd"),
    "legal_aid": (("association_id", "kind"), "cases"),
    "welfare": (("association_id", "unit_code", "programme_code"), "value_vnd"),
}


@dataclass
class BuiltTable:
    """One table of the snapshot being built, and where it came from."""

    frame: pd.DataFrame
    origins: list[Origin | None]
    source: str  # 'files', 'base' or 'reference'
    places: list[str] = field(default_factory=list)  # 'file › sheet' for tables read from files
    carried: int = 0  # rows of a table read from files that were kept from --base (keys the files lack)


@dataclass
class ImportResult:
    findings: list[Finding]
    tables: dict[str, BuiltTable]
    files: list[FileRead]
    base: store.Snapshot | None = None
    previous: store.Snapshot | None = None
    snapshot: store.Snapshot | None = None
    dry_run: bool = False

    @property
    def errors(self) -> list[Finding]:
        return errors(self.findings)

    @property
    def warnings(self) -> list[Finding]:
        return warnings(self.findings)

    @property
    def ok(self) -> bool:
        return not self.errors


def import_files(
    paths: list[Path],
    *,
    as_of: dt.date,
    label: str | None = None,
    base_id: str | None = None,
    dry_run: bool = False,
    allow_duplicate: bool = False,
    root: Path | None = None,
    current_year: int | None = None,
) -> ImportResult:
    """Import report files into a new snapshot (published unless dry_run or any error) in the given
    folder, or without one in the configured store (MASSORG_STORE: the snapshots folder or s3://…)."""
    with _system_memory_pool():
        return _import(paths, as_of=as_of, label=label, base_id=base_id, dry_run=dry_run,
                       allow_duplicate=allow_duplicate, root=root, current_year=current_year)


@contextlib.contextmanager
def _system_memory_pool():
    """Arrow's allocations during an import from the C library's heap, which pandas and numpy reuse,
    instead of Arrow's own pool, which keeps what reading a large --base freed (200 MB at ×100)."""
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


def _give_back_free_memory() -> None:
    """Return to the system the heap that reading the base snapshot's tables left free (on glibc, about
    100 MB at ×100), so that validation's own allocations do not come on top of it. Elsewhere a no-op."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (AttributeError, OSError):  # not glibc
        pass


def _import(paths: list[Path], *, as_of: dt.date, label: str | None, base_id: str | None, dry_run: bool,
            allow_duplicate: bool, root: Path | None, current_year: int | None) -> ImportResult:
    result = ImportResult([], {}, [], dry_run=dry_run)
    if base_id:
        try:
            result.base = store.open_snapshot(base_id, root)
        except store.SnapshotError:
            result.findings.append(Finding(ERROR, "base_missing", "", value=base_id))
            return result
    result.files = _read_files(paths, result.findings)
    sheets = [s for r in result.files for s in r.tables]
    if sheets and not any(s.rows for s in sheets):
        named = [r.name for r in result.files if r.tables]
        result.findings.append(Finding(ERROR, "no_data", "", value=", ".join(named),
                                       file=named[0] if len(named) == 1 else None))
    result.tables = _build_tables(sheets, result.base, result.findings)
    _give_back_free_memory()
    aliases = _rewrite_unit_aliases(result.tables, as_of)
    tables = {name: built.frame for name, built in result.tables.items()}
    found = aliases + validate_tables(_validation_view(tables), current_year, as_of=as_of)
    result.findings += _located(found, result, sheets)
    result.previous = result.base or next((s for s in store.list_snapshots(root) if not s.is_demo), None)
    if result.previous is not None:
        result.findings += _located(_jumps(result.tables, result.previous), result, sheets)
    result.findings += _duplicates(result.files, root, allow_duplicate)
    if result.errors or dry_run:
        return result
    try:
        result.snapshot = store.publish(
            tables,
            snapshot_id=_free_id(root, as_of, label),
            as_of=as_of,
            label=label or ", ".join(r.name for r in result.files)[:120],
            is_demo=False,
            sources=_sources(result),
            validation=report(result.findings),
            root=root,
        )
    except (store.SnapshotError, OSError) as exc:
        result.findings.append(Finding(ERROR, "publish_failed", "", value=str(exc)))
        return result
    try:
        write_feed(result.snapshot)
    except OSError as exc:  # the snapshot stands; `python -m massorg feed ID` writes the feed again
        result.findings.append(Finding(WARNING, "feed_failed", "", value=str(exc), params={"id": result.snapshot.id}))
    return result


def _read_files(paths: list[Path], findings: list[Finding]) -> list[FileRead]:
    reads, seen = [], {}
    for path in paths:
        read = read_file(Path(path))
        if read.sha256 in seen:
            findings.append(
                Finding(WARNING, "same_file_twice", "", value=read.name, params={"other": seen[read.sha256]},
                        file=read.name)
            )
            continue
        if read.sha256:
            seen[read.sha256] = read.name
        reads.append(read)
        findings.extend(read.findings)
    return reads


def _build_tables(sheets: list[SheetTable], base: store.Snapshot | None,
                  findings: list[Finding]) -> dict[str, BuiltTable]:
    """Every table, in dependency order so that unit and programme names resolve against the units
    and programmes of this very snapshot. A sheet without data rows (the untouched template) only
    provides its table when nothing else does."""
    built: dict[str, BuiltTable] = {}
    codes = CodeBook({})  # the fixed code lists: all that units and programmes themselves use
    knows_units = False
    for name in TABLE_ORDER:
        if name not in REFERENCE_TABLES and not knows_units:
            codes, knows_units = CodeBook({n: b.frame for n, b in built.items()}), True
        mine = [s for s in sheets if s.table == name]
        filled = [s for s in mine if s.rows]
        if filled or (mine and base is None and name not in REFERENCE_TABLES):
            built[name] = _from_sheets(name, filled, codes, findings)
            built[name].places = [f"{s.file} › {s.sheet}" if s.sheet else s.file for s in mine]
            if base is not None:
                _keep_base_rows(name, built[name], base)
        elif base is not None:
            if name == "units":
                frame = _with_reference_units(canonical(name, base.read(name)), codes)
            else:  # carried whole: validated and published as it is, text kept compact
                frame = canonical(name, base.read(name), compact=True)
            built[name] = BuiltTable(frame, [None] * len(frame), "base")
        elif name in REFERENCE_TABLES:
            reference = read_file(config.REFERENCE_DIR / REFERENCE_TABLES[name])
            frame, _, problems = to_frame(reference.tables[0], codes)
            findings.extend(reference.findings + problems)
            built[name] = BuiltTable(frame, [None] * len(frame), "reference")
    return built


def _with_reference_units(base_units: pd.DataFrame, codes: CodeBook) -> pd.DataFrame:
    """A base snapshot's units brought up to the reference geography: the reference rows (validity
    dates, the new province's units) replace the base rows with the same code; others are kept."""
    # our own committed reference file, read directly: the limits for report files do not apply to it
    frame = canonical("units", pd.DataFrame([{k: (v or None) for k, v in row.items()} for row in reference_units()]))
    extra = base_units[~base_units["unit_code"].astype(str).isin(set(frame["unit_code"].astype(str)))]
    return canonical("units", pd.concat([frame, extra], ignore_index=True)) if len(extra) else frame


def _rewrite_unit_aliases(tables: dict[str, BuiltTable], as_of: dt.date) -> list[Finding]:
    """Rows from the files keyed by a known alias of a unit (unit_code_aliases.csv) get the unit's
    code, with a warning at the row that says so."""
    out = []
    for name in unit_periods.UNIT_TABLES:
        built = tables.get(name)
        if built is None or built.source != "files":
            continue
        periods = unit_periods.row_periods(name, built.frame, as_of)
        for row, written, means in unit_periods.alias_rewrites(name, built.frame, as_of):
            built.frame.loc[built.frame.index[row], "unit_code"] = means
            period = periods[row]
            out.append(Finding(WARNING, "unit_alias", name, row, "unit_code", written,
                               {"unit": means, "means": means, "first_on": period.first.isoformat(),
                                "last_on": period.last.isoformat()}))
    return out


def _keep_base_rows(name: str, table: BuiltTable, base: store.Snapshot) -> None:
    """With --base, the files' rows replace the base rows with the same key and every other base row
    is kept: a workbook with only the 2024 funding updates 2024 and keeps 2014–2023."""
    key = list(TABLES[name].primary_key)
    old = canonical(name, base.read(name))
    if old.empty:
        return
    given = pd.MultiIndex.from_frame(table.frame[key].astype(str)) if len(table.frame) else None
    keep = ~pd.MultiIndex.from_frame(old[key].astype(str)).isin(given) if given is not None else slice(None)
    kept = old[keep].reset_index(drop=True)
    del old
    if kept.empty:
        return
    table.frame = canonical(name, pd.concat([table.frame, kept], ignore_index=True))
    table.origins = table.origins + [None] * len(kept)
    table.carried = len(kept)


def _from_sheets(name: str, sheets: list[SheetTable], codes: CodeBook, findings: list[Finding]) -> BuiltTable:
    frames, origins = [], []
    for sheet in sheets:
        frame, sheet_origins, problems = to_frame(sheet, codes)
        for f in problems:
            f.row = None if f.row is None else f.row + len(origins)
        findings.extend(problems)
        frames.append(frame)
        origins.extend(sheet_origins)
    frame = canonical(name, pd.concat(frames, ignore_index=True)) if frames else canonical(name, pd.DataFrame())
    return BuiltTable(frame, origins, "files")


def _validation_view(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables as validate_tables compares them: integer columns holding blanks become floats,
    because its plain comparisons (successful > cases) cannot take pandas' NA but do take NaN."""
    view = {}
    for name, df in tables.items():
        floats = {col.name: "float64" for col in TABLES[name].columns
                  if col.dtype in ("int", "bigint") and df[col.name].isna().any()}
        view[name] = df.astype(floats) if floats else df  # the import's own frames are never changed here
    return view


def _plain(value: object) -> object:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _located(found: list[Finding], result: ImportResult, sheets: list[SheetTable]) -> list[Finding]:
    """Validation findings with the file, sheet, Excel row and header of their cell; a cell the reader
    already reported (unreadable value, missing column) is not reported twice."""
    by_key = {s.key: s for s in sheets}
    reported = {(f.table, f.row, f.column) for f in result.findings if f.row is not None}
    for f in result.findings:
        if f.rule == "missing_column":
            built = result.tables.get(f.table)
            for row, origin in enumerate(built.origins if built else []):
                if origin is not None and origin.sheet_key == (f.file, f.sheet):
                    reported.add((f.table, row, f.column))
    out = []
    for f in found:
        if f.row is not None and (f.table, f.row, f.column) in reported:
            continue
        f.value = _plain(f.value)
        f.params = {k: _plain(v) for k, v in f.params.items()}
        built = result.tables.get(f.table)
        origin = built.origins[f.row] if built and f.row is not None and f.row < len(built.origins) else None
        if origin is not None:
            sheet = by_key[origin.sheet_key]
            f.file, f.sheet, f.excel_row = origin.file, origin.sheet, origin.excel_row
            if f.column:
                f.header = sheet.header(f.column)
            if f.rule in CELL_RULES and not is_blank(written := sheet.written(origin.position, f.column)):
                f.value = shown(written)
        if f.rule == "duplicate_key" and built is not None:
            f = _duplicate_row(f, built, by_key[origin.sheet_key] if origin is not None else None)
        out.append(f)
    return out


def _duplicate_row(f: Finding, built: BuiltTable, sheet: SheetTable | None) -> Finding:
    """validate.py's duplicate_key, restated with the row where the key first appears. (Its own message
    cannot be rendered: its parameter `key` collides with i18n.t's first argument.)"""
    columns = list(TABLES[f.table].primary_key)
    keys = [tuple(str(v) for v in row) for row in built.frame[columns].itertuples(index=False)]
    first = keys.index(keys[f.row])
    origin = built.origins[first]
    place = (origin.sheet or origin.file) if origin is not None else f.table
    first_row = origin.excel_row if origin is not None else first + 1
    names = ", ".join(sheet.header(c) for c in columns) if sheet is not None else ", ".join(columns)
    params = {"columns": names, "first_row": first_row, "first_place": place}
    return Finding(f.severity, "duplicate_row", f.table, f.row, f.column, f.value, params,
                   f.file, f.sheet, f.excel_row, f.header)


def _jumps(tables: dict[str, BuiltTable], previous: store.Snapshot) -> list[Finding]:
    """Warnings where a figure read from the files is at least JUMP_FACTOR times (or at most 1/JUMP_FACTOR
    of) the previous snapshot's figure for the same series: same year, or else its latest earlier year."""
    out = []
    for name, (series, value_col) in JUMP_SERIES.items():
        built = tables.get(name)
        if built is None or built.source != "files" or built.frame.empty:
            continue
        new = _series_totals(name, built.frame, series, value_col, from_files=[o is not None for o in built.origins])
        if new.empty:
            continue
        old = _previous_totals(previous, name, series, value_col, new[list(series)].drop_duplicates())
        if old.empty:
            continue
        # each figure against the previous figure of its series in the same year or the latest year before
        paired = pd.merge_asof(new.sort_values("year"), old.sort_values("old_year"), left_on="year",
                               right_on="old_year", by=list(series), direction="backward")
        paired = paired[paired["old_value"].notna()].sort_values("first")
        value, old_value = paired["value"].astype("int64"), paired["old_value"].astype("int64")
        jumped = (old_value > 0) & ((value >= JUMP_FACTOR * old_value) | (value * JUMP_FACTOR <= old_value))
        rule = "jump_money" if TABLES[name].column(value_col).money else "jump"
        for row in paired[jumped.to_numpy()].itertuples(index=False):
            value, old_value = int(row.value), int(row.old_value)
            if old_value > 0 and (value >= JUMP_FACTOR * old_value or value * JUMP_FACTOR <= old_value):
                key = [getattr(row, c) for c in series]
                out.append(
                    Finding(
                        WARNING, rule, name, int(row.first), value_col, " / ".join(map(str, key)),
                        {"year": int(row.year), "new": value, "old": old_value, "old_year": int(row.old_year),
                         "previous": previous.id, "factor": JUMP_FACTOR},
                    )
                )
    return out


def _series_totals(name: str, frame: pd.DataFrame, series: tuple[str, ...], value_col: str,
                   from_files: list[bool]) -> pd.DataFrame:
    """One row per (series..., year) holding a row from the files: the sum of the value and the position
    of the first row. (A group of rows kept from --base alone equals the base's figure: never a jump.)"""
    columns = [*series, "year", value_col]
    files = pd.Series(from_files, dtype=bool).reindex(range(len(frame)), fill_value=False).to_numpy()
    if {*series, "year"} == set(TABLES[name].primary_key):  # a group is one row: only the files' rows count
        rows = frame.loc[files, columns].assign(first=files.nonzero()[0], from_files=True)
    else:
        rows = frame[columns].assign(first=range(len(frame)), from_files=files)
    rows = rows.dropna(subset=columns)
    if rows.empty:
        return pd.DataFrame(columns=[*columns, "first"])
    grouped = rows.groupby([*series, "year"], sort=False).agg(
        value=(value_col, "sum"), first=("first", "min"), from_files=("from_files", "any"))
    grouped = grouped[grouped["from_files"]].reset_index()
    grouped["year"] = grouped["year"].astype("int64")
    for c in series:  # as _previous_totals gives them, for merge_asof
        grouped[c] = grouped[c].astype(object)
    return grouped[[*series, "year", "value", "first"]]


def _previous_totals(previous: store.Snapshot, name: str, series: tuple[str, ...], value_col: str,
                     keys: pd.DataFrame) -> pd.DataFrame:
    """The previous snapshot's figure per (series..., year) for the given series, summed by DuckDB over
    its Parquet file (never read whole into memory). Column names come from JUMP_SERIES, not from users."""
    path = previous.table_path(name)
    if not path.exists():
        return pd.DataFrame(columns=[*series, "old_year", "old_value"])
    listed = ", ".join(f"o.{c}" for c in series)
    present = " and ".join(f"o.{c} is not null" for c in (*series, "year", value_col))
    matched = " and ".join(f"o.{c} = k.{c}" for c in series)
    # one thread, order not kept: a scan of two million rows then holds one row group at a time
    con = duckdb.connect(config={"threads": 1, "preserve_insertion_order": False, "memory_limit": "64MB"})
    try:
        con.register("new_keys", keys.astype(str))
        old = con.execute(
            f"select {listed}, o.year::bigint as old_year, sum(o.{value_col})::bigint as old_value "
            f"from read_parquet($path) o semi join new_keys k on {matched} "
            f"where {present} group by all", {"path": str(path)}).df()
    finally:
        con.close()
    for c in series:
        old[c] = old[c].astype(object)
    return old


def _duplicates(files: list[FileRead], root: Path | None, allow_duplicate: bool) -> list[Finding]:
    """Files whose sha256 is already among the sources of a published snapshot. Importing exactly
    the files of one earlier import again is an error (it would publish nothing new) unless allowed."""
    known: dict[str, str] = {}
    for snap in store.list_snapshots(root):
        for source in snap.manifest.get("sources", []):
            if source.get("kind", "file") == "file" and source.get("sha256"):
                known.setdefault(source["sha256"], snap.id)
    seen = [(f, known[f.sha256]) for f in files if f.sha256 in known]
    if not seen:
        return []
    if len(seen) == len(files) and len({snap_id for _, snap_id in seen}) == 1 and not allow_duplicate:
        names = ", ".join(f.name for f in files)
        return [Finding(ERROR, "duplicate_import", "", value=names, params={"snapshot": seen[0][1]})]
    return [
        Finding(WARNING, "duplicate_file", "", value=f.name, params={"snapshot": snap_id}, file=f.name)
        for f, snap_id in seen
    ]


def _free_id(root: Path | None, as_of: dt.date, label: str | None) -> str:
    """A new snapshot id; a suffix keeps two imports within the same second apart."""
    snapshot_id = store.new_snapshot_id(as_of, without_diacritics(label) if label else None)
    taken = {s.id for s in store.list_snapshots(root, include_retired=True)}
    candidate, n = snapshot_id, 1
    while candidate in taken or (root is not None and (root / candidate).exists()):
        n += 1
        candidate = f"{snapshot_id}-{n}"
    return candidate


def _sources(result: ImportResult) -> list[dict]:
    """The manifest's sources: each file with its sha256 and the tables it gave, then the snapshot or
    reference files the other tables came from (kind tells them apart)."""
    out = []
    for read in result.files:
        tables = sorted({s.table for s in read.tables if s.rows})
        out.append(store.source_entry(read.path) | {"kind": "file", "tables": tables})
    carried = sorted(n for n, b in result.tables.items() if b.source == "base")
    if carried and result.base is not None:
        out.append({"kind": "snapshot", "file": result.base.id, "sha256": "", "bytes": 0, "tables": carried})
    for name, built in result.tables.items():
        if built.source == "reference":
            path = config.REFERENCE_DIR / REFERENCE_TABLES[name]
            out.append(store.source_entry(path) | {"kind": "reference", "tables": [name]})
    return out
