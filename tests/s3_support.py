"""A real S3 API for tests: moto's server process on a free loopback port (in memory).

Use from a test module with `pytest_plugins = ["tests.s3_support"]`: the session fixture s3_server
starts `python -m moto.server` once per test process; s3_env gives each test its own bucket and sets
MASSORG_STORE, the AWS variables and a fresh cache folder (so each test is a fresh replica).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "massorg-test", "AWS_SECRET_ACCESS_KEY": "massorg-test-secret",
               "AWS_REGION": "us-east-1"}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class MotoServer:
    endpoint: str
    process: subprocess.Popen

    def env(self) -> dict[str, str]:
        return CREDENTIALS | {"AWS_ENDPOINT_URL": self.endpoint}

    def client(self):
        import boto3
        import botocore.config

        return boto3.client("s3", endpoint_url=self.endpoint, region_name=CREDENTIALS["AWS_REGION"],
                            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
                            config=botocore.config.Config(s3={"addressing_style": "path"}))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_moto(log: Path) -> MotoServer:
    port = free_port()
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                                   stdout=out, stderr=subprocess.STDOUT)
    server = MotoServer(f"http://127.0.0.1:{port}", process)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto_server exited with {process.returncode}: {log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{server.endpoint}/moto-api/", timeout=2):
                return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError("moto_server did not answer within 30 s")


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory) -> Iterator[MotoServer]:
    server = start_moto(tmp_path_factory.mktemp("moto") / "moto.log")
    yield server
    server.stop()


@pytest.fixture
def s3_env(s3_server, monkeypatch, tmp_path) -> Iterator[str]:
    """A new bucket; MASSORG_STORE=s3://<bucket>/lamdong, AWS variables, own cache. Yields the URL."""
    from massorg.data import objectstore
    from massorg.data.queries import clear_caches

    bucket = f"massorg-{uuid.uuid4().hex[:12]}"
    s3_server.client().create_bucket(Bucket=bucket)
    for key, value in s3_server.env().items():
        monkeypatch.setenv(key, value)
    url = f"s3://{bucket}/lamdong"
    monkeypatch.setenv("MASSORG_STORE", url)
    monkeypatch.setenv("MASSORG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("MASSORG_STORE_POLL_SECONDS", "0")
    objectstore._stores.clear()
    clear_caches()
    yield url
    objectstore._stores.clear()
    clear_caches()
