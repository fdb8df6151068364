"""Check Ed25519 and Ed448 public keys: canonical, on the curve, in the prime-order subgroup.

``cryptography`` (OpenSSL) accepts any 32 or 57 bytes as an Edwards public
key. A key of small order is dangerous: with the identity point as the public
key, the signature (R = identity, S = 0) verifies for every message. An honest
key is ``a * B`` for the base point ``B``, so it always lies in the subgroup of
prime order ``L``; this module refuses everything else when a key is loaded:

* a non-canonical encoding (``y >= p``, or ``x = 0`` with the sign bit set);
* bytes that decode to no point of the curve;
* a point of small order (the identity and the other 7 such points of
  Ed25519, the other 3 of Ed448) or with a small-order component.

Pure integer arithmetic on public values (RFC 8032 §5.1 and §5.2 constants),
run once per key at load time, never on the verify path.
"""

from __future__ import annotations

from dataclasses import dataclass

from jam.exceptions import InvalidKey

__all__ = ["ED448", "ED25519", "Curve", "check_public_key"]


@dataclass(frozen=True, slots=True)
class Curve:
    """Parameters of one Edwards curve ``a*x^2 + y^2 = 1 + d*x^2*y^2`` over GF(p).

    Attributes:
        name: ``Ed25519`` or ``Ed448``.
        p: The field prime.
        a: The ``a`` coefficient (-1 for Ed25519, 1 for Ed448).
        d: The ``d`` coefficient, reduced mod ``p``.
        order: ``L``, the prime order of the base point.
        cofactor: 8 for Ed25519, 4 for Ed448.
        size: Bytes of an encoded point.
    """

    name: str
    p: int
    a: int
    d: int
    order: int
    cofactor: int
    size: int


_P25519 = 2**255 - 19
ED25519 = Curve(
    name="Ed25519",
    p=_P25519,
    a=-1,
    d=-121665 * pow(121666, -1, _P25519) % _P25519,
    order=2**252 + 27742317777372353535851937790883648493,
    cofactor=8,
    size=32,
)
"""Edwards25519 (RFC 8032 §5.1)."""

_P448 = 2**448 - 2**224 - 1
ED448 = Curve(
    name="Ed448",
    p=_P448,
    a=1,
    d=-39081 % _P448,
    order=2**446 - 13818066809895115352007386748515426880336692474882178609894547503885,
    cofactor=4,
    size=57,
)
"""Edwards448 (RFC 8032 §5.2)."""

_Point = tuple[int, int, int, int]  # extended coordinates (X, Y, Z, T), x = X/Z, y = Y/Z


def check_public_key(curve: Curve, encoded: bytes) -> None:
    """Refuse an encoded public key that is not a canonical point of prime order ``L``.

    Raises:
        InvalidKey: Wrong length, non-canonical, not on the curve, of small
            order, or with a small-order component.

    Example:
        >>> check_public_key(ED25519, bytes([1]) + bytes(31))  # the identity point
        Traceback (most recent call last):
        jam.exceptions.InvalidKey: the Ed25519 public key is a point of small order ...
    """
    point = _decode(curve, encoded)
    if _is_identity(curve, _multiply(curve, point, curve.cofactor)):
        raise InvalidKey(
            f"the {curve.name} public key is a point of small order, which lets anyone "
            "forge signatures; it cannot be a real key"
        )
    if not _is_identity(curve, _multiply(curve, point, curve.order)):
        raise InvalidKey(
            f"the {curve.name} public key has a small-order component (it is not in the "
            "prime-order subgroup), so it cannot be a real key"
        )


def _decode(curve: Curve, encoded: bytes) -> _Point:
    """Decode per RFC 8032 §5.1.3 / §5.2.3, refusing every non-canonical encoding."""
    p = curve.p
    if len(encoded) != curve.size:
        raise InvalidKey(f"an {curve.name} public key has {curve.size} bytes")
    number = int.from_bytes(encoded, "little")
    sign_bit = 8 * curve.size - 1
    x_0 = number >> sign_bit
    y = number & ((1 << sign_bit) - 1)
    if y >= p:
        raise InvalidKey(f"the {curve.name} public key is not canonically encoded")
    # a*x^2 + y^2 = 1 + d*x^2*y^2  =>  x^2 = (y^2 - 1) / (d*y^2 - a)
    u = (y * y - 1) % p
    v = (curve.d * y * y - curve.a) % p
    x = _sqrt_ratio(curve, u, v)
    if x is None:
        raise InvalidKey(f"the {curve.name} public key is not a point on the curve")
    if x == 0 and x_0 == 1:
        raise InvalidKey(f"the {curve.name} public key is not canonically encoded")
    if x & 1 != x_0:
        x = p - x
    return (x, y, 1, x * y % p)


def _sqrt_ratio(curve: Curve, u: int, v: int) -> int | None:
    """A square root of u/v mod p, or None when there is none."""
    p = curve.p
    if v == 0:
        return None
    ratio = u * pow(v, -1, p) % p
    if p % 4 == 3:
        x = pow(ratio, (p + 1) // 4, p)
    else:  # p = 5 (mod 8), Ed25519: RFC 8032 §5.1.3 step 3
        x = pow(ratio, (p + 3) // 8, p)
        if x * x % p != ratio:
            x = x * pow(2, (p - 1) // 4, p) % p
    return x if x * x % p == ratio else None


def _is_identity(curve: Curve, point: _Point) -> bool:
    x, y, z, _ = point
    return x % curve.p == 0 and (y - z) % curve.p == 0


def _add(curve: Curve, left: _Point, right: _Point) -> _Point:
    """Unified addition in extended coordinates (complete: ``a`` square, ``d`` non-square)."""
    p = curve.p
    x1, y1, z1, t1 = left
    x2, y2, z2, t2 = right
    a = x1 * x2 % p
    b = y1 * y2 % p
    c = curve.d * t1 % p * t2 % p
    d = z1 * z2 % p
    e = ((x1 + y1) * (x2 + y2) - a - b) % p
    f = (d - c) % p
    g = (d + c) % p
    h = (b - curve.a * a) % p
    return (e * f % p, g * h % p, f * g % p, e * h % p)


def _multiply(curve: Curve, point: _Point, scalar: int) -> _Point:
    """``scalar * point`` by double-and-add (public values only: timing is not a concern)."""
    result: _Point = (0, 1, 1, 0)
    for bit in bin(scalar)[2:]:
        result = _add(curve, result, result)
        if bit == "1":
            result = _add(curve, result, point)
    return result
