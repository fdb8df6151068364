"""Security audit rules that need the loaded keys and the algorithm records.

Run by ``jam config check`` after the kernel has loaded every ``[jam.jwt]``
key (so what the kernel refuses has already been reported as an error). Key
objects are only asked for their size; secrets are only measured, never shown.
"""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

from jam.cli._findings import Finding
from jam.config._base import show_key
from jam.exceptions import JamError
from jam.jwt._secret_policy import secret_bytes, weakness
from jam.plugins._conformance import call_factory
from jam.plugins._manager import ALGORITHMS
from jam.protocols import SupportsKeyGeneration

if TYPE_CHECKING:
    from jam.config import JWTSettings, KeySource
    from jam.jwt._keyring import KeyRing
    from jam.plugins import Registry
    from jam.plugins._registry import Provided
    from jam.plugins.records import AlgorithmRecord

__all__ = ["RSA_ADVISED_BITS", "audit_keys"]

RSA_ADVISED_BITS = 3072
"""RSA modulus size advised for keys used after 2030 (NIST SP 800-57 part 1)."""


def audit_keys(
    settings: JWTSettings, registry: Registry, keyring: KeyRing, where: str
) -> list[Finding]:
    """Return findings about the algorithms and keys of ``[jam.jwt]``.

    Args:
        settings: The validated ``[jam.jwt]`` table.
        registry: The loaded plugins.
        keyring: The keys the kernel loaded from ``settings``.
        where: Dotted name of the table (``"jam.jwt"``).
    """
    findings: list[Finding] = []
    algorithms = sorted(keyring.allowed)
    providers = {alg: registry.provider(ALGORITHMS, alg) for alg in algorithms}
    records = {alg: provided.record for alg, provided in providers.items()}
    for alg, record in records.items():
        if not record.recommended:
            findings.append(
                Finding(
                    "jwt.not-recommended",
                    "low",
                    f"{where}.algorithms",
                    f"{alg} is kept for interoperability; its plugin does not recommend it for "
                    "new systems",
                    "prefer ES256, EdDSA or PS256 for new keys",
                )
            )
    hmac = [alg for alg, record in records.items() if _is_hmac(record)]
    if hmac:
        findings.append(
            Finding(
                "jwt.shared-secret",
                "low",
                f"{where}.alg",
                f"{', '.join(hmac)} {'uses' if len(hmac) == 1 else 'use'} one secret to sign "
                "and to verify: every service that "
                "verifies these tokens can also forge them",
                "if other services verify your tokens, sign with an asymmetric algorithm "
                "(ES256, EdDSA) and publish `jam keys jwks` to them",
            )
        )
    findings += _rsa_sizes(keyring, providers, where)
    findings += _weak_secrets(settings, providers, where)
    return findings


def _is_hmac(record: AlgorithmRecord) -> bool:
    return record.key_types == ("oct",)


def _rsa_sizes(
    keyring: KeyRing, providers: dict[str, Provided[AlgorithmRecord]], where: str
) -> list[Finding]:
    sizes: dict[str | None, int] = {}
    for alg, provided in providers.items():
        if "RSA" not in provided.record.key_types:
            continue
        for verifier in keyring.candidates(alg, None):
            size = _rsa_bits(provided, verifier.key)
            if size is not None and size < RSA_ADVISED_BITS:
                sizes[verifier.kid] = size
    return [
        Finding(
            "jwt.rsa-key-size",
            "low",
            f"{where}.keys[kid={show_key(kid)}]" if kid is not None else where,
            f"a {size}-bit RSA key: the minimum today, but NIST advises {RSA_ADVISED_BITS} "
            "bits for keys used after 2030",
            f"rotate to a {RSA_ADVISED_BITS}-bit key (`jam keys generate --alg RS256 --kid "
            "<new>` makes one) with [[jam.jwt.keys]]",
        )
        for kid, size in sorted(sizes.items(), key=lambda item: str(item[0]))
    ]


def _rsa_bits(provided: Provided[AlgorithmRecord], key: Any) -> int | None:
    """The modulus size of a loaded RSA key, whatever object its plugin loads keys into.

    A plugin's key objects are opaque to the kernel: ask the key (``key_size``,
    as ``cryptography`` keys have), else export its public JWK and measure ``n``.
    """
    for candidate in (key, getattr(key, "key", None)):
        size = getattr(candidate, "key_size", None)
        if isinstance(size, int):
            return size
    label = f"plugin {provided.plugin.label}: algorithm {provided.record.name}"
    impl = call_factory(provided.record.factory, (), label, provided.plugin)
    if not isinstance(impl, SupportsKeyGeneration):
        return None
    try:
        jwk = json.loads(impl.export_key(key, private=False, format="jwk"))
        modulus = base64.urlsafe_b64decode(jwk["n"] + "=" * (-len(jwk["n"]) % 4))
    except (JamError, ValueError, KeyError, TypeError):
        return None
    return int.from_bytes(modulus, "big").bit_length()


def _weak_secrets(
    settings: JWTSettings, providers: dict[str, Provided[AlgorithmRecord]], where: str
) -> list[Finding]:
    """Secrets the kernel accepted only because ``allow_weak_secret`` is true."""
    records = {alg: provided.record for alg, provided in providers.items()}
    findings = []
    for key_where, source, algs in _secret_entries(settings, records, where):
        for alg in algs:
            reason = weakness(secret_bytes(source.material), _mac_size(providers[alg], source))
            if reason is None:
                continue
            findings.append(
                Finding(
                    "jwt.weak-secret",
                    "high",
                    key_where,
                    f"the {alg} secret is weak: {reason}. It is accepted only because "
                    "allow_weak_secret = true, and anyone who guesses it can forge tokens",
                    f"replace it with `jam secret --kind {alg.lower()}` output"
                    if alg in ("HS256", "HS384", "HS512")
                    else "replace it with a random secret as long as the hash",
                )
            )
            break
    return findings


def _secret_entries(
    settings: JWTSettings, records: dict[str, AlgorithmRecord], where: str
) -> list[tuple[str, KeySource, list[str]]]:
    """``(where, secret, HMAC algorithms it is used with)`` for every configured secret."""
    if settings.keys is None:
        if settings.secret_key is None:
            return []
        algs = [alg for alg, record in records.items() if _is_hmac(record)]
        return [(f"{where}.secret_key", settings.secret_key, algs)]
    entries = []
    for index, entry in enumerate(settings.keys):
        alg = entry.alg or settings.alg
        if entry.secret_key is not None and alg in records and _is_hmac(records[alg]):
            entries.append((f"{where}.keys[{index}].secret_key", entry.secret_key, [alg]))
    return entries


def _mac_size(provided: Provided[AlgorithmRecord], source: KeySource) -> int:
    """Bytes of the MAC the algorithm makes: the minimum length of its secret."""
    label = f"plugin {provided.plugin.label}: algorithm {provided.record.name}"
    impl: Any = call_factory(provided.record.factory, (), label, provided.plugin)
    key = impl.load_signing_key(source.material)
    return len(impl.sign(key, b""))
