"""Jam for Flask.

An extension (:class:`Jam`) that authenticates every request from a JWT
(``Authorization: Bearer`` or a cookie) or a Jam session cookie, on the
synchronous facade :class:`jam.Jam`; decorators that refuse per RFC 6750
(:func:`login_required`, :func:`scopes_required`); the current user on
``flask.g.jam_user``; and a session handle to log in (with a new session id),
log out and sign out everywhere (:func:`current_session`). See
``docs/integrations/flask.md``.

Example:
    >>> from flask import Flask
    >>> app = Flask(__name__)
    >>> app.config["JAM_CONFIG"] = "pyproject.toml"   # your [tool.jam] configuration
    >>> Jam(app)  # doctest: +SKIP
"""

from __future__ import annotations

from jam.web import (
    DEFAULT_COOKIE_NAME,
    SETTINGS,
    AnonymousUser,
    CookiePolicy,
    Failure,
    JamUser,
    Refusal,
    SessionHandle,
    SessionView,
    TokenSource,
    WebSettings,
)
from jam_flask._extension import Jam, JamState
from jam_flask._views import (
    InsufficientScope,
    NotAuthenticated,
    Refused,
    Unavailable,
    current_session,
    current_user,
    login_required,
    require_user,
    scopes_required,
)

__all__ = [
    "DEFAULT_COOKIE_NAME",
    "SETTINGS",
    "AnonymousUser",
    "CookiePolicy",
    "Failure",
    "InsufficientScope",
    "Jam",
    "JamState",
    "JamUser",
    "NotAuthenticated",
    "Refusal",
    "Refused",
    "SessionHandle",
    "SessionView",
    "TokenSource",
    "Unavailable",
    "WebSettings",
    "current_session",
    "current_user",
    "login_required",
    "require_user",
    "scopes_required",
]
