"""ECDSA signatures from other implementations, brought to the low-S form Jam verifies.

ECDSA is malleable: with (r, s) valid, (r, n - s) is too. Jam signs only the
low half (s <= n/2) and ``jam-auth-jwa`` refuses the high half, so that a
token Jam issued has exactly one valid encoding. ID tokens are issued by
providers whose libraries pick either half at random, so about half of their
ES256 tokens would be refused. For ID tokens, and only there, a high-S
signature is mapped to its low-S twin before verification: the twin verifies
exactly when the original does, so no forgery becomes possible, and ID tokens
are never stored or compared by signature (their single use is the nonce's).
"""

from __future__ import annotations

__all__ = ["ORDERS", "low_s"]

ORDERS: dict[str, tuple[int, int]] = {
    # alg -> (byte length of r and of s, group order n), from SEC 2 v2 / FIPS 186-4 D.
    "ES256": (32, int("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16)),
    "ES384": (
        48,
        int(
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"
            "C7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973",
            16,
        ),
    ),
    "ES512": (
        66,
        int(
            "01FF" + "FFFFFFFF" * 7 + "FFFFFFFA"
            "51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409",
            16,
        ),
    ),
    "ES256K": (32, int("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16)),
}
"""Curves of the ECDSA JWS algorithms."""


def low_s(alg: str, signature: bytes) -> bytes:
    """Return ``signature`` with ``s`` in the low half when ``alg`` is ECDSA; else unchanged.

    Malformed lengths and out-of-range values are left alone: the plugin refuses them.

    Example:
        >>> low_s("RS256", b"sig")
        b'sig'
    """
    curve = ORDERS.get(alg)
    if curve is None:
        return signature
    size, order = curve
    if len(signature) != 2 * size:
        return signature
    s = int.from_bytes(signature[size:], "big")
    if order // 2 < s < order:
        return signature[:size] + (order - s).to_bytes(size, "big")
    return signature
