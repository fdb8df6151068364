"""The one typed door to pluggy: register plugins, collect their records, check them.

This is the only module in Jam that calls ``pm.hook``. It runs once, when
`jam.Jam` is built, and produces a `Registry`: a
per-instance, immutable map from capability names to records. Nothing on the
hot path (signing, verifying, session lookup) touches pluggy.

Only `JamError` subclasses leave `load_registry`:
whatever a plugin raises while it is imported, registered, or generating its
records becomes a `JamPluginError` naming the plugin,
with the original error chained.
"""

from __future__ import annotations

import logging
import types
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import pluggy
from pydantic import BaseModel

from jam._text import excerpt
from jam._version import __version__
from jam.exceptions import (
    JamError,
    JamPluginApiVersionError,
    JamPluginConflictError,
    JamPluginLoadError,
    JamPluginRegistrationError,
)
from jam.plugins import _extra, _hookspecs
from jam.plugins._discovery import (
    BUILTIN_NAME,
    Candidate,
    check_names,
    discover,
    installed_names,
)
from jam.plugins._registry import (
    ALGORITHMS,
    KINDS,
    OAUTH2_PROVIDERS,
    SESSION_STORES,
    TOKEN_LISTS,
    Kind,
    PluginInfo,
    Provided,
    Registry,
)
from jam.plugins.records import (
    SUPPORTED_API_VERSIONS,
    AlgorithmRecord,
    OAuth2ProviderRecord,
    SessionStoreRecord,
    TokenListRecord,
)

if TYPE_CHECKING:
    from jam.config import PluginSettings

__all__ = [
    "ALGORITHMS",
    "BUILTIN_NAME",
    "KINDS",
    "OAUTH2_PROVIDERS",
    "SESSION_STORES",
    "TOKEN_LISTS",
    "Kind",
    "PluginInfo",
    "Provided",
    "Registry",
    "load_registry",
]

ENTRY_POINT_GROUP = _hookspecs.PROJECT_NAME
"""Entry-point group third-party plugins register under."""

EXTRA_DISTRIBUTION = "in-process"
"""What ``PluginInfo.distribution`` says of a plugin registered from code (``extra_plugins``)."""
EXTRA_VERSION = "code"
"""What ``PluginInfo.version`` says of a plugin registered from code (it has no version)."""

RecordT = TypeVar(
    "RecordT", AlgorithmRecord, SessionStoreRecord, TokenListRecord, OAuth2ProviderRecord
)

logger = logging.getLogger("jam")


def load_registry(settings: PluginSettings) -> Registry:
    """Discover plugins, call every registration hook once, and check the results.

    Args:
        settings: The ``[jam.plugins]`` table.

    Plugins registered from code for the current context
    (`jam.plugins.extra_plugins`) are registered after the installed
    ones, through the same checks.

    Returns:
        A fresh `Registry`.

    Raises:
        JamPluginLoadError: An entry point failed to import or register, a hook
            raised, or ``allow`` refused a plugin.
        JamPluginConflictError: Two plugins registered the same name, or a
            distribution is installed twice.
        JamPluginApiVersionError: A record has an unknown ``api_version``.
        JamPluginRegistrationError: A hook broke the registration contract.
        JamPluginNotFoundError: ``enable`` or ``disable`` names a plugin that is
            not installed.
    """
    extra = _extra.current()
    extra_names = [name for name, _ in extra.plugins]
    if extra.entry_points:  # every check that needs no import
        candidates = discover(ENTRY_POINT_GROUP, settings, extra_names)
    else:
        candidates = []
        check_names(settings, sorted({*installed_names(ENTRY_POINT_GROUP), *extra_names}))
    pm = pluggy.PluginManager(_hookspecs.PROJECT_NAME)
    pm.add_hookspecs(_hookspecs)
    plugins = [_register_builtin(pm, settings)]
    for candidate in candidates:
        plugins.append(candidate.info)
        if candidate.info.loaded:
            _load_entry_point(pm, candidate)
    for name, plugin in extra.plugins:
        plugins.append(_register_extra(pm, settings, name, plugin, plugins))
    by_name = {p.name: p for p in plugins}
    provided = {kind.hook: _collect(pm, kind, by_name) for kind in KINDS}
    logger.debug("plugins loaded: %s", ", ".join(p.label for p in plugins if p.loaded) or "none")
    return Registry(plugins, provided)


