"""The one typed door to pluggy: discover plugins, collect their records, resolve names.

This is the only module in Jam that calls ``pm.hook``. It runs once, when
:class:`jam.Jam` is built, and produces a :class:`Registry`: a per-instance,
immutable map from capability names to records. Nothing on the hot path
(signing, verifying, session lookup) touches pluggy.
"""

from __future__ import annotations

import difflib
import importlib.metadata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import pluggy

from jam._version import __version__
from jam.exceptions import (
    JamPluginApiVersionError,
    JamPluginConflictError,
    JamPluginLoadError,
    JamPluginNotFoundError,
    JamPluginRegistrationError,
)
from jam.plugins import _hookspecs
from jam.plugins.records import (
    SUPPORTED_API_VERSIONS,
    AlgorithmRecord,
    OAuth2ProviderRecord,
    SessionStoreRecord,
    TokenListRecord,
)

if TYPE_CHECKING:
    from jam.config import PluginSettings

__all__ = ["Kind", "PluginInfo", "Provided", "Registry", "load_registry"]

ENTRY_POINT_GROUP = _hookspecs.PROJECT_NAME
"""Entry-point group third-party plugins register under."""

BUILTIN_NAME = "builtin"
"""Plugin name of the in-tree built-ins (memory backends)."""

RecordT = TypeVar(
    "RecordT", AlgorithmRecord, SessionStoreRecord, TokenListRecord, OAuth2ProviderRecord
)

_KNOWN_PROVIDERS = {
    "algorithm": (
        "jam-auth-jwa",
        (
            "HS256",
            "HS384",
            "HS512",
            "RS256",
            "RS384",
            "RS512",
            "PS256",
            "PS384",
            "PS512",
            "ES256",
            "ES384",
            "ES512",
            "ES256K",
            "EdDSA",
            "Ed25519",
            "Ed448",
        ),
    ),
    "session store": ("jam-auth-sqlite or jam-auth-redis", ("sqlite", "redis")),
    "token list": ("jam-auth-sqlite or jam-auth-redis", ("sqlite", "redis")),
    "OAuth2 provider": ("jam-auth-oauth2", ("github", "gitlab", "google", "yandex", "oidc")),
}


@dataclass(frozen=True, slots=True)
class PluginInfo:
    """A plugin that was considered at load time.

    Attributes:
        name: Entry-point name (``"jwa"``), or ``"builtin"``.
        distribution: Distribution that ships it (``"jam-auth-jwa"``).
        version: That distribution's version.
        value: Entry-point target (``"jam_jwa.plugin"``).
        loaded: False when blocked by ``[jam.plugins]``.
    """

    name: str
    distribution: str
    version: str
    value: str
    loaded: bool

    @property
    def label(self) -> str:
        """``"<name> (<distribution> <version>)"``, for messages."""
        return f"{self.name} ({self.distribution} {self.version})"


@dataclass(frozen=True, slots=True)
class Provided(Generic[RecordT]):
    """A record together with the plugin that registered it."""

    record: RecordT
    plugin: PluginInfo


@dataclass(frozen=True, slots=True)
class Kind(Generic[RecordT]):
    """One capability family: its hook, record type and human name."""

    hook: str
    record_type: type[RecordT]
    noun: str


ALGORITHMS = Kind("jam_register_algorithms", AlgorithmRecord, "algorithm")
SESSION_STORES = Kind("jam_register_session_stores", SessionStoreRecord, "session store")
TOKEN_LISTS = Kind("jam_register_token_lists", TokenListRecord, "token list")
OAUTH2_PROVIDERS = Kind("jam_register_oauth2_providers", OAuth2ProviderRecord, "OAuth2 provider")
KINDS: tuple[Kind[Any], ...] = (ALGORITHMS, SESSION_STORES, TOKEN_LISTS, OAUTH2_PROVIDERS)


