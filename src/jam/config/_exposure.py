"""Warn when a configuration file other users can change, or read, holds secrets.

Called once by `jam.config.load_config` for a file configuration. Jam
still loads the file (refusing would break deployments that are safe for
reasons Jam cannot see, such as a single-user container), but says so in a
``WARNING`` on the ``jam`` logger, naming the file and the keys, never a value:

* a file every user may **write** can have its keys, algorithm or plugin
  settings replaced by anyone on the machine: always worth a warning;
* a file every user may **read** that holds a secret written inline
  (``secret_key = "..."`` rather than ``{ env = ... }`` / ``{ file = ... }``)
  gives that secret to anyone on the machine.

Only the kernel's secret keys are recognised here; a backend plugin's secret
options are redacted like every backend key, but not looked for in this check.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jam._text import excerpt
from jam.config._base import show_key

__all__ = ["SECRET_KEYS", "inline_secrets", "warn_if_exposed"]

logger = logging.getLogger("jam")

SECRET_KEYS = frozenset({"secret_key", "private_key", "session_aes_secret", "client_secret"})
"""The kernel's keys whose values are secrets (``public_key`` is not one)."""


def warn_if_exposed(path: Path, table: Mapping[str, Any], where: str, refs: set[str]) -> None:
    """Log a WARNING when ``path`` is world-writable, or world-readable with inline secrets.

    Args:
        path: The configuration file.
        table: Its raw (unresolved) table.
        where: Dotted name of the table (``"tool.jam"``), the prefix of ``refs``.
        refs: Dotted paths of the values that were environment or file references.
    """
    if os.name == "nt":  # POSIX permission bits mean nothing there
        return
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    writable, readable = bool(mode & stat.S_IWOTH), bool(mode & stat.S_IROTH)
    if not (writable or readable):
        return
    inline = inline_secrets(table, where, refs)
    shown = excerpt(str(path), 200)
    if writable:
        held = f"; it also holds secrets inline ({', '.join(inline)})" if inline else ""
        logger.warning(
            "configuration file %s is writable by every user of this machine: anyone can "
            "replace Jam's keys and settings%s. Run chmod o-w on it",
            shown,
            held,
        )
    elif inline:
        logger.warning(
            "configuration file %s is readable by every user of this machine and holds "
            'secrets inline (%s). Read them from the environment ({ env = "NAME" }) or a '
            'private file ({ file = "path" }), or run chmod o-r on it',
            shown,
            ", ".join(inline),
        )


def inline_secrets(value: Any, path: str, refs: set[str], key: str = "") -> list[str]:
    """Dotted paths of kernel secrets written inline in a raw table (values never read out).

    Example:
        >>> inline_secrets({"jwt": {"secret_key": "x"}}, "jam", set())
        ['jam.jwt.secret_key']
        >>> inline_secrets({"jwt": {"secret_key": {"env": "K"}}}, "jam", {"jam.jwt.secret_key"})
        []
    """
    if key in SECRET_KEYS and path not in refs and isinstance(value, str | bytes | Mapping):
        return [path]  # text, raw bytes, or an inline JWK table
    if isinstance(value, Mapping):
        found = []
        for name, item in value.items():
            found.extend(inline_secrets(item, f"{path}.{show_key(name)}", refs, str(name)))
        return found
    if isinstance(value, list | tuple):
        found = []
        for index, item in enumerate(value):
            found.extend(inline_secrets(item, f"{path}[{index}]", refs, key))
        return found
    return []
