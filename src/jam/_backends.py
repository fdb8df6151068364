"""Build storage backends (token lists, session stores) from configuration tables.

A capability table mixes kernel keys (``type``, ``backend``, ``default_ttl``)
with the backend's own keys (``path``, ``redis_uri``). The kernel model keeps
the latter apart, redacted (`jam.config.BackendKeys`); here they are
validated by the backend plugin's options model, so a typo in either kind of
key is caught at construction with a suggestion drawn from both. What the
plugin's factory returns is then checked against its Protocol
(`jam.plugins._conformance.check_conforms`), so a broken plugin fails
when `jam.Jam` is built, not at the first request.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from jam._text import excerpt
from jam.config._backend_keys import BackendTable
from jam.config._base import known_keys, show_key, validate_section
from jam.exceptions import JamConfigError, JamError
from jam.plugins._conformance import call_factory, check_conforms
from jam.plugins._manager import SESSION_STORES, TOKEN_LISTS, Kind
from jam.protocols import AsyncSessionStore, AsyncTokenList, SessionStore, TokenList

if TYPE_CHECKING:
    from pydantic import BaseModel

    from jam.config import Section
    from jam.plugins._manager import Registry
    from jam.plugins.records import SessionStoreRecord, TokenListRecord

__all__ = ["backend_options", "build_session_store", "build_token_list"]

logger = logging.getLogger("jam")


def backend_options(
    record: TokenListRecord | SessionStoreRecord, section: Section, where: str
) -> BaseModel | None:
    """Validate the backend-specific keys of ``section`` with the record's options model.

    Args:
        record: The selected backend.
        section: The kernel's validated table; its ``backend_keys`` are the backend's.
        where: Dotted path of the table, for messages (``"jam.session"``).

    Raises:
        JamConfigError: A key is unknown to both the kernel and the backend, or invalid.
    """
    keys = section.backend_keys.reveal() if isinstance(section, BackendTable) else {}
    kernel_keys = known_keys(type(section))
    if record.options is None:
        if keys:
            raise JamConfigError(
                f"{where}: unknown key(s) {', '.join(show_key(key) for key in sorted(keys))}; "
                f"backend {excerpt(record.name)} takes no options "
                f"(kernel keys: {', '.join(kernel_keys)})"
            )
        return None
    return validate_section(record.options, keys, where, extra_keys=kernel_keys)


def build_token_list(
    registry: Registry, name: str, section: Section, where: str, *, asynchronous: bool = False
) -> Any:
    """Return a sync (or async) token list named ``name``, configured from ``section``.

    Raises:
        JamPluginNotFoundError: No backend of that name is registered.
        JamConfigError: Bad options, or the backend has no sync/async flavour.
        JamPluginError: The plugin's factory failed or returned something that is
            not a `TokenList` (or ``AsyncTokenList``).
    """
    protocol = AsyncTokenList if asynchronous else TokenList
    return _build(registry, TOKEN_LISTS, name, protocol, section=section, where=where)


def build_session_store(
    registry: Registry, name: str, section: Section, where: str, *, asynchronous: bool = False
) -> Any:
    """Return a sync (or async) session store named ``name``, configured from ``section``.

    Raises:
        JamPluginNotFoundError: No backend of that name is registered.
        JamConfigError: Bad options, or the backend has no sync/async flavour.
        JamPluginError: The plugin's factory failed or returned something that is
            not a `SessionStore` (or ``AsyncSessionStore``).
    """
    protocol = AsyncSessionStore if asynchronous else SessionStore
    return _build(registry, SESSION_STORES, name, protocol, section=section, where=where)


def _build(
    registry: Registry, kind: Kind[Any], name: str, protocol: type, *, section: Section, where: str
) -> Any:
    asynchronous = protocol in (AsyncTokenList, AsyncSessionStore)
    provided = registry.provider(kind, name)
    record: TokenListRecord | SessionStoreRecord = provided.record
    options = backend_options(record, section, where)
    factory = record.async_factory if asynchronous else record.factory
    flavour = "asyncio" if asynchronous else "synchronous"
    if factory is None:
        raise JamConfigError(
            f"{where}: {kind.noun} {excerpt(record.name)} has no {flavour} implementation"
        )
    label = f"plugin {provided.plugin.label}: {flavour} {kind.noun} {excerpt(record.name)}"
    backend = call_factory(factory, (options,), label, provided.plugin)
    try:
        check_conforms(backend, protocol, label)
    except JamError:
        _close_quietly(backend)
        raise
    logger.debug(
        "built %s %s for [%s] (backend keys: %s)",
        flavour,
        kind.noun,
        where,
        ", ".join(show_key(key) for key in sorted(_keys(section))) or "none",
    )
    return backend


def _close_quietly(backend: Any) -> None:
    """Close a refused synchronous backend if it can be closed; never raise."""
    close = getattr(backend, "close", None)
    if close is None or not callable(close):
        return
    try:
        result = close()
    except Exception:  # the conformance error is the one to report
        return
    if hasattr(result, "close") and hasattr(result, "send"):
        result.close()  # a coroutine from an asyncio close(): never awaited, so discard it


def _keys(section: Section) -> tuple[str, ...]:
    return section.backend_keys.names if isinstance(section, BackendTable) else ()
