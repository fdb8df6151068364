"""Black/white list semantics on top of any token-list backend, sync or asyncio.

The backend only stores ids. This module decides what an id is (``jti:<jti>``
or ``sha256:<hex of the token>``, never the raw token), how long it lives (the
token's remaining lifetime), and what "listed" means for each list type.
:class:`TokenListPolicy` drives a :class:`~jam.protocols.TokenList` (used by
:class:`jam.Jam`); :class:`AsyncTokenListPolicy` drives an
:class:`~jam.protocols.AsyncTokenList` (used by :class:`jam.aio.Jam`). Both
share every rule through :class:`ListRules`; only the awaiting differs.
"""

from __future__ import annotations

import hashlib
import math
from typing import Any, Generic, Literal, TypeVar

from jam.exceptions import TokenInBlackList, TokenNotInWhiteList
from jam.protocols import AsyncTokenList, TokenList

__all__ = ["AsyncTokenListPolicy", "ListRules", "TokenListPolicy", "token_id"]

MAX_TTL = 2**31 - 1
"""Entries never live longer than this (about 68 years), whatever a token's ``exp`` says."""

MAX_JTI_LENGTH = 256
"""Longer ``jti`` values are hashed instead of stored."""

BackendT = TypeVar("BackendT")


def token_id(claims: dict[str, Any], token: str) -> str:
    """Return the id a list stores for a token: its ``jti``, or a SHA-256 of the token."""
    jti = claims.get("jti")
    if isinstance(jti, str) and 0 < len(jti) <= MAX_JTI_LENGTH:
        return "jti:" + jti
    return "sha256:" + hashlib.sha256(token.encode("ascii")).hexdigest()


class ListRules(Generic[BackendT]):
    """What a black or white list stores and decides, independent of how the backend is called.

    Attributes:
        kind: ``"black"`` or ``"white"``.
        backend: The storage backend.
    """

    def __init__(
        self,
        kind: Literal["black", "white"],
        backend: BackendT,
        entry_ttl: int | None,
        leeway: int,
    ) -> None:
        """Wrap ``backend`` with ``kind`` semantics."""
        self.kind = kind
        self.backend = backend
        self._entry_ttl = entry_ttl
        self._leeway = leeway

    def ttl(self, claims: dict[str, Any], now: float) -> int | None:
        """Seconds an entry must live: until the token expires (plus leeway)."""
        exp = claims.get("exp")
        if isinstance(exp, int | float) and not isinstance(exp, bool):
            try:
                return min(MAX_TTL, max(0, math.ceil(float(exp) + self._leeway - now)))
            except (OverflowError, ValueError):  # absurd exp (1e400, 10**400): keep the default
                pass
        return self._entry_ttl

    def judge(self, listed: bool) -> None:
        """Raise when a token that is (or is not) ``listed`` must be rejected."""
        if self.kind == "black" and listed:
            raise TokenInBlackList("token has been revoked")
        if self.kind == "white" and not listed:
            raise TokenNotInWhiteList("token is not on the white list")

    def entry(
        self, claims: dict[str, Any], token: str, now: float
    ) -> tuple[str, int | None] | None:
        """Return the ``(id, ttl)`` to store for a token, or ``None`` once it has expired."""
        ttl = self.ttl(claims, now)
        return None if ttl == 0 else (token_id(claims, token), ttl)


class TokenListPolicy(ListRules[TokenList]):
    """Applies black or white semantics with a synchronous backend."""

    def check(self, claims: dict[str, Any], token: str) -> None:
        """Raise when the list rejects the token."""
        self.judge(self.backend.contains(token_id(claims, token)))

    def on_create(self, claims: dict[str, Any], token: str, now: float) -> None:
        """White list: remember a freshly issued token."""
        if self.kind == "white" and (entry := self.entry(claims, token, now)) is not None:
            self.backend.add(*entry)

    def revoke(self, claims: dict[str, Any], token: str, now: float) -> None:
        """Black list: add the token; white list: remove it."""
        if self.kind == "white":
            self.backend.remove(token_id(claims, token))
        elif (entry := self.entry(claims, token, now)) is not None:
            self.backend.add(*entry)


class AsyncTokenListPolicy(ListRules[AsyncTokenList]):
    """Applies black or white semantics with an asyncio backend (same rules, awaited)."""

    async def check(self, claims: dict[str, Any], token: str) -> None:
        """Raise when the list rejects the token."""
        self.judge(await self.backend.contains(token_id(claims, token)))

    async def on_create(self, claims: dict[str, Any], token: str, now: float) -> None:
        """White list: remember a freshly issued token."""
        if self.kind == "white" and (entry := self.entry(claims, token, now)) is not None:
            await self.backend.add(*entry)

    async def revoke(self, claims: dict[str, Any], token: str, now: float) -> None:
        """Black list: add the token; white list: remove it."""
        if self.kind == "white":
            await self.backend.remove(token_id(claims, token))
        elif (entry := self.entry(claims, token, now)) is not None:
            await self.backend.add(*entry)
