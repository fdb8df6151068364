"""Build storage backends (token lists, session stores) from configuration tables.

A capability table mixes kernel keys (``type``, ``backend``, ``default_ttl``)
with the backend's own keys (``path``, ``redis_uri``). The kernel model keeps
the latter as extras; here they are validated by the backend plugin's options
model, so a typo in either kind of key is caught at construction with a
suggestion drawn from both.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jam.config._base import known_keys, validate_section
from jam.exceptions import JamConfigError

if TYPE_CHECKING:
    from pydantic import BaseModel

    from jam.plugins._manager import Registry
    from jam.plugins.records import SessionStoreRecord, TokenListRecord

__all__ = ["backend_options", "build_session_store", "build_token_list"]


def backend_options(
    record: TokenListRecord | SessionStoreRecord,
    extras: dict[str, Any],
    where: str,
    kernel_model: type[BaseModel],
) -> BaseModel | None:
    """Validate the backend-specific keys of a table with the record's options model.

    Raises:
        JamConfigError: A key is unknown to both the kernel and the backend, or invalid.
    """
    if record.options is None:
        if extras:
            raise JamConfigError(
                f"{where}: unknown key(s) {', '.join(sorted(extras))}; backend "
                f"{record.name!r} takes no options (kernel keys: "
                f"{', '.join(known_keys(kernel_model))})"
            )
        return None
    return validate_section(record.options, extras, where, extra_keys=known_keys(kernel_model))


def build_token_list(
    registry: Registry,
    name: str,
    extras: dict[str, Any],
    where: str,
    kernel_model: type[BaseModel],
    *,
    asynchronous: bool = False,
) -> Any:
    """Return a sync (or async) token list named ``name``, configured from ``extras``.

    Raises:
        JamPluginNotFoundError: No backend of that name is registered.
        JamConfigError: Bad options, or the backend has no sync/async flavour.
    """
    record = registry.token_list(name)
    return _build(record, "token list", extras, where, kernel_model, asynchronous=asynchronous)


def build_session_store(
    registry: Registry,
    name: str,
    extras: dict[str, Any],
    where: str,
    kernel_model: type[BaseModel],
    *,
    asynchronous: bool = False,
) -> Any:
    """Return a sync (or async) session store named ``name``, configured from ``extras``.

    Raises:
        JamPluginNotFoundError: No backend of that name is registered.
        JamConfigError: Bad options, or the backend has no sync/async flavour.
    """
    record = registry.session_store(name)
    return _build(record, "session store", extras, where, kernel_model, asynchronous=asynchronous)


def _build(
    record: TokenListRecord | SessionStoreRecord,
    noun: str,
    extras: dict[str, Any],
    where: str,
    kernel_model: type[BaseModel],
    *,
    asynchronous: bool,
) -> Any:
    options = backend_options(record, extras, where, kernel_model)
    factory = record.async_factory if asynchronous else record.factory
    if factory is None:
        flavour = "asyncio" if asynchronous else "synchronous"
        raise JamConfigError(f"{where}: {noun} {record.name!r} has no {flavour} implementation")
    return factory(options)
