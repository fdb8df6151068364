"""The JWT part of the facade: ``jwt_*`` methods and their jamlib-era aliases."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from jam._facade._base import JamBase, deprecated

if TYPE_CHECKING:
    from jam.jwt import JWTEngine
    from jam.protocols import TokenList

__all__ = ["JWTMixin", "PayloadMixin"]


class _MakesPayloads(Protocol):
    def make_payload(self, exp: int | None, data: Mapping[str, Any]) -> dict[str, Any]: ...


class PayloadMixin(JamBase):
    """JWT methods that never touch a backend, shared by :class:`jam.Jam` and ``jam.aio.Jam``."""

    def _jwt_engine(self, method: str) -> _MakesPayloads:
        raise NotImplementedError  # pragma: no cover  (each facade returns its engine)

    def jwt_make_payload(self, exp: int | None, data: Mapping[str, Any]) -> dict[str, Any]:
        """Return ``data`` with ``iat``, ``exp`` and a random ``jti`` added.

        Args:
            exp: Lifetime in seconds from now; ``None`` uses ``[jam.jwt] expire``.
            data: Your claims (``sub``, roles...). Must not set iat/exp/jti.

        Returns:
            A new dict ready for :meth:`jwt_create_token`.

        Raises:
            InvalidPayload: ``exp`` is not a positive integer, or ``data`` sets a
                claim this method sets.
            JamConfigError: No ``[jam.jwt]`` table.

        Example:
            >>> payload = jam.jwt_make_payload(exp=600, data={"sub": "42"})
        """
        return self._jwt_engine("jwt_make_payload").make_payload(exp, data)

    def make_payload(self, exp: int | None = None, **data: Any) -> dict[str, Any]:
        """Deprecated alias of :meth:`jwt_make_payload` (claims as keyword arguments)."""
        deprecated("make_payload", "jwt_make_payload")
        return self.jwt_make_payload(exp, data)


class JWTMixin(PayloadMixin):
    """``jwt_*`` methods, available when the configuration has a ``[jam.jwt]`` table."""

    _jwt: JWTEngine | None = None

    def _build(self) -> None:
        super()._build()
        settings = self.config.jwt
        if settings is None:
            return
        from jam._backends import build_token_list
        from jam.jwt import JWTEngine

        token_list = None
        if settings.token_list is not None:
            token_list = build_token_list(
                self.registry, settings.token_list.backend, settings.token_list, "jam.jwt.list"
            )
            self._closers.append(token_list.close)
        self._jwt = JWTEngine(settings, self.registry, token_list)

    def _jwt_engine(self, method: str) -> JWTEngine:
        if self._jwt is None:
            raise self._missing("jam.jwt", method)
        return self._jwt

    @property
    def jwt_list(self) -> TokenList | None:
        """The configured token-list backend (``[jam.jwt.list]``), or ``None``."""
        engine = self._jwt_engine("jwt_list")
        return engine.policy.backend if engine.policy is not None else None

    def jwt_create_token(self, payload: Mapping[str, Any]) -> str:
        """Sign ``payload`` and return a compact JWS (``header.payload.signature``).

        ``iss`` and ``aud`` are added from the configuration when absent. With a
        white list configured the token is added to it.

        Raises:
            EmptyPrivateKey: Only a public key is configured.
            InvalidPayload: The payload cannot be serialised as JSON.
            JamConfigError: No ``[jam.jwt]`` table.
        """
        return self._jwt_engine("jwt_create_token").create(payload)

    def jwt_verify_token(
        self, token: str | bytes, check_exp: bool = True, check_list: bool = True
    ) -> dict[str, Any]:
        """Verify a token and return its claims; raise on any failure.

        Checks the algorithm against the allowed set, the signature, ``exp``
        (when ``check_exp``), ``nbf``, ``iat``, ``iss`` and ``aud`` (when
        configured), with ``leeway``, and the token list (when ``check_list``
        and a list is configured).

        Raises:
            TokenError: A subclass naming the failure (``InvalidSignature``,
                ``TokenLifeTimeExpired``, ``TokenInBlackList``...). Every one is
                also a ``ValueError``.
            JamConfigError: No ``[jam.jwt]`` table.
        """
        return self._jwt_engine("jwt_verify_token").verify(token, check_exp, check_list)

    def jwt_revoke_token(self, token: str | bytes) -> None:
        """Revoke a token: black list adds it, white list removes it.

        The token's signature must verify; an expired token is accepted (and
        needs no entry, so nothing is stored).

        Raises:
            JamConfigError: No ``[jam.jwt.list]`` table.
            TokenError: The token does not verify.
        """
        self._jwt_engine("jwt_revoke_token").revoke(token)

    # -- jamlib-era aliases ------------------------------------------------------------------

    def gen_jwt_token(self, payload: Mapping[str, Any]) -> str:
        """Deprecated alias of :meth:`jwt_create_token`."""
        deprecated("gen_jwt_token", "jwt_create_token")
        return self.jwt_create_token(payload)

    def verify_jwt_token(
        self, token: str | bytes, check_exp: bool = True, check_list: bool = True
    ) -> dict[str, Any]:
        """Deprecated alias of :meth:`jwt_verify_token`."""
        deprecated("verify_jwt_token", "jwt_verify_token")
        return self.jwt_verify_token(token, check_exp, check_list)
