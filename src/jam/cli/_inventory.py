"""What ``jam plugins`` shows: each installed plugin, its status under a configuration, its records.

Statuses are decided from metadata first, as the kernel decides them, so a
plugin that ``[jam.plugins]`` refuses (``allow`` does not list it, its pin
does not match) or blocks (``disable``, ``autoload = false``) is listed
without ever being imported. The others are loaded through the kernel's own
loader (`jam.plugins._manager.load_registry`), and each shows what it
registered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jam._version import __version__
from jam.plugins._discovery import BUILTIN_NAME, discover
from jam.plugins._manager import (
    ALGORITHMS,
    ENTRY_POINT_GROUP,
    KINDS,
    OAUTH2_PROVIDERS,
    SESSION_STORES,
    TOKEN_LISTS,
    load_registry,
)
from jam.plugins.records import AlgorithmRecord, SessionStoreRecord, TokenListRecord

if TYPE_CHECKING:
    from jam.config import PluginSettings
    from jam.plugins import PluginInfo

__all__ = ["KIND_KEYS", "PluginView", "RecordView", "inventory"]

KIND_KEYS = {
    ALGORITHMS.hook: "algorithms",
    SESSION_STORES.hook: "session_stores",
    TOKEN_LISTS.hook: "token_lists",
    OAUTH2_PROVIDERS.hook: "oauth2_providers",
}
"""JSON key of each capability kind, by hook name."""

LOADED = "loaded"


@dataclass(frozen=True, slots=True)
class RecordView:
    """One record a plugin registered, as ``jam plugins`` shows it.

    Attributes:
        kind: JSON key of its kind (``"algorithms"``...).
        noun: Human name of its kind (``"algorithm"``...).
        name: The capability's name (``"ES256"``, ``"sqlite"``).
        description: The record's one-line description (plugin text).
        recommended: For algorithms, whether the plugin recommends it; else ``None``.
        details: More facts for JSON (key types, sync/asyncio flavours...).
    """

    kind: str
    noun: str
    name: str
    description: str
    recommended: bool | None
    details: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        """The record as a JSON object."""
        data: dict[str, Any] = {
            "kind": self.noun.replace(" ", "_").lower(),
            "name": self.name,
            "description": self.description,
        }
        if self.recommended is not None:
            data["recommended"] = self.recommended
        data.update(self.details)
        return data


@dataclass(frozen=True, slots=True)
class PluginView:
    """One plugin: where it comes from, whether it is loaded, and what it registered.

    Attributes:
        info: Entry-point name, distribution, version and target.
        enabled: True when the configuration loads it.
        status: ``"loaded"``, ``"disabled"``, ``"not enabled ..."`` or ``"refused: ..."``.
        records: What it registered (empty when it was not loaded).
    """

    info: PluginInfo
    enabled: bool
    status: str
    records: tuple[RecordView, ...]

    def as_json(self) -> dict[str, Any]:
        """The plugin as a JSON object (the shape ``jam plugins --json`` prints)."""
        registered: dict[str, list[str]] = {name: [] for name in KIND_KEYS.values()}
        for record in self.records:
            registered[record.kind].append(record.name)
        return {
            "name": self.info.name,
            "distribution": self.info.distribution,
            "version": self.info.version,
            "entry_point": self.info.value,
            "enabled": self.enabled,
            "status": self.status,
            "registered": registered,
            "records": [record.as_json() for record in self.records],
        }


def inventory(settings: PluginSettings) -> list[PluginView]:
    """List every installed plugin (and the built-in one) under ``settings``.

    Raises:
        JamPluginConflictError: A distribution is installed twice, or two use one name.
        JamPluginNotFoundError: ``enable`` or ``disable`` names a plugin that is not installed.
        JamPluginError: A plugin the configuration loads failed to import or register.
    """
    candidates = discover(ENTRY_POINT_GROUP, settings.model_copy(update={"allow": None}))
    statuses: dict[str, tuple[bool, str]] = {
        BUILTIN_NAME: _builtin_status(settings),
    }
    for candidate in candidates:
        statuses[candidate.info.name] = _status(settings, candidate.info)
    refused = [name for name, (enabled, status) in statuses.items() if status.startswith("refused")]
    loadable = settings.model_copy(update={"disable": [*settings.disable, *refused]})
    registry = load_registry(loadable)
    records: dict[str, list[RecordView]] = {}
    for kind in KINDS:
        for provided in registry.provided(kind):
            records.setdefault(provided.plugin.name, []).append(
                _view(KIND_KEYS[kind.hook], kind.noun, provided.record)
            )
    views = []
    for info in registry.plugins:
        enabled, status = statuses.get(info.name, (info.loaded, LOADED))
        views.append(PluginView(info, enabled, status, tuple(records.get(info.name, ()))))
    return views


def _builtin_status(settings: PluginSettings) -> tuple[bool, str]:
    if BUILTIN_NAME in settings.disable:
        return False, "disabled"
    pin = settings.pin(BUILTIN_NAME)
    if pin is not None and not pin.admits("jam-auth", __version__):
        return False, f"refused: does not match its pin {pin}"
    return True, LOADED


def _status(settings: PluginSettings, info: PluginInfo) -> tuple[bool, str]:
    if info.name in settings.disable:
        return False, "disabled"
    if not settings.wants(info.name):
        return False, "not enabled (autoload = false)"
    if settings.allow is not None:
        pin = settings.pin(info.name)
        if pin is None:
            return False, "refused: [jam.plugins] allow does not list it"
        if not pin.admits(info.distribution, info.version):
            return False, f"refused: does not match its pin {pin}"
    return True, LOADED


def _view(kind: str, noun: str, record: Any) -> RecordView:
    details: dict[str, Any] = {}
    recommended = None
    if isinstance(record, AlgorithmRecord):
        recommended = bool(record.recommended)
        details = {"key_types": list(record.key_types), "curves": list(record.curves)}
    elif isinstance(record, SessionStoreRecord | TokenListRecord):
        details = {
            "sync": record.factory is not None,
            "asyncio": record.async_factory is not None,
        }
    description = record.description if isinstance(record.description, str) else ""
    return RecordView(kind, noun, record.name, description, recommended, details)
