"""HTTP exchanges as plain values, and the rules for reading a provider's answer.

The OAuth2 core never does I/O: it describes each exchange as an
`HTTPRequest`, a driver sends it and hands back an
`HTTPResponse`, and the functions here decide what the answer means.
Nothing here logs, and no ``repr`` shows a form, a header or a body: they
carry client secrets, codes and tokens.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from jam._text import excerpt
from jam.exceptions import (
    OAuth2AccessDeniedError,
    OAuth2AuthorizationPendingError,
    OAuth2DeviceExpiredError,
    OAuth2InsecureEndpointError,
    OAuth2InvalidResponseError,
    OAuth2ProviderError,
)

__all__ = [
    "LOOPBACK_HOSTS",
    "MAX_RESPONSE_BYTES",
    "HTTPRequest",
    "HTTPResponse",
    "check_endpoint",
    "form_fields",
    "parse_json_object",
    "parse_object",
    "where",
]

MAX_RESPONSE_BYTES = 1 << 20
"""Largest response body read from a provider (1 MB); larger ones are refused unread."""

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
"""Hosts where plain ``http://`` is allowed (development servers, tests)."""

_ERROR_CODE = re.compile(r"[\x20\x21\x23-\x5b\x5d-\x7e]{1,64}")
_PENDING = frozenset({"authorization_pending", "slow_down"})


@dataclass(frozen=True, slots=True, repr=False)
class HTTPRequest:
    """One request to a provider, described but not sent.

    Attributes:
        method: ``"GET"``, ``"POST"`` or ``"DELETE"``.
        url: Absolute URL (already checked: https, or http on loopback).
        purpose: What the endpoint is, for messages and logs (``"token endpoint"``).
        headers: Extra headers (``Authorization``...). ``Accept: application/json``
            is sent with every request.
        form: Form fields, sent ``application/x-www-form-urlencoded``.
        json: A JSON body instead of a form (GitHub's token revocation).
        secrets: Values in this request that must never be echoed: an error
            description that contains one is redacted.
        timeout: Seconds for this exchange.
    """

    method: str
    url: str
    purpose: str
    headers: Mapping[str, str] = field(default_factory=dict)
    form: Mapping[str, str] | None = None
    json: Mapping[str, Any] | None = None
    secrets: tuple[str, ...] = ()
    timeout: float = 10.0

    def __repr__(self) -> str:
        """Method, endpoint and purpose only: forms and headers carry secrets."""
        return f"HTTPRequest({self.method} {where(self.url)}, {self.purpose})"


@dataclass(frozen=True, slots=True, repr=False)
class HTTPResponse:
    """A provider's answer: status, content type and the body (at most 1 MB).

    Attributes:
        status: HTTP status code.
        content_type: The ``Content-Type`` header (``""`` when absent).
        body: The raw body.
        purpose: The request's purpose, for messages.
        secrets: The request's secrets, for redaction of error descriptions.
    """

    status: int
    content_type: str
    body: bytes
    purpose: str = "provider"
    secrets: tuple[str, ...] = ()

    def __repr__(self) -> str:
        """Status and size only: bodies carry tokens."""
        return f"HTTPResponse({self.status}, {len(self.body)} bytes, {self.purpose})"


