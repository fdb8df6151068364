"""Pure: what the Starlette layer reads from an ASGI scope (header values, scheme and host).

Everything else about credentials (parsing ``Authorization`` and ``Cookie``,
the judge, the cookie policy) is the shared core, `jam.web`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jam.web import CookiePolicy

__all__ = ["clear_cookie_header", "header_values", "set_cookie_header"]


def header_values(scope: Mapping[str, Any], name: bytes) -> list[str]:
    """Return every value of header ``name`` (lower-case bytes) in an ASGI scope.

    ASGI servers pass header names lower-cased; values are decoded as latin-1,
    as Starlette does.

    Example:
        >>> header_values({"headers": [(b"cookie", b"a=1"), (b"cookie", b"b=2")]}, b"cookie")
        ['a=1', 'b=2']
    """
    return [value.decode("latin-1") for key, value in scope.get("headers", ()) if key == name]


def _origin(scope: Mapping[str, Any]) -> tuple[str, str]:
    hosts = header_values(scope, b"host")
    return str(scope.get("scheme", "http")), hosts[0] if hosts else ""


def set_cookie_header(policy: CookiePolicy, value: str, scope: Mapping[str, Any]) -> bytes:
    """Return the ``Set-Cookie`` value storing ``value``, for the request in ``scope``.

    Raises:
        ValueError: ``value`` has characters a cookie value cannot carry unquoted.

    Example:
        >>> from jam.web import CookiePolicy
        >>> scope = {"scheme": "https", "headers": [(b"host", b"app.example")]}
        >>> set_cookie_header(CookiePolicy(), "abc", scope)
        b'jam_session=abc; Path=/; HttpOnly; Secure; SameSite=Lax'
    """
    return policy.set_cookie(value, *_origin(scope)).encode("latin-1")


def clear_cookie_header(policy: CookiePolicy, scope: Mapping[str, Any]) -> bytes:
    """Return the ``Set-Cookie`` value removing the cookie, for the request in ``scope``."""
    return policy.clear_cookie(*_origin(scope)).encode("latin-1")
