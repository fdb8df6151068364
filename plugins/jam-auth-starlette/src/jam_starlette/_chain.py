"""``ChainBackend``: several ways to authenticate, where the credential presented decides.

Backends are asked in order; the first one that finds a credential of its
kind decides, whether it accepts or refuses it. A refused credential is never
followed by a more lenient one: a request with a bad bearer token and a good
session cookie is anonymous.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jam.web import AnonymousUser, JamUser
from jam_starlette._base import JamBackend

if TYPE_CHECKING:
    from starlette.requests import HTTPConnection

__all__ = ["ChainBackend"]


class ChainBackend(JamBackend):
    """Ask Jam backends in order; the first credential found decides.

    Example:
        >>> backend = ChainBackend(JWTBackend(auth), SessionBackend(auth))
    """

    def __init__(self, *backends: JamBackend) -> None:
        """Chain ``backends`` (at least one).

        Raises:
            ValueError: No backend given.
            TypeError: A backend is not a Jam backend (its "no credential" cannot be told apart).
        """
        if not backends:
            raise ValueError("ChainBackend needs at least one backend")
        for backend in backends:
            if not isinstance(backend, JamBackend):
                raise TypeError(f"ChainBackend chains Jam backends only, got {backend!r}")
        self.backends = backends

    async def identify(self, conn: HTTPConnection) -> JamUser | AnonymousUser:
        """Return the first backend's answer that is not "no credential"."""
        for backend in self.backends:
            user = await backend.identify(conn)
            if isinstance(user, JamUser) or user.failure is not None:
                return user
        return AnonymousUser()
