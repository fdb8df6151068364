"""Value types shared by the configuration models: redacted secrets and key material.

Both types hide their content from ``repr``/``str`` so a configuration can be
printed, logged or put in an exception without leaking anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

__all__ = ["KeySource", "SecretText", "SecretValue", "key_source", "secret_text"]

REDACTED = "**********"
"""What every secret looks like when printed."""


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
        """Hash by identity: material may be an unhashable mapping."""
        return id(self)


class SecretValue:
    """A secret string from the configuration, redacted when printed.

    Call :meth:`reveal` to get the text; nothing else shows it.
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
    """Coerce a configuration value into :class:`KeySource`.

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
    """Coerce text (or file bytes, trailing newline stripped) into :class:`SecretValue`.

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
