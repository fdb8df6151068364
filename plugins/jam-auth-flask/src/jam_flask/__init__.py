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

from jam_flask._challenge import Refusal
from jam_flask._cookies import DEFAULT_COOKIE_NAME, CookiePolicy
from jam_flask._document import SessionView
from jam_flask._extension import Jam, JamState
from jam_flask._judge import TokenSource
from jam_flask._session import SessionHandle
from jam_flask._settings import SETTINGS, WebSettings
from jam_flask._users import AnonymousUser, Failure, JamUser
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
