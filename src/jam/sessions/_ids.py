"""Session id formats: plain random ids, and authenticated ids for encrypted sessions.

Used by `jam.sessions._codec`. Both formats are URL-safe base64 of at
least 256 random bits from `secrets` and reveal nothing about the
session key. `valid` is the gate in front of the store: an id that
fails it is never looked up.

Routed ids: when the store offers ``route`` (`jam.protocols.SupportsRoutedIds`,
e.g. Redis Cluster), a new id starts with the store's routing tag of its
owner and a dot, ``<tag>.<id as above>``; ``renew`` keeps the tag. Only a
format built with ``routed=True`` (see `PlainIds.routing`) accepts that
shape, and it still accepts the untagged shape (ids made before routing).
A signed id authenticates its tag, so a forged or swapped tag is refused
like any other forgery, without a store call.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets
from hashlib import sha256

__all__ = ["MAX_ROUTE_LENGTH", "ROUTE_SEPARATOR", "PlainIds", "SignedIds", "valid_route"]

RANDOM_BYTES = 32
"""Random part of every id: 256 bits."""

LINEAGE_BYTES = 16
"""Random value fixed at creation and kept by rework; binds the ciphertext (AAD)."""

TAG_BYTES = 16
"""Truncated HMAC-SHA256 tag authenticating a signed id (128 bits)."""

ROUTE_SEPARATOR = "."
"""Separates a routing tag from the rest of the id (not in the base64url alphabet)."""

MAX_ROUTE_LENGTH = 16
"""Longest routing tag a store may return, in characters."""

_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
_TAG_LABEL = b"jam-session-id-v1"
_ROUTED_TAG_LABEL = b"jam-session-id-v1-routed"


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _well_formed(session_id: object, length: int) -> bool:
    return (
        isinstance(session_id, str)
        and len(session_id) == length
        and _ALPHABET.issuperset(session_id)
    )


def valid_route(route: object) -> bool:
    """True when ``route`` is a usable routing tag: 1-16 base64url characters."""
    return (
        isinstance(route, str)
        and 0 < len(route) <= MAX_ROUTE_LENGTH
        and _ALPHABET.issuperset(route)
    )


def _split(session_id: object, body_length: int) -> tuple[str, str] | None:
    """Return ``(tag, rest)`` of a well-formed routed id, else ``None`` (bounded work)."""
    if not isinstance(session_id, str) or len(session_id) > MAX_ROUTE_LENGTH + 1 + body_length:
        return None
    route, sep, rest = session_id.partition(ROUTE_SEPARATOR)
    if not sep or not valid_route(route) or not _well_formed(rest, body_length):
        return None
    return route, rest


def _prefixed(route: str | None, rest: str) -> str:
    if route is None:
        return rest
    if not valid_route(route):
        raise ValueError("a routing tag is 1-16 characters of A-Z a-z 0-9 - _")
    return route + ROUTE_SEPARATOR + rest


class PlainIds:
    """Ids that are 32 random bytes, base64url (43 characters), optionally routed."""

    length = 43
    """Length of the random part in characters (the whole id when not routed)."""

    def __init__(self, *, routed: bool = False) -> None:
        """Make a format; ``routed`` also accepts ``<tag>.<random>`` ids."""
        self.routed = routed
        """True when ids may carry a routing tag."""

    def routing(self) -> PlainIds:
        """Return the same format that also makes and accepts routed ids."""
        return PlainIds(routed=True)

    def new(self, route: str | None = None) -> str:
        """Return a fresh id, prefixed with ``route`` when given."""
        return _prefixed(route, secrets.token_urlsafe(RANDOM_BYTES))

    def renew(self, old: str) -> str:
        """Return a fresh id to replace ``old``: new random part, same routing tag."""
        return self.new(_route_of(old, self.length))

    def valid(self, session_id: object) -> bool:
        """True when ``session_id`` has the shape of an id this format makes."""
        if _well_formed(session_id, self.length):
            return True
        return self.routed and _split(session_id, self.length) is not None

    def binding(self, session_id: str) -> bytes:
        """Plain sessions are not encrypted: nothing to bind."""
        return b""


def _route_of(session_id: str, body_length: int) -> str | None:
    parts = _split(session_id, body_length)
    return None if parts is None else parts[0]


class SignedIds:
    """Ids carrying an HMAC tag, so forged ids are refused without a store round trip.

    Layout (64 bytes, 86 base64url characters):

    ```text
    random (32) | lineage (16) | HMAC-SHA256(mac_key, label | random | lineage)[:16]
    ```

    A routed id is ``<route>.`` followed by the same 86 characters, whose HMAC
    covers the route too (under another label, so the two shapes can never
    be turned into each other):

    ```text
    HMAC-SHA256(mac_key, routed label | len(route) | route | random | lineage)[:16]
    ```

    ``lineage`` is drawn at creation and copied by `renew` (with the
    route); it is the AEAD associated data, so a rework moves ciphertext to
    the new id without re-encrypting, while ciphertext copied onto any other
    session fails to decrypt. The tag is made with the newest key and checked
    against every key, in constant time.
    """

    length = 86
    """Length of the authenticated part in characters (the whole id when not routed)."""

    def __init__(self, mac_keys: list[bytes], *, routed: bool = False) -> None:
        """Use ``mac_keys`` (newest first) to tag and verify ids.

        Args:
            mac_keys: HMAC keys, newest first.
            routed: Also make and accept ``<route>.<signed id>`` ids.
        """
        if not mac_keys:
            raise ValueError("signed ids need at least one key")
        self._keys = list(mac_keys)
        self.routed = routed
        """True when ids may carry a routing tag."""

    def routing(self) -> SignedIds:
        """Return the same format (same keys) that also makes and accepts routed ids."""
        return SignedIds(self._keys, routed=True)

    def new(self, route: str | None = None) -> str:
        """Return a fresh id with a fresh lineage, prefixed with ``route`` when given."""
        return self._make(route, secrets.token_bytes(LINEAGE_BYTES))

    def renew(self, old: str) -> str:
        """Return a fresh id in the same lineage and route as ``old`` (which must be valid)."""
        return self._make(_route_of(old, self.length), self.binding(old))

    def valid(self, session_id: object) -> bool:
        """True when ``session_id`` is canonical base64url and its tag verifies."""
        route: str | None = None
        if _well_formed(session_id, self.length):
            assert isinstance(session_id, str)  # noqa: S101  (narrowing for mypy only)
            text = session_id
        else:
            parts = _split(session_id, self.length) if self.routed else None
            if parts is None:
                return False
            route, text = parts
        try:
            raw = base64.urlsafe_b64decode(text + "==")
        except (binascii.Error, ValueError):
            return False
        if _b64encode(raw) != text:  # non-canonical spelling of the same bytes
            return False
        body, tag = raw[:-TAG_BYTES], raw[-TAG_BYTES:]
        ok = False
        for key in self._keys:
            ok |= hmac.compare_digest(self._tag(key, route, body), tag)
        return ok

    def binding(self, session_id: str) -> bytes:
        """Return the lineage of a valid id (the AEAD associated data)."""
        text = session_id.rpartition(ROUTE_SEPARATOR)[2]
        raw = base64.urlsafe_b64decode(text + "==")
        return raw[RANDOM_BYTES : RANDOM_BYTES + LINEAGE_BYTES]

    def _make(self, route: str | None, lineage: bytes) -> str:
        if route is not None and not valid_route(route):
            raise ValueError("a routing tag is 1-16 characters of A-Z a-z 0-9 - _")
        body = secrets.token_bytes(RANDOM_BYTES) + lineage
        return _prefixed(route, _b64encode(body + self._tag(self._keys[0], route, body)))

    @staticmethod
    def _tag(key: bytes, route: str | None, body: bytes) -> bytes:
        if route is None:
            message = _TAG_LABEL + body
        else:
            encoded = route.encode("ascii")
            message = _ROUTED_TAG_LABEL + bytes([len(encoded)]) + encoded + body
        return hmac.new(key, message, sha256).digest()[:TAG_BYTES]
