"""Sign small JWTs with Jam's own algorithm plugins: client assertions and client secrets.

``private_key_jwt`` client authentication (RFC 7523) sends a short-lived JWT
signed with the client's key; some providers (Apple) want the client secret
itself to be such a JWT. Both use `JWTSigner`, which loads the key once
through the registered `SigningAlgorithm` and encodes with
the kernel's JWS codec.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from jam.exceptions import InvalidKey, JamPluginNotFoundError, OAuth2ConfigError
from jam.jwt._codec import b64encode, dumps

if TYPE_CHECKING:
    from jam.plugins._manager import Registry
    from jam.protocols import KeyMaterial

__all__ = ["ASSERTION_TYPE", "JWTSigner", "client_assertion_claims"]

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
"""``client_assertion_type`` of RFC 7523."""

_NATURAL = {"RSA": "RS256", "OKP": "EdDSA"}
_EC_CURVES = {"P-256": "ES256", "P-384": "ES384", "P-521": "ES512", "secp256k1": "ES256K"}
_PEM_GUESSES = ("RS256", "ES256", "ES384", "ES512", "EdDSA")


class JWTSigner:
    """A loaded private key and its algorithm; signs compact JWS.

    Example:
        >>> signer = JWTSigner(registry, pem_bytes, kid="k1")  # doctest: +SKIP
        >>> signer.alg  # doctest: +SKIP
        'ES256'
        >>> signer.sign({"iss": "client", "exp": 1700000000})  # doctest: +SKIP
        'eyJhbGciOiJFUzI1NiIs...'
    """

    def __init__(
        self,
        registry: Registry,
        material: KeyMaterial,
        *,
        alg: str | None = None,
        kid: str | None = None,
        where: str = "private_key",
    ) -> None:
        """Load ``material`` for ``alg`` (default: the key's natural algorithm).

        Raises:
            OAuth2ConfigError: The key does not load, or no algorithm fits it.
        """
        self.alg, self._impl, self._key = _load(registry, material, alg, where)
        header: dict[str, str] = {"alg": self.alg, "typ": "JWT"}
        if kid is not None:
            header["kid"] = kid
        self._prefix = b64encode(dumps(header)) + "."

    def sign(self, claims: Mapping[str, Any]) -> str:
        """Return ``claims`` signed as a compact JWS."""
        signing_input = self._prefix + b64encode(dumps(dict(claims)))
        signature = self._impl.sign(self._key, signing_input.encode("ascii"))
        return signing_input + "." + b64encode(signature)

    def __repr__(self) -> str:
        """Algorithm only."""
        return f"JWTSigner(alg={self.alg!r})"


def client_assertion_claims(client_id: str, audience: str, now: float) -> dict[str, Any]:
    """Claims of a ``private_key_jwt`` assertion: one minute of life, a random ``jti``."""
    issued = int(now)
    return {
        "iss": client_id,
        "sub": client_id,
        "aud": audience,
        "iat": issued,
        "exp": issued + 60,
        "jti": secrets.token_urlsafe(24),
    }


def _candidates(material: KeyMaterial, alg: str | None) -> tuple[str, ...]:
    if alg is not None:
        return (alg,)
    if isinstance(material, Mapping):
        kty = material.get("kty")
        if kty == "EC":
            found = _EC_CURVES.get(str(material.get("crv")))
            return (found,) if found else ()
        found = _NATURAL.get(str(kty))
        return (found,) if found else ()
    return _PEM_GUESSES


def _load(
    registry: Registry, material: KeyMaterial, alg: str | None, where: str
) -> tuple[str, Any, Any]:
    for name in _candidates(material, alg):
        try:
            record = registry.algorithm(name)
        except JamPluginNotFoundError:
            if alg is not None:
                raise
            continue
        if record.key_types == ("oct",):
            raise OAuth2ConfigError(f"{where}: {name} is an HMAC algorithm; use an asymmetric key")
        impl = record.factory()
        try:
            return name, impl, impl.load_signing_key(material)
        except (InvalidKey, ValueError, TypeError):
            continue
    raise OAuth2ConfigError(
        f"{where}: not a usable private key"
        + (f" for {alg}" if alg else " (RSA, EC or Ed25519; install jam-auth-jwa)")
    )
