"""Write TOML: the small subset the ``jam`` command prints (tables, scalars, lists, inline tables).

The standard library reads TOML (`tomllib`) but cannot write it. What
``jam plugins lock``, ``jam config check`` and ``jam keys generate`` print is
plain data (strings, integers, booleans, lists, tables), so this module writes
exactly that, and every output is read back by `tomllib` in the tests.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["key", "table", "value"]

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _string(text: str) -> str:
    out = []
    for char in text:
        code = ord(char)
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        elif 0xD800 <= code <= 0xDFFF:  # a lone surrogate cannot be written in UTF-8
            out.append("\\uFFFD")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def key(name: str) -> str:
    """Return ``name`` as a TOML key: bare when it can be, else quoted.

    Example:
        >>> key("private_key"), key("my key")
        ('private_key', '"my key"')
    """
    return name if _BARE_KEY.match(name) else _string(name)


def value(item: Any) -> str:
    """Return a TOML value: string, integer, float, boolean, array or inline table.

    Raises:
        TypeError: ``item`` (or something inside it) has no TOML form (``None``...).

    Example:
        >>> value({"name": "jwa", "version": "==0.1.0"})
        '{ name = "jwa", version = "==0.1.0" }'
    """
    if isinstance(item, str):
        return _string(item)
    if isinstance(item, bool | int | float):
        return _number(item)
    if isinstance(item, Mapping):
        members = ", ".join(f"{key(str(name))} = {value(inner)}" for name, inner in item.items())
        return "{ " + members + " }" if members else "{}"
    if isinstance(item, Sequence):
        return "[" + ", ".join(value(inner) for inner in item) + "]"
    raise TypeError(f"no TOML form for {type(item).__name__}")


def _number(item: bool | float) -> str:
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        return str(item)
    if math.isnan(item):
        return "nan"
    if math.isinf(item):
        return "inf" if item > 0 else "-inf"
    return repr(item)


def table(path: Sequence[str], content: Mapping[str, Any]) -> list[str]:
    """Return the lines of the table ``[path]`` and the tables nested in it.

    Keys whose value is ``None`` are left out (TOML has no null). A mapping
    becomes a sub-table; a list of mappings a multi-line array of inline
    tables; anything else a ``key = value`` line.

    Example:
        >>> table(["jam", "jwt"], {"alg": "ES256", "list": {"type": "black"}})
        ['[jam.jwt]', 'alg = "ES256"', '', '[jam.jwt.list]', 'type = "black"']
    """
    header = ".".join(key(part) for part in path)
    lines = [f"[{header}]"]
    nested: list[tuple[str, Mapping[str, Any]]] = []
    for name, item in content.items():
        if item is None:
            continue
        if isinstance(item, Mapping):
            nested.append((name, item))
        elif _is_table_list(item):
            lines.append(f"{key(name)} = [")
            lines.extend(f"    {value(entry)}," for entry in item)
            lines.append("]")
        else:
            lines.append(f"{key(name)} = {value(item)}")
    for name, item in nested:
        lines.append("")
        lines.extend(table([*path, name], item))
    return lines


def _is_table_list(item: Any) -> bool:
    return (
        isinstance(item, list) and bool(item) and all(isinstance(entry, Mapping) for entry in item)
    )
