"""``JWTBackend``: authenticate a request by a JWT, from ``Authorization: Bearer`` or a cookie.

Verification is Jam's (``await jam.jwt_verify_token(token)``: signature,
pinned algorithms, ``exp``/``nbf``/``iss``/``aud``, black or white list). The
backend only finds the token and maps the outcome: verified with a ``sub``
claim is a `JamUser`; anything else is an `AnonymousUser`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from jam.exceptions import BackendError, TokenError
from jam.web import (
    AnonymousUser,
    Bearer,
    Failure,
    JamUser,
    TokenSource,
    find_token,
    from_claims,
    from_token_error,
    presented_failure,
)
from jam_starlette._asgi import header_values
from jam_starlette._base import JamBackend, require_async_jam

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
        self.tokens = TokenSource(
            header=header,
            cookie_name=cookie_name,
            identity_claim=identity_claim,
            scope_claims=scope_claims,
        )

    @property
    def cookie_name(self) -> str | None:
        """The cookie the token is also read from (``None``: header only)."""
        return self.tokens.cookie_name

    async def identify(self, conn: HTTPConnection) -> JamUser | AnonymousUser:
        """Verify the request's token with Jam; see the class docstring.

        Where the token is and what Jam's answer means are `jam.web`'s
        judge, shared by every integration; this method only does the I/O.
        """
        scheme, found = find_token(
            self.tokens,
            header_values(conn.scope, b"authorization"),
            header_values(conn.scope, b"cookie") if self.tokens.cookie_name else (),
        )
        if not isinstance(found, Bearer):
            return presented_failure(scheme, found)
        try:
            claims = await self.jam.jwt_verify_token(found.value)
        except TokenError as err:
            logger.debug("JWT %s refused: %s", scheme, type(err).__name__)
            return from_token_error(err, scheme, found.value)
        except BackendError as err:
            logger.warning("JWT list unavailable, request left anonymous: %s", type(err).__name__)
            return AnonymousUser(Failure.UNAVAILABLE, scheme)
        return from_claims(self.tokens, claims, scheme)
