"""Black/white list semantics on top of any :class:`~jam.protocols.TokenList` backend.

The backend only stores ids. This module decides what an id is (``jti:<jti>``
or ``sha256:<hex of the token>``, never the raw token), how long it lives (the
token's remaining lifetime), and what "listed" means for each list type.
"""

from __future__ import annotations

import hashlib
import math
from typing import TYPE_CHECKING, Any, Literal

from jam.exceptions import TokenInBlackList, TokenNotInWhiteList

if TYPE_CHECKING:
    from jam.protocols import TokenList

__all__ = ["TokenListPolicy", "token_id"]

MAX_TTL = 2**31 - 1
"""Entries never live longer than this (about 68 years), whatever a token's ``exp`` says."""

MAX_JTI_LENGTH = 256
"""Longer ``jti`` values are hashed instead of stored."""


def token_id(claims: dict[str, Any], token: str) -> str:
    """Return the id a list stores for a token: its ``jti``, or a SHA-256 of the token."""
    jti = claims.get("jti")
    if isinstance(jti, str) and 0 < len(jti) <= MAX_JTI_LENGTH:
        return "jti:" + jti
    return "sha256:" + hashlib.sha256(token.encode("ascii")).hexdigest()


class TokenListPolicy:
    """Applies black or white semantics with a backend.

    Attributes:
        kind: ``"black"`` or ``"white"``.
        backend: The storage backend.
    """

    def __init__(
        self,
        kind: Literal["black", "white"],
        backend: TokenList,
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

    def check(self, claims: dict[str, Any], token: str) -> None:
        """Raise when the list rejects the token."""
        listed = self.backend.contains(token_id(claims, token))
        if self.kind == "black" and listed:
            raise TokenInBlackList("token has been revoked")
        if self.kind == "white" and not listed:
            raise TokenNotInWhiteList("token is not on the white list")

    def on_create(self, claims: dict[str, Any], token: str, now: float) -> None:
        """White list: remember a freshly issued token."""
        if self.kind == "white":
            ttl = self.ttl(claims, now)
            if ttl != 0:
                self.backend.add(token_id(claims, token), ttl)

    def revoke(self, claims: dict[str, Any], token: str, now: float) -> None:
        """Black list: add the token; white list: remove it."""
        ident = token_id(claims, token)
        if self.kind == "white":
            self.backend.remove(ident)
            return
        ttl = self.ttl(claims, now)
        if ttl != 0:
            self.backend.add(ident, ttl)
