"""Jam for Starlette and FastAPI.

Authentication backends for Starlette's ``AuthenticationMiddleware``
(:class:`JWTBackend`, :class:`SessionBackend`, :class:`ChainBackend`),
FastAPI dependencies that answer per RFC 6750 (:func:`current_user`,
:func:`require_scopes`), and a session-cookie middleware
(:class:`SessionMiddleware`, :func:`session_of`). Everything runs on the
asyncio facade :class:`jam.aio.Jam`. See ``docs/integrations/starlette.md``.

Example:
    >>> import jam.aio
    >>> from jam_starlette import JWTBackend
    >>> backend = JWTBackend(jam.aio.Jam(config={"jwt": {"secret_key": "k" * 32}}))
"""

from __future__ import annotations

from jam_starlette._base import JamBackend
from jam_starlette._chain import ChainBackend
from jam_starlette._challenge import Refusal, insufficient_scope, refusal
from jam_starlette._cookies import DEFAULT_COOKIE_NAME, CookiePolicy
from jam_starlette._dependencies import current_user, optional_user, require_scopes
from jam_starlette._document import SessionView
from jam_starlette._jwt_backend import JWTBackend
from jam_starlette._middleware import SessionMiddleware
from jam_starlette._session import SessionHandle, session_of
from jam_starlette._session_backend import SessionBackend
from jam_starlette._users import AnonymousUser, Failure, JamUser

__all__ = [
    "DEFAULT_COOKIE_NAME",
    "AnonymousUser",
    "ChainBackend",
    "CookiePolicy",
    "Failure",
    "JWTBackend",
    "JamBackend",
    "JamUser",
    "Refusal",
    "SessionBackend",
    "SessionHandle",
    "SessionMiddleware",
    "SessionView",
    "current_user",
    "insufficient_scope",
    "optional_user",
    "refusal",
    "require_scopes",
    "session_of",
]
