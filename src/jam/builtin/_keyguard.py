"""The HMAC key-confusion guard: public or private key material is never an HMAC secret.

An HS256 verifier whose "secret" is an RSA or EC public key can be fooled by
anyone, because the key is public: they sign their own token with it as the
HMAC secret. Jam refuses asymmetric key material as a secret in every form it is
commonly stored or pasted in, not only PEM: with a byte-order mark or NUL bytes
in front, UTF-16 text, bare DER, the base64 body of a PEM file without its
armour, hex, SSH public keys and their base64 blobs, and JWKs as JSON text.

Used by the built-in HS* algorithms (`jam.builtin._hmac`) and by the
kernel's key loading for every ``oct`` algorithm. Standard library only: an
ordinary random secret never imports ``cryptography``.
"""

from __future__ import annotations

import binascii
import json
import re

from jam.builtin._der import element_size, is_key_der

__all__ = ["asymmetric_form"]

_BOMS = (b"\xef\xbb\xbf", b"\xfe\xff", b"\xff\xfe")
_WHITESPACE = b" \t\r\n\x0b\x0c"
_MARKERS: tuple[tuple[bytes, str], ...] = (
    (b"-----BEGIN", "PEM key material"),
    (b"---- BEGIN SSH2", "an RFC 4716 SSH public key"),
    (b"PUTTY-USER-KEY-FILE-", "a PuTTY key file"),
    (b"SSH-RSA ", "an OpenSSH public key"),
    (b"SSH-DSS ", "an OpenSSH public key"),
    (b"SSH-ED25519 ", "an OpenSSH public key"),
    (b"SSH-ED448 ", "an OpenSSH public key"),
    (b"ECDSA-SHA2-", "an OpenSSH public key"),
    (b"SK-SSH-ED25519@OPENSSH.COM", "an OpenSSH public key"),
    (b"SK-ECDSA-SHA2-", "an OpenSSH public key"),
)
_SSH_BLOB_TYPES = (b"ssh-", b"ecdsa-sha2-", b"sk-ssh-", b"sk-ecdsa-")
_BASE64 = re.compile(rb"[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+={0,2}")
_URLSAFE_TO_STANDARD = bytes.maketrans(b"-_", b"+/")
_HEX = re.compile(rb"(?:[0-9A-Fa-f]{2})+")
_JWK_MEMBERS = ("kty", "keys")


def asymmetric_form(data: bytes) -> str | None:
    """Name the kind of key material ``data`` is, or return None for an ordinary secret.

    Args:
        data: A candidate HMAC secret (raw bytes, or UTF-8/UTF-16 text).

    Returns:
        A short description (``"PEM key material"``, ``"a JWK in JSON text"``...)
        when ``data`` is public- or private-key material; None otherwise.

    Example:
        >>> asymmetric_form(b"-----BEGIN PUBLIC KEY-----...")
        'PEM key material'
        >>> asymmetric_form(b'{"kty": "RSA", "n": "...", "e": "AQAB"}')
        'a JWK in JSON text'
        >>> asymmetric_form(b"Lw1vX0c2yP9kRqB7tNzUa4HeJf8sDm3G") is None
        True
    """
    text = _text_view(data)
    if is_key_der(_der_candidate(data)):
        return "DER key material"
    return (
        _marker_form(text)
        or ("a JWK in JSON text" if _is_jwk_json(text) else None)
        or _encoded_form(text.translate(None, _WHITESPACE + b":"))
    )


def _marker_form(text: bytes) -> str | None:
    """PEM armour, SSH and PuTTY key headers, anywhere in the text, in any case."""
    upper = text.upper()
    return next((form for marker, form in _MARKERS if marker in upper), None)


def _encoded_form(compact: bytes) -> str | None:
    """DER or an SSH key blob in base64 (PEM body lines without armour) or hex."""
    decoded = _base64(compact)
    if decoded is not None:
        if is_key_der(decoded):
            return "base64 DER key material (a PEM body without its armour)"
        if _is_ssh_blob(decoded):
            return "a base64 SSH public key"
    if _HEX.fullmatch(compact) and is_key_der(bytes.fromhex(compact.decode("ascii"))):
        return "hex-encoded DER key material"
    return None


def _text_view(data: bytes) -> bytes:
    """``data`` as ASCII-ish text: NULs (UTF-16/32 padding) and byte-order marks removed."""
    view = data.replace(b"\x00", b"")
    for bom in _BOMS:
        view = view.replace(bom, b"")
    return view.strip(_WHITESPACE)


def _der_candidate(data: bytes) -> bytes:
    """The DER element in ``data``, without what a file or paste adds around it.

    Leading BOMs, NULs and whitespace are dropped (DER starts with 0x30); after
    the element, only whitespace or NULs may follow. Bytes inside the element
    are never touched: a DER key may end in 0x00 or 0x0A.
    """
    start = data.lstrip(_WHITESPACE + b"\x00")
    for bom in _BOMS:
        start = start.removeprefix(bom).lstrip(_WHITESPACE + b"\x00")
    size = element_size(start)
    if size is None or start[size:].strip(_WHITESPACE + b"\x00"):
        return b""
    return start[:size]


def _is_jwk_json(text: bytes) -> bool:
    if not text.startswith(b"{"):
        return False
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # JSONDecodeError and UnicodeDecodeError included
        return False
    return isinstance(value, dict) and any(member in value for member in _JWK_MEMBERS)


def _base64(compact: bytes) -> bytes | None:
    """Decode standard or URL-safe base64 (padding optional); None when it is not base64."""
    if not _BASE64.fullmatch(compact):
        return None
    body = compact.rstrip(b"=").translate(_URLSAFE_TO_STANDARD)
    try:
        return binascii.a2b_base64(body + b"=" * (-len(body) % 4), strict_mode=True)
    except binascii.Error:
        return None


def _is_ssh_blob(data: bytes) -> bool:
    """The SSH wire format starts with a length-prefixed key type such as ``ssh-ed25519``."""
    if len(data) < 8:
        return False
    length = int.from_bytes(data[:4], "big")
    return 4 < length <= 64 and data[4 : 4 + length].startswith(_SSH_BLOB_TYPES)
