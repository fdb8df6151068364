"""The process-wide facade and authenticator, built once from ``settings.JAM``.

``settings.JAM`` holds the integration's few keys (see
:data:`jam_django.SETTINGS`); ``CONFIG`` points to Jam's own configuration (a
TOML file such as ``pyproject.toml``, or a dict). The synchronous facade is
built on first use and rebuilt when the setting changes (``override_settings``
in tests), the old one closed.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed

from jam.web import Authenticator, WebSettings, read_settings

if TYPE_CHECKING:
    import jam
    from jam.web import CookiePolicy

__all__ = ["JamState", "get_jam", "get_state", "reset"]


@dataclass(frozen=True, slots=True)
class JamState:
    """What the integration holds for the process.

    Attributes:
        jam: The synchronous facade.
        authenticator: Decides who a request is.
        cookie: The session cookie's policy.
        settings: The checked ``settings.JAM``.
    """

    jam: jam.Jam
    authenticator: Authenticator
    cookie: CookiePolicy
    settings: WebSettings


_lock = threading.Lock()
_state: JamState | None = None


def _build() -> JamState:
    import jam

    values: Any = getattr(settings, "JAM", {})
    if not isinstance(values, dict):
        raise ImproperlyConfigured("settings.JAM must be a dict (see jam_django.SETTINGS)")
    try:
        checked = read_settings(values)
    except ValueError as err:
        raise ImproperlyConfigured(f"settings.JAM: {err}") from err
    facade = jam.Jam(config=checked.config, pointer=checked.pointer)
    try:
        jwt_on, sessions_on = checked.accepts(
            jwt_configured=facade.jwt is not None, sessions_configured=facade.sessions is not None
        )
        authenticator = Authenticator(
            facade,
            tokens=checked.tokens if jwt_on else None,
            sessions=sessions_on,
            integration="jam_django",
        )
    except ValueError as err:
        facade.close()
        raise ImproperlyConfigured(f"settings.JAM: {err}") from err
    return JamState(facade, authenticator, checked.cookie, checked)


def get_state() -> JamState:
    """Return the process's :class:`JamState`, building it on first use.

    Raises:
        ImproperlyConfigured: ``settings.JAM`` is invalid, or names credentials
            Jam's configuration has no table for.
        jam.JamConfigError: Jam's configuration is invalid.
    """
    global _state  # noqa: PLW0603  (one facade per process, rebuilt on setting_changed)
    current = _state
    if current is not None:
        return current
    with _lock:
        if _state is None:
            _state = _build()
        return _state


def get_jam() -> jam.Jam:
    """Return the process's :class:`jam.Jam` (to issue tokens, create sessions...).

    Example:
        >>> token = get_jam().jwt_create_token({"sub": "alice", "exp": 2_000_000_000})
    """
    return get_state().jam


def reset() -> None:
    """Close the facade and forget it; the next request builds a new one."""
    global _state
    with _lock:
        old, _state = _state, None
    if old is not None:
        old.jam.close()


def _on_setting_changed(*, setting: str, **_: Any) -> None:
    if setting == "JAM":
        reset()


setting_changed.connect(_on_setting_changed)
