"""Jam for Starlette and FastAPI.

Authentication backends for Starlette's ``AuthenticationMiddleware``
(`JWTBackend`, `SessionBackend`, `ChainBackend`),
FastAPI dependencies that answer per RFC 6750 (`current_user`,
`require_scopes`), a session-cookie middleware
(`SessionMiddleware`, `session_of`), and OAuth2 / OpenID Connect
login routes (`OAuth2Routes`). Everything runs on the
asyncio facade `jam.aio.Jam`. See ``docs/integrations/starlette.md``.

Example:
    >>> import jam.aio
    >>> from jam_starlette import JWTBackend
    >>> backend = JWTBackend(jam.aio.Jam(config={"jwt": {"secret_key": "k" * 32}}))
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
    insufficient_scope,
    refusal,
)
from jam_starlette._base import JamBackend
from jam_starlette._chain import ChainBackend
from jam_starlette._dependencies import current_user, optional_user, require_scopes
from jam_starlette._jwt_backend import JWTBackend
from jam_starlette._middleware import SessionMiddleware
from jam_starlette._oauth2_flow import LoginAs, OAuth2Failure, OAuth2Identity, local_path
from jam_starlette._oauth2_routes import DEFAULT_OAUTH2_COOKIE, OAuth2Routes, OnError, OnLogin
from jam_starlette._session import SessionHandle, session_of
from jam_starlette._session_backend import SessionBackend

__all__ = [
    "DEFAULT_COOKIE_NAME",
    "DEFAULT_OAUTH2_COOKIE",
    "AnonymousUser",
    "ChainBackend",
    "CookiePolicy",
    "Failure",
    "JWTBackend",
    "JamBackend",
    "JamUser",
    "LoginAs",
    "OAuth2Failure",
    "OAuth2Identity",
    "OAuth2Routes",
    "OnError",
    "OnLogin",
    "Refusal",
    "SessionBackend",
    "SessionHandle",
    "SessionMiddleware",
    "SessionView",
    "current_user",
    "insufficient_scope",
    "local_path",
    "optional_user",
    "refusal",
    "require_scopes",
    "session_of",
]
