"""Fixtures for the example web app: a real uvicorn server on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

WEBAPP = Path(__file__).resolve().parents[2] / "examples" / "webapp"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def webapp_url(tmp_path: Path) -> Iterator[str]:
    """Serve examples/webapp with uvicorn in a subprocess (its data in tmp_path); yield its URL."""
    port = _free_port()
    log = (tmp_path / "uvicorn.log").open("wb")
    env = {**os.environ, "WEBAPP_DATA": str(tmp_path / "data"), "WEBAPP_ENV": "development"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app:app",
            "--app-dir",
            str(WEBAPP),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                log.flush()
                pytest.fail("uvicorn exited:\n" + (tmp_path / "uvicorn.log").read_text())
            try:
                if httpx.get(url + "/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the example app did not answer within 60 s")
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)
        log.close()