def where(url: str) -> str:
    """Return ``scheme://host/path`` of ``url``: no query, no fragment, no credentials."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "<invalid URL>"
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}{port}{parts.path}"


def check_endpoint(url: str, what: str) -> str:
    """Return ``url`` when it is https, or http on a loopback host; refuse anything else.

    Raises:
        OAuth2InsecureEndpointError: Another scheme, plain http elsewhere, credentials in the
            URL, or no host.
    """
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018  (a malformed port raises here)
    except (ValueError, AttributeError):
        raise OAuth2InsecureEndpointError(f"{what}: not a valid URL") from None
    if not host or parts.username is not None or parts.password is not None:
        raise OAuth2InsecureEndpointError(
            f"{what}: needs an absolute URL with a host, no credentials"
        )
    if parts.scheme == "https":
        return url
    if parts.scheme == "http" and host.lower() in LOOPBACK_HOSTS:
        return url
    raise OAuth2InsecureEndpointError(
        f"{what}: {where(url)} is not https; plain http is only allowed on loopback "
        "(127.0.0.1, ::1, localhost)"
    )


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("duplicate member")
    return result


def _no_constants(_name: str) -> Any:
    raise ValueError("NaN and Infinity are not JSON")


_decoder = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_no_constants)


def parse_json_object(body: bytes, purpose: str) -> dict[str, Any]:
    """Parse a UTF-8 JSON object strictly (no duplicate names, no NaN).

    Raises:
        OAuth2InvalidResponseError: Anything else.
    """
    try:
        value = _decoder.decode(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise OAuth2InvalidResponseError(f"{purpose} answered with invalid JSON") from None
    if not isinstance(value, dict):
        raise OAuth2InvalidResponseError(f"{purpose} answered with JSON that is not an object")
    return value


def _parse_form(body: bytes, purpose: str) -> dict[str, Any]:
    try:
        pairs = urllib.parse.parse_qsl(
            body.decode("utf-8"), keep_blank_values=True, strict_parsing=True, max_num_fields=100
        )
        return _no_duplicates(pairs)
    except (UnicodeDecodeError, ValueError):
        raise OAuth2InvalidResponseError(f"{purpose} answered with an invalid form body") from None


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def error_code(value: object) -> str:
    """Return an OAuth2 error code reduced to its RFC 6749 alphabet, or ``"invalid_error"``."""
    if isinstance(value, str) and _ERROR_CODE.fullmatch(value):
        return value
    return "invalid_error"


def redacted_description(value: object, secrets: tuple[str, ...]) -> str | None:
    """Return ``error_description`` as a short excerpt, with the request's secrets removed."""
    if not isinstance(value, str):
        return None
    for secret in secrets:
        if secret and secret in value:
            value = value.replace(secret, "[redacted]")
    return excerpt(value, 120)


def provider_error(
    obj: Mapping[str, Any], status: int | None, purpose: str, secrets: tuple[str, ...]
) -> OAuth2ProviderError:
    """Build the typed error for an OAuth2 error object (``{"error": ...}``)."""
    code = error_code(obj.get("error"))
    description = redacted_description(obj.get("error_description"), secrets)
    kind: type[OAuth2ProviderError] = OAuth2ProviderError
    if code == "access_denied":
        kind = OAuth2AccessDeniedError
    elif code in _PENDING:
        kind = OAuth2AuthorizationPendingError
    elif code == "expired_token":
        kind = OAuth2DeviceExpiredError
    status_text = f" (HTTP {status})" if status is not None else ""
    return kind(
        f"{purpose} answered with error {excerpt(code)}{status_text}",
        error=code,
        status_code=status,
        description=description,
    )


def parse_object(response: HTTPResponse) -> dict[str, Any]:
    """Read a provider's JSON (or form-encoded) object; raise on an OAuth2 error or HTTP error.

    JSON is expected (every request sends ``Accept: application/json``);
    ``application/x-www-form-urlencoded`` is understood too (GitHub's legacy
    token answers). An ``{"error": ...}`` object becomes a typed error
    whatever the status (GitHub answers errors with HTTP 200).

    Raises:
        OAuth2ProviderError: An OAuth2 error object, or an HTTP error status.
        OAuth2InvalidResponseError: Not JSON or form (an HTML error page, say).
    """
    purpose = response.purpose
    media = _media_type(response.content_type)
    if media == "application/x-www-form-urlencoded":
        obj = _parse_form(response.body, purpose)
    elif media == "application/json" or media.endswith("+json") or _looks_json(response.body):
        obj = parse_json_object(response.body, purpose)
    else:
        raise OAuth2InvalidResponseError(
            f"{purpose} answered HTTP {response.status} with {excerpt(media or 'no content type')}"
            ", not JSON"
        )
    if "error" in obj:
        raise provider_error(obj, response.status, purpose, response.secrets)
    if response.status >= 400:
        raise OAuth2ProviderError(
            f"{purpose} answered HTTP {response.status}",
            error="http_error",
            status_code=response.status,
        )
    return obj


def _looks_json(body: bytes) -> bool:
    return body.lstrip()[:1] == b"{"


def form_fields(extra: Mapping[str, Any]) -> dict[str, str]:
    """Request parameters as text: lists and tuples joined by spaces (scopes), others ``str()``."""
    form = {}
    for key, raw in extra.items():
        value = " ".join(str(v) for v in raw) if isinstance(raw, list | tuple) else raw
        form[str(key)] = value if isinstance(value, str) else str(value)
    return form
