"""Pure parsing of the credentials a request carries: ``Authorization`` and ``Cookie`` headers.

No I/O and no framework types: the integration hands in raw header values and
gets back what the request presented. WSGI servers join repeated headers into
one value with commas, so a comma next to a ``Bearer`` credential counts as a
second ``Authorization`` header here, whichever server produced it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "Absent",
    "Ambiguous",
    "Bearer",
    "Presented",
    "bearer_token",
    "cookie_value",
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


def _names_bearer(credential: str) -> bool:
    return credential.strip().partition(" ")[0].lower() == "bearer"


def bearer_token(authorization: Iterable[str]) -> Presented:
    """Return the bearer token of a request's ``Authorization`` header values.

    Only ``Bearer <token>`` (the scheme in any case, RFC 7235 section 2.1) is a
    bearer credential. No header, or a header of another scheme (``Basic``...),
    is `Absent`. Two headers, two credentials joined by a comma (as a
    WSGI server joins two headers), or ``Bearer`` without a token are
    `Ambiguous`: never guessed at.

    Example:
        >>> bearer_token(["Bearer abc.def.ghi"])
        Bearer(value=<redacted>)
        >>> bearer_token(["Basic dXNlcjpwYXNz"])
        Absent()
        >>> bearer_token(["Bearer abc, Bearer xyz"])
        Ambiguous(why='more than one credential')
    """
    values = list(authorization)
    if not values:
        return Absent()
    if len(values) > 1:
        return Ambiguous("more than one Authorization header")
    value = values[0].strip()
    if "," in value and any(_names_bearer(part) for part in value.split(",")):
        return Ambiguous("more than one credential")
    scheme, _, rest = value.partition(" ")
    if scheme.lower() != "bearer":
        return Absent()
    token = rest.strip(" ")
    if not token:
        return Ambiguous("Bearer without a token")
    return Bearer(token)


def is_token68(value: str) -> bool:
    """Whether ``value`` has the token68 form RFC 6750 gives a bearer token.

    Asked only about a token Jam refused, to tell a malformed header
    (``invalid_request``) from a bad token (``invalid_token``).

    Example:
        >>> is_token68("abc.DEF-_~+/=="), is_token68("a b"), is_token68("a=b")
        (True, False, False)
    """
    return _TOKEN68.fullmatch(value) is not None


def cookie_value(cookie_headers: Iterable[str], name: str) -> Presented:
    """Return the value of cookie ``name`` from a request's ``Cookie`` header values.

    Several ``Cookie`` headers are read as one. A cookie sent twice under the
    same name (one planted for a parent domain, "cookie tossing") is
    `Ambiguous`; an empty value is `Absent`.

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
