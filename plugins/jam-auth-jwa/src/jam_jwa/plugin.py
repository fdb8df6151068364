"""The ``jwa`` plugin: registers every algorithm of this distribution (the asymmetric ones).

Cheap to import: ``cryptography`` is imported only when the configuration
selects one of these algorithms (inside the factories).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jam.plugins import AlgorithmRecord, hookimpl

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from jam.protocols import SigningAlgorithm

__all__ = ["jam_register_algorithms"]


def _rsa(name: str) -> Callable[[], SigningAlgorithm]:
    def factory() -> SigningAlgorithm:
        from jam_jwa._rsa import RSAAlgorithm

        return RSAAlgorithm(name)

    return factory


def _ec(name: str) -> Callable[[], SigningAlgorithm]:
    def factory() -> SigningAlgorithm:
        from jam_jwa._ec import ECAlgorithm

        return ECAlgorithm(name)

    return factory


def _okp(name: str) -> Callable[[], SigningAlgorithm]:
    def factory() -> SigningAlgorithm:
        from jam_jwa._okp import EdDSAAlgorithm

        return EdDSAAlgorithm(name)

    return factory


@hookimpl
def jam_register_algorithms() -> Iterable[AlgorithmRecord]:
    """Register the asymmetric JOSE algorithms of RFC 7518, RFC 8037, RFC 8812 and RFC 9864.

    HS256/384/512 are not here: they need only the standard library and ship
    with the kernel's built-in plugin.
    """
    records = [
        AlgorithmRecord(
            name=f"RS{bits}",
            factory=_rsa(f"RS{bits}"),
            key_types=("RSA",),
            description=f"RSASSA-PKCS1-v1_5 with SHA-{bits}",
        )
        for bits in (256, 384, 512)
    ]
    records += [
        AlgorithmRecord(
            name=f"PS{bits}",
            factory=_rsa(f"PS{bits}"),
            key_types=("RSA",),
            description=f"RSASSA-PSS with SHA-{bits}",
        )
        for bits in (256, 384, 512)
    ]
    records += [
        AlgorithmRecord(
            name="ES256",
            factory=_ec("ES256"),
            key_types=("EC",),
            curves=("P-256",),
            description="ECDSA P-256 with SHA-256",
        ),
        AlgorithmRecord(
            name="ES384",
            factory=_ec("ES384"),
            key_types=("EC",),
            curves=("P-384",),
            description="ECDSA P-384 with SHA-384",
        ),
        AlgorithmRecord(
            name="ES512",
            factory=_ec("ES512"),
            key_types=("EC",),
            curves=("P-521",),
            description="ECDSA P-521 with SHA-512",
        ),
        AlgorithmRecord(
            name="ES256K",
            factory=_ec("ES256K"),
            key_types=("EC",),
            curves=("secp256k1",),
            recommended=False,
            description="ECDSA secp256k1 with SHA-256 (RFC 8812)",
        ),
        AlgorithmRecord(
            name="EdDSA",
            factory=_okp("EdDSA"),
            key_types=("OKP",),
            curves=("Ed25519", "Ed448"),
            description="EdDSA (RFC 8037)",
        ),
        AlgorithmRecord(
            name="Ed25519",
            factory=_okp("Ed25519"),
            key_types=("OKP",),
            curves=("Ed25519",),
            description="Ed25519 (RFC 9864)",
        ),
        AlgorithmRecord(
            name="Ed448",
            factory=_okp("Ed448"),
            key_types=("OKP",),
            curves=("Ed448",),
            description="Ed448 (RFC 9864)",
        ),
    ]
    return records
