"""``JamMiddleware``: who each request is, its session handle, and the session cookie.

For every request it decides who the request is (``request.jam_user``: a
:class:`JamUser` or an :class:`AnonymousUser` that says why) and never
refuses: public views see an anonymous visitor, protected ones refuse with
the decorators or the DRF permission classes. It gives the request a
:class:`SessionHandle` (``request.jam_session``) and writes the cookie a view
changed. A :class:`jam.BackendError` a view lets escape (a store outage during
login, say) becomes a 503. With :class:`jam_django.JamBackend` in
``AUTHENTICATION_BACKENDS``, ``request.user`` follows the Jam credential too.

It is a synchronous middleware on the synchronous facade; under ASGI Django
runs it in a worker thread, so it never blocks the event loop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import DisallowedHost
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject

from jam.exceptions import BackendError
from jam.web import AnonymousUser, CookiePolicy, JamUser, SessionHandle, unavailable
from jam_django._backend import configured_backend
from jam_django._responses import refusal_response
from jam_django._state import get_state

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponseBase

__all__ = ["JamMiddleware", "identify"]

logger = logging.getLogger("jam_django")


def _header(request: HttpRequest, name: str) -> list[str]:
    value = request.META.get(name)
    return [value] if isinstance(value, str) else []


def identify(request: HttpRequest) -> JamUser | AnonymousUser:
    """Decide who ``request`` is (once), keep it on ``request.jam_user`` and return it."""
    found = getattr(request, "jam_user", None)
    if isinstance(found, JamUser | AnonymousUser):
        return found
    state = get_state()
    cookies = _header(request, "HTTP_COOKIE")
    handle: SessionHandle | None = None
    if state.authenticator.sessions:
        handle = SessionHandle(state.jam, state.cookie, cookies)
    user = state.authenticator.identify(_header(request, "HTTP_AUTHORIZATION"), cookies, handle)
    request.jam_user = user  # type: ignore[attr-defined]
    request.jam_session = handle  # type: ignore[attr-defined]
    return user


def _django_user(request: HttpRequest, user: JamUser | AnonymousUser) -> None:
    """Point ``request.user`` at the Django user of a Jam credential (``JamBackend`` opt-in)."""
    found = configured_backend()
    if found is None or (isinstance(user, AnonymousUser) and user.failure is None):
        return
    from django.contrib.auth.models import AnonymousUser as DjangoAnonymous

    backend, path = found

    def resolve() -> Any:
        django_user = backend.authenticate(request, jam_user=user)
        if django_user is None:
            return DjangoAnonymous()
        django_user.backend = path  # as django.contrib.auth.login does
        return django_user

    request.user = SimpleLazyObject(resolve)  # type: ignore[assignment]


def _host(request: HttpRequest) -> str:
    try:
        return request.get_host()
    except DisallowedHost:
        return ""


def _write_cookie(request: HttpRequest, response: HttpResponseBase, handle: SessionHandle) -> None:
    change = handle.cookie_change()
    if change is None:
        return
    policy = handle.cookie
    action, value = change
    response.set_cookie(
        policy.name,
        CookiePolicy.check_value(value) if action == "set" and value is not None else "",
        max_age=policy.max_age if action == "set" else 0,
        path=policy.path,
        domain=policy.domain,
        secure=policy.secure_for(request.scheme or "http", _host(request)),
        httponly=True,
        samesite="Strict" if policy.samesite == "strict" else "Lax",
    )
    patch_vary_headers(response, ("Cookie",))


class JamMiddleware:
    """Authenticate every request with Jam; send the session cookie views change.

    Put it after Django's ``AuthenticationMiddleware`` (when you use
    ``JamBackend``) and before your views' middleware:

    Example:
        >>> MIDDLEWARE = [
        ...     "django.contrib.sessions.middleware.SessionMiddleware",
        ...     "django.contrib.auth.middleware.AuthenticationMiddleware",
        ...     "jam_django.JamMiddleware",
        ... ]
    """

    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        """Wrap the rest of the stack (Django does this once, at startup).

        Raises:
            ImproperlyConfigured: ``settings.JAM`` is invalid.
        """
        self.get_response = get_response
        get_state()

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        """Authenticate ``request``, run the view, write the cookie it changed."""
        _django_user(request, identify(request))
        response = self.get_response(request)
        handle = getattr(request, "jam_session", None)
        if isinstance(handle, SessionHandle):
            handle.response_started = True
            _write_cookie(request, response, handle)
        return response

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponseBase | None:
        """Answer a store or list outage with 503 (never 401, never authenticated)."""
        if isinstance(exception, BackendError):
            logger.warning("Jam backend unavailable: %s", type(exception).__name__)
            return refusal_response(unavailable())
        return None
