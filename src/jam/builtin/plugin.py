"""The ``builtin`` plugin: HS256/384/512, the in-memory session store and token list.

Registered by the kernel itself (not through an entry point), through the
same hooks as any third-party plugin. Imports nothing heavy: each factory
imports its implementation, which needs the standard library only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jam.plugins import AlgorithmRecord, SessionStoreRecord, TokenListRecord, hookimpl

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from jam.protocols import SigningAlgorithm

__all__ = [
    "jam_register_algorithms",
    "jam_register_session_stores",
    "jam_register_token_lists",
]


def _hmac(name: str, digest: str) -> Callable[[], SigningAlgorithm]:
    def factory() -> SigningAlgorithm:
        from jam.builtin._hmac import HMACAlgorithm

        return HMACAlgorithm(name, digest)

    return factory


@hookimpl
def jam_register_algorithms() -> Iterable[AlgorithmRecord]:
    """Register HS256, HS384 and HS512 (RFC 7518 §3.2), which need only the standard library."""
    return [
        AlgorithmRecord(
            name=f"HS{bits}",
            factory=_hmac(f"HS{bits}", f"sha{bits}"),
            key_types=("oct",),
            description=f"HMAC with SHA-{bits}",
        )
        for bits in (256, 384, 512)
    ]


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
