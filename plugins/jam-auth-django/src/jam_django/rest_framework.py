"""Django REST framework: an authentication class and permissions that answer per RFC 6750.

Install the extra (``pip install "jam-auth-django[drf]"``) and use::

    REST_FRAMEWORK = {
        "DEFAULT_AUTHENTICATION_CLASSES": ["jam_django.rest_framework.JamAuthentication"],
        "DEFAULT_PERMISSION_CLASSES": ["jam_django.rest_framework.IsAuthenticated"],
    }

:class:`JamAuthentication` never raises for a bad credential: a refused one
leaves the request anonymous (and no other authentication class is asked:
a refused credential is final), so ``AllowAny`` views keep working. The
permissions refuse: :class:`IsAuthenticated` with 401 (or 503 during an
outage), :func:`requires_scopes` with 403 ``insufficient_scope``, each with
its ``WWW-Authenticate`` challenge. DRF's own ``IsAuthenticated`` also
refuses these requests (with 403, since DRF counts a refused credential as
an authentication that happened).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import APIException
from rest_framework.permissions import BasePermission

from jam.web import (
    AnonymousUser,
    Failure,
    JamUser,
    Refusal,
    check_scopes,
    insufficient_scope,
    refusal,
)
from jam_django._backend import configured_backend
from jam_django._middleware import identify

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView

__all__ = ["IsAuthenticated", "JamAuthentication", "Refused", "requires_scopes"]


class Refused(APIException):
    """401, 403 or 503 with its challenge (DRF's exception handler sends the headers)."""

    def __init__(self, answer: Refusal) -> None:
        """Wrap ``answer``."""
        super().__init__(answer.detail)
        self.status_code = answer.status
        challenge = answer.headers.get("WWW-Authenticate")
        if challenge is not None:
            self.auth_header = challenge  # DRF sends it as WWW-Authenticate
        retry = answer.headers.get("Retry-After")
        if retry is not None:
            self.wait = int(retry)  # DRF sends it as Retry-After


def _jam_user(request: Request) -> JamUser | AnonymousUser:
    return identify(request._request)


class JamAuthentication(BaseAuthentication):
    """Authenticate DRF requests by a Jam JWT or session (as :class:`jam_django.JamMiddleware`).

    ``request.user`` is the :class:`jam_django.JamUser` (or, with
    :class:`jam_django.JamBackend` in ``AUTHENTICATION_BACKENDS``, the Django
    user of that identity) and ``request.auth`` the :class:`JamUser`. Works
    with or without the middleware (which it reuses when present).
    """

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        """Return ``(user, jam_user)``; ``None`` when no Jam credential was presented.

        A refused credential gives an anonymous user, so DRF asks no other
        authentication class.
        """
        user = _jam_user(request)
        if isinstance(user, AnonymousUser):
            return None if user.failure is None else (user, None)
        found = configured_backend()
        if found is None:
            return user, user
        backend, path = found
        django_user = backend.authenticate(request._request, jam_user=user)
        if django_user is None:  # no such (active) Django user: not authenticated
            return AnonymousUser(Failure.INVALID), None
        django_user.backend = path  # as django.contrib.auth.login does
        return django_user, user

    def authenticate_header(self, request: Request) -> str:
        """The ``WWW-Authenticate`` challenge of DRF's 401 answers."""
        user = _jam_user(request)
        anonymous = user if isinstance(user, AnonymousUser) else AnonymousUser()
        return refusal(anonymous).headers.get("WWW-Authenticate", "Bearer")


def _authenticated(request: Request) -> JamUser:
    user = _jam_user(request)
    if not isinstance(user, JamUser):
        raise Refused(refusal(user))
    if configured_backend() is not None and not request.user.is_authenticated:
        raise Refused(refusal(AnonymousUser()))  # verified, but no (active) Django user
    return user


class IsAuthenticated(BasePermission):
    """Only requests with a verified Jam credential: 401 with a challenge, or 503 in an outage."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        """True, or raise :class:`Refused`."""
        _authenticated(request)
        return True


def requires_scopes(*scopes: str) -> type[BasePermission]:
    """Return a permission class that needs a Jam user holding every one of ``scopes``.

    Raises:
        ValueError: No scope, or a scope that is empty or has whitespace.

    Example:
        >>> class ItemViewSet(viewsets.ModelViewSet):
        ...     permission_classes = [requires_scopes("items:write")]
    """
    required = check_scopes(scopes)

    class HasScopes(BasePermission):
        """Only Jam users holding the scopes: 401, 403 ``insufficient_scope`` or 503."""

        def has_permission(self, request: Request, view: APIView) -> bool:
            """True, or raise :class:`Refused`."""
            if not required <= _authenticated(request).scopes:
                raise Refused(insufficient_scope(required))
            return True

    HasScopes.__name__ = HasScopes.__qualname__ = "HasScopes_" + "_".join(sorted(required))
    return HasScopes
