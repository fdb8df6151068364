"""The asyncio JWT driver behind `jam.aio.Jam`: the core plus one awaited list call.

The exact twin of `jam.jwt._engine` with ``await`` (``tests/test_twins.py``
keeps it so): signing and verification are the shared pure core's, so a token
list in SQLite or Redis never blocks the event loop and nothing is decided
twice. Every public coroutine returns a `Pending`,
which refuses ``bool()``.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from jam._awaitables import pending
from jam.exceptions import JamError
from jam.jwt._base import JWTEngineBase
from jam.protocols import AsyncTokenList

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jam.jwt._lists import Change

__all__ = ["AsyncJWTEngine"]


class AsyncJWTEngine(JWTEngineBase[AsyncTokenList]):
    """Create, verify and revoke JWTs, with an asyncio token list.

    Example:
        >>> engine = jam.jwt.build(settings, registry, asynchronous=True)
        >>> claims = await engine.verify(await engine.create({"sub": "42", "exp": 2**40}))
    """

    @pending
    async def create(self, payload: Mapping[str, Any]) -> str:
        """Sign ``payload`` and return a compact JWS; a white list remembers it.

        Raises:
            EmptyPrivateKey: No signing key is configured.
            InvalidPayload: The payload is not a JSON-serialisable mapping.
            BackendError: The white list failed (no token is returned).
        """
        claims, token = self.core.sign(payload)
        if self.listing is not None:
            signing_input = token.rpartition(".")[0]
            await self._apply(self.listing.rules.creation(claims, signing_input, time.time()))
        return token

    @pending
    async def verify(
        self, token: str | bytes, check_exp: bool = True, check_list: bool = True
    ) -> dict[str, Any]:
        """Verify signature, claims and (optionally) the list; return the claims.

        Raises:
            TokenError: A subclass naming exactly what failed.
            BackendError: The list could not be consulted (never reported as valid).
        """
        listing = self.listing
        if listing is None or not check_list:
            return self.core.verified(token, check_exp)[0]
        claims, signing_input = self.core.verified(token, check_exp)
        rules = listing.rules
        token_id = rules.lookup(claims, signing_input, check_exp)
        try:  # not a `with` block: this is the hot path, and try costs nothing
            listed = await listing.backend.contains(token_id)
        except JamError:
            raise
        except Exception as err:
            raise rules.on_contains.error(err) from err
        rules.judge(listed)
        return claims

    @pending
    async def revoke(self, token: str | bytes) -> None:
        """Revoke a token: a black list adds it, a white list removes it.

        Raises:
            JamConfigError: No ``[jam.jwt.list]`` is configured.
            TokenError: The token does not verify (it may be expired).
            BackendError: The list failed.
        """
        rules = self._require_list("jwt_revoke_token").rules
        claims, signing_input = self.core.verified(token, check_exp=False)
        await self._apply(rules.revocation(claims, signing_input, time.time()))

    @pending
    async def revoke_id(self, jti: str, exp: float | None = None) -> None:
        """Revoke a token by its ``jti`` (for applications that keep ids, not tokens).

        Args:
            jti: The token's ``jti`` claim.
            exp: The token's ``exp`` (sizes the entry), or ``None`` when unknown
                (the entry then lives ``entry_ttl``).

        Raises:
            JamConfigError: No ``[jam.jwt.list]`` is configured.
            InvalidPayload: ``jti`` is not an id a list keys tokens on.
            BackendError: The list failed.
        """
        rules = self._require_list("jwt_revoke_id").rules
        await self._apply(rules.revocation_of_id(jti, exp, time.time()))

    @pending
    async def admit(self, token: str | bytes) -> None:
        """Undo a revocation: a white list adds the token, a black list forgets it.

        Raises:
            JamConfigError: No ``[jam.jwt.list]`` is configured.
            TokenError: The token does not verify (it may be expired).
            BackendError: The list failed.
        """
        rules = self._require_list("admit").rules
        claims, signing_input = self.core.verified(token, check_exp=False)
        await self._apply(rules.admission(claims, signing_input, time.time()))

    @pending
    async def is_listed(self, token: str | bytes) -> bool:
        """Return True when the list holds ``token`` (whatever that means for its type).

        Raises:
            JamConfigError: No ``[jam.jwt.list]`` is configured.
            TokenError: The token does not verify (it may be expired).
            BackendError: The list failed.
        """
        listing = self._require_list("is_listed")
        token_id = self.token_id(token)
        with listing.rules.on_contains:
            listed = await listing.backend.contains(token_id)
        return listing.rules.answer(listed)

    @pending
    async def close(self) -> None:
        """Close the token list, if any. Idempotent."""
        if self.listing is not None:
            await self.listing.backend.close()

    async def _apply(self, change: Change) -> None:
        listing = self.listing
        assert listing is not None  # noqa: S101  (callers checked it; narrowing for mypy)
        removal, entry = change
        with listing.rules.on_write:
            if removal is not None:
                await listing.backend.remove(removal)
            if entry is not None:
                await listing.backend.add(*entry)
