"""Read an authorization callback: a full URL, a query string, or its parameters.

The callback is attacker-controlled: anyone can send any URL to the redirect
endpoint. Parsing is bounded (length, number of fields, value length) and can
only raise `OAuth2CallbackError`, whatever the input.
A parameter repeated is refused (RFC 6749 §3.1: parameters must not repeat).
A text with ``?`` or ``://`` is a URL (only its query counts); any other text is
a query string. A URL or query string with a raw control character, or that is
not valid text (a lone surrogate), is refused: a request line cannot carry
either, and ``urllib.parse`` would silently drop tabs and newlines (as WHATWG
parsers do), so two different strings would read as one callback.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any

from jam.exceptions import OAuth2CallbackError

__all__ = ["MAX_CALLBACK", "parse_callback"]

MAX_CALLBACK = 16384
"""Longest callback URL or query string accepted (characters)."""
MAX_FIELDS = 64
MAX_VALUE = 4096
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def parse_callback(callback: object) -> dict[str, str]:
    """Return the callback's parameters as ``{name: value}``.

    Args:
        callback: The full callback URL (``https://app/cb?code=...&state=...``),
            its query string, or a mapping of its parameters (a framework's
            ``request.args``; a value may be a one-item list).

    Raises:
        OAuth2CallbackError: Anything malformed, oversized or repeated.
    """
    if isinstance(callback, str):
        return _from_text(callback)
    if isinstance(callback, Mapping):
        return _from_mapping(callback)
    raise OAuth2CallbackError(
        "callback must be the callback URL, its query string, or a mapping of its parameters"
    )


def _from_text(text: str) -> dict[str, str]:
    if len(text) > MAX_CALLBACK:
        raise OAuth2CallbackError(f"callback is longer than {MAX_CALLBACK} characters")
    if _CONTROL.search(text) is not None:
        raise OAuth2CallbackError("callback contains a control character (it was not sent as is)")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise OAuth2CallbackError("callback is not valid text") from None
    if "?" in text or "://" in text:
        try:
            query = urllib.parse.urlsplit(text).query
        except ValueError:
            raise OAuth2CallbackError("callback is not a valid URL") from None
    else:
        query = text.lstrip("?").split("#", 1)[0]
    try:
        pairs = urllib.parse.parse_qsl(
            query,
            keep_blank_values=True,
            strict_parsing=False,
            max_num_fields=MAX_FIELDS,
            errors="strict",
        )
    except (ValueError, UnicodeError):
        raise OAuth2CallbackError("callback query is malformed or has too many fields") from None
    return _checked(pairs)


def _from_mapping(params: Mapping[Any, Any]) -> dict[str, str]:
    if len(params) > MAX_FIELDS:
        raise OAuth2CallbackError("callback has too many parameters")
    pairs: list[tuple[str, str]] = []
    for key, raw in params.items():
        value = raw
        if isinstance(raw, Sequence) and not isinstance(raw, str | bytes):
            if len(raw) != 1:
                raise OAuth2CallbackError("a callback parameter is repeated (or empty)")
            value = raw[0]
        if not isinstance(key, str) or not isinstance(value, str):
            raise OAuth2CallbackError("callback parameters must be strings")
        pairs.append((key, value))
    return _checked(pairs)


def _checked(pairs: list[tuple[str, str]]) -> dict[str, str]:
    result: dict[str, str] = {}
    for key, value in pairs:
        if key in result:
            raise OAuth2CallbackError("a callback parameter is repeated")
        if len(value) > MAX_VALUE or len(key) > 64:
            raise OAuth2CallbackError("a callback parameter is too long")
        if "\x00" in value:
            raise OAuth2CallbackError("a callback parameter contains a NUL character")
        try:
            key.encode("utf-8")
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise OAuth2CallbackError("a callback parameter is not valid text") from None
        result[key] = value
    return result
