"""One-time use of accepted OTP codes, on top of any token-list backend.

Each accepted TOTP step (or HOTP counter) is stored under a key made of a
SHA-256 of the secret and the step number, never the secret or the code, and
claimed with the backend's atomic ``add_if_absent``: of two verifications
racing with the same code, exactly one wins, across processes when the
backend is shared (sqlite, redis).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jam.protocols import AsyncTokenList, TokenList

__all__ = ["ReplayGuard", "replay_key"]

_DOMAIN = b"jam-otp-replay\x00"


def replay_key(kind: str, key: bytes, counter: int) -> str:
    """Return the token-list id for ``counter`` accepted under ``key``.

    Example:
        >>> replay_key("totp", b"12345678901234567890", 1)[:9]
        'otp:totp:'
    """
    digest = hashlib.sha256(_DOMAIN + key).hexdigest()[:40]
    return f"otp:{kind}:{digest}:{counter}"


class ReplayGuard:
    """Claims accepted counters in a sync or async token list.

    Attributes:
        kind: ``"totp"`` or ``"hotp"``, part of every stored id.
        backend: The sync token list, or ``None`` when built for asyncio.
        async_backend: The async token list, or ``None``.
    """

    def __init__(
        self,
        kind: str,
        backend: TokenList | None = None,
        async_backend: AsyncTokenList | None = None,
    ) -> None:
        """Wrap exactly one of ``backend`` and ``async_backend``."""
        self.kind = kind
        self.backend = backend
        self.async_backend = async_backend

    def claim(self, key: bytes, counter: int, ttl: int | None) -> bool:
        """Return True when this call is the first to use ``counter`` for ``key``.

        Raises:
            jam.exceptions.BackendError: The backend failed (the code is not accepted).
            jam.exceptions.JamConfigError: The guard was built for asyncio only.
        """
        if self.backend is None:
            from jam.exceptions import JamConfigError

            raise JamConfigError(
                "OTP replay protection was built with an async backend; use the async methods"
            )
        return self.backend.add_if_absent(replay_key(self.kind, key, counter), ttl)

    async def aclaim(self, key: bytes, counter: int, ttl: int | None) -> bool:
        """Async twin of :meth:`claim` (uses the sync backend when that is all there is)."""
        if self.async_backend is None:
            return self.claim(key, counter, ttl)
        return await self.async_backend.add_if_absent(replay_key(self.kind, key, counter), ttl)

    def close(self) -> None:
        """Close the sync backend. Idempotent."""
        if self.backend is not None:
            self.backend.close()

    async def aclose(self) -> None:
        """Close whichever backend the guard holds. Idempotent."""
        if self.async_backend is not None:
            await self.async_backend.close()
        self.close()
