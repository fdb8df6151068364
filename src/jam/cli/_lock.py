"""``jam plugins lock``: pin what is installed now as a ``[jam.plugins] allow`` list.

Reads distribution metadata only: no plugin is imported to write its pin.
Each plugin the configuration loads (every installed one, unless
``disable`` or ``autoload = false`` says otherwise) is pinned by entry-point
name, distribution and exact version, in the table form of
`jam.config.PluginPin`. The written table keeps the configuration's
``autoload``, ``enable`` and ``disable``, so it replaces the old table whole.
Before anything is printed, the text is read back and validated as a
``[jam.plugins]`` table that admits every pinned plugin: a lock that would
not load is never written.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jam._version import __version__
from jam.cli import _toml
from jam.cli._common import CliError
from jam.plugins._discovery import BUILTIN_NAME, discover
from jam.plugins._manager import ENTRY_POINT_GROUP

if TYPE_CHECKING:
    from jam.config import PluginSettings

__all__ = ["MARKER", "Lock", "lock"]

MARKER = "# Pinned by `jam plugins lock`"
"""First words of every lock; ``--out`` replaces only a file that starts with them."""


@dataclass(frozen=True, slots=True)
class Lock:
    """A written lock.

    Attributes:
        pins: The ``allow`` entries (``name``, ``distribution``, ``version``).
        header: The table's dotted name (``jam.plugins`` or ``tool.jam.plugins``).
        text: The TOML text, ready to paste.
        unpinned: Plugins whose version could not be read (pinned by name only).
    """

    pins: list[dict[str, str]]
    header: str
    text: str
    unpinned: list[str]


def lock(settings: PluginSettings, header: list[str]) -> Lock:
    """Pin every plugin ``settings`` loads, at the version installed now.

    Args:
        settings: The configuration's ``[jam.plugins]`` table (its ``allow`` is ignored:
            a lock is written from what is installed, not from the previous lock).
        header: Path of the table to write (``["jam", "plugins"]``).

    Raises:
        JamPluginError: Discovery fails (a distribution installed twice, a
            misspelt name in ``enable``/``disable``).
        CliError: The lock does not read back as a valid table (a bug).
    """
    candidates = discover(ENTRY_POINT_GROUP, settings.model_copy(update={"allow": None}))
    pins: list[dict[str, str]] = []
    unpinned: list[str] = []
    if BUILTIN_NAME not in settings.disable:
        pins.append(
            {"name": BUILTIN_NAME, "distribution": "jam-auth", "version": f"=={__version__}"}
        )
    for candidate in candidates:
        info = candidate.info
        if not info.loaded:
            continue
        pin = {"name": info.name}
        if info.distribution != "unknown distribution":
            pin["distribution"] = info.distribution
        if _is_version(info.version):
            pin["version"] = f"=={info.version}"
        else:
            unpinned.append(info.name)
        pins.append(pin)
    content: dict[str, Any] = {}
    if not settings.autoload:
        content["autoload"] = False
        content["enable"] = list(settings.enable)
    if settings.disable:
        content["disable"] = list(settings.disable)
    content["allow"] = pins
    lines = [
        f"{MARKER} (jam-auth {__version__}): only these plugins, from these",
        "# distributions at these versions, may be imported. Lock again after an upgrade.",
        *_toml.table(header, content),
    ]
    text = "\n".join(lines) + "\n"
    _check(text, header, pins)
    return Lock(pins, ".".join(header), text, unpinned)


def _is_version(version: str) -> bool:
    from packaging.version import InvalidVersion, Version

    try:
        Version(version)
    except InvalidVersion:
        return False
    return True


def _check(text: str, header: list[str], pins: list[dict[str, str]]) -> None:
    """Read the lock back; it must be a valid table that admits every pinned plugin."""
    from jam.config import PluginSettings
    from jam.config._base import validate_section
    from jam.exceptions import JamConfigError

    try:
        table: Any = tomllib.loads(text)
        for part in header:
            table = table[part]
        settings = validate_section(PluginSettings, table, ".".join(header))
    except (tomllib.TOMLDecodeError, KeyError, JamConfigError) as err:
        raise CliError(
            f"the lock does not read back ({type(err).__name__}); please report it"
        ) from err
    for pin in pins:
        read = settings.pin(pin["name"])
        version = pin.get("version", "==0").removeprefix("==")
        if read is None or (
            "version" in pin and not read.admits(pin.get("distribution", "?"), version)
        ):
            raise CliError(
                f"the lock does not admit {pin['name']} when read back; please report it"
            )
