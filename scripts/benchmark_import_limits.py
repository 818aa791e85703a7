"""Time and peak memory of the importer on hostile workbooks and on the largest accepted one.

    .venv/bin/python scripts/benchmark_import_limits.py [--keep DIR]

Writes, in a temporary folder: a shared-strings bomb (a few MB zipped, hundreds of MB of text inside),
a sheet of a million formatted empty rows, and a funding sheet of MAX_ROWS - 1 real rows (the largest
one the importer accepts). Each is read by `read_file` in a fresh process (so peak memory is its own)
and the script prints seconds, peak resident memory and what the importer said. A script, not a
test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_MEASURE = """
import json, resource, sys, time
from pathlib import Path
from massorg.ingest.reader import read_file
start = time.perf_counter()
read = read_file(Path(sys.argv[1]))
seconds = time.perf_counter() - start
rows = sum(len(t.rows) for t in read.tables)
print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rows": rows, "findings": [f.rule for f in read.findings][:3]}))
"""

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '</Types>')
_ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
             '<sheet name="Kinh phí" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                  '</Relationships>')
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_HEADER = ["Mã hội", "Năm", "Nguồn kinh phí", "Số tiền (đồng)"]


def _workbook(path: Path, sheet_rows, strings) -> Path:
    """A minimal .xlsx written part by part (streamed), so that huge parts cost little to make."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS}>'.encode())
            for chunk in strings:
                part.write(chunk)
            part.write(b"</sst>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><sheetData>'.encode())
            for chunk in sheet_rows:
                part.write(chunk)
            part.write(b"</sheetData></worksheet>")
    return path


def _header_row() -> bytes:
    cells = "".join(f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>' for c, h in zip("ABCD", _HEADER))
    return f'<row r="1">{cells}</row>'.encode()


def shared_strings_bomb(path: Path, megabytes: int = 400) -> Path:
    text = b"<si><t>" + b"A" * 1000 + b"</t></si>"
    return _workbook(path, [_header_row()], (text for _ in range(megabytes * 1000)))


def formatted_empty_rows(path: Path, rows: int = 1_000_000) -> Path:
    def sheet():
        yield _header_row()
        for r in range(2, rows + 2, 1000):
            yield "".join(f'<row r="{i}"><c r="A{i}" s="0"/></row>' for i in range(r, min(r + 1000, rows + 2))).encode()
    return _workbook(path, sheet(), [])


def largest_accepted(path: Path) -> Path:
    from massorg.ingest import limits

    def sheet():
        yield _header_row()
        for r in range(2, limits.MAX_ROWS + 1, 1000):
            yield "".join(
                f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>A{i}</t></is></c><c r="B{i}"><v>2024</v></c>'
                f'<c r="C{i}" t="inlineStr"><is><t>state_budget</t></is></c><c r="D{i}"><v>{i * 1000}</v></c></row>'
                for i in range(r, min(r + 1000, limits.MAX_ROWS + 1))).encode()
    return _workbook(path, sheet(), [])


def measure(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="massorg-limits-"))
    folder.mkdir(parents=True, exist_ok=True)
    cases = [("shared-strings bomb", shared_strings_bomb), ("1,000,000 formatted empty rows", formatted_empty_rows),
             ("largest accepted sheet", largest_accepted)]
    print(f"{'file':34} {'zipped MB':>9} {'seconds':>8} {'peak MB':>8} {'rows':>7}  findings")
    for label, make in cases:
        start = time.perf_counter()
        path = make(folder / (label.split()[0].strip(",") + ".xlsx"))
        made = time.perf_counter() - start
        result = measure(path)
        print(f"{label:34} {path.stat().st_size / 2**20:9.1f} {result['seconds']:8.2f} {result['peak_mb']:8.0f} "
              f"{result['rows']:7d}  {', '.join(result['findings']) or '–'}  (written in {made:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
