"""Pure parsing of the credentials a request carries: ``Authorization`` headers and cookies.

No I/O and no Starlette types: the backends hand in raw header values and get
back what the request presented. Used by `jam_starlette._jwt_backend`
and `jam_starlette._session_backend`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "Absent",
    "Ambiguous",
    "Bearer",
    "Presented",
    "bearer_token",
    "cookie_value",
    "header_values",
    "is_token68",
]

_TOKEN68 = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
"""RFC 7235 token68, the form RFC 6750 section 2.1 gives a bearer token."""


@dataclass(frozen=True, slots=True)
class Absent:
    """The request presents no credential of this kind."""


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """The request presents a credential of this kind, but not a usable one.

    Attributes:
        why: A short reason for logs and tests (never contains the credential).
    """

    why: str


@dataclass(frozen=True, slots=True)
class Bearer:
    """One well-formed credential value.

    Attributes:
        value: The token or session id, exactly as sent.
    """

    value: str

    def __repr__(self) -> str:
        """Never show the credential."""
        return "Bearer(value=<redacted>)"


Presented = Absent | Ambiguous | Bearer
"""What a request presents for one kind of credential."""


def header_values(scope: Mapping[str, Any], name: bytes) -> list[str]:
    """Return every value of header ``name`` (lower-case bytes) in an ASGI scope.

    ASGI servers pass header names lower-cased; values are decoded as latin-1,
    as Starlette does.

    Example:
        >>> header_values({"headers": [(b"cookie", b"a=1"), (b"cookie", b"b=2")]}, b"cookie")
        ['a=1', 'b=2']
    """
    return [value.decode("latin-1") for key, value in scope.get("headers", ()) if key == name]


def bearer_token(authorization: Iterable[str]) -> Presented:
    """Return the bearer token of a request's ``Authorization`` header values.

    Only ``Bearer <token68>`` (the scheme in any case, RFC 7235 section 2.1) is
    a bearer token. No header, or a header of another scheme (``Basic``...),
    is `Absent`: the request carries no bearer credential. Two
    ``Authorization`` headers, or ``Bearer`` without a token, are
    `Ambiguous`: never guessed at. Whether the token has the token68
    form is `is_token68`'s question, asked when Jam refuses it.

    Args:
        authorization: Every ``Authorization`` header value of the request.

    Returns:
        `Absent`, `Ambiguous` or `Bearer`.

    Example:
        >>> bearer_token(["Bearer abc.def.ghi"])
        Bearer(value=<redacted>)
        >>> bearer_token(["Basic dXNlcjpwYXNz"])
        Absent()
    """
    values = authorization if isinstance(authorization, list) else list(authorization)
    if not values:
        return Absent()
    if len(values) > 1:
        return Ambiguous("more than one Authorization header")
    scheme, _, rest = values[0].strip().partition(" ")
    if scheme.lower() != "bearer":
        return Absent()
    token = rest.lstrip(" ")
    if not token:
        return Ambiguous("Bearer without a token")
    return Bearer(token)


def is_token68(value: str) -> bool:
    """Whether ``value`` has the token68 form RFC 6750 gives a bearer token.

    The backends ask only about a token Jam refused, to tell a malformed
    header (``invalid_request``) from a bad token (``invalid_token``); a
    token Jam accepts is well formed by construction, so the hot path never
    pays for this scan.

    Example:
        >>> is_token68("abc.DEF-_~+/=="), is_token68("a b"), is_token68("a=b")
        (True, False, False)
    """
    return _TOKEN68.fullmatch(value) is not None


def cookie_value(cookie_headers: Iterable[str], name: str) -> Presented:
    """Return the value of cookie ``name`` from a request's ``Cookie`` header values.

    Several ``Cookie`` headers (HTTP/2 may split them) are read as one. A
    cookie sent twice under the same name (for example a second one planted
    for a parent domain, "cookie tossing") is `Ambiguous`: which one
    the browser meant cannot be known. An empty value is `Absent`.

    Args:
        cookie_headers: Every ``Cookie`` header value of the request.
        name: The cookie's name (case-sensitive, as browsers treat it).

    Returns:
        `Absent`, `Ambiguous` or `Bearer`.

    Example:
        >>> cookie_value(["theme=dark; sid=abc"], "sid")
        Bearer(value=<redacted>)
        >>> cookie_value(["sid=abc; sid=xyz"], "sid")
        Ambiguous(why='cookie sent more than once')
    """
    found: list[str] = []
    for header in cookie_headers:
        for pair in header.split(";"):
            key, sep, value = pair.partition("=")
            if sep and key.strip() == name:
                found.append(value.strip())
    if len(found) > 1:
        return Ambiguous("cookie sent more than once")
    if not found or not found[0]:
        return Absent()
    return Bearer(found[0])
