"""Recognise DER-encoded keys and certificates with the standard library only.

Used by the HMAC key-confusion guard (`jam.builtin._keyguard`), which must
tell a public key from a random secret without importing ``cryptography``. The
test is structural: the bytes must be one complete, well-formed DER tree and
either name a public-key algorithm or curve (SubjectPublicKeyInfo, X.509
certificates, PKCS#8, SEC 1 EC keys, encrypted PKCS#8) or have the shape of a
PKCS#1 RSA key (a SEQUENCE of 2 or 9 INTEGERs with a modulus of 512 bits or
more). Random bytes pass both tests with negligible probability.
"""

from __future__ import annotations

__all__ = ["KEY_OIDS", "element_size", "is_key_der"]

_SEQUENCE = 0x30
_INTEGER = 0x02
_OID = 0x06
_CONSTRUCTED = 0x20
_MAX_DEPTH = 16
_MIN_MODULUS_BYTES = 64


def _encode_oid(dotted: str) -> bytes:
    """Encode a dotted object identifier as DER content bytes (X.690 §8.19)."""
    first, second, *rest = (int(arc) for arc in dotted.split("."))
    out = bytearray()
    for arc in (40 * first + second, *rest):
        chunk = [arc & 0x7F]
        high = arc >> 7
        while high:
            chunk.append(0x80 | (high & 0x7F))
            high >>= 7
        out += bytes(reversed(chunk))
    return bytes(out)


KEY_OIDS: frozenset[bytes] = frozenset(
    _encode_oid(oid)
    for oid in (
        "1.2.840.113549.1.1.1",  # rsaEncryption
        "1.2.840.113549.1.1.10",  # RSASSA-PSS
        "1.2.840.10045.2.1",  # id-ecPublicKey
        "1.2.840.10040.4.1",  # DSA
        "1.3.101.110",  # X25519
        "1.3.101.111",  # X448
        "1.3.101.112",  # Ed25519
        "1.3.101.113",  # Ed448
        "1.2.840.10045.3.1.7",  # P-256
        "1.3.132.0.34",  # P-384
        "1.3.132.0.35",  # P-521
        "1.3.132.0.10",  # secp256k1
        "1.2.840.113549.1.5.13",  # PBES2 (encrypted PKCS#8)
    )
)
"""Content bytes of the OIDs that mark key material (algorithms and named curves)."""


def is_key_der(data: bytes) -> bool:
    """True when ``data`` is exactly one DER key, certificate or PKCS#1 RSA key.

    Example:
        >>> is_key_der(bytes.fromhex("300506032b6570"))  # SEQUENCE { OID Ed25519 }
        True
        >>> is_key_der(b"0" * 32)
        False
    """
    if len(data) < 2 or data[0] != _SEQUENCE:
        return False
    oids: list[bytes] = []
    children = _walk(data, 0, len(data), 0, oids)
    if children is None or len(children) != 1:
        return False
    if any(oid in KEY_OIDS for oid in oids):
        return True
    _, start, end = children[0]
    top = _walk(data, start, end, 1, [])
    return top is not None and _pkcs1_shaped(top)


def element_size(data: bytes) -> int | None:
    """Bytes taken by the DER element that starts ``data``, or None when its header is malformed.

    Example:
        >>> element_size(bytes.fromhex("300506032b6570") + b" trailing text")
        7
    """
    parsed = _header(data, 0, len(data))
    return None if parsed is None else parsed[2]


def _pkcs1_shaped(children: list[tuple[int, int, int]]) -> bool:
    """RSAPublicKey is {n, e}; RSAPrivateKey is {version, n, e, d, p, q, dp, dq, qi}."""
    if any(tag != _INTEGER for tag, _, _ in children):
        return False
    if len(children) == 2:
        modulus = children[0]
    elif len(children) == 9:
        modulus = children[1]
    else:
        return False
    return modulus[2] - modulus[1] >= _MIN_MODULUS_BYTES


def _walk(
    data: bytes, start: int, end: int, depth: int, oids: list[bytes]
) -> list[tuple[int, int, int]] | None:
    """Parse the TLVs that exactly fill ``data[start:end]``; None when malformed.

    Returns ``(tag, content_start, content_end)`` for each element, recursing
    into constructed ones and collecting OBJECT IDENTIFIER contents in ``oids``.
    """
    if depth > _MAX_DEPTH:
        return None
    children = []
    position = start
    while position < end:
        parsed = _header(data, position, end)
        if parsed is None:
            return None
        tag, inner, after = parsed
        if tag == _OID:
            oids.append(data[inner:after])
        elif tag & _CONSTRUCTED and _walk(data, inner, after, depth + 1, oids) is None:
            return None
        children.append(parsed)
        position = after
    return children


def _header(data: bytes, position: int, end: int) -> tuple[int, int, int] | None:
    """Read one tag and definite length at ``position``; None when they do not fit."""
    if end - position < 2:
        return None
    tag = data[position]
    if tag & 0x1F == 0x1F:  # high tag numbers never occur in key structures
        return None
    first = data[position + 1]
    cursor = position + 2
    if first < 0x80:
        length = first
    else:
        count = first & 0x7F
        if not 1 <= count <= 4 or cursor + count > end:  # 0x80 is BER's indefinite length
            return None
        length = int.from_bytes(data[cursor : cursor + count], "big")
        cursor += count
    if cursor + length > end:
        return None
    return tag, cursor, cursor + length
