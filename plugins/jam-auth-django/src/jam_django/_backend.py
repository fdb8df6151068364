"""``JamBackend``: a ``django.contrib.auth`` backend for users Jam authenticated.

Listing it in ``AUTHENTICATION_BACKENDS`` is the opt-in: :class:`jam_django.JamMiddleware`
then sets ``request.user`` for requests that present a Jam credential, to the
Django user whose natural key (``USERNAME_FIELD``) is the Jam identity, so
Django's own permissions, ``login_required`` and the admin work with bearer
tokens and Jam sessions. A refused credential, an unknown identity or an
inactive user is Django's ``AnonymousUser``; the backend never creates users.
Requests without a Jam credential keep the ``request.user`` Django gave them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend
from django.utils.module_loading import import_string

from jam.web import JamUser

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.http import HttpRequest

__all__ = ["JamBackend", "configured_backend"]


class JamBackend(BaseBackend):
    """Map a :class:`jam_django.JamUser` to the Django user of the same natural key.

    Example:
        >>> AUTHENTICATION_BACKENDS = [
        ...     "django.contrib.auth.backends.ModelBackend",
        ...     "jam_django.JamBackend",
        ... ]
    """

    def authenticate(
        self, request: HttpRequest | None, jam_user: object = None, **_: Any
    ) -> AbstractBaseUser | None:
        """Return the active Django user named by ``jam_user``, or ``None``.

        Args:
            request: The request (unused).
            jam_user: A user Jam authenticated; anything else authenticates nobody.
        """
        if not isinstance(jam_user, JamUser):
            return None
        model = get_user_model()
        try:
            lookup = {str(model.USERNAME_FIELD): jam_user.identity}
            user = model._default_manager.get(**lookup)
        except model.DoesNotExist:
            return None
        return user if getattr(user, "is_active", True) else None

    def get_user(self, user_id: Any) -> AbstractBaseUser | None:
        """Return the active user with primary key ``user_id`` (Django's session login)."""
        model = get_user_model()
        try:
            user = model._default_manager.get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if getattr(user, "is_active", True) else None


@lru_cache(maxsize=8)
def _find(backends: tuple[str, ...]) -> tuple[JamBackend, str] | None:
    for path in backends:
        cls = import_string(path)
        if isinstance(cls, type) and issubclass(cls, JamBackend):
            return cls(), path
    return None


def configured_backend() -> tuple[JamBackend, str] | None:
    """Return the first :class:`JamBackend` in ``AUTHENTICATION_BACKENDS`` and its path."""
    return _find(tuple(getattr(settings, "AUTHENTICATION_BACKENDS", ())))
