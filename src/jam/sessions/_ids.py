"""Session id formats: plain random ids, and authenticated ids for encrypted sessions.

Used by :mod:`jam.sessions._codec`. Both formats are URL-safe base64 of at
least 256 random bits from :mod:`secrets` and reveal nothing about the
session key. :meth:`valid` is the gate in front of the store: an id that
fails it is never looked up.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets
from hashlib import sha256

__all__ = ["PlainIds", "SignedIds"]

RANDOM_BYTES = 32
"""Random part of every id: 256 bits."""

LINEAGE_BYTES = 16
"""Random value fixed at creation and kept by rework; binds the ciphertext (AAD)."""

TAG_BYTES = 16
"""Truncated HMAC-SHA256 tag authenticating a signed id (128 bits)."""

_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
_TAG_LABEL = b"jam-session-id-v1"


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _well_formed(session_id: object, length: int) -> bool:
    return (
        isinstance(session_id, str)
        and len(session_id) == length
        and _ALPHABET.issuperset(session_id)
    )


class PlainIds:
    """Ids that are 32 random bytes, base64url (43 characters)."""

    length = 43
    """Length of every id in characters."""

    def new(self) -> str:
        """Return a fresh id."""
        return secrets.token_urlsafe(RANDOM_BYTES)

    def renew(self, old: str) -> str:
        """Return a fresh id to replace ``old`` (unrelated to it)."""
        return self.new()

    def valid(self, session_id: object) -> bool:
        """True when ``session_id`` has the shape of an id this format makes."""
        return _well_formed(session_id, self.length)

    def binding(self, session_id: str) -> bytes:
        """Plain sessions are not encrypted: nothing to bind."""
        return b""


class SignedIds:
    """Ids carrying an HMAC tag, so forged ids are refused without a store round trip.

    Layout (64 bytes, 86 base64url characters)::

        random (32) | lineage (16) | HMAC-SHA256(mac_key, label | random | lineage)[:16]

    ``lineage`` is drawn at creation and copied by :meth:`renew`; it is the
    AEAD associated data, so a rework moves ciphertext to the new id without
    re-encrypting, while ciphertext copied onto any other session fails to
    decrypt. The tag is made with the newest key and checked against every
    key, in constant time.
    """

    length = 86
    """Length of every id in characters."""

    def __init__(self, mac_keys: list[bytes]) -> None:
        """Use ``mac_keys`` (newest first) to tag and verify ids."""
        if not mac_keys:
            raise ValueError("signed ids need at least one key")
        self._keys = list(mac_keys)

    def new(self) -> str:
        """Return a fresh id with a fresh lineage."""
        return self._make(secrets.token_bytes(LINEAGE_BYTES))

    def renew(self, old: str) -> str:
        """Return a fresh id in the same lineage as ``old`` (which must be valid)."""
        return self._make(self.binding(old))

    def valid(self, session_id: object) -> bool:
        """True when ``session_id`` is canonical base64url and its tag verifies."""
        if not _well_formed(session_id, self.length):
            return False
        assert isinstance(session_id, str)  # noqa: S101  (narrowing for mypy only)
        try:
            raw = base64.urlsafe_b64decode(session_id + "==")
        except (binascii.Error, ValueError):
            return False
        if _b64encode(raw) != session_id:  # non-canonical spelling of the same bytes
            return False
        body, tag = raw[:-TAG_BYTES], raw[-TAG_BYTES:]
        ok = False
        for key in self._keys:
            ok |= hmac.compare_digest(self._tag(key, body), tag)
        return ok

    def binding(self, session_id: str) -> bytes:
        """Return the lineage of a valid id (the AEAD associated data)."""
        raw = base64.urlsafe_b64decode(session_id + "==")
        return raw[RANDOM_BYTES : RANDOM_BYTES + LINEAGE_BYTES]

    def _make(self, lineage: bytes) -> str:
        body = secrets.token_bytes(RANDOM_BYTES) + lineage
        return _b64encode(body + self._tag(self._keys[0], body))

    @staticmethod
    def _tag(key: bytes, body: bytes) -> bytes:
        return hmac.new(key, _TAG_LABEL + body, sha256).digest()[:TAG_BYTES]
