"""Seal an authorization request into one compact encrypted string, and open it again.

An application can keep the sealed string in a cookie: AES-256-GCM makes it
unreadable and tamper-evident, and the request's ``created_at`` (inside the
ciphertext) makes it expire after ``[jam.oauth2] max_age``. Each configured
``seal_key`` yields, through HKDF-SHA256, an AES key and a 4-byte key id; the
newest key seals and any configured key opens, so rotation is: prepend a new
key, drop the old one after ``max_age``.

Layout (base64url, no padding): ``version (1) | key id (4) | nonce (12) | ciphertext+tag``.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from jam.exceptions import MalformedToken, OAuth2RequestExpiredError, OAuth2StateError
from jam.jwt._codec import b64decode, b64encode, dumps
from jam.oauth2._http import parse_json_object
from jam.oauth2._types import AuthorizationRequest

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["MAX_SEALED", "RequestSealer", "check_age"]

VERSION = b"\x01"
KID_BYTES = 4
NONCE_BYTES = 12
MAX_SEALED = 4096
"""Longest sealed string accepted (characters); longer is refused unread."""
_AAD = b"jam-oauth2-authorization-request\x00v1"
_FUTURE_SKEW = 60.0


def _derive(secret: bytes, label: bytes, length: int) -> bytes:
    return HKDF(algorithm=SHA256(), length=length, salt=None, info=label).derive(secret)


def check_age(request: AuthorizationRequest, now: float, max_age: int) -> None:
    """Refuse a request older than ``max_age`` seconds (or made in the future).

    Raises:
        OAuth2RequestExpiredError: Too old, or ``created_at`` is implausibly ahead.
    """
    age = now - request.created_at
    if age > max_age or age < -_FUTURE_SKEW:
        raise OAuth2RequestExpiredError(
            f"the authorization request is older than {max_age} s (or from the future); "
            "start again with oauth2_begin"
        )


class RequestSealer:
    """Seals with the newest ``seal_key``; opens with whichever key sealed."""

    def __init__(self, secrets: Sequence[bytes], max_age: int) -> None:
        """Derive keys from ``secrets`` (32 bytes each, newest first)."""
        if not secrets:
            raise ValueError("sealing needs at least one key")
        self.max_age = max_age
        """Seconds a sealed request stays valid."""
        keys = [
            (
                _derive(s, b"jam-oauth2-seal-kid-v1", KID_BYTES),
                AESGCM(_derive(s, b"jam-oauth2-seal-v1", 32)),
            )
            for s in secrets
        ]
        self._newest = keys[0]
        self._by_kid = dict(reversed(keys))

    def seal(self, request: AuthorizationRequest) -> str:
        """Encrypt ``request`` (without its URL) into a compact string."""
        data = request.to_dict()
        data.pop("url")
        kid, aead = self._newest
        nonce = os.urandom(NONCE_BYTES)
        blob = VERSION + kid + nonce + aead.encrypt(nonce, dumps(data), _AAD)
        return b64encode(blob)

    def unseal(self, sealed: str) -> AuthorizationRequest:
        """Open a sealed request and check its age.

        Raises:
            OAuth2StateError: Not authentic under any configured key, or malformed.
            OAuth2RequestExpiredError: Older than ``max_age``.
        """
        if not isinstance(sealed, str) or len(sealed) > MAX_SEALED or not sealed.isascii():
            raise OAuth2StateError("sealed authorization request is malformed")
        try:
            blob = b64decode(sealed)
        except MalformedToken:
            raise OAuth2StateError("sealed authorization request is malformed") from None
        header = len(VERSION) + KID_BYTES + NONCE_BYTES
        aead = self._by_kid.get(blob[1 : 1 + KID_BYTES])
        if len(blob) < header + 16 or blob[:1] != VERSION or aead is None:
            raise OAuth2StateError("sealed authorization request is not authentic")
        try:
            plain = aead.decrypt(blob[1 + KID_BYTES : header], blob[header:], _AAD)
        except InvalidTag:
            raise OAuth2StateError("sealed authorization request is not authentic") from None
        request = AuthorizationRequest.from_dict(
            {**parse_json_object(plain, "sealed request"), "url": ""}, sealer=self
        )
        check_age(request, time.time(), self.max_age)
        return request

    def __repr__(self) -> str:
        """Key count only."""
        return f"RequestSealer(keys={len(self._by_kid)}, max_age={self.max_age})"
