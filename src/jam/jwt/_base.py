"""What the synchronous and asyncio JWT engines share: the core, the list, the pure methods.

The two drivers (`jam.jwt._engine`, `jam.jwt._async_engine`)
subclass `JWTEngineBase` and add only the methods that touch the token
list; everything here is pure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from jam.exceptions import JamConfigError
from jam.jwt._legacy import LegacyTokenList
from jam.jwt._lists import ListRules, token_id

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jam.jwt._core import JWTCore
    from jam.jwt._keyring import KeyRing

__all__ = ["JWTEngineBase", "Listing"]

BackendT = TypeVar("BackendT")


class Listing(NamedTuple, Generic[BackendT]):
    """A token list: its rules and its backend."""

    rules: ListRules
    """Black/white semantics, ids and lifetimes."""
    backend: BackendT
    """The token-list plugin instance (sync or asyncio)."""


class JWTEngineBase(Generic[BackendT]):
    """The state and the pure methods of a JWT engine.

    Attributes:
        core: Keys, claims and the JWS codec (`JWTCore`).
        listing: The token list (rules and backend), or ``None`` without ``[jam.jwt.list]``.
    """

    def __init__(self, core: JWTCore, listing: Listing[BackendT] | None) -> None:
        """Drive ``core`` with an optional ``listing``."""
        self.core = core
        self.listing = listing

    @property
    def keyring(self) -> KeyRing:
        """Every configured key, loaded once (the core's)."""
        return self.core.keyring

    @property
    def list(self) -> LegacyTokenList:
        """Jamlib's ``jam.jwt.list``: ``add``/``check``/``delete`` by token (deprecated).

        Use `jam.Jam.jwt_revoke_token`, `admit` and `is_listed`.
        """
        return LegacyTokenList(self)

    @property
    def backend(self) -> BackendT | None:
        """The token-list backend (``[jam.jwt.list]``), or ``None``."""
        return None if self.listing is None else self.listing.backend

    def make_payload(self, exp: int | None, data: Mapping[str, Any]) -> dict[str, Any]:
        """See `jam.jwt.JWTCore.make_payload` (pure: never touches the list)."""
        return self.core.make_payload(exp, data)

    def token_id(self, token: str | bytes) -> str:
        """Return the id a list stores for ``token`` (after verifying its signature).

        Raises:
            TokenError: The token does not verify (it may be expired).
        """
        claims, signing_input = self.core.verified(token, check_exp=False)
        return token_id(claims, signing_input)

    def _require_list(self, method: str) -> Listing[BackendT]:
        if self.listing is None:
            raise JamConfigError(f"{method}() needs a [jam.jwt.list] table")
        return self.listing
