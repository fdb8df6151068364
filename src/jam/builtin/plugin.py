"""The ``builtin`` plugin: in-memory session store and token list.

Registered by the kernel itself (not through an entry point), through the
same hooks as any third-party plugin. Imports nothing heavy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jam.plugins import SessionStoreRecord, TokenListRecord, hookimpl

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["jam_register_session_stores", "jam_register_token_lists"]


@hookimpl
def jam_register_token_lists() -> Iterable[TokenListRecord]:
    """Register the ``memory`` token list."""
    from jam.builtin._memory_lists import (
        AsyncMemoryTokenList,
        MemoryListOptions,
        MemoryTokenList,
    )

    return [
        TokenListRecord(
            name="memory",
            options=MemoryListOptions,
            factory=MemoryTokenList,
            async_factory=AsyncMemoryTokenList,
            description="in-process dict; lost on restart, not shared between processes",
        )
    ]


@hookimpl
def jam_register_session_stores() -> Iterable[SessionStoreRecord]:
    """Register the ``memory`` session store."""
    from jam.builtin._memory_sessions import (
        AsyncMemorySessionStore,
        MemorySessionOptions,
        MemorySessionStore,
    )

    return [
        SessionStoreRecord(
            name="memory",
            options=MemorySessionOptions,
            factory=MemorySessionStore,
            async_factory=AsyncMemorySessionStore,
            description="in-process dict; lost on restart, not shared between processes",
        )
    ]
