"""``JWTBackend``: authenticate a request by a JWT, from ``Authorization: Bearer`` or a cookie.

Verification is Jam's (``await jam.jwt_verify_token(token)``: signature,
pinned algorithms, ``exp``/``nbf``/``iss``/``aud``, black or white list). The
backend only finds the token and maps the outcome: verified with a ``sub``
claim is a `JamUser`; anything else is an `AnonymousUser`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from jam.exceptions import BackendError, TokenError, TokenLifeTimeExpired
from jam_starlette._base import JamBackend, require_async_jam
from jam_starlette._credentials import (
    Absent,
    Ambiguous,
    Presented,
    bearer_token,
    cookie_value,
    header_values,
    is_token68,
)
from jam_starlette._users import AnonymousUser, Failure, JamUser, scopes_of

if TYPE_CHECKING:
    from starlette.requests import HTTPConnection

__all__ = ["JWTBackend"]

logger = logging.getLogger("jam_starlette")


class JWTBackend(JamBackend):
    """Authenticate requests by a JWT that Jam verifies.

    The token comes from the ``Authorization: Bearer`` header (RFC 6750
    section 2.1) and, when ``cookie_name`` is set, from that cookie if the
    request has no bearer header. A bearer header that is present but refused
    is final: the cookie is not tried instead.

    Example:
        >>> from starlette.applications import Starlette
        >>> from starlette.middleware import Middleware
        >>> from starlette.middleware.authentication import AuthenticationMiddleware
        >>> auth = jam.aio.Jam(config="pyproject.toml")
        >>> app = Starlette(middleware=[
        ...     Middleware(AuthenticationMiddleware, backend=JWTBackend(auth)),
        ... ])
    """

    def __init__(
        self,
        jam: object,
        *,
        cookie_name: str | None = None,
        header: bool = True,
        identity_claim: str = "sub",
        scope_claims: Sequence[str] = ("scope", "scp"),
    ) -> None:
        """Configure where tokens are read and which claims name the user.

        Args:
            jam: A `jam.aio.Jam` with a ``[jwt]`` table.
            cookie_name: Also read the token from this cookie (``None``: header only).
            header: Read ``Authorization: Bearer`` (turn off for cookie-only sites).
            identity_claim: The claim that names the user; a verified token
                without it (as a non-empty string) is refused.
            scope_claims: Claims holding scopes, first present wins: a
                space-delimited string (``scope``) or a list (``scp``).

        Raises:
            TypeError: ``jam`` is not a `jam.aio.Jam`.
            ValueError: Neither the header nor a cookie is enabled.
        """
        self.jam = require_async_jam(jam)
        if not header and not cookie_name:
            raise ValueError("JWTBackend needs header=True or a cookie_name: it would read nothing")
        self.cookie_name = cookie_name
        self.header = header
        self.identity_claim = identity_claim
        self.scope_claims = tuple(scope_claims)

    async def identify(  # noqa: PLR0911  (one return per outcome, in one frame: hot path)
        self, conn: HTTPConnection
    ) -> JamUser | AnonymousUser:
        """Verify the request's token with Jam; see the class docstring."""
        scheme: Literal["bearer", "cookie"] = "bearer"
        found: Presented = Absent()
        if self.header:
            found = bearer_token(header_values(conn.scope, b"authorization"))
        if isinstance(found, Absent) and self.cookie_name is not None:
            scheme = "cookie"
            found = cookie_value(header_values(conn.scope, b"cookie"), self.cookie_name)
        if isinstance(found, Absent):
            return AnonymousUser()
        if isinstance(found, Ambiguous):
            logger.debug("JWT %s refused: %s", scheme, found.why)
            return AnonymousUser(Failure.MALFORMED, scheme)
        try:
            claims = await self.jam.jwt_verify_token(found.value)
        except TokenLifeTimeExpired:
            return AnonymousUser(Failure.EXPIRED, scheme)
        except TokenError as err:
            logger.debug("JWT %s refused: %s", scheme, type(err).__name__)
            if scheme == "bearer" and not is_token68(found.value):
                return AnonymousUser(Failure.MALFORMED, scheme)
            return AnonymousUser(Failure.INVALID, scheme)
        except BackendError as err:
            logger.warning("JWT list unavailable, request left anonymous: %s", type(err).__name__)
            return AnonymousUser(Failure.UNAVAILABLE, scheme)
        identity = claims.get(self.identity_claim)
        if not isinstance(identity, str) or not identity:
            logger.debug("JWT %s refused: no %r claim", scheme, self.identity_claim)
            return AnonymousUser(Failure.INVALID, scheme)
        scopes: frozenset[str] = frozenset()
        for name in self.scope_claims:
            if name in claims:
                scopes = scopes_of(claims[name])
                break
        return JamUser(identity, scopes, claims, "jwt")
