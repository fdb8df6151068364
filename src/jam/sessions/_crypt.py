"""AES-256-GCM for session data at rest, with key rotation.

Used by `jam.sessions._codec` when ``is_session_crypt = true``. Each
configured ``session_aes_secret`` yields, through HKDF-SHA256 with distinct
labels, an encryption key, an id-tagging key and a 4-byte key identifier.
The newest secret encrypts; any configured secret decrypts (picked by key
identifier), so rotating is: prepend a new secret, later drop the old one.

Blob layout: ``version (1) | key id (4) | nonce (12) | ciphertext+tag``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

__all__ = ["DerivedKey", "Sealer", "derive_key"]

VERSION = b"\x01"
"""First byte of every encrypted blob."""

NONCE_BYTES = 12
KID_BYTES = 4
_HEADER = len(VERSION) + KID_BYTES + NONCE_BYTES


@dataclass(frozen=True, slots=True)
class DerivedKey:
    """Keys derived from one ``session_aes_secret`` (never printed)."""

    kid: bytes
    aead: AESGCM
    mac_key: bytes

    def __repr__(self) -> str:
        """Hide key material."""
        return f"DerivedKey(kid={self.kid.hex()})"


def _hkdf(secret: bytes, label: bytes, length: int) -> bytes:
    return HKDF(algorithm=SHA256(), length=length, salt=None, info=label).derive(secret)


def derive_key(secret: bytes) -> DerivedKey:
    """Derive the encryption key, id-tagging key and key id from a 32-byte secret."""
    return DerivedKey(
        kid=_hkdf(secret, b"jam-session-kid-v1", KID_BYTES),
        aead=AESGCM(_hkdf(secret, b"jam-session-aead-v1", 32)),
        mac_key=_hkdf(secret, b"jam-session-id-v1", 32),
    )


class Sealer:
    """Encrypts with the newest key, decrypts with whichever key made the blob."""

    def __init__(self, keys: list[DerivedKey]) -> None:
        """Use ``keys``, newest first."""
        if not keys:
            raise ValueError("encryption needs at least one key")
        self._newest = keys[0]
        self._by_kid = {key.kid: key for key in reversed(keys)}

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        """Encrypt and authenticate ``plaintext`` bound to ``aad``."""
        nonce = os.urandom(NONCE_BYTES)
        key = self._newest
        return VERSION + key.kid + nonce + key.aead.encrypt(nonce, plaintext, aad)

    def open(self, blob: bytes, aad: bytes) -> bytes | None:
        """Return the plaintext, or ``None`` when the blob is not authentic for ``aad``."""
        if len(blob) < _HEADER + 16 or blob[:1] != VERSION:
            return None
        key = self._by_kid.get(blob[1 : 1 + KID_BYTES])
        if key is None:
            return None
        nonce = blob[1 + KID_BYTES : _HEADER]
        try:
            return key.aead.decrypt(nonce, blob[_HEADER:], aad)
        except InvalidTag:
            return None
