"""The ``jwt_*`` methods of both facades, written once.

Each method delegates to ``self.jwt``: a `jam.jwt.JWTEngine` on
`jam.Jam`, an `jam.jwt.AsyncJWTEngine` on `jam.aio.Jam`,
whose list-touching methods return awaitables. ``jwt_make_payload`` never
touches a backend; on `jam.aio.Jam` its dict can also be awaited,
as jamlib's asyncio facade made it a coroutine.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from typing import TYPE_CHECKING, Any, overload

from jam._facade._core import (
    AsyncMode,
    FacadeCore,
    ModeT,
    SyncMode,
    deprecated_alias,
    warn_deprecated,
)

if TYPE_CHECKING:
    from jam._awaitables import ReadyDict
    from jam.jwt import AsyncJWTEngine, JWTEngine
    from jam.protocols import AsyncTokenList, TokenList

__all__ = ["JWTMethods"]

Claims = dict[str, Any]


class JWTMethods(FacadeCore[ModeT]):
    """``jwt_*`` methods, available when the configuration has a ``[jam.jwt]`` table."""

    jwt: JWTEngine | AsyncJWTEngine | None
    """The JWT engine (``[jam.jwt]``), or ``None``."""

    def _jwt(self, method: str) -> Any:
        engine = self.jwt
        if engine is None:
            raise self._missing("jam.jwt", method)
        return engine

    def _ready_dict(self, value: dict[str, Any]) -> Any:
        """The facade's way to return a computed dict (awaitable too on ``jam.aio.Jam``)."""
        return value

    @property
    def jwt_list(self) -> TokenList | AsyncTokenList | None:
        """The configured token-list backend (``[jam.jwt.list]``), or ``None``."""
        return self._jwt("jwt_list").backend  # type: ignore[no-any-return]

    @overload
    def jwt_make_payload(
        self: JWTMethods[SyncMode], exp: int | None, data: Mapping[str, Any]
    ) -> Claims: ...
    @overload
    def jwt_make_payload(
        self: JWTMethods[AsyncMode], exp: int | None, data: Mapping[str, Any]
    ) -> ReadyDict: ...
    def jwt_make_payload(self, exp: int | None, data: Mapping[str, Any]) -> Any:
        """Return ``data`` with ``iat``, ``exp`` and a random ``jti`` added.

        Never touches a backend. On `jam.aio.Jam` the dict may also be
        awaited (``await`` returns it), as jamlib's asyncio facade required.

        Args:
            exp: Lifetime in seconds from now; ``None`` uses ``[jam.jwt] expire``.
            data: Your claims (``sub``, roles...). Must not set iat/exp/jti.

        Returns:
            A new dict ready for `jwt_create_token`.

        Raises:
            InvalidPayload: ``exp`` is not a positive integer, ``data`` is not a
                mapping, or it sets a claim this method sets.
            JamConfigError: No ``[jam.jwt]`` table.

        Example:
            >>> payload = jam.jwt_make_payload(exp=600, data={"sub": "42"})
        """
        return self._ready_dict(self._jwt("jwt_make_payload").make_payload(exp, data))

    @overload
    def jwt_create_token(self: JWTMethods[SyncMode], payload: Mapping[str, Any]) -> str: ...
    @overload
    def jwt_create_token(
        self: JWTMethods[AsyncMode], payload: Mapping[str, Any]
    ) -> Awaitable[str]: ...
    def jwt_create_token(self, payload: Mapping[str, Any]) -> Any:
        """Sign ``payload`` and return a compact JWS (``header.payload.signature``).

        ``iss`` and ``aud`` are added from the configuration when absent. With a
        white list configured the token is added to it.

        Raises:
            EmptyPrivateKey: Only a public key is configured.
            InvalidPayload: The payload cannot be serialised as JSON.
            BackendError: The white list failed (no token is returned).
            JamConfigError: No ``[jam.jwt]`` table.
        """
        return self._jwt("jwt_create_token").create(payload)

    @overload
    def jwt_verify_token(
        self: JWTMethods[SyncMode],
        token: str | bytes,
        check_exp: bool = True,
        check_list: bool = True,
    ) -> Claims: ...
    @overload
    def jwt_verify_token(
        self: JWTMethods[AsyncMode],
        token: str | bytes,
        check_exp: bool = True,
        check_list: bool = True,
    ) -> Awaitable[Claims]: ...
    def jwt_verify_token(
        self, token: str | bytes, check_exp: bool = True, check_list: bool = True
    ) -> Any:
        """Verify a token and return its claims; raise on any failure.

        Checks the algorithm against the allowed set, the signature, ``exp``
        (when ``check_exp``), ``nbf``, ``iat``, ``iss`` and ``aud`` (when
        configured), with ``leeway``, and the token list (when ``check_list``
        and a list is configured). With a list consulted, a token that
        expired longer ago than the list remembers revocations
        (``revocation_grace``) is refused even with ``check_exp=False``.

        Raises:
            TokenError: A subclass naming the failure (``InvalidSignature``,
                ``TokenLifeTimeExpired``, ``TokenInBlackList``...). Every one is
                also a ``ValueError``.
            BackendError: The list could not be consulted (never reported as valid).
            JamConfigError: No ``[jam.jwt]`` table.
        """
        return self._jwt("jwt_verify_token").verify(token, check_exp, check_list)

    @overload
    def jwt_revoke_token(self: JWTMethods[SyncMode], token: str | bytes) -> None: ...
    @overload
    def jwt_revoke_token(self: JWTMethods[AsyncMode], token: str | bytes) -> Awaitable[None]: ...
    def jwt_revoke_token(self, token: str | bytes) -> Any:
        """Revoke a token: a black list adds it, a white list removes it.

        The token's signature must verify; it may already be expired (within
        ``revocation_grace`` an entry is still stored; past it, no list-checked
        verification accepts the token any more, so none is needed).

        Raises:
            JamConfigError: No ``[jam.jwt]`` or no ``[jam.jwt.list]`` table.
            TokenError: The token does not verify.
            BackendError: The list failed.
        """
        return self._jwt("jwt_revoke_token").revoke(token)

    @overload
    def jwt_revoke_id(self: JWTMethods[SyncMode], jti: str, exp: float | None = None) -> None: ...
    @overload
    def jwt_revoke_id(
        self: JWTMethods[AsyncMode], jti: str, exp: float | None = None
    ) -> Awaitable[None]: ...
    def jwt_revoke_id(self, jti: str, exp: float | None = None) -> Any:
        """Revoke a token by its ``jti``, for applications that keep ids rather than tokens.

        A black list adds ``jti:<jti>`` (living until ``exp`` plus leeway and
        ``revocation_grace``, or ``entry_ttl`` when ``exp`` is ``None``); a
        white list removes it. Nothing is verified: only revoke ids you issued.

        Raises:
            JamConfigError: No ``[jam.jwt]`` or no ``[jam.jwt.list]`` table.
            InvalidPayload: ``jti`` is not 1 to 256 printable ASCII characters.
            BackendError: The list failed.
        """
        return self._jwt("jwt_revoke_id").revoke_id(jti, exp)

    # -- jamlib-era aliases ------------------------------------------------------------------

    gen_jwt_token = deprecated_alias(jwt_create_token, "gen_jwt_token")
    verify_jwt_token = deprecated_alias(jwt_verify_token, "verify_jwt_token")

    @overload
    def make_payload(self: JWTMethods[SyncMode], exp: int | None = None, **data: Any) -> Claims: ...
    @overload
    def make_payload(
        self: JWTMethods[AsyncMode], exp: int | None = None, **data: Any
    ) -> ReadyDict: ...
    def make_payload(self, exp: int | None = None, **data: Any) -> Any:
        """Deprecated alias of `jwt_make_payload`, with claims as keyword arguments."""
        warn_deprecated("make_payload", "jwt_make_payload")
        return self.jwt_make_payload(exp, data)