class Registry:
    """Everything the loaded plugins registered, by capability and name.

    Built once per :class:`jam.Jam`; two Jam objects never share one.
    """

    def __init__(
        self,
        plugins: Iterable[PluginInfo],
        provided: dict[str, dict[str, Provided[Any]]],
    ) -> None:
        """Wrap collected records; use :func:`load_registry` instead of calling this."""
        self.plugins: tuple[PluginInfo, ...] = tuple(sorted(plugins, key=lambda p: p.name))
        """Every plugin considered, loaded or blocked, sorted by name."""
        self._provided = provided

    def algorithm(self, name: str) -> AlgorithmRecord:
        """Return the algorithm record called ``name`` (case-sensitive JOSE name)."""
        return self._get(ALGORITHMS, name)

    def session_store(self, name: str) -> SessionStoreRecord:
        """Return the session store record called ``name``."""
        return self._get(SESSION_STORES, name)

    def token_list(self, name: str) -> TokenListRecord:
        """Return the token-list record called ``name``."""
        return self._get(TOKEN_LISTS, name)

    def oauth2_provider(self, name: str) -> OAuth2ProviderRecord:
        """Return the OAuth2 provider record called ``name``."""
        return self._get(OAUTH2_PROVIDERS, name)

    def provided(self, kind: Kind[RecordT]) -> list[Provided[RecordT]]:
        """Every record of one kind with its provider, sorted by name."""
        table = self._provided[kind.hook]
        return [table[name] for name in sorted(table)]

    def names(self, kind: Kind[Any]) -> list[str]:
        """Sorted names registered for one kind."""
        return sorted(self._provided[kind.hook])

    def _get(self, kind: Kind[RecordT], name: str) -> RecordT:
        table = self._provided[kind.hook]
        found = table.get(name)
        if found is not None:
            record: RecordT = found.record
            return record
        raise JamPluginNotFoundError(self._not_found_message(kind, name))

    def _not_found_message(self, kind: Kind[Any], name: str) -> str:
        table = self._provided[kind.hook]
        valid = ", ".join(f"{n} [{table[n].plugin.distribution}]" for n in sorted(table))
        lines = [f"unknown {kind.noun} {name!r}; registered: {valid or 'none'}."]
        close = difflib.get_close_matches(name, list(table), n=1, cutoff=0.6)
        case_match = [n for n in table if n.lower() == name.lower()]
        if case_match:
            lines.append(f"Names are case-sensitive: did you mean {case_match[0]!r}?")
        elif close:
            lines.append(f"Did you mean {close[0]!r}?")
        distribution, names = _KNOWN_PROVIDERS.get(kind.noun, ("", ()))
        if name in names:
            lines.append(f"{name!r} is provided by {distribution}: install it (pip install ...).")
        blocked = [p.label for p in self.plugins if not p.loaded]
        if blocked:
            lines.append(f"Plugins not loaded because of [jam.plugins]: {', '.join(blocked)}.")
        return " ".join(lines)


def load_registry(settings: PluginSettings) -> Registry:
    """Discover plugins, call every registration hook once, and check the results.

    Args:
        settings: The ``[jam.plugins]`` table.

    Returns:
        A fresh :class:`Registry`.

    Raises:
        JamPluginLoadError: An entry point failed to import or register.
        JamPluginConflictError: Two plugins registered the same name.
        JamPluginApiVersionError: A record has an unknown ``api_version``.
        JamPluginRegistrationError: A hook broke the registration contract.
        JamPluginNotFoundError: ``enable`` names a plugin that is not installed.
    """
    pm = pluggy.PluginManager(_hookspecs.PROJECT_NAME)
    pm.add_hookspecs(_hookspecs)
    plugins = [_register_builtin(pm, settings)]
    seen: dict[str, PluginInfo] = {}
    for entry_point in _entry_points():
        info = _info(entry_point, loaded=settings.wants(entry_point.name))
        if entry_point.name in seen or entry_point.name == BUILTIN_NAME:
            other = seen.get(entry_point.name)
            raise JamPluginConflictError(
                f"two plugins use the entry-point name {entry_point.name!r}: "
                f"{other.label if other else 'jam-auth (built-in)'} and {info.label}; "
                "uninstall one of them"
            )
        seen[entry_point.name] = info
        plugins.append(info)
        if info.loaded:
            _load_entry_point(pm, entry_point, info)
    missing = sorted(set(settings.enable) - set(seen))
    if missing:
        raise JamPluginNotFoundError(
            f"[jam.plugins] enable names plugins that are not installed: {', '.join(missing)}; "
            f"installed: {', '.join(sorted(seen)) or 'none'}"
        )
    by_name = {p.name: p for p in plugins}
    provided = {kind.hook: _collect(pm, kind, by_name) for kind in KINDS}
    return Registry(plugins, provided)


def _entry_points() -> list[importlib.metadata.EntryPoint]:
    return sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)


def _info(entry_point: importlib.metadata.EntryPoint, *, loaded: bool) -> PluginInfo:
    dist = entry_point.dist
    return PluginInfo(
        name=entry_point.name,
        distribution=dist.name if dist is not None else "unknown distribution",
        version=dist.version if dist is not None else "?",
        value=entry_point.value,
        loaded=loaded,
    )


