"""jamlib's ``auth.jwt.list``: add, check and delete a token by the token itself. Deprecated.

jamlib had no revoke method on its facade; its users wrote
``jam.jwt.list.add(token)``. These three methods keep that code working on
Jam's own list, sync and asyncio alike (on `jam.aio.Jam` they return
awaitables), with a ``DeprecationWarning`` pointing to the facade method.
Unlike jamlib, the token's signature must verify first: a forged token can
never be admitted to a white list.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jam.jwt._base import JWTEngineBase

__all__ = ["LegacyTokenList"]


def _warn(old: str, new: str) -> None:
    warnings.warn(
        f"auth.jwt.list.{old}(token) is deprecated (jamlib); use {new}",
        DeprecationWarning,
        stacklevel=3,
    )


class LegacyTokenList:
    """``add`` / ``check`` / ``delete`` by token, over the engine's black or white list."""

    def __init__(self, engine: JWTEngineBase[Any]) -> None:
        """Wrap ``engine`` (its ``[jam.jwt.list]`` is used when a method is called)."""
        self._engine = engine

    def add(self, token: str | bytes) -> Any:
        """Put ``token`` on the list: revoke it (black list) or admit it (white list).

        Raises:
            JamConfigError: No ``[jam.jwt.list]`` is configured.
            TokenError: The token does not verify.
        """
        _warn("add", "Jam.jwt_revoke_token(token), or auth.jwt.admit(token) on a white list")
        engine: Any = self._engine
        black = engine._require_list("add").rules.kind == "black"
        return engine.revoke(token) if black else engine.admit(token)

    def check(self, token: str | bytes) -> Any:
        """Return True when ``token`` is on the list (an awaitable on ``jam.aio.Jam``).

        Raises:
            JamConfigError: No ``[jam.jwt.list]`` is configured.
            TokenError: The token does not verify.
        """
        _warn("check", "Jam.jwt_verify_token(token), or auth.jwt.is_listed(token)")
        engine: Any = self._engine
        return engine.is_listed(token)

    def delete(self, token: str | bytes) -> Any:
        """Take ``token`` off the list: admit it again (black list) or revoke it (white list).

        Raises:
            JamConfigError: No ``[jam.jwt.list]`` is configured.
            TokenError: The token does not verify.
        """
        _warn("delete", "auth.jwt.admit(token), or Jam.jwt_revoke_token(token) on a white list")
        engine: Any = self._engine
        black = engine._require_list("delete").rules.kind == "black"
        return engine.admit(token) if black else engine.revoke(token)
