"""Find the configuration table (dict, TOML file, pyproject.toml) and validate it.

Used once by :class:`jam.Jam` at construction; nothing here runs on a request path.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jam.config._base import validate_section
from jam.config._legacy import upgrade_flat_config
from jam.config._model import JamConfig
from jam.config._refs import resolve_refs
from jam.exceptions import JamConfigError

__all__ = ["ConfigSource", "find_table", "load_config"]

ConfigSource = str | os.PathLike[str] | Mapping[str, Any] | JamConfig
"""What :class:`jam.Jam` accepts as ``config``."""


def load_config(config: ConfigSource = "pyproject.toml", pointer: str = "jam") -> JamConfig:
    """Load, resolve and validate a configuration.

    Args:
        config: The table itself (a dict), a path to a TOML file, or an
            already validated :class:`JamConfig`.
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
    table = upgrade_flat_config(table)
    resolved = resolve_refs(table, base_dir, where)
    return validate_section(JamConfig, resolved, where)


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
            f"configuration file {str(path)!r} not found (working folder: {Path.cwd()})"
        ) from None
    except tomllib.TOMLDecodeError as err:
        raise JamConfigError(f"{str(path)!r} is not valid TOML: {err}") from None
    except OSError as err:
        raise JamConfigError(f"cannot read {str(path)!r}: {err.strerror}") from None
    base_dir = path.resolve().parent
    if path.name == "pyproject.toml":
        tool = document.get("tool", {})
        if isinstance(tool, Mapping) and pointer in tool:
            return _table(tool[pointer], f"tool.{pointer}", path), base_dir, f"tool.{pointer}"
    if pointer in document:
        return _table(document[pointer], pointer, path), base_dir, pointer
    expected = f"[{pointer}]"
    if path.name == "pyproject.toml":
        expected = f"[tool.{pointer}] or [{pointer}]"
    raise JamConfigError(
        f"{str(path)!r} has no {expected} table; add one, or pass pointer= "
        f"(top-level tables: {', '.join(sorted(document)) or 'none'})"
    )


def _table(value: Any, where: str, path: Path) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise JamConfigError(f"{str(path)!r}: [{where}] must be a table")
    return value
