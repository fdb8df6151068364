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

    from jam.config import Section
    from jam.plugins._manager import Registry
    from jam.plugins.records import SessionStoreRecord, TokenListRecord

__all__ = ["backend_options", "build_session_store", "build_token_list"]


def backend_options(
    record: TokenListRecord | SessionStoreRecord, section: Section, where: str
) -> BaseModel | None:
    """Validate the backend-specific keys of ``section`` with the record's options model.

    Args:
        record: The selected backend.
        section: The kernel's validated table; its extras are the backend's keys.
        where: Dotted path of the table, for messages (``"jam.session"``).

    Raises:
        JamConfigError: A key is unknown to both the kernel and the backend, or invalid.
    """
    extras = dict(section.model_extra or {})
    kernel_keys = known_keys(type(section))
    if record.options is None:
        if extras:
            raise JamConfigError(
                f"{where}: unknown key(s) {', '.join(sorted(extras))}; backend "
                f"{record.name!r} takes no options (kernel keys: {', '.join(kernel_keys)})"
            )
        return None
    return validate_section(record.options, extras, where, extra_keys=kernel_keys)


def build_token_list(
    registry: Registry, name: str, section: Section, where: str, *, asynchronous: bool = False
) -> Any:
    """Return a sync (or async) token list named ``name``, configured from ``section``.

    Raises:
        JamPluginNotFoundError: No backend of that name is registered.
        JamConfigError: Bad options, or the backend has no sync/async flavour.
    """
    record = registry.token_list(name)
    return _build(record, "token list", section, where, asynchronous=asynchronous)


def build_session_store(
    registry: Registry, name: str, section: Section, where: str, *, asynchronous: bool = False
) -> Any:
    """Return a sync (or async) session store named ``name``, configured from ``section``.

    Raises:
        JamPluginNotFoundError: No backend of that name is registered.
        JamConfigError: Bad options, or the backend has no sync/async flavour.
    """
    record = registry.session_store(name)
    return _build(record, "session store", section, where, asynchronous=asynchronous)


def _build(
    record: TokenListRecord | SessionStoreRecord,
    noun: str,
    section: Section,
    where: str,
    *,
    asynchronous: bool,
) -> Any:
    options = backend_options(record, section, where)
    factory = record.async_factory if asynchronous else record.factory
    if factory is None:
        flavour = "asyncio" if asynchronous else "synchronous"
        raise JamConfigError(f"{where}: {noun} {record.name!r} has no {flavour} implementation")
    return factory(options)
