"""The session cookie's name and attributes: ``HttpOnly; Secure; SameSite=Lax`` by default.

Pure: `CookiePolicy` validates the attributes and decides ``Secure``;
the framework layer writes the cookie with its own response API, or writes the
``Set-Cookie`` value `CookiePolicy.set_cookie` formats (ASGI layers). ``Secure``
can only be dropped for plain-HTTP requests to a loopback host (``localhost``,
``*.localhost``, ``127.0.0.0/8``, ``[::1]``), and only when the application opts
in with ``allow_insecure_loopback=True`` for local development. ``HttpOnly`` is
not optional: scripts never need a session id.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["DEFAULT_COOKIE_NAME", "CookieChange", "CookiePolicy", "is_loopback_http"]

DEFAULT_COOKIE_NAME = "jam_session"
CookieChange = tuple[Literal["set"], str] | tuple[Literal["clear"], None]
"""What the response must do with the session cookie: set it to a new id, or clear it."""
_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
"""RFC 6265 cookie-name (an RFC 7230 token)."""
_VALUE = re.compile(r"[A-Za-z0-9\-._~+/=]+")
"""What a session cookie carries: session ids and JWTs (no quoting, no separators)."""
_ATTRIBUTE = re.compile(r"[^;,\s\x00-\x1f\x7f]+")


def is_loopback_http(scheme: str, host: str) -> bool:
    """True for a plain-HTTP request whose ``Host`` is a loopback name or address.

    Example:
        >>> is_loopback_http("http", "127.0.0.1:8000"), is_loopback_http("https", "localhost")
        (True, False)
        >>> is_loopback_http("http", "127.0.0.1.evil.example")
        False
    """
    if scheme != "http":
        return False
    if host.startswith("["):
        name = host[1:].partition("]")[0]
    else:
        name = host.rpartition(":")[0] if host.count(":") == 1 else host
    name = name.lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class CookiePolicy:
    """Name and attributes of the session cookie.

    Attributes:
        name: The cookie's name. ``__Host-`` names (recommended in production:
            no ``Domain``, ``Path=/``, always ``Secure``) are checked.
        path: ``Path`` attribute.
        domain: ``Domain`` attribute (``None``: host-only, the safest).
        samesite: ``SameSite`` attribute; ``"none"`` is refused for session cookies.
        max_age: ``Max-Age`` in seconds; ``None`` makes a browser-session cookie
            (the server-side ``default_ttl`` still ends the session).
        allow_insecure_loopback: Drop ``Secure`` for plain-HTTP requests to a
            loopback host, so a browser keeps the cookie on
            ``http://127.0.0.1:8000`` during development. Other requests keep it.

    Example:
        >>> policy = CookiePolicy()
        >>> policy.name, policy.samesite, policy.secure_for("https", "app.example")
        ('jam_session', 'lax', True)
    """

    name: str = DEFAULT_COOKIE_NAME
    path: str = "/"
    domain: str | None = None
    samesite: Literal["lax", "strict"] = "lax"
    max_age: int | None = None
    allow_insecure_loopback: bool = False

    def __post_init__(self) -> None:
        """Refuse attributes that would weaken or break the cookie.

        Raises:
            ValueError: An invalid name, path, domain, ``SameSite`` or ``Max-Age``, or a
                ``__Host-``/``__Secure-`` name with attributes its prefix forbids.
        """
        if not isinstance(self.name, str) or _NAME.fullmatch(self.name) is None:
            raise ValueError(f"invalid cookie name {self.name!r}")
        if self.samesite not in ("lax", "strict"):
            raise ValueError(
                f"SameSite={self.samesite!r} is refused for a session cookie: use 'lax' or 'strict'"
            )
        if _ATTRIBUTE.fullmatch(self.path) is None or not self.path.startswith("/"):
            raise ValueError(f"invalid cookie path {self.path!r}")
        if self.domain is not None and _ATTRIBUTE.fullmatch(self.domain) is None:
            raise ValueError(f"invalid cookie domain {self.domain!r}")
        if self.max_age is not None and (
            isinstance(self.max_age, bool) or not isinstance(self.max_age, int) or self.max_age <= 0
        ):
            raise ValueError("max_age must be a positive number of seconds (or None)")
        prefixed = self.name.startswith(("__Host-", "__Secure-"))
        if prefixed and self.allow_insecure_loopback:
            raise ValueError(
                f"{self.name!r}: browsers only keep __Host-/__Secure- cookies with Secure; "
                "use a plain name for allow_insecure_loopback development"
            )
        if self.name.startswith("__Host-") and (self.domain is not None or self.path != "/"):
            raise ValueError(f"{self.name!r}: a __Host- cookie needs Path=/ and no Domain")

    def secure_for(self, scheme: str, host: str) -> bool:
        """Whether the cookie sent in answer to this request carries ``Secure``."""
        return not (self.allow_insecure_loopback and is_loopback_http(scheme, host))

    @property
    def samesite_attribute(self) -> str:
        """``"Lax"`` or ``"Strict"``, as the ``SameSite`` attribute is written."""
        return self.samesite.capitalize()

    @staticmethod
    def check_value(value: str) -> str:
        """Return ``value`` if a cookie can carry it unquoted.

        Raises:
            ValueError: ``value`` is empty or has separators or control characters.
        """
        if _VALUE.fullmatch(value) is None:
            raise ValueError("refusing to write a cookie value with separators or controls")
        return value

    def _format(self, value: str, scheme: str, host: str, max_age: int | None) -> str:
        parts = [f"{self.name}={value}", f"Path={self.path}"]
        if self.domain is not None:
            parts.append(f"Domain={self.domain}")
        if max_age is not None:
            parts.append(f"Max-Age={max_age}")
        parts.append("HttpOnly")
        if self.secure_for(scheme, host):
            parts.append("Secure")
        parts.append(f"SameSite={self.samesite_attribute}")
        return "; ".join(parts)

    def set_cookie(self, value: str, scheme: str, host: str) -> str:
        """Return the ``Set-Cookie`` value that stores ``value`` (a session id or a JWT).

        Args:
            value: What the cookie carries.
            scheme: The request's scheme (``"http"`` or ``"https"``).
            host: The request's ``Host`` header (decides ``Secure`` on loopback).

        Raises:
            ValueError: ``value`` is empty or has separators or control characters.

        Example:
            >>> CookiePolicy().set_cookie("abc", "https", "app.example")
            'jam_session=abc; Path=/; HttpOnly; Secure; SameSite=Lax'
        """
        return self._format(self.check_value(value), scheme, host, self.max_age)

    def clear_cookie(self, scheme: str, host: str) -> str:
        """Return the ``Set-Cookie`` value that removes the cookie from the browser.

        Example:
            >>> CookiePolicy().clear_cookie("https", "app.example")
            'jam_session=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax'
        """
        return self._format("", scheme, host, 0)
