"""Fixtures for the example web app: a real uvicorn server on a free loopback port.

``oauth_webapp`` serves the app with "Sign in with" configured: the ``oidc``
provider is the loopback OpenID Connect server of ``tests/oauth2/_server.py``
(by discovery, with its sign-in page on), and ``github`` has a placeholder
client id (its button works up to the redirect to github.com, which no test follows).
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

WEBAPP = Path(__file__).resolve().parents[2] / "examples" / "webapp"
OIDC_SERVER = Path(__file__).resolve().parents[1] / "oauth2" / "_server.py"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def load_oidc_server() -> Any:
    """Import ``tests/oauth2/_server.py`` by path (the tests folders are not packages)."""
    name = "jam_tests_oauth2_server"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, OIDC_SERVER)
    assert spec is not None and spec.loader is not None, OIDC_SERVER
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@dataclass
class OAuthWebapp:
    """The example app with "Sign in with" configured, and the OIDC server behind it."""

    url: str
    oidc: Any
    """The running loopback OIDC server (``.base``, ``.state.deny``...)."""


@pytest.fixture(scope="session")
def oidc_server() -> Iterator[Any]:
    """The loopback OIDC server with its sign-in page on (a browser approves or denies)."""
    running = load_oidc_server().start()
    running.state.consent_form = True
    yield running
    running.stop()


@pytest.fixture
def webapp_url(tmp_path: Path) -> Iterator[str]:
    """Serve examples/webapp with uvicorn in a subprocess (its data in tmp_path); yield its URL."""
    yield from _serve(tmp_path, _free_port(), {})


@pytest.fixture
def oauth_webapp(tmp_path: Path, oidc_server: Any) -> Iterator[OAuthWebapp]:
    """Serve examples/webapp with the ``oidc`` provider (a new client) and ``github``."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    client_id, secret = load_oidc_server().new_client(
        oidc_server, redirect_uris=[f"{url}/oauth/callback/oidc"]
    )
    env = {
        "WEBAPP_PUBLIC_URL": url,
        "WEBAPP_OIDC_ISSUER": oidc_server.base,
        "WEBAPP_OIDC_CLIENT_ID": client_id,
        "WEBAPP_OIDC_CLIENT_SECRET": secret,
        "WEBAPP_OIDC_LABEL": "Test OpenID",
        "WEBAPP_GITHUB_CLIENT_ID": "Iv1.placeholder",
        "WEBAPP_GITHUB_CLIENT_SECRET": "placeholder-secret",
    }
    for served in _serve(tmp_path, port, env):
        yield OAuthWebapp(served, oidc_server)


def _serve(tmp_path: Path, port: int, extra_env: dict[str, str]) -> Iterator[str]:
    log = (tmp_path / "uvicorn.log").open("wb")
    env = {
        **os.environ,
        "WEBAPP_DATA": str(tmp_path / "data"),
        "WEBAPP_ENV": "development",
        **extra_env,
    }
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
