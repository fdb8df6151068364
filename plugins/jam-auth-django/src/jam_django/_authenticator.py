"""``Authenticator``: who a request is, on the synchronous facade ``jam.Jam``.

The framework layer hands in the request's raw ``Authorization`` and
``Cookie`` header values and its :class:`SessionHandle`; this driver asks Jam
(``jwt_verify_token``, ``session_get`` through the handle) and lets
:mod:`jam_django._judge` decide. It never raises for a bad credential or an
outage: the answer is an :class:`AnonymousUser` that says why.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from jam.exceptions import BackendError, TokenError
from jam_django._credentials import Bearer
from jam_django._judge import (
    TokenSource,
    find_token,
    from_claims,
    from_session,
    from_token_error,
    presented_failure,
)
from jam_django._users import AnonymousUser, Failure, JamUser

if TYPE_CHECKING:
    import jam
    from jam_django._session import SessionHandle

__all__ = ["Authenticator", "require_sync_jam"]

logger = logging.getLogger("jam_django")


def require_sync_jam(jam_: object) -> jam.Jam:
    """Return ``jam_`` if it is a synchronous :class:`jam.Jam`; refuse anything else.

    Raises:
        TypeError: ``jam_`` is not a :class:`jam.Jam` (the asyncio facade's
            methods return awaitables a synchronous framework cannot use).
    """
    import jam

    if not isinstance(jam_, jam.Jam):
        raise TypeError(
            f"jam_django needs the synchronous facade jam.Jam, got {type(jam_).__name__}: "
            "build it with `jam.Jam(config=..., pointer=...)`"
        )
    return jam_


class Authenticator:
    """Decide who a request is from its bearer token, token cookie or session cookie.

    The first credential the request presents decides, whether it is accepted
    or refused: a refused bearer token is never followed by the session cookie.

    Attributes:
        jam: The synchronous facade.
        tokens: Where JWTs are read (``None``: JWTs are not accepted).
        sessions: Whether the session cookie authenticates.
    """

    def __init__(self, jam: jam.Jam, *, tokens: TokenSource | None, sessions: bool) -> None:
        """Configure which credentials authenticate.

        Raises:
            TypeError: ``jam`` is not a :class:`jam.Jam`.
            ValueError: Neither JWTs nor sessions are accepted, or one is accepted
                that the facade's configuration has no table for.
        """
        self.jam = require_sync_jam(jam)
        if tokens is None and not sessions:
            raise ValueError("accept JWTs, sessions or both: nothing would authenticate")
        if tokens is not None and self.jam.jwt is None:
            raise ValueError("JWTs are accepted but the Jam configuration has no [jwt] table")
        if sessions and self.jam.sessions is None:
            raise ValueError(
                "sessions are accepted but the Jam configuration has no [session] table"
            )
        self.tokens = tokens
        self.sessions = sessions

    def _token_user(
        self, tokens: TokenSource, authorization: Sequence[str], cookies: Sequence[str]
    ) -> JamUser | AnonymousUser:
        scheme, found = find_token(tokens, authorization, cookies)
        if not isinstance(found, Bearer):
            return presented_failure(scheme, found)
        token = found.value
        try:
            claims = self.jam.jwt_verify_token(token)
        except TokenError as err:
            logger.debug("JWT %s refused: %s", scheme, type(err).__name__)
            return from_token_error(err, scheme, token)
        except BackendError as err:
            logger.warning("JWT list unavailable, request left anonymous: %s", type(err).__name__)
            return AnonymousUser(Failure.UNAVAILABLE, scheme)
        return from_claims(tokens, claims, scheme)

    def identify(
        self, authorization: Sequence[str], cookies: Sequence[str], session: SessionHandle | None
    ) -> JamUser | AnonymousUser:
        """Return who the request is.

        Args:
            authorization: Every ``Authorization`` header value of the request.
            cookies: Every ``Cookie`` header value of the request.
            session: The request's session handle (``None`` when sessions are off).
        """
        if self.tokens is not None:
            user = self._token_user(self.tokens, authorization, cookies)
            if isinstance(user, JamUser) or user.failure is not None:
                return user
        if not self.sessions or session is None:
            return AnonymousUser()
        try:
            view = session.load()
        except BackendError as err:
            logger.warning(
                "session store unavailable, request left anonymous: %s", type(err).__name__
            )
            return AnonymousUser(Failure.UNAVAILABLE, "cookie")
        return from_session(session.presented, view)
