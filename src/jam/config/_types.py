"""Value types shared by the configuration models: redacted secrets, key material, lifetimes.

`SecretValue` and `KeySource` hide their content from
``repr``/``str`` so a configuration can be printed, logged or put in an
exception without leaking anything; `redact_url` does the same for the
credentials of a URL written in any text option.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import Field, PlainSerializer, PlainValidator, WithJsonSchema

__all__ = [
    "MAX_LIFETIME",
    "REDACTED",
    "KeySource",
    "Lifetime",
    "SecretText",
    "SecretValue",
    "key_source",
    "redact_url",
    "secret_text",
]

REDACTED = "**********"
"""What every secret looks like when printed."""

MAX_LIFETIME = 10 * 365 * 24 * 3600
"""Longest lifetime (ttl, expire) a configuration may ask for: ten years, in seconds.

Anything longer is a mistake (a value in milliseconds, a ``1e15``), and some
backends fail on it (Redis refuses an expiry past 2**63 ms), so it is refused
when the configuration is loaded rather than when the first write fails.
"""

Lifetime = Annotated[int, Field(gt=0, le=MAX_LIFETIME)]
"""A lifetime in seconds: a positive integer of at most `MAX_LIFETIME`."""

_SECRET_QUERY_WORDS = ("pass", "secret", "token", "pwd", "auth", "key")


class KeySource:
    """Key material from the configuration, redacted when printed.

    Attributes:
        material: PEM/DER bytes, a raw secret, or a JWK mapping. Never logged.
    """

    __slots__ = ("material",)

    def __init__(self, material: bytes | Mapping[str, Any]) -> None:
        """Wrap ``material`` (bytes or a JWK mapping)."""
        self.material = material

    @property
    def is_jwk(self) -> bool:
        """True when the material is a JWK mapping."""
        return isinstance(self.material, Mapping)

    def __repr__(self) -> str:
        """Return a redacted representation."""
        kind = "JWK" if self.is_jwk else "bytes"
        return f"KeySource(<{kind} {REDACTED}>)"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        """Compare by material (used by tests and config equality)."""
        return isinstance(other, KeySource) and other.material == self.material

    def __hash__(self) -> int:
        """Hash consistently with ``==``: equal material has the same kind and length.

        Only the kind and the length are hashed: the material may be an
        unhashable mapping, and a hash of a secret is not worth exposing.
        """
        return hash((self.is_jwk, len(self.material)))


class SecretValue:
    """A secret string from the configuration, redacted when printed.

    Call `reveal` to get the text; nothing else shows it.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        """Wrap ``value``."""
        self._value = value

    def reveal(self) -> str:
        """Return the secret text."""
        return self._value

    def __repr__(self) -> str:
        """Return a redacted representation."""
        return f"SecretValue({REDACTED!r})"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        """Compare by value."""
        return isinstance(other, SecretValue) and other._value == self._value

    def __hash__(self) -> int:
        """Hash by value."""
        return hash(self._value)


def key_source(value: Any) -> KeySource:
    """Coerce a configuration value into `KeySource`.

    Text is encoded as UTF-8 (PEM text, or an HMAC secret); bytes are kept as
    they are; a mapping is taken as a JWK.

    Raises:
        ValueError: The value is none of these, or is empty.
    """
    if isinstance(value, KeySource):
        return value
    if isinstance(value, str):
        value = value.encode("utf-8")
    if isinstance(value, bytes | bytearray | memoryview):
        data = bytes(value)
        if not data:
            raise ValueError("key material is empty")
        return KeySource(data)
    if isinstance(value, Mapping):
        if not isinstance(value.get("kty"), str):
            raise ValueError("a JWK must have a string 'kty' member")
        return KeySource(dict(value))
    raise ValueError("expected PEM text, a { file = ... } reference, a JWK table or raw bytes")


def secret_text(value: Any) -> SecretValue:
    """Coerce text (or file bytes, trailing newline stripped) into `SecretValue`.

    Raises:
        ValueError: The value is not text, or is empty.
    """
    if isinstance(value, SecretValue):
        return value
    if isinstance(value, bytes | bytearray):
        try:
            value = bytes(value).decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            raise ValueError("secret file is not UTF-8 text") from None
    if not isinstance(value, str):
        raise ValueError("expected text")
    if not value:
        raise ValueError("secret is empty")
    return SecretValue(value)


_redact = PlainSerializer(lambda _value: REDACTED, return_type=str)

KeyMaterialField = Annotated[
    KeySource,
    PlainValidator(key_source),
    _redact,
    WithJsonSchema({"type": "string", "description": "key material"}),
]
"""Pydantic field type for key material."""

SecretText = Annotated[
    SecretValue,
    PlainValidator(secret_text),
    _redact,
    WithJsonSchema({"type": "string", "description": "secret"}),
]
"""Pydantic field type for a secret string."""


def redact_url(text: str) -> str:
    """Return ``text`` with the credentials of a URL replaced by ``**********``.

    Text that is not a ``scheme://`` URL is returned unchanged. In a URL, the
    password of ``user:password@`` is redacted, and so is a lone userinfo
    (``https://<token>@host``, ``redis://<password>@host``: either can be the
    secret), as are query parameters whose name says they hold a secret
    (``password``, ``token``, ``api_key``...).

    Example:
        >>> redact_url("redis://app:hunter2@cache:6379/0")
        'redis://app:**********@cache:6379/0'
        >>> redact_url("sessions.db")
        'sessions.db'
    """
    if "://" not in text or ("@" not in text and "?" not in text):
        return text
    try:
        parts = urlsplit(text)
    except ValueError:
        return REDACTED  # unparseable, yet it looks like a URL with credentials
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, host = netloc.rpartition("@")
        user, colon, _password = userinfo.partition(":")
        netloc = f"{user}:{REDACTED}@{host}" if colon and user else f"{REDACTED}@{host}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode(
            [(key, REDACTED if _secret_query_key(key) else value) for key, value in pairs],
            safe="*",
        )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _secret_query_key(key: str) -> bool:
    lowered = key.lower()
    return any(word in lowered for word in _SECRET_QUERY_WORDS)
