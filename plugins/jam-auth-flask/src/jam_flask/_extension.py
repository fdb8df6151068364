"""The Flask extension: ``Jam(app)`` or ``Jam().init_app(app)``.

``init_app`` reads the ``JAM_*`` settings from ``app.config`` (see
:mod:`jam_flask._settings`), builds the synchronous facade from Jam's own
configuration (or takes the one given), and installs three hooks:

* ``before_request``: decides who the request is (``g.jam_user``) and gives it
  a session handle (``g.jam_session``). It never refuses: public views see an
  anonymous visitor; protected ones refuse with the decorators.
* ``after_request``: writes the session cookie a view changed (login, logout).
* an error handler: :class:`jam.BackendError` (a store or list outage) is a
  503 with ``Retry-After``, never a 401 and never authenticated.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import current_app, g, jsonify, request

from jam.exceptions import BackendError
from jam.web import (
    AnonymousUser,
    Authenticator,
    CookiePolicy,
    JamUser,
    SessionHandle,
    WebSettings,
    read_settings,
    require_sync_jam,
    unavailable,
)

if TYPE_CHECKING:
    from flask import Flask
    from flask.typing import ResponseReturnValue
    from werkzeug.wrappers import Response

    import jam

__all__ = ["EXTENSION_KEY", "Jam", "JamState", "state"]

EXTENSION_KEY = "jam"
"""Where the extension keeps its :class:`JamState` in ``app.extensions``."""

logger = logging.getLogger("jam_flask")


@dataclass(frozen=True, slots=True)
class JamState:
    """What one application's extension holds.

    Attributes:
        jam: The synchronous facade.
        authenticator: Decides who a request is.
        cookie: The session cookie's policy.
        settings: The checked ``JAM_*`` settings.
    """

    jam: jam.Jam
    authenticator: Authenticator
    cookie: CookiePolicy
    settings: WebSettings


def state() -> JamState:
    """Return the current application's :class:`JamState`.

    Raises:
        RuntimeError: The extension is not initialised on the current application.
    """
    found = current_app.extensions.get(EXTENSION_KEY)
    if not isinstance(found, JamState):
        raise RuntimeError("jam_flask is not initialised on this app: call jam_flask.Jam(app)")
    return found


def _header(name: str) -> list[str]:
    value = request.environ.get(name)
    return [value] if isinstance(value, str) else []


def identify() -> JamUser | AnonymousUser:
    """Decide who the current request is (once), keep it on ``flask.g`` and return it."""
    found = g.get("jam_user")
    if isinstance(found, JamUser | AnonymousUser):
        return found
    current = state()
    cookies = _header("HTTP_COOKIE")
    handle: SessionHandle | None = None
    if current.authenticator.sessions:
        handle = SessionHandle(current.jam, current.cookie, cookies)
        g.jam_session = handle
    user = current.authenticator.identify(_header("HTTP_AUTHORIZATION"), cookies, handle)
    g.jam_user = user
    return user


def _before_request() -> None:
    identify()


def _after_request(response: Response) -> Response:
    handle = g.get("jam_session")
    if not isinstance(handle, SessionHandle):
        return response
    handle.response_started = True
    change = handle.cookie_change()
    if change is None:
        return response
    cookie = handle.cookie
    action, value = change
    response.set_cookie(
        cookie.name,
        CookiePolicy.check_value(value) if action == "set" and value is not None else "",
        max_age=cookie.max_age if action == "set" else 0,
        path=cookie.path,
        domain=cookie.domain,
        secure=cookie.secure_for(request.scheme, request.host),
        httponly=True,
        samesite=cookie.samesite_attribute,
    )
    response.vary.add("Cookie")
    return response


def _outage(error: BackendError) -> ResponseReturnValue:
    logger.warning("Jam backend unavailable: %s", type(error).__name__)
    answer = unavailable()
    response = jsonify(detail=answer.detail)
    return response, answer.status, answer.headers


class Jam:
    """Jam for Flask: JWT and session-cookie authentication on the synchronous facade.

    Example:
        >>> from flask import Flask
        >>> app = Flask(__name__)
        >>> app.config["JAM_CONFIG"] = {"jwt": {"secret_key": "an-example-secret-of-32-bytes!!"}}
        >>> ext = Jam(app)
        >>> ext.jam_for(app).jwt is not None
        True
    """

    def __init__(self, app: Flask | None = None, *, jam: object | None = None) -> None:
        """Create the extension, and initialise ``app`` if given.

        Args:
            app: The application (or call :meth:`init_app` later, once per app).
            jam: A :class:`jam.Jam` to use instead of building one from
                ``JAM_CONFIG`` (then ``JAM_CONFIG`` and ``JAM_POINTER`` must not be set).

        Raises:
            TypeError: ``jam`` is not a :class:`jam.Jam`.
        """
        self._jam = None if jam is None else require_sync_jam(jam, "jam_flask")
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Read ``app.config``, build or take the facade, and install the hooks.

        Raises:
            ValueError: An unknown or invalid ``JAM_*`` setting, or settings that
                accept no credential or one Jam's configuration does not have.
            RuntimeError: The extension is already initialised on ``app``.
            jam.JamConfigError: Jam's configuration is invalid.
        """
        import jam

        if EXTENSION_KEY in app.extensions:
            raise RuntimeError("jam_flask is already initialised on this app")
        settings = read_settings(app.config, prefix="JAM_")
        if self._jam is not None:
            if "JAM_CONFIG" in app.config or "JAM_POINTER" in app.config:
                raise ValueError("pass either jam= or JAM_CONFIG/JAM_POINTER, not both")
            facade = self._jam
        else:
            facade = jam.Jam(config=settings.config, pointer=settings.pointer)
        jwt_on, sessions_on = settings.accepts(
            jwt_configured=facade.jwt is not None, sessions_configured=facade.sessions is not None
        )
        authenticator = Authenticator(
            facade,
            tokens=settings.tokens if jwt_on else None,
            sessions=sessions_on,
            integration="jam_flask",
        )
        app.extensions[EXTENSION_KEY] = JamState(facade, authenticator, settings.cookie, settings)
        app.before_request(_before_request)
        app.after_request(_after_request)
        app.register_error_handler(BackendError, _outage)

    @staticmethod
    def jam_for(app: Flask) -> jam.Jam:
        """Return the facade ``app`` uses (to issue tokens, close it at shutdown...).

        Raises:
            RuntimeError: The extension is not initialised on ``app``.
        """
        found = app.extensions.get(EXTENSION_KEY)
        if not isinstance(found, JamState):
            raise RuntimeError("jam_flask is not initialised on this app")
        return found.jam

    @property
    def jam(self) -> jam.Jam:
        """The facade of the current application."""
        return state().jam
