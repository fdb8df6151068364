"""What every Jam authentication backend shares: the asyncio facade check and the result shape.

A backend decides who a request is (`JamBackend.identify`); Starlette's
``AuthenticationMiddleware`` asks `JamBackend.authenticate`, which never
raises for a bad credential: a refused credential is an `AnonymousUser`
that says why, so public routes keep working and protected routes answer 401.
"""

from __future__ import annotations

import abc
from typing import TYPE_CHECKING, cast

from starlette.authentication import AuthCredentials, AuthenticationBackend

from jam import web
from jam.web import AnonymousUser, JamUser

if TYPE_CHECKING:
    from starlette.authentication import BaseUser
    from starlette.requests import HTTPConnection

    from jam.aio import Jam as AsyncJam

__all__ = ["JamBackend", "require_async_jam"]

_AUTHENTICATED = ("authenticated",)


def require_async_jam(jam: object) -> AsyncJam:
    """Return ``jam`` if it is a `jam.aio.Jam`; refuse anything else.

    The synchronous `jam.Jam` would block the event loop on every
    request (SQLite, Redis), so it is refused at construction.

    Raises:
        TypeError: ``jam`` is not a `jam.aio.Jam`.
    """
    return web.require_async_jam(jam, "jam_starlette")


class JamBackend(AuthenticationBackend, abc.ABC):
    """Base of Jam's Starlette authentication backends."""

    @abc.abstractmethod
    async def identify(self, conn: HTTPConnection) -> JamUser | AnonymousUser:
        """Return who the request is.

        An `AnonymousUser` with ``failure=None`` means this backend
        found no credential of its kind (a `ChainBackend` then asks
        the next one); any other result is final.
        """

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser]:
        """Starlette's entry point: the user and its ``request.auth`` scopes.

        An authenticated user gets the scope ``"authenticated"`` (as Starlette's
        ``requires("authenticated")`` expects) plus its own; nobody else gets any.
        The users are `jam.web`'s, shared by every integration: they have
        the attributes Starlette reads of a ``BaseUser`` (``is_authenticated``,
        ``display_name``, ``identity``), which Starlette only duck-types.
        """
        user = await self.identify(conn)
        if isinstance(user, JamUser):
            scopes = ["authenticated", *sorted(user.scopes)] if user.scopes else _AUTHENTICATED
            return AuthCredentials(scopes), cast("BaseUser", user)
        return AuthCredentials(), cast("BaseUser", user)
