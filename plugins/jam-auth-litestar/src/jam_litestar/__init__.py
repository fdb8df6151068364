"""Jam for Litestar.

:class:`JamPlugin` installs a middleware that authenticates every request
from a JWT (``Authorization: Bearer`` or a cookie) or a Jam session cookie on
the asyncio facade :class:`jam.aio.Jam`; guards answer per RFC 6750
(:func:`requires_auth`, :func:`requires_scopes`); the dependencies
``jam_user``, ``jam_optional_user`` and ``jam_session`` give handlers the user
and a session handle (log in under a new id, log out, sign out everywhere).
See ``docs/integrations/litestar.md``.

Example:
    >>> import jam.aio
    >>> from litestar import Litestar
    >>> auth = jam.aio.Jam(config="pyproject.toml")  # your [tool.jam] configuration
    >>> app = Litestar(plugins=[JamPlugin(auth)])
"""

from __future__ import annotations

from jam.web import (
    DEFAULT_COOKIE_NAME,
    AnonymousUser,
    CookiePolicy,
    Failure,
    JamUser,
    Refusal,
    SessionView,
    TokenSource,
)
from jam.web import AsyncSessionHandle as SessionHandle
from jam_litestar._guards import (
    current_user,
    optional_user,
    refuse,
    requires_auth,
    requires_scopes,
    session_of,
    user_of,
)
from jam_litestar._middleware import JamMiddleware
from jam_litestar._plugin import JamPlugin

__all__ = [
    "DEFAULT_COOKIE_NAME",
    "AnonymousUser",
    "CookiePolicy",
    "Failure",
    "JamMiddleware",
    "JamPlugin",
    "JamUser",
    "Refusal",
    "SessionHandle",
    "SessionView",
    "TokenSource",
    "current_user",
    "optional_user",
    "refuse",
    "requires_auth",
    "requires_scopes",
    "session_of",
    "user_of",
]
