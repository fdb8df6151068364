"""Jam for Django.

:class:`JamMiddleware` authenticates every request from a JWT
(``Authorization: Bearer`` or a cookie) or a Jam session cookie on the
synchronous facade :class:`jam.Jam` (``request.jam_user``), gives views a
session handle (``request.jam_session``: log in under a new id, log out, sign
out everywhere) and writes its cookie; :func:`login_required` and
:func:`scopes_required` refuse per RFC 6750; :class:`JamBackend` maps Jam
identities to Django users; :mod:`jam_django.rest_framework` (extra ``drf``)
has a DRF authentication class and permissions. ``settings.JAM`` points to
Jam's own configuration. See ``docs/integrations/django.md``.

Example:
    >>> JAM = {"CONFIG": BASE_DIR / "pyproject.toml"}   # your [tool.jam] table
    >>> MIDDLEWARE = [..., "jam_django.JamMiddleware"]
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
from jam_django._backend import JamBackend
from jam_django._middleware import JamMiddleware
from jam_django._state import JamState, get_jam, get_state
from jam_django._views import current_user, login_required, scopes_required, session_of

__all__ = [
    "DEFAULT_COOKIE_NAME",
    "SETTINGS",
    "AnonymousUser",
    "CookiePolicy",
    "Failure",
    "JamBackend",
    "JamMiddleware",
    "JamState",
    "JamUser",
    "Refusal",
    "SessionHandle",
    "SessionView",
    "TokenSource",
    "WebSettings",
    "current_user",
    "get_jam",
    "get_state",
    "login_required",
    "scopes_required",
    "session_of",
]
