"""Find the configuration table (dict, TOML file, pyproject.toml) and validate it.

Used once by `jam.Jam` at construction; nothing here runs on a request path.
"""

from __future__ import annotations

import logging
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jam._text import excerpt
from jam.config._base import show_key, validate_section
from jam.config._exposure import warn_if_exposed
from jam.config._json_backend import upgrade_json_backends
from jam.config._legacy import upgrade_flat_config
from jam.config._model import JamConfig
from jam.config._refs import resolve_refs
from jam.exceptions import JamConfigError

__all__ = ["ConfigSource", "find_table", "load_config"]

logger = logging.getLogger("jam")

ConfigSource = str | os.PathLike[str] | Mapping[str, Any] | JamConfig
"""What `jam.Jam` accepts as ``config``."""


def load_config(config: ConfigSource = "pyproject.toml", pointer: str = "jam") -> JamConfig:
    """Load, resolve and validate a configuration.

    Args:
        config: The table itself (a dict), a path to a TOML file, or an
            already validated `JamConfig`.
        pointer: Name of the table: ``[tool.<pointer>]`` in ``pyproject.toml``
            (falling back to ``[<pointer>]``), ``[<pointer>]`` in any other file.

    Returns:
        The validated configuration.

    Raises:
        JamConfigError: The file or table is missing, a reference cannot be
            resolved, or a key is unknown or invalid.
    """
    if isinstance(config, JamConfig):
        return config
    table, base_dir, where = find_table(config, pointer)
    table = upgrade_json_backends(upgrade_flat_config(table))
    refs: set[str] = set()
    resolved = resolve_refs(table, base_dir, where, refs)
    if not isinstance(config, Mapping):
        warn_if_exposed(Path(config), table, where, refs)
    validated = validate_section(JamConfig, resolved, where)
    logger.debug("configuration [%s] loaded", where)
    return validated


def find_table(config: ConfigSource, pointer: str) -> tuple[Mapping[str, Any], Path, str]:
    """Return the raw table, the folder relative files resolve against, and its name."""
    if isinstance(config, Mapping):
        return config, Path.cwd(), pointer
    if not isinstance(config, str | os.PathLike):
        raise JamConfigError(
            f"config must be a dict or a path to a TOML file, not {type(config).__name__}"
        )
    path = Path(config)
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except FileNotFoundError:
        raise JamConfigError(
            f"configuration file {_path(path)} not found (working folder: {_path(Path.cwd())})"
        ) from None
    except tomllib.TOMLDecodeError as err:
        raise JamConfigError(f"{_path(path)} is not valid TOML: {err}") from None
    except UnicodeDecodeError as err:  # TOML is UTF-8; the error's text is not shown
        raise JamConfigError(
            f"{_path(path)} is not valid TOML: not UTF-8 text (byte {err.start})"
        ) from None
    except OSError as err:
        raise JamConfigError(f"cannot read {_path(path)}: {err.strerror}") from None
    base_dir = path.resolve().parent
    if path.name == "pyproject.toml":
        tool = document.get("tool", {})
        if isinstance(tool, Mapping) and pointer in tool:
            return _table(tool[pointer], f"tool.{pointer}", path), base_dir, f"tool.{pointer}"
    if pointer in document:
        return _table(document[pointer], pointer, path), base_dir, pointer
    shown = show_key(pointer)
    expected = f"[{shown}]"
    if path.name == "pyproject.toml":
        expected = f"[tool.{shown}] or [{shown}]"
    tables = ", ".join(excerpt(name) for name in sorted(document)[:20]) or "none"
    raise JamConfigError(
        f"{_path(path)} has no {expected} table; add one, or pass pointer= "
        f"(top-level tables: {tables})"
    )


def _table(value: Any, where: str, path: Path) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise JamConfigError(f"{_path(path)}: [{excerpt(where)}] must be a table")
    return value


def _path(path: Path) -> str:
    return excerpt(str(path), 200)
