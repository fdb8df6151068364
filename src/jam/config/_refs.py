"""Resolve secret references in a raw configuration table.

Before validation, every value is walked once. The rule, for every key:

* ``{ env = "VAR" }`` and ``"${VAR}"`` (the whole string) read the
  environment variable: the explicit forms.
* ``"$VAR"`` (the whole string, jamlib's form) reads it too, except a
  variable every process has (``PATH``, ``HOME``, ``USER``... see
  `PROCESS_VARIABLES`): ``secret_key = "$PATH"`` is a literal written by
  mistake far more often than a key kept in ``PATH``, and silently signing
  with ``PATH`` would be a guessable key, so it is an error.
* ``"$$..."`` is always the literal text with one ``$`` (the escape).
* ``{ file = "path" }`` is replaced by the file's bytes (relative paths are
  resolved against the configuration file's folder, or the working folder for
  a dict configuration).

A missing variable or file is a `JamConfigError` that
names the key and the variable or path, never the value.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jam._text import excerpt
from jam.config._base import show_key
from jam.exceptions import JamConfigError

__all__ = ["PROCESS_VARIABLES", "resolve_refs"]

_BRACED = re.compile(r"^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$")
_BARE = re.compile(r"^\$([A-Za-z_][A-Za-z0-9_]*)$")

PROCESS_VARIABLES = frozenset(
    {
        "PATH", "HOME", "USER", "USERNAME", "LOGNAME", "SHELL", "PWD", "OLDPWD", "HOSTNAME",
        "HOST", "LANG", "LANGUAGE", "TERM", "TZ", "TMPDIR", "TMP", "TEMP", "EDITOR", "VISUAL",
        "PAGER", "MAIL", "DISPLAY", "SHLVL", "_", "PS1", "IFS", "MANPATH", "PYTHONPATH",
        "PYTHONHOME", "VIRTUAL_ENV", "LD_LIBRARY_PATH", "USERPROFILE", "HOMEDRIVE", "HOMEPATH",
        "APPDATA", "LOCALAPPDATA", "SYSTEMROOT", "WINDIR", "COMSPEC", "PATHEXT",
        "COMPUTERNAME", "OS", "PUBLIC", "ALLUSERSPROFILE", "PROGRAMFILES",
    }
)  # fmt: skip
"""Variables the system or shell sets for every process; ``"$NAME"`` may not read them.

Names starting with ``LC_`` or ``XDG_`` count too. ``"${NAME}"`` and
``{ env = "NAME" }`` can still read any of them, explicitly.
"""

MAX_SECRET_FILE_BYTES = 1 << 20
"""Files referenced with ``{ file = ... }`` larger than this are refused (1 MiB)."""


def resolve_refs(value: Any, base_dir: Path, path: str = "", refs: set[str] | None = None) -> Any:
    """Return a copy of ``value`` with every environment and file reference resolved.

    Args:
        value: A raw configuration value (table, array or scalar).
        base_dir: Folder that relative ``file`` references are resolved against.
        path: Dotted key path of ``value``, used in error messages.
        refs: When given, the dotted path of every value that was a reference
            is added to it (values not in it were written inline).

    Returns:
        The resolved value; tables and arrays are copied, not mutated.

    Raises:
        JamConfigError: A referenced variable is unset or may not be read this
            way, or a file cannot be read.
    """
    if isinstance(value, str):
        return _resolve_text(value, path, refs)
    if isinstance(value, Mapping):
        if _is_ref_table(value, "env"):
            _note(refs, path)
            return _read_env(str(value["env"]), path)
        if _is_ref_table(value, "file"):
            _note(refs, path)
            return _read_file(str(value["file"]), base_dir, path)
        return {
            key: resolve_refs(item, base_dir, _join(path, key), refs) for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [resolve_refs(item, base_dir, f"{path}[{i}]", refs) for i, item in enumerate(value)]
    return value


def _resolve_text(text: str, path: str, refs: set[str] | None) -> str:
    name = _env_name(text, path)
    if name is None:
        return text[1:] if text.startswith("$$") else text
    _note(refs, path)
    return _read_env(name, path)


def _join(path: str, key: object) -> str:
    return f"{path}.{show_key(key)}" if path else show_key(key)


def _note(refs: set[str] | None, path: str) -> None:
    if refs is not None:
        refs.add(path)


def _is_ref_table(table: Mapping[str, Any], kind: str) -> bool:
    return len(table) == 1 and kind in table and isinstance(table[kind], str)


def _env_name(text: str, path: str) -> str | None:
    """The variable a string refers to, or None when it is a literal."""
    if not text.startswith("$") or text.startswith("$$"):
        return None
    braced = _BRACED.match(text)
    if braced is not None:
        return braced.group(1)
    bare = _BARE.match(text)
    if bare is None:
        return None
    name = bare.group(1)
    if name in PROCESS_VARIABLES or name.startswith(("LC_", "XDG_")):
        shown = name if len(name) <= 40 else excerpt(name)
        raise JamConfigError(
            f'{path or "config"}: "${shown}" would read {shown}, a variable every process '
            f'has, so it is most likely a literal value: write "$${shown}" for the literal '
            f'text, or "${{{shown}}}" if you really mean the variable'
        )
    return name


def _read_env(name: str, path: str) -> str:
    try:
        return os.environ[name]
    except KeyError:
        raise JamConfigError(
            f"{path or 'config'}: environment variable {excerpt(name)} is not set "
            f"(export it, or write a literal value; '$$' escapes a leading '$')"
        ) from None


def _read_file(name: str, base_dir: Path, path: str) -> bytes:
    try:
        file_path = Path(name).expanduser()
    except RuntimeError:  # "~user/..." naming no user, or no home folder at all
        file_path = None
    if file_path is None:
        error = JamConfigError(
            f"{path or 'config'}: cannot read file {excerpt(name, 200)}: no such home folder"
        )
        raise error
    if not file_path.is_absolute():
        file_path = base_dir / file_path
    try:
        with file_path.open("rb") as handle:
            data = handle.read(MAX_SECRET_FILE_BYTES + 1)
    except (OSError, ValueError) as err:  # raised below, outside the handler: no chain
        reason = err.strerror if isinstance(err, OSError) else "not a valid path"
        error = JamConfigError(
            f"{path or 'config'}: cannot read file {excerpt(str(file_path), 200)}: {reason}"
        )
    else:
        if len(data) <= MAX_SECRET_FILE_BYTES:
            return data
        error = JamConfigError(
            f"{path or 'config'}: file {excerpt(str(file_path), 200)} is larger than 1 MiB; "
            "is it really a key or a secret?"
        )
    raise error