def _register_builtin(pm: pluggy.PluginManager, settings: PluginSettings) -> PluginInfo:
    loaded = BUILTIN_NAME not in settings.disable
    info = PluginInfo(BUILTIN_NAME, "jam-auth", __version__, "jam.builtin.plugin", loaded)
    pin = settings.pin(BUILTIN_NAME)
    if loaded and pin is not None and not pin.admits(info.distribution, info.version):
        raise JamPluginLoadError(
            f"the built-in plugin of jam-auth {__version__} does not match its pin "
            f"{excerpt(str(pin), 200)} in [jam.plugins] allow; install that jam-auth version "
            "or update the pin"
        )
    if loaded:
        from jam.builtin import plugin

        pm.register(plugin, name=BUILTIN_NAME)
    return info


def _load_entry_point(pm: pluggy.PluginManager, candidate: Candidate) -> None:
    entry_point, info = candidate.entry_point, candidate.info
    try:
        module = entry_point.load()
    except (Exception, SystemExit) as err:
        raise JamPluginLoadError(
            f"plugin {info.label} failed to import ({excerpt(entry_point.value, 200)}): "
            f"{type(err).__name__}: {excerpt(str(err), 200)}. Fix or reinstall "
            f"{info.distribution}, or add {excerpt(info.name)} to [jam.plugins] disable"
        ) from err
    _register(pm, module, info)


def _register_extra(
    pm: pluggy.PluginManager,
    settings: PluginSettings,
    name: str,
    plugin: object,
    before: list[PluginInfo],
) -> PluginInfo:
    """Register one plugin object given to ``extra_plugins``, after the checks discovery does."""
    info = PluginInfo(
        name, EXTRA_DISTRIBUTION, EXTRA_VERSION, _describe(plugin), name not in settings.disable
    )
    other = next((p for p in before if p.name == name), None)
    if other is not None:
        raise JamPluginConflictError(
            f"two plugins use the name {excerpt(name)}: {other.label} and {info.label} "
            f"({excerpt(info.value, 200)}); register the one from code under another name "
            "(ExtraPlugins.add(plugin, name=...))"
        )
    if info.loaded and settings.allow is not None:
        pin = settings.pin(name)
        if pin is None or not pin.admits(info.distribution, info.version):
            problem = (
                "does not list it"
                if pin is None
                else "pins a version or distribution, which a plugin registered from code lacks"
            )
            raise JamPluginLoadError(
                f"plugin {info.label} is registered from code, but [jam.plugins] allow "
                f"{problem}; list {excerpt(name)} in allow by name only, or add it to disable"
            )
    if info.loaded:
        _register(pm, plugin, info)
    return info


def _describe(plugin: object) -> str:
    """Where a plugin object comes from, for messages (``module:Class``, ``module``)."""
    if isinstance(plugin, types.ModuleType):
        return plugin.__name__
    owner = plugin if isinstance(plugin, type) else type(plugin)
    text = f"{owner.__module__}:{owner.__qualname__}"
    return text if owner is plugin else f"{text} instance"


def _register(pm: pluggy.PluginManager, plugin: object, info: PluginInfo) -> None:
    try:
        pm.register(plugin, name=info.name)
        pm.check_pending()
    except pluggy.PluginValidationError as err:
        raise JamPluginRegistrationError(
            f"plugin {info.label} does not match Jam's hook specs: {excerpt(str(err), 300)}"
        ) from err
    except ValueError as err:
        raise JamPluginConflictError(
            f"plugin {info.label} could not be registered: {excerpt(str(err), 300)}"
        ) from err
    except (Exception, SystemExit) as err:  # a module whose attributes raise when inspected
        raise JamPluginLoadError(
            f"plugin {info.label} could not be registered: {type(err).__name__} while "
            "pluggy inspected its module"
        ) from err


