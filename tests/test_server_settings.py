"""The server's settings that a deployment relies on (issue 14): loopback by default, uploads capped at
the importer's file limit, and the README stating both and the proxy rule for /_stcore/metrics."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest

from massorg import config
from massorg.ingest import limits

_READ = ("from streamlit import config; "
         "print(config.get_option('server.address'), config.get_option('server.maxUploadSize'))")


def test_streamlit_started_from_the_project_listens_on_loopback_and_caps_uploads():
    out = subprocess.run([sys.executable, "-c", _READ], cwd=config.ROOT, capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["127.0.0.1", str(limits.MAX_FILE_MB)], out.stderr


def _listening_address(port: int) -> str:
    """The local address a TCP socket listens on for `port`, from /proc/net/tcp ('127.0.0.1', '0.0.0.0')."""
    for line in open("/proc/net/tcp").read().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if int(hex_port, 16) == port and state == "0A":  # LISTEN
            return ".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0))
    return ""


@pytest.mark.parametrize(("env", "expected"), [({}, "127.0.0.1"), ({"STREAMLIT_SERVER_ADDRESS": "0.0.0.0"}, "0.0.0.0")])
def test_the_server_listens_on_loopback_unless_a_deployment_says_otherwise(tmp_path, env, expected):
    port = _free_port()
    environ = os.environ | {"MASSORG_SNAPSHOTS_DIR": str(tmp_path / "s"), "MASSORG_CACHE_DIR": str(tmp_path / "c")}
    environ = {k: v for k, v in environ.items() if not k.startswith("STREAMLIT_")} | env
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port)],
                              cwd=config.ROOT, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not _listening_address(port) and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.2)
        assert _listening_address(port) == expected
    finally:
        server.terminate()
        server.wait(timeout=20)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_readme_states_the_limits_and_the_security_settings():
    readme = (config.ROOT / "README.md").read_text(encoding="utf-8")
    for text in (f"{limits.MAX_FILE_MB} MB", f"{limits.MAX_ROWS:,}", f"{limits.MAX_CELL_CHARS:,}",
                 f"{limits.MAX_COLUMNS}", "server.maxUploadSize", "STREAMLIT_SERVER_ADDRESS", "/_stcore/metrics",
                 "python -m massorg retire"):
        assert text in readme, text
