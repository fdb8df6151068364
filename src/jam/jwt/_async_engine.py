"""The asyncio JWT engine behind :class:`jam.aio.Jam`: the sync engine plus an awaited list.

Signing, verification of signatures and claims, keys and header caches are
those of :class:`~jam.jwt.JWTEngine` (one instance, reused); only the
token-list step differs: it goes through an
:class:`~jam.jwt.AsyncTokenListPolicy` over an
:class:`~jam.protocols.AsyncTokenList`, so a list in SQLite or Redis never
blocks the event loop.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from jam.exceptions import JamConfigError
from jam.jwt._engine import JWTEngine
from jam.jwt._lists import AsyncTokenListPolicy

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jam.config import JWTSettings
    from jam.plugins._manager import Registry
    from jam.protocols import AsyncTokenList

__all__ = ["AsyncJWTEngine"]


class AsyncJWTEngine:
    """Create and verify JWTs for one configuration, with an asyncio token list.

    Attributes:
        core: The synchronous engine doing every CPU-bound step (it holds no list).
        policy: Black/white semantics over the async list, or ``None``.
    """

    def __init__(
        self, settings: JWTSettings, registry: Registry, token_list: AsyncTokenList | None
    ) -> None:
        """Load keys through :class:`~jam.jwt.JWTEngine` and wrap ``token_list``."""
        self.core = JWTEngine(settings, registry, None)
        self.policy: AsyncTokenListPolicy | None = None
        if token_list is not None and settings.token_list is not None:
            self.policy = AsyncTokenListPolicy(
                settings.token_list.type,
                token_list,
                settings.token_list.entry_ttl,
                settings.leeway,
            )

    def make_payload(self, exp: int | None, data: Mapping[str, Any]) -> dict[str, Any]:
        """See :meth:`jam.jwt.JWTEngine.make_payload` (pure CPU: not a coroutine)."""
        return self.core.make_payload(exp, data)

    async def create(self, payload: Mapping[str, Any]) -> str:
        """Sign ``payload`` and return a compact JWS; a white list remembers it.

        Raises:
            EmptyPrivateKey: No signing key is configured.
            InvalidPayload: The payload is not a JSON-serialisable mapping.
            BackendError: The white list failed (the token is not returned).
        """
        claims, token = self.core.sign(payload)
        if self.policy is not None:
            await self.policy.on_create(claims, token, time.time())
        return token

    async def verify(
        self, token: str | bytes, check_exp: bool = True, check_list: bool = True
    ) -> dict[str, Any]:
        """Verify signature, claims and (optionally) the list; return the claims.

        Raises:
            TokenError: A subclass naming exactly what failed.
            BackendError: The list could not be consulted (never reported as valid).
        """
        if not check_list or self.policy is None:
            return self.core.verify(token, check_exp, check_list=False)
        claims, text = self.core.verify_signed(token, check_exp)
        await self.policy.check(claims, text)
        return claims

    async def revoke(self, token: str | bytes) -> None:
        """Revoke a token: add it to a black list, or remove it from a white list.

        Raises:
            JamConfigError: No ``[jam.jwt.list]`` is configured.
            TokenError: The token does not verify (it may be expired).
            BackendError: The list failed.
        """
        if self.policy is None:
            raise JamConfigError("jwt_revoke_token needs a [jam.jwt.list] table")
        claims, text = self.core.verify_signed(token, check_exp=False)
        await self.policy.revoke(claims, text, time.time())

    async def close(self) -> None:
        """Close the token list, if any. Idempotent."""
        if self.policy is not None:
            await self.policy.backend.close()
