#!/usr/bin/env python3
"""The two commands of the README, working on a fresh machine with only Python 3.11+.

    python3 tasks.py run    # virtual environment, requirements, demo data, dashboard on :8501
    python3 tasks.py test   # virtual environment, dev requirements, the whole test suite

Uses only the standard library until the virtual environment (.venv) exists. Requirements are
installed again only when a requirements file changed (a stamp file holds their hash).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _ensure_venv(requirements: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this file must run on an old python to say so
        sys.exit(f"Python 3.11 or newer is needed (this is {sys.version.split()[0]}).")
    if not PYTHON.exists():
        print(f"Creating the virtual environment in {VENV} …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    files = [ROOT / "requirements.txt", ROOT / requirements]
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    stamp = VENV / f".installed-{requirements}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"Installing {requirements} …", flush=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(PYTHON), "-m", "pip", "install", "--quiet", "-r", str(ROOT / requirements)], check=True)
    stamp.write_text(digest)


def run(extra: list[str]) -> int:
    _ensure_venv("requirements.txt")
    subprocess.run([str(PYTHON), "-m", "massorg", "demo"], cwd=ROOT, check=True)
    print("Dashboard: http://localhost:8501", flush=True)
    cmd = [str(PYTHON), "-m", "streamlit", "run", "dashboard.py", "--server.port", "8501", *extra]
    return subprocess.call(cmd, cwd=ROOT)


def test(extra: list[str]) -> int:
    _ensure_venv("requirements-dev.txt")
    lint = subprocess.call([str(PYTHON), "-m", "ruff", "check", "."], cwd=ROOT)
    if lint:
        print("ruff found problems (above); fix them or run `.venv/bin/ruff check --fix .`", flush=True)
        return lint
    return subprocess.call([str(PYTHON), "-m", "pytest", *extra], cwd=ROOT)


def main() -> int:
    commands = {"run": run, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