def _register_builtin(pm: pluggy.PluginManager, settings: PluginSettings) -> PluginInfo:
    loaded = BUILTIN_NAME not in settings.disable
    info = PluginInfo(BUILTIN_NAME, "jam-auth", __version__, "jam.builtin.plugin", loaded)
    if loaded:
        from jam.builtin import plugin

        pm.register(plugin, name=BUILTIN_NAME)
    return info


def _load_entry_point(
    pm: pluggy.PluginManager, entry_point: importlib.metadata.EntryPoint, info: PluginInfo
) -> None:
    try:
        module = entry_point.load()
    except Exception as err:
        raise JamPluginLoadError(
            f"plugin {info.label} failed to import ({entry_point.value}): "
            f"{type(err).__name__}: {err}. Fix or reinstall {info.distribution}, or add "
            f"{info.name!r} to [jam.plugins] disable"
        ) from err
    try:
        pm.register(module, name=entry_point.name)
        pm.check_pending()
    except pluggy.PluginValidationError as err:
        raise JamPluginRegistrationError(
            f"plugin {info.label} does not match Jam's hook specs: {err}"
        ) from err
    except ValueError as err:
        raise JamPluginConflictError(f"plugin {info.label} could not be registered: {err}") from err


def _collect(
    pm: pluggy.PluginManager, kind: Kind[RecordT], plugins: dict[str, PluginInfo]
) -> dict[str, Provided[RecordT]]:
    caller = getattr(pm.hook, kind.hook)
    providers: dict[str, list[Provided[RecordT]]] = {}
    for impl in caller.get_hookimpls():
        info = plugins[impl.plugin_name]
        _refuse_ordering(impl, info, kind)
        try:
            result = impl.function()
        except Exception as err:
            raise JamPluginLoadError(
                f"plugin {info.label} raised in {kind.hook}(): {type(err).__name__}: {err}"
            ) from err
        for record in _records(result, kind, info):
            providers.setdefault(record.name, []).append(Provided(record, info))
    conflicts = {name: found for name, found in providers.items() if len(found) > 1}
    if conflicts:
        details = "; ".join(
            f"{name!r} by {', '.join(p.plugin.label for p in found)}"
            for name, found in sorted(conflicts.items())
        )
        raise JamPluginConflictError(
            f"{kind.noun} names registered more than once: {details}. Jam never picks one "
            "silently: uninstall one distribution, or add its plugin name to "
            "[jam.plugins] disable"
        )
    return {name: found[0] for name, found in providers.items()}


def _refuse_ordering(impl: Any, info: PluginInfo, kind: Kind[Any]) -> None:
    flags = [
        flag
        for flag in ("tryfirst", "trylast", "hookwrapper", "wrapper")
        if getattr(impl, flag, False)
    ]
    if flags:
        raise JamPluginRegistrationError(
            f"plugin {info.label} marks {kind.hook} with {', '.join(flags)}; registration "
            "hooks take no ordering options (names must be unique instead)"
        )


def _records(result: Any, kind: Kind[RecordT], info: PluginInfo) -> list[RecordT]:
    if result is None:
        return []
    if isinstance(result, kind.record_type) or not isinstance(result, Iterable):
        raise JamPluginRegistrationError(
            f"plugin {info.label}: {kind.hook}() must return an iterable of "
            f"{kind.record_type.__name__}, got {type(result).__name__}"
        )
    records: list[RecordT] = []
    for record in result:
        if not isinstance(record, kind.record_type):
            raise JamPluginRegistrationError(
                f"plugin {info.label}: {kind.hook}() returned a {type(record).__name__}; "
                f"expected {kind.record_type.__name__}"
            )
        if record.api_version not in SUPPORTED_API_VERSIONS:
            raise JamPluginApiVersionError(
                f"plugin {info.label}: {kind.noun} {record.name!r} declares api_version "
                f"{record.api_version}, but jam-auth {__version__} supports "
                f"{sorted(SUPPORTED_API_VERSIONS)}; upgrade jam-auth or install a version of "
                f"{info.distribution} built for it"
            )
        if not isinstance(record.name, str) or not record.name.strip():
            raise JamPluginRegistrationError(
                f"plugin {info.label}: a {kind.noun} record has an empty name"
            )
        _check_record(record, info)
        records.append(record)
    return records


def _check_record(record: Any, info: PluginInfo) -> None:
    if isinstance(record, AlgorithmRecord) and record.name.lower() == "none":
        raise JamPluginRegistrationError(
            f"plugin {info.label} tried to register the 'none' algorithm; Jam refuses "
            "unsecured tokens"
        )
    if isinstance(record, SessionStoreRecord | TokenListRecord) and (
        record.factory is None and record.async_factory is None
    ):
        raise JamPluginRegistrationError(
            f"plugin {info.label}: {record.name!r} has neither factory nor async_factory"
        )
