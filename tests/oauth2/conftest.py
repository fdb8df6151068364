"""Fixtures for OAuth2 tests: a real OIDC server on loopback, engines of both flavours.

``oidc`` is the Authlib-based authorization server of ``_server.py``, started
once per session on 127.0.0.1. ``make_engine(flavour, **table)`` builds the
synchronous or the asyncio engine for one provider table ``corp`` (a fresh
client registered on the server) and closes it after the test. Tests written
``async def`` run both flavours through :func:`call`, which awaits what needs
awaiting.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from jam.config import OAuth2Settings, load_config
from jam.plugins._manager import load_registry

_spec = importlib.util.spec_from_file_location(
    "jam_tests_oauth2_server", Path(__file__).with_name("_server.py")
)
assert _spec is not None and _spec.loader is not None
server = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = server
_spec.loader.exec_module(server)

FLAVOURS = ("sync", "async")


def pytest_configure(config: pytest.Config) -> None:
    # the test server's own deprecation notices (Authlib's API in transition), not Jam's
    config.addinivalue_line("filterwarnings", "ignore::DeprecationWarning:authlib.*")


@pytest.fixture(scope="session")
def oidc() -> Iterator[Any]:
    running = server.start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def registry() -> Any:
    return load_registry(load_config({}).plugins)


@pytest.fixture(params=FLAVOURS)
def flavour(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def make_engine(oidc: Any, registry: Any) -> AsyncIterator[Callable[..., Any]]:
    made: list[Any] = []

    def make(
        flavour: str,
        table: dict[str, Any] | None = None,
        shared: dict[str, Any] | None = None,
        providers: dict[str, Any] | None = None,
        transport: Any = None,
    ) -> Any:
        from jam.oauth2 import build

        tables = providers if providers is not None else {"corp": table or server.corp_table(oidc)}
        settings = OAuth2Settings.model_validate({"providers": tables, **(shared or {})})
        engine = build(settings, registry, asynchronous=flavour == "async", transport=transport)
        made.append(engine)
        return engine

    yield make
    for engine in made:
        await server.call(engine.close())
