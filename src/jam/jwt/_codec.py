"""Strict base64url and JSON for compact JWS.

Strict means: no padding, no standard-alphabet characters, no non-canonical
trailing bits, no duplicate JSON member names, no NaN/Infinity. Every
violation raises `MalformedToken`.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from jam.exceptions import MalformedToken

__all__ = ["b64decode", "b64encode", "dumps", "loads_object"]

# One bytes.translate maps base64url onto the standard alphabet and turns the
# characters base64url forbids ("+", "/", "=") into "!", which the strict
# decoder below rejects: alphabet, padding and translation checks in one C pass.
_TO_STANDARD = bytes.maketrans(b"-_+/=", b"+/!!!")
_PADDING = (b"", b"", b"==", b"=")
# For a final group of 2 (3) characters, the last character may only carry
# 2 (4) significant bits: these are the characters whose unused bits are zero.
_CANONICAL_LAST = ("", "", "AQgw", "AEIMQUYcgkosw048")


def b64encode(data: bytes) -> str:
    """Encode bytes as unpadded base64url text."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64decode(text: str) -> bytes:
    """Decode unpadded, canonical base64url text.

    Raises:
        MalformedToken: Padding, characters outside the base64url alphabet,
            an impossible length, or non-zero unused trailing bits.
    """
    remainder = len(text) % 4
    if remainder and (remainder == 1 or text[-1] not in _CANONICAL_LAST[remainder]):
        raise MalformedToken("invalid or non-canonical base64url segment")
    try:
        return binascii.a2b_base64(
            text.encode("ascii").translate(_TO_STANDARD) + _PADDING[remainder], strict_mode=True
        )
    except (binascii.Error, ValueError):  # UnicodeEncodeError is a ValueError
        raise MalformedToken("invalid base64url segment") from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise MalformedToken("duplicate member name in JSON object")
    return result


def _no_constants(name: str) -> Any:
    raise MalformedToken(f"{name} is not valid JSON")


_decoder = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
_encoder = json.JSONEncoder(separators=(",", ":"), allow_nan=False, ensure_ascii=False)


def loads_object(data: bytes, what: str) -> dict[str, Any]:
    """Parse UTF-8 JSON that must be an object.

    Args:
        data: Decoded segment bytes.
        what: ``"header"`` or ``"payload"``, for the error message.

    Raises:
        MalformedToken: Not UTF-8, not JSON, not an object, or duplicate names.
    """
    try:
        value = _decoder.decode(data.decode("utf-8"))
    except MalformedToken:
        raise
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise MalformedToken(f"{what} is not valid UTF-8 JSON") from None
    if not isinstance(value, dict):
        raise MalformedToken(f"{what} is not a JSON object (a JWT claim set is required)")
    return value


def dumps(value: Any) -> bytes:
    """Serialise compactly as UTF-8 JSON (raises TypeError/ValueError for bad values)."""
    return _encoder.encode(value).encode("utf-8")
