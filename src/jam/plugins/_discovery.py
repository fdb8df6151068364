"""Find the installed plugins and decide, from metadata alone, which may be imported.

Everything here reads distribution metadata (``*.dist-info``) and imports no
plugin code, so every refusal happens *before* a plugin's module runs:

* a distribution installed twice on ``sys.path`` (the first copy would
  shadow the other), or two distributions using one entry-point name, is a
  `JamPluginConflictError` in every mode;
* with ``[jam.plugins] allow``, an installed plugin it does not list, or whose
  distribution or version it does not admit, is refused
  (`JamPluginLoadError`) unless it is disabled;
* a name in ``enable`` or ``disable`` that is not installed is an error with a
  suggestion (`JamPluginNotFoundError`).
"""

from __future__ import annotations

import difflib
import importlib.metadata
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jam._text import excerpt
from jam.config._plugins import normalize_distribution
from jam.exceptions import JamPluginConflictError, JamPluginLoadError, JamPluginNotFoundError
from jam.plugins._registry import PluginInfo

if TYPE_CHECKING:
    from collections.abc import Collection

    from jam.config import PluginSettings

__all__ = ["BUILTIN_NAME", "Candidate", "check_names", "discover", "installed_names"]

Distribution = importlib.metadata.Distribution

BUILTIN_NAME = "builtin"
"""Plugin name of the in-tree built-ins (memory backends, HMAC algorithms)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """An installed entry point of the ``jam`` group and what Jam knows of it."""

    entry_point: importlib.metadata.EntryPoint
    info: PluginInfo


def discover(
    group: str, settings: PluginSettings, extra_names: Collection[str] = ()
) -> list[Candidate]:
    """Return every plugin installed in ``group``, sorted by name, after every check.

    Args:
        group: Entry-point group (``"jam"``).
        settings: The ``[jam.plugins]`` table.
        extra_names: Names of plugins registered from code
            (``jam.plugins.extra_plugins``): valid in ``enable``/``disable``,
            and no installed plugin may use one.

    Raises:
        JamPluginConflictError: A distribution is installed twice, or two
            distributions use the same entry-point name (``builtin`` included),
            or an installed plugin uses the name of one registered from code.
        JamPluginLoadError: ``allow`` is set and refuses a plugin to be loaded.
        JamPluginNotFoundError: ``enable`` or ``disable`` names a plugin that
            is not installed.
    """
    found = _installed(group)
    candidates: dict[str, Candidate] = {}
    for entry_point in sorted(found, key=lambda ep: ep.name):
        info = _info(entry_point, loaded=settings.wants(entry_point.name))
        other = candidates.get(entry_point.name)
        if other is not None or entry_point.name == BUILTIN_NAME:
            first = other.info.label if other else "jam-auth (built-in)"
            raise JamPluginConflictError(
                f"two plugins use the entry-point name {excerpt(entry_point.name)}: {first} "
                f"and {info.label}; uninstall one of them"
            )
        if entry_point.name in extra_names:
            raise JamPluginConflictError(
                f"plugin {info.label} uses the name {excerpt(entry_point.name)} of a plugin "
                "registered from code (extra_plugins); register that one under another name"
            )
        candidates[entry_point.name] = Candidate(entry_point, info)
    check_names(settings, sorted({*candidates, *extra_names}))
    for candidate in candidates.values():
        if candidate.info.loaded:
            _check_allowed(settings, candidate.info)
    return list(candidates.values())


def installed_names(group: str) -> list[str]:
    """Entry-point names installed in ``group`` (metadata only; nothing is imported)."""
    return sorted({entry_point.name for entry_point in _installed(group)})


def _installed(group: str) -> list[importlib.metadata.EntryPoint]:
    """Entry points of ``group`` from every distribution, refusing shadowed copies.

    ``importlib.metadata.entry_points()`` keeps only the first distribution of
    each name on ``sys.path``; a second copy further on would be hidden, and
    the first may be an impostor. Both copies are looked at here instead.
    """
    by_name: dict[str, list[Distribution]] = {}
    for dist in importlib.metadata.distributions():
        # The folder name gives the normalised name without parsing METADATA (fast).
        name = getattr(dist, "_normalized_name", None) or dist.metadata["Name"] or ""
        by_name.setdefault(normalize_distribution(name), []).append(dist)
    entry_points: list[importlib.metadata.EntryPoint] = []
    for found in by_name.values():
        copies = _distinct(found) if len(found) > 1 else found
        provides = [[ep for ep in dist.entry_points if ep.group == group] for dist in copies]
        if len(copies) > 1 and any(provides):
            _shadowed(copies)
        entry_points.extend(provides[0])
    return entry_points


def _distinct(dists: list[Distribution]) -> list[Distribution]:
    """Drop copies that are one folder reached twice (``sys.path`` lists it twice)."""
    seen: dict[str, Distribution] = {}
    for dist in dists:
        seen.setdefault(_location(dist), dist)
    return list(seen.values())


def _shadowed(copies: list[Distribution]) -> None:
    name = copies[0].metadata["Name"] or "?"
    listing = "; ".join(
        f"{dist.version or '?'} at {excerpt(_location(dist), 200)}" for dist in copies
    )
    raise JamPluginConflictError(
        f"distribution {excerpt(name)} is installed {len(copies)} times ({listing}); the first "
        "on sys.path would hide the others, and may not be the one you meant. Remove the "
        "extra copies (pip uninstall, or delete the stale *.dist-info folder)"
    )


def _location(dist: Distribution) -> str:
    """Where a distribution's metadata lives, resolved (two sys.path spellings are one)."""
    path = getattr(dist, "_path", None)
    target = path if path is not None else dist.locate_file("")
    return os.path.realpath(str(target))


