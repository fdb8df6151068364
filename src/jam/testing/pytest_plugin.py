"""The ``jam`` pytest plugin (entry point ``pytest11``): three fixtures, and readable failures.

Loaded by pytest in every session where Jam is installed, so it stays cheap:
it imports nothing from Jam until a fixture is used. It registers the
contract suites of `jam.testing` for pytest's assertion rewriting (a failing
contract test shows the compared values) and offers:

- `jam_with(plugins=[...], config={...})`: a Jam that loads only the
  built-in plugin and those plugin objects;
- `jam_config_file(table) -> Path`: the table written as a TOML file in `tmp_path`;
- `register_plugin(obj)`: every Jam built during this test also loads `obj`.

Example:
    ```python
    import jam_mything.plugin


    def test_my_algorithm(jam_with, jam_config_file):
        config = jam_config_file({"jwt": {"alg": "HS3-256", "secret_key": "..."}})
        auth = jam_with(plugins=[jam_mything.plugin], config=config)
        token = auth.jwt_create_token({"sub": "42"})
        assert auth.jwt_verify_token(token)["sub"] == "42"
    ```
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping
    from pathlib import Path

    import jam.aio
    from jam.testing._fixtures import JamConfigFile, JamWith, RegisterPlugin

__all__ = ["jam_config_file", "jam_with", "register_plugin"]

pytest.register_assert_rewrite(
    "jam.testing._algorithms",
    "jam.testing._async_sessions",
    "jam.testing._keys",
    "jam.testing._providers",
    "jam.testing._limits",
    "jam.testing._sessions",
    "jam.testing._support",
    "jam.testing._token_lists",
)


@pytest.fixture
def jam_with() -> Iterator[JamWith]:
    """Build Jams that load only the built-in plugin and the plugin objects you give.

    `jam_with(plugins=[...], config=None, pointer="jam", asynchronous=False,
    entry_points=False)`: `plugins` are modules, classes or instances with
    `@jam.hookimpl` functions (your `jam_<x>.plugin` module, whether or not
    the distribution is installed); `config` is a dict table or a TOML path
    (see `jam_config_file`); `asynchronous=True` makes a `jam.aio.Jam`;
    `entry_points=True` loads the installed plugins too (and those
    `register_plugin` registered). Synchronous Jams are closed at teardown;
    close an asyncio one yourself (`async with`, or `await auth.aclose()`).

    Example:
        ```python
        auth = jam_with(plugins=[jam_mything.plugin], config={"session": {"backend": "mine"}})
        ```
    """
    import jam
    from jam.testing._fixtures import make_jam

    built: list[jam.Jam] = []

    def make(**kwargs: Any) -> jam.Jam | jam.aio.Jam:
        auth = make_jam(**kwargs)
        if isinstance(auth, jam.Jam):
            built.append(auth)
        return auth

    yield cast("JamWith", make)
    for auth in reversed(built):
        auth.close()


@pytest.fixture
def jam_config_file(tmp_path: Path) -> JamConfigFile:
    """Write a configuration table as a TOML file in `tmp_path` and return its path.

    `jam_config_file(table, name="jam.toml", pointer="jam")`: `table` is what
    you would pass as `config=`; the file holds it as `[jam]` (or
    `[tool.jam]` when `name` is `pyproject.toml`), ready for
    `jam.Jam(config=path)` or `jam_with(config=path)`.

    Example:
        ```python
        path = jam_config_file({"jwt": {"alg": "HS256", "secret_key": "$JAM_SECRET"}})
        ```
    """
    from jam.testing._fixtures import write_config

    def write(table: Mapping[str, Any], *, name: str = "jam.toml", pointer: str = "jam") -> Path:
        return write_config(tmp_path, table, name=name, pointer=pointer)

    return write


@pytest.fixture
def register_plugin() -> Iterator[RegisterPlugin]:
    """Register plugin objects for every Jam built during this test; undone at teardown.

    `register_plugin(obj, name=None) -> str` registers `obj` (a module, class
    or instance with `@jam.hookimpl` functions) next to the installed plugins
    and returns its name; `[jam.plugins] disable` can name it. Call it in the
    test or in a synchronous fixture.

    Example:
        ```python
        def test_config_picks_my_store(register_plugin):
            register_plugin(jam_mything.plugin)
            auth = jam.Jam(config={"session": {"backend": "mine"}})
        ```
    """
    from jam.plugins import extra_plugins

    with extra_plugins() as block:
        yield block.add
