"""Security audit of the configuration file on disk and the key files it references.

POSIX permissions only (on Windows these rules find nothing). The kernel
already logs a warning when it loads a file other users can write, or read
while it holds a secret inline (`jam.config._exposure`); this audit says
the same as findings, and looks further: at secrets written inline at all
(they travel with the file into version control and backups), and at the
files that ``{ file = "..." }`` references point to (a private key others
can read, a public key others can replace).
"""

from __future__ import annotations

import os
import shlex
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jam._text import excerpt
from jam.cli._findings import Finding
from jam.config._base import show_key
from jam.config._exposure import SECRET_KEYS, inline_secrets
from jam.config._legacy import upgrade_flat_config
from jam.config._loader import find_table
from jam.config._refs import resolve_refs

__all__ = ["audit_file"]

_KEY_FILES = SECRET_KEYS | {"public_key"}


def audit_file(path: Path, pointer: str) -> list[Finding]:
    """Return findings about the permissions of ``path`` and of the key files it references.

    Call it only for a configuration that loads (references resolve).
    """
    if os.name == "nt":
        return []
    table, base_dir, where = find_table(path, pointer)
    table = upgrade_flat_config(table)
    refs: set[str] = set()
    resolve_refs(table, base_dir, where, refs)
    shown = _shown(path)
    mode = path.stat().st_mode
    inline = inline_secrets(table, where, refs)
    findings = []
    if mode & stat.S_IWOTH:
        findings.append(
            Finding(
                "file.world-writable",
                "high",
                shown,
                "every user of this machine can change this file, and so replace the keys, "
                "the algorithms and the plugin settings",
                f"chmod o-w {shown}",
            )
        )
    if inline:
        findings.append(_inline(shown, inline, mode))
    findings += _key_files(table, base_dir, where)
    return findings


def _inline(shown: str, inline: list[str], mode: int) -> Finding:
    keys = ", ".join(inline)
    move = (
        'read them from the environment ({ env = "NAME" }) or from a private file '
        '({ file = "path" })'
    )
    if mode & stat.S_IROTH:
        return Finding(
            "file.world-readable-secrets",
            "high",
            shown,
            f"holds secrets inline ({keys}) and every user of this machine can read it",
            f"{move}, or chmod o-r {shown}",
        )
    if mode & stat.S_IRGRP:
        return Finding(
            "file.group-readable-secrets",
            "low",
            shown,
            f"holds secrets inline ({keys}) and its group can read it",
            f"{move}, or chmod g-r {shown}",
        )
    return Finding(
        "file.inline-secrets",
        "low",
        shown,
        f"holds secrets inline ({keys}): they go wherever the file goes (version control, "
        "backups, support tickets)",
        move,
    )


def _key_files(table: Mapping[str, Any], base_dir: Path, where: str) -> list[Finding]:
    findings = []
    for key_where, name, target in _file_refs(table, where):
        file = target if target.is_absolute() else base_dir / target
        try:
            mode = file.stat().st_mode
        except OSError:
            continue
        shown = _shown(file)
        if mode & stat.S_IWOTH:
            findings.append(
                Finding(
                    "file.key-writable",
                    "high",
                    key_where,
                    f"{shown} ({name}) can be changed by every user of this machine: anyone "
                    "can put their own key there and sign tokens that verify",
                    f"chmod o-w {shown}",
                )
            )
        if name in SECRET_KEYS and mode & stat.S_IROTH:
            findings.append(
                Finding(
                    "file.key-readable",
                    "high",
                    key_where,
                    f"{shown} ({name}) can be read by every user of this machine",
                    f"chmod 600 {shown}",
                )
            )
        elif name in SECRET_KEYS and mode & stat.S_IRGRP:
            findings.append(
                Finding(
                    "file.key-group-readable",
                    "low",
                    key_where,
                    f"{shown} ({name}) can be read by its group",
                    f"chmod 600 {shown}, unless that group is meant to read it",
                )
            )
    return findings


def _file_refs(value: Any, path: str, key: str = "") -> list[tuple[str, str, Path]]:
    """``(dotted key, key name, referenced path)`` of every key-file reference in a raw table."""
    if isinstance(value, Mapping):
        target = value.get("file")
        if key in _KEY_FILES and set(value) == {"file"} and isinstance(target, str):
            return [(path, key, Path(target))]
        found = []
        for name, item in value.items():
            found += _file_refs(item, f"{path}.{show_key(name)}", str(name))
        return found
    if isinstance(value, list):
        found = []
        for index, item in enumerate(value):
            found += _file_refs(item, f"{path}[{index}]", key)
        return found
    return []


def _shown(path: Path) -> str:
    """A path as it would be typed in a shell (quoted when needed), or escaped when odd."""
    text = str(path)
    if len(text) <= 200 and text.isprintable():
        return shlex.quote(text)
    return excerpt(text, 200)