def _collect(
    pm: pluggy.PluginManager, kind: Kind[RecordT], plugins: dict[str, PluginInfo]
) -> dict[str, Provided[RecordT]]:
    caller = getattr(pm.hook, kind.hook)
    providers: dict[str, list[Provided[RecordT]]] = {}
    for impl in caller.get_hookimpls():
        info = plugins[impl.plugin_name]
        _refuse_ordering(impl, info, kind)
        for record in _records(_call_hook(impl, kind, info), kind, info):
            providers.setdefault(record.name, []).append(Provided(record, info))
    conflicts = {name: found for name, found in providers.items() if len(found) > 1}
    if conflicts:
        details = "; ".join(
            f"{excerpt(name)} by {', '.join(p.plugin.label for p in found)}"
            for name, found in sorted(conflicts.items())
        )
        raise JamPluginConflictError(
            f"{kind.noun} names registered more than once: {details}. Jam never picks one "
            "silently: uninstall one distribution, or add its plugin name to "
            "[jam.plugins] disable"
        )
    return {name: found[0] for name, found in providers.items()}


def _call_hook(impl: Any, kind: Kind[Any], info: PluginInfo) -> list[Any]:
    """Call one hook implementation and drain what it returns into a list.

    A hook that is a generator runs only while it is iterated, so draining
    happens here too: whatever it raises at any point becomes a typed error.
    """
    try:
        result = impl.function()
        if result is None:
            return []
        if isinstance(result, kind.record_type) or not isinstance(result, Iterable):
            raise JamPluginRegistrationError(
                f"plugin {info.label}: {kind.hook}() must return an iterable of "
                f"{kind.record_type.__name__}, got {type(result).__name__}"
            )
        return list(result)
    except JamError:
        raise
    except (Exception, SystemExit) as err:
        raise JamPluginLoadError(
            f"plugin {info.label} raised in {kind.hook}(): {type(err).__name__}: "
            f"{excerpt(str(err), 200)}"
        ) from err


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


def _records(result: list[Any], kind: Kind[RecordT], info: PluginInfo) -> list[RecordT]:
    records: list[RecordT] = []
    for record in result:
        if not isinstance(record, kind.record_type):
            raise JamPluginRegistrationError(
                f"plugin {info.label}: {kind.hook}() returned a {type(record).__name__}; "
                f"expected {kind.record_type.__name__}"
            )
        if not isinstance(record.name, str) or not record.name.strip():
            raise JamPluginRegistrationError(
                f"plugin {info.label}: a {kind.noun} record has an empty name"
            )
        version = record.api_version
        if version not in SUPPORTED_API_VERSIONS:
            shown = version if type(version) is int else excerpt(version)
            raise JamPluginApiVersionError(
                f"plugin {info.label}: {kind.noun} {excerpt(record.name)} declares api_version "
                f"{shown}, but jam-auth {__version__} supports {sorted(SUPPORTED_API_VERSIONS)}; "
                f"upgrade jam-auth or install a version of {info.distribution} built for it"
            )
        _check_record(record, kind, info)
        records.append(record)
    return records


def _check_record(record: Any, kind: Kind[Any], info: PluginInfo) -> None:
    if isinstance(record, AlgorithmRecord) and record.name.lower() == "none":
        raise JamPluginRegistrationError(
            f"plugin {info.label} tried to register the 'none' algorithm; Jam refuses "
            "unsecured tokens"
        )
    if isinstance(record, SessionStoreRecord | TokenListRecord) and (
        record.factory is None and record.async_factory is None
    ):
        raise JamPluginRegistrationError(
            f"plugin {info.label}: {excerpt(record.name)} has neither factory nor async_factory"
        )
    options = getattr(record, "options", None)
    if options is not None:
        _check_options_model(options, f"{kind.noun} {excerpt(record.name)}", info)


def _check_options_model(options: Any, what: str, info: PluginInfo) -> None:
    """Refuse an options model that would accept (and silently ignore) unknown keys."""
    if not (isinstance(options, type) and issubclass(options, BaseModel)):
        raise JamPluginRegistrationError(
            f"plugin {info.label}: the options of {what} must be a pydantic model class "
            f"(derive it from jam.config.Section), got {type(options).__name__}"
        )
    if options.model_config.get("extra") != "forbid":
        raise JamPluginRegistrationError(
            f"plugin {info.label}: the options model {options.__name__} of {what} does not "
            "refuse unknown keys, so a misspelt option would be ignored silently. Derive it "
            "from jam.config.Section, or set model_config = ConfigDict(extra='forbid')"
        )
