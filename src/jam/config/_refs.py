"""Resolve secret references in a raw configuration table.

Before validation, every value is walked once:

* ``"$VAR"`` or ``"${VAR}"`` (the whole string) is replaced by the environment
  variable; ``"$$..."`` escapes a literal leading ``$``.
* ``{ env = "VAR" }`` is replaced by the environment variable.
* ``{ file = "path" }`` is replaced by the file's bytes (relative paths are
  resolved against the configuration file's folder, or the working folder for
  a dict configuration).

A missing variable or file is a :class:`~jam.exceptions.JamConfigError` that
names the key and the variable or path, never the value.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jam.exceptions import JamConfigError

__all__ = ["resolve_refs"]

_ENV_REF = re.compile(r"^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$")

MAX_SECRET_FILE_BYTES = 1 << 20
"""Files referenced with ``{ file = ... }`` larger than this are refused (1 MiB)."""


def resolve_refs(value: Any, base_dir: Path, path: str = "") -> Any:
    """Return a copy of ``value`` with every environment and file reference resolved.

    Args:
        value: A raw configuration value (table, array or scalar).
        base_dir: Folder that relative ``file`` references are resolved against.
        path: Dotted key path of ``value``, used in error messages.

    Returns:
        The resolved value; tables and arrays are copied, not mutated.

    Raises:
        JamConfigError: A referenced variable is unset or a file cannot be read.
    """
    if isinstance(value, str):
        return _resolve_string(value, path)
    if isinstance(value, Mapping):
        if _is_ref_table(value, "env"):
            return _read_env(str(value["env"]), path)
        if _is_ref_table(value, "file"):
            return _read_file(str(value["file"]), base_dir, path)
        return {
            key: resolve_refs(item, base_dir, f"{path}.{key}" if path else str(key))
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [resolve_refs(item, base_dir, f"{path}[{i}]") for i, item in enumerate(value)]
    return value


def _is_ref_table(table: Mapping[str, Any], kind: str) -> bool:
    return len(table) == 1 and kind in table and isinstance(table[kind], str)


def _resolve_string(text: str, path: str) -> str:
    if not text.startswith("$"):
        return text
    if text.startswith("$$"):
        return text[1:]
    match = _ENV_REF.match(text)
    if match is None:
        return text
    return _read_env(match.group(1) or match.group(2), path)


def _read_env(name: str, path: str) -> str:
    try:
        return os.environ[name]
    except KeyError:
        raise JamConfigError(
            f"{path or 'config'}: environment variable {name!r} is not set "
            f"(export it, or write a literal value; '$$' escapes a leading '$')"
        ) from None


def _read_file(name: str, base_dir: Path, path: str) -> bytes:
    file_path = Path(name).expanduser()
    if not file_path.is_absolute():
        file_path = base_dir / file_path
    try:
        with file_path.open("rb") as handle:
            data = handle.read(MAX_SECRET_FILE_BYTES + 1)
    except OSError as err:
        raise JamConfigError(
            f"{path or 'config'}: cannot read file {str(file_path)!r}: {err.strerror}"
        ) from None
    if len(data) > MAX_SECRET_FILE_BYTES:
        raise JamConfigError(
            f"{path or 'config'}: file {str(file_path)!r} is larger than 1 MiB; "
            "is it really a key or a secret?"
        )
    return data
