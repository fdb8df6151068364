"""Options and helpers every ``jam`` command shares.

``--json`` and ``--debug`` are on every command; ``--config`` and
``--pointer`` on every command that reads a configuration. Input given as
``-`` is read from stdin, bounded in size, so a token or a secret never has
to appear on the command line (or in shell history). Problems the user can
fix are `CliError`: `jam.cli.main` prints them as one line.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import click

from jam._text import excerpt

if TYPE_CHECKING:
    from jam.config import JamConfig, PluginSettings
    from jam.plugins import Registry

__all__ = [
    "DEFAULT_CONFIG",
    "MAX_INPUT",
    "CliError",
    "State",
    "common_options",
    "config_options",
    "debug_option",
    "environment_flag",
    "input_text",
    "json_option",
    "load",
    "load_plugin_settings",
    "load_registry",
    "strict_json",
    "strict_json_object",
]

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_CONFIG = "pyproject.toml"
"""What commands that need a configuration read without ``--config`` (as ``jam.Jam()`` does)."""

MAX_INPUT = 1 << 20
"""Largest input read from stdin or given as an argument (1 MiB)."""


class CliError(Exception):
    """A problem with what was asked (a file exists, an input is malformed...).

    `jam.cli.main` prints its message as one line on stderr and exits
    with status 1. Messages never contain a secret, a token or a code.
    """


@dataclass
class State:
    """What the root command knows about the whole run (``click.Context.obj``).

    Attributes:
        debug: ``--debug`` was given (or ``JAM_DEBUG`` is set): errors come with
            their traceback, and Jam's debug log goes to stderr.
    """

    debug: bool = False


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        state = ctx.find_object(State)
        if state is not None:
            state.debug = True
        logging.getLogger("jam").setLevel(logging.DEBUG)
    return value


debug_option = click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_set_debug,
    help="Show the traceback of an error, and Jam's debug log, on stderr.",
)
json_option = click.option("as_json", "--json", is_flag=True, help="Print JSON, for scripts.")


def common_options(function: F) -> F:
    """Add ``--json`` and ``--debug`` to a command."""
    return debug_option(json_option(function))


def config_options(*, needed: bool) -> Callable[[F], F]:
    """Add ``--config`` and ``--pointer`` to a command.

    Args:
        needed: The command needs a configuration: without ``--config`` (or
            ``JAM_CONFIG``) it reads ``pyproject.toml``. Otherwise the
            configuration is optional and only its ``[jam.plugins]`` table is used.
    """
    where = (
        f"TOML file to read (default: $JAM_CONFIG, else {DEFAULT_CONFIG})"
        if needed
        else "TOML file whose [jam.plugins] table applies (default: $JAM_CONFIG, else none)"
    )

    def decorate(function: F) -> F:
        function = click.option(
            "--pointer",
            default="jam",
            show_default=True,
            envvar="JAM_POINTER",
            help="Name of the table: [<pointer>], or [tool.<pointer>] in pyproject.toml.",
        )(function)
        return click.option(
            "--config",
            "config",
            metavar="FILE",
            envvar="JAM_CONFIG",
            default=DEFAULT_CONFIG if needed else None,
            help=where,
        )(function)

    return decorate


def load(path: str, pointer: str) -> JamConfig:
    """Load and validate a configuration file (secrets stay redacted in the result).

    Raises:
        JamConfigError: The file is missing, unreadable or invalid.
    """
    from jam.config import load_config

    return load_config(path, pointer)


def load_plugin_settings(path: str | None, pointer: str) -> PluginSettings:
    """Return the ``[jam.plugins]`` table of ``path``, or the defaults without a file."""
    from jam.config import PluginSettings

    return load(path, pointer).plugins if path is not None else PluginSettings()


def load_registry(settings: PluginSettings) -> Registry:
    """Discover and load plugins as `jam.Jam` would."""
    from jam.plugins._manager import load_registry as load_plugins

    return load_plugins(settings)


def input_text(value: str, what: str) -> str:
    """Return ``value``, or stdin's text when ``value`` is ``-`` (stripped, at most 1 MiB).

    Raises:
        CliError: stdin is larger than `MAX_INPUT`, or not UTF-8, or
            the value is empty.
    """
    if value == "-":
        data = sys.stdin.buffer.read(MAX_INPUT + 1)
        if len(data) > MAX_INPUT:
            raise CliError(f"the {what} on stdin is larger than {MAX_INPUT} bytes")
        try:
            value = data.decode("utf-8")
        except UnicodeDecodeError:
            raise CliError(f"the {what} on stdin is not UTF-8 text") from None
    elif len(value) > MAX_INPUT:
        raise CliError(f"the {what} is larger than {MAX_INPUT} characters")
    value = value.strip()
    if not value:
        raise CliError(f"the {what} is empty")
    return value


def strict_json(text: str, what: str) -> Any:
    """Parse JSON, refusing duplicate member names and NaN/Infinity.

    Raises:
        CliError: Not JSON, a duplicate name, a non-finite number, or nested too deeply.
    """

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            names = [name for name, _ in pairs]
            twice = next(name for name in names if names.count(name) > 1)
            raise CliError(f"the {what} names {excerpt(twice)} twice")
        return result

    def no_constant(name: str) -> Any:
        raise CliError(f"the {what} contains {name}, which is not valid JSON")

    try:
        return json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constant)
    except json.JSONDecodeError as err:
        raise CliError(f"the {what} is not valid JSON ({err.msg}, position {err.pos})") from None
    except RecursionError:
        raise CliError(f"the {what} is nested too deeply") from None


def strict_json_object(text: str, what: str) -> dict[str, Any]:
    """Parse a JSON object with `strict_json`.

    Raises:
        CliError: As `strict_json`, or the value is not an object.
    """
    value = strict_json(text, what)
    if not isinstance(value, dict):
        raise CliError(f"the {what} must be a JSON object, not {type(value).__name__}")
    return value


def environment_flag(name: str) -> bool:
    """True when the environment variable ``name`` is set to a non-empty value other than 0."""
    value = os.environ.get(name, "")
    return bool(value) and value != "0"
