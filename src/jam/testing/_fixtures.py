"""What the ``jam_with``, ``jam_config_file`` and ``register_plugin`` fixtures do.

The fixtures themselves live in `jam.testing.pytest_plugin` (which pytest
loads for every test session, so it imports nothing until a fixture is used);
the work is done here, on the public kernel door for plugins registered from
code, `jam.plugins.extra_plugins`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, Protocol, overload

if TYPE_CHECKING:
    from pathlib import Path

    import jam
    import jam.aio
    from jam.config import ConfigSource

__all__ = ["JamConfigFile", "JamWith", "RegisterPlugin", "make_jam", "write_config"]


class JamWith(Protocol):
    """The type of the ``jam_with`` fixture: builds a Jam with only the given plugins.

    Example:
        ```python
        def test_my_store(jam_with: JamWith) -> None:
            auth = jam_with(plugins=[my_plugin], config={"session": {"backend": "mine"}})
            assert auth.session_get(auth.session_create("alice", {})) == {}
        ```
    """

    @overload
    def __call__(
        self,
        *,
        plugins: Iterable[object] = (),
        config: ConfigSource | None = None,
        pointer: str = "jam",
        asynchronous: Literal[False] = False,
        entry_points: bool = False,
    ) -> jam.Jam: ...

    @overload
    def __call__(
        self,
        *,
        plugins: Iterable[object] = (),
        config: ConfigSource | None = None,
        pointer: str = "jam",
        asynchronous: Literal[True],
        entry_points: bool = False,
    ) -> jam.aio.Jam: ...

    def __call__(
        self,
        *,
        plugins: Iterable[object] = (),
        config: ConfigSource | None = None,
        pointer: str = "jam",
        asynchronous: bool = False,
        entry_points: bool = False,
    ) -> jam.Jam | jam.aio.Jam:
        """Build the Jam (see the ``jam_with`` fixture)."""


class JamConfigFile(Protocol):
    """The type of the ``jam_config_file`` fixture: writes a configuration table as TOML.

    Example:
        ```python
        def test_from_file(jam_config_file: JamConfigFile) -> None:
            path = jam_config_file({"session": {"backend": "memory"}})
            assert path.read_text().startswith("[jam.session]")
        ```
    """

    def __call__(
        self, table: Mapping[str, Any], *, name: str = "jam.toml", pointer: str = "jam"
    ) -> Path:
        """Write ``table`` and return the file's path (see the ``jam_config_file`` fixture)."""


class RegisterPlugin(Protocol):
    """The type of the ``register_plugin`` fixture: registers a plugin object for one test.

    Example:
        ```python
        def test_registered(register_plugin: RegisterPlugin) -> None:
            register_plugin(my_plugin)  # registers the algorithm "HS3-256"
            assert jam.Jam(config={}).registry.algorithm("HS3-256").name == "HS3-256"
        ```
    """

    def __call__(self, plugin: object, *, name: str | None = None) -> str:
        """Register ``plugin`` and return its name (see the ``register_plugin`` fixture)."""


def make_jam(
    *,
    plugins: Iterable[object] = (),
    config: ConfigSource | None = None,
    pointer: str = "jam",
    asynchronous: bool = False,
    entry_points: bool = False,
) -> jam.Jam | jam.aio.Jam:
    """Build a Jam whose registry holds the built-in plugin and ``plugins`` only.

    Args:
        plugins: Plugin objects (modules, classes or instances with
            ``@jam.hookimpl`` functions).
        config: The configuration (a dict table, a TOML path, a ``JamConfig``);
            ``None``: an empty table.
        pointer: The table's name in a TOML file.
        asynchronous: True for a `jam.aio.Jam`.
        entry_points: True to load the installed plugins too (and the plugins
            the ``register_plugin`` fixture registered).

    Raises:
        TypeError: ``plugins`` is a single string or module-like name instead
            of an iterable of objects.
    """
    if isinstance(plugins, str | bytes) or not isinstance(plugins, Iterable):
        raise TypeError("jam_with(plugins=...) takes an iterable of plugin objects")
    from jam.plugins import extra_plugins

    source: ConfigSource = {} if config is None else config
    with extra_plugins(*plugins, exclusive=not entry_points):
        if asynchronous:
            import jam.aio

            return jam.aio.Jam(config=source, pointer=pointer)
        import jam

        return jam.Jam(config=source, pointer=pointer)


def write_config(
    folder: Path, table: Mapping[str, Any], *, name: str = "jam.toml", pointer: str = "jam"
) -> Path:
    """Write ``table`` as the ``[<pointer>]`` table of ``folder/name`` and return the path.

    A file called ``pyproject.toml`` gets ``[tool.<pointer>]`` instead, as Jam
    reads it. ``None`` values are left out (TOML has no null; Jam reads a
    missing key as its default). The file is read back with `tomllib`
    before it is returned.

    Raises:
        TypeError: ``table`` is not a mapping, or holds a value with no TOML form.
        ValueError: ``name`` is not a plain file name.
    """
    import tomllib

    from jam.cli._toml import table as toml_table

    if not isinstance(table, Mapping):
        raise TypeError(f"jam_config_file() takes a mapping, got {type(table).__name__}")
    if not name or "/" in name or "\\" in name or name in {".", ".."}:
        raise ValueError("jam_config_file(name=...) must be a plain file name")
    path = ["tool", pointer] if name == "pyproject.toml" else [pointer]
    text = "\n".join(toml_table(path, table)) + "\n"
    tomllib.loads(text)  # what Jam will read; a writer bug fails here, not in the test
    target = folder / name
    target.write_text(text, encoding="utf-8")
    return target
