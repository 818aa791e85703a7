"""Time and peak memory of importing 100,000 funding rows with --base, from .csv and from .xlsx.

    .venv/bin/python scripts/benchmark_import.py [--store DIR] [--base ID] [--rows 100000] [--scale 10]

Without --store it builds a demo store of `--scale` times the demo in a temporary folder. The base
snapshot (default: the store's newest) is hard-linked into a temporary store of its own, so that the
snapshots the import publishes never land in DIR. The script writes funding reports of `--rows` rows in
all (keys of the base's associations, years and sources, so that they replace base rows), in files of
at most 50,000 rows (a sheet may have 100,000 rows, its header included), as CSV and as Excel
workbooks, and runs `python -m massorg import FILE... --base ID` on each format in a fresh process,
printing wall and CPU seconds, peak resident memory and what the import said (the feed of indicators
and the query database that every publish writes included). A script, not a test: the figures
depend on the machine. Target (issue 15): ≤ 15 s and ≤ 1 GB.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = ["Mã hội", "Năm", "Nguồn kinh phí", "Số tiền (đồng)"]
SOURCES = ("state_budget", "foreign_aid", "social_mobilisation", "member_fees", "other")
YEARS = range(2024, 2013, -1)
ROWS_PER_FILE = 50_000


def funding_rows(snapshot: Path, count: int, seed: int = 42) -> list[tuple[str, int, str, int]]:
    """`count` funding rows with distinct keys over the base's associations (newest years first; keys the
    base has first), each within ±20 % of the base's figure (a realistic revision: no jump warnings).
    Chosen by DuckDB, so that this process stays small: a child's peak memory counts its parent's
    pages from before it starts the importer."""
    con = duckdb.connect()
    try:
        keys = con.execute(
            "with a as (select association_id from read_parquet($a)), "
            "y as (select unnest($years) as year), s as (select unnest($sources) as source), "
            "f as (select association_id, year, source, amount_vnd from read_parquet($f)) "
            "select a.association_id, y.year, s.source, f.amount_vnd from a cross join y cross join s "
            "left join f using (association_id, year, source) "
            "order by f.amount_vnd is null, y.year desc, a.association_id, s.source limit $n",
            {"a": str(snapshot / "associations.parquet"), "f": str(snapshot / "funding.parquet"),
             "years": list(YEARS), "sources": list(SOURCES), "n": count}).fetchall()
    finally:
        con.close()
    if len(keys) < count:
        raise SystemExit(f"the base has too few associations for {count} distinct rows (use a larger --scale)")
    rng = random.Random(seed)
    return [(a, y, s, round((v if v is not None else 50_000_000) * rng.uniform(0.8, 1.2))) for a, y, s, v in keys]


def write_csv(path: Path, rows: list[tuple]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[tuple]) -> Path:
    book = xlsxwriter.Workbook(str(path))  # shared strings, as Excel saves a workbook
    sheet = book.add_worksheet("Kinh phí")
    sheet.write_row(0, 0, HEADER)
    for r, row in enumerate(rows, 1):
        sheet.write_row(r, 0, row)
    book.close()
    return path


def linked_store(base_dir: Path, into: Path) -> Path:
    """A store holding only the base snapshot, its files hard-linked (or copied across file systems)."""
    snapshots = into / "snapshots"
    snapshots.mkdir(parents=True)

    def link(src, dst):
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(base_dir, snapshots / base_dir.name, copy_function=link)
    return snapshots


def run_import(paths: list[Path], base_id: str, snapshots: Path, as_of: str) -> dict:
    """One import in a fresh process: wall seconds, peak RSS of that process, its last lines."""
    env = dict(os.environ, MASSORG_SNAPSHOTS_DIR=str(snapshots), MASSORG_CACHE_DIR=str(snapshots.parent / "cache"))
    cmd = [sys.executable, "-m", "massorg", "import", *map(str, paths), "--as-of", as_of, "--base", base_id,
           "--label", f"benchmark {paths[0].suffix}", "--lang", "en"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
            "status": os.waitstatus_to_exitcode(status),
            "lines": out.strip().splitlines()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="snapshot store holding the base (default: a demo built here)")
    parser.add_argument("--base", help="the base snapshot's id (default: the store's newest)")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--scale", type=int, default=10, help="scale of the demo built without --store")
    parser.add_argument("--keep", type=Path, help="write the files and stores here and keep them")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="massorg-import-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        store = args.store
        if store is None:
            store = work / "demo"
            print(f"building a ×{args.scale} demo store in {store} …", flush=True)
            subprocess.run([sys.executable, "-m", "massorg", "demo", "--scale", str(args.scale), "--out", str(store)],
                           cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        from massorg.data import store as snapshot_store

        root = store / "snapshots" if (store / "snapshots").is_dir() else store
        base = snapshot_store.open_snapshot(args.base, root) if args.base else snapshot_store.latest(root)
        rows = funding_rows(base.path, args.rows)
        chunks = [rows[i:i + ROWS_PER_FILE] for i in range(0, len(rows), ROWS_PER_FILE)]
        formats = {"csv": write_csv, "xlsx": write_xlsx}
        counts = base.row_counts
        print(f"base: {base.id} ({sum(counts.values()):,} rows; funding {counts.get('funding', 0):,})")
        print(f"{'files':18} {'rows':>8} {'MB':>6} {'seconds':>8} {'CPU s':>6} {'peak MB':>8}  outcome")
        for i, (ext, write) in enumerate(formats.items()):
            paths = [write(work / f"funding-{n}.{ext}", chunk) for n, chunk in enumerate(chunks, 1)]
            snapshots = linked_store(base.path, work / f"store-{i}")
            r = run_import(paths, base.id, snapshots, base.as_of.isoformat())
            outcome = "published" if r["status"] == 0 else f"exit {r['status']}: {r['lines'][-1] if r['lines'] else ''}"
            megabytes = sum(p.stat().st_size for p in paths) / 2**20
            print(f"{f'{len(paths)} × .{ext}':18} {len(rows):8,} {megabytes:6.1f} {r['seconds']:8.2f} {r['cpu']:6.1f} "
                  f"{r['peak_mb']:8.0f}  {outcome}", flush=True)
            if r["status"] != 0:
                print("\n".join("    " + line for line in r["lines"][:10]))
            shutil.rmtree(snapshots.parent, ignore_errors=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