def _info(entry_point: importlib.metadata.EntryPoint, *, loaded: bool) -> PluginInfo:
    dist = entry_point.dist
    metadata = dist.metadata if dist is not None else None  # parsed once: name and version
    return PluginInfo(
        name=entry_point.name,
        distribution=(metadata["Name"] if metadata is not None else None) or "unknown distribution",
        version=(metadata["Version"] if metadata is not None else None) or "?",
        value=entry_point.value,
        loaded=loaded,
    )


def check_names(settings: PluginSettings, installed: list[str]) -> None:
    """Refuse ``enable``/``disable`` names that are neither ``builtin`` nor in ``installed``.

    Raises:
        JamPluginNotFoundError: A name is unknown; the message suggests a close one.
    """
    valid = [BUILTIN_NAME, *installed]
    for key, names in (("enable", settings.enable), ("disable", settings.disable)):
        missing = sorted(set(names) - set(valid))
        if not missing:
            continue
        described = []
        for name in missing:
            close = difflib.get_close_matches(name, valid, n=1, cutoff=0.6)
            hint = f" (did you mean {excerpt(close[0])}?)" if close else ""
            described.append(excerpt(name) + hint)
        raise JamPluginNotFoundError(
            f"[jam.plugins] {key} names plugins that are not installed: "
            f"{', '.join(described)}; installed: {', '.join(_cut(name) for name in valid)}"
        )


def _check_allowed(settings: PluginSettings, info: PluginInfo) -> None:
    if settings.allow is None:
        return
    pin = settings.pin(info.name)
    if pin is None:
        raise JamPluginLoadError(
            f"plugin {info.label} is installed but [jam.plugins] allow does not list it; it "
            f"was not imported. Add '{_cut(info.name)}=={_cut(info.version)}' to allow if you "
            f"trust it, add {excerpt(info.name)} to disable, or uninstall "
            f"{_cut(info.distribution)}"
        )
    if not pin.admits(info.distribution, info.version):
        raise JamPluginLoadError(
            f"plugin {info.label} does not match its pin {excerpt(str(pin), 200)} in "
            "[jam.plugins] allow; it "
            f"was not imported. Install the pinned distribution and version, or update the pin"
        )


def _cut(text: str) -> str:
    """Third-party metadata inside a quoted suggestion: cut, without adding quotes."""
    return text if len(text) <= 60 and text.isprintable() else excerpt(text, 60)
