"""The pure JWT core: make payloads, sign compact JWS tokens, verify them. No I/O.

Built once per engine from ``[jam.jwt]`` and shared by the synchronous and
asyncio drivers (`jam.jwt._engine`, `jam.jwt._async_engine`), which
add the token list. The verify path is written for speed: parsed headers are
cached (bounded), key objects and bound ``verify`` methods come from the
`KeyRing`, and no hook is dispatched.

A signature is valid only when the algorithm plugin's ``verify`` returns
``True`` itself: any other value, or an exception, is a failed verification
(typed, never the plugin's own error).
"""

from __future__ import annotations

import logging
import math
import secrets
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from jam._text import excerpt
from jam.exceptions import (
    AlgorithmNotAllowed,
    EmptyPrivateKey,
    InvalidAudience,
    InvalidIssuer,
    InvalidPayload,
    InvalidSignature,
    JamPluginError,
    MalformedToken,
    NotFoundSomeInPayload,
    TokenLifeTimeExpired,
    TokenNotYetValid,
    UnknownKeyId,
)
from jam.jwt._codec import b64decode, b64encode, dumps, loads_object
from jam.jwt._keyring import KeyRing, Verifier

if TYPE_CHECKING:
    from jam.config import JWTSettings
    from jam.plugins._manager import Registry

__all__ = ["HEADER_CACHE_SIZE", "RESERVED_MADE_CLAIMS", "JWTCore"]

logger = logging.getLogger("jam.jwt")

HEADER_CACHE_SIZE = 64
"""Distinct accepted headers remembered; further ones are parsed every time."""

RESERVED_MADE_CLAIMS = ("iat", "exp", "jti")
"""Claims ``make_payload`` sets itself and refuses to take from ``data``."""


class JWTCore:
    """Keys, claim policy and the compact-JWS codec of one ``[jam.jwt]`` table.

    Attributes:
        settings: The validated ``[jam.jwt]`` table.
        keyring: Every configured key, loaded once.
    """

    def __init__(self, settings: JWTSettings, registry: Registry) -> None:
        """Load keys and precompute our own header; see `KeyRing`.

        Raises:
            JamConfigError: A key is missing, unreadable or of the wrong kind.
            JamPluginNotFoundError: An algorithm is not registered.
        """
        self.settings = settings
        self.keyring = KeyRing(settings, registry)
        self._max_length = settings.max_token_length
        self._leeway = settings.leeway
        self._issuer = settings.issuer
        audience = settings.audience
        self._audience: frozenset[str] | None = (
            None
            if audience is None
            else frozenset([audience] if isinstance(audience, str) else audience)
        )
        self._audience_claim: str | list[str] | None = audience
        self._headers: dict[str, tuple[Verifier, ...]] = {}
        signer = self.keyring.signer
        self._signing_prefix = ""
        if signer is not None:
            header: dict[str, str] = {"alg": signer.alg, "typ": "JWT"}
            if signer.kid is not None:
                header["kid"] = signer.kid
            self._signing_prefix = b64encode(dumps(header)) + "."
            if signer.alg in self.keyring.allowed:
                # Our own header is always cached, so junk headers cannot crowd it out.
                self._headers[self._signing_prefix[:-1]] = self.keyring.candidates(
                    signer.alg, signer.kid
                )

    # -- payloads and signing ------------------------------------------------------------

    def make_payload(self, exp: int | None, data: Mapping[str, Any]) -> dict[str, Any]:
        """Return ``data`` plus ``iat``, ``exp`` (now + lifetime) and a random ``jti``.

        Args:
            exp: Lifetime in seconds; ``None`` uses ``[jam.jwt] expire``.
            data: Application claims (string names). ``iat``, ``exp`` and ``jti``
                are refused here.

        Raises:
            InvalidPayload: ``exp`` is not a positive integer, ``data`` is not a
                mapping with string keys, or it sets a reserved claim.
        """
        lifetime = self.settings.expire if exp is None else exp
        if isinstance(lifetime, bool) or not isinstance(lifetime, int) or lifetime <= 0:
            raise InvalidPayload("exp must be a positive number of seconds (the lifetime)")
        if not isinstance(data, Mapping):
            raise InvalidPayload(f"data must be a mapping of claims, not {excerpt(data)}")
        clash = [name for name in RESERVED_MADE_CLAIMS if name in data]
        if clash:
            raise InvalidPayload(
                f"data must not set {', '.join(clash)}: make_payload sets them "
                "(build the dict yourself to control them)"
            )
        now = int(time.time())
        return {**data, "iat": now, "exp": now + lifetime, "jti": secrets.token_urlsafe(24)}

    def sign(self, payload: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
        """Sign ``payload``; return the claims signed (``iss``/``aud`` added) and the token.

        Raises:
            EmptyPrivateKey: No signing key is configured.
            InvalidPayload: The payload is not a JSON-serialisable mapping with
                string claim names (or holds text that is not valid Unicode).
        """
        signer = self.keyring.signer
        if signer is None:
            raise EmptyPrivateKey("[jam.jwt]: no private_key configured; cannot sign tokens")
        if not isinstance(payload, Mapping):
            raise InvalidPayload("payload must be a mapping of claims")
        claims = dict(payload)
        if not all(isinstance(name, str) for name in claims):
            raise InvalidPayload("claim names must be strings")
        if self._issuer is not None and "iss" not in claims:
            claims["iss"] = self._issuer
        if self._audience_claim is not None and "aud" not in claims:
            claims["aud"] = self._audience_claim
        try:
            body = b64encode(dumps(claims))
        except (TypeError, ValueError, RecursionError) as err:
            # UnicodeEncodeError (a lone surrogate) is a ValueError.
            raise InvalidPayload(
                f"payload is not JSON-serialisable ({type(err).__name__})"
            ) from None
        signing_input = self._signing_prefix + body
        signature = signer.sign(signer.key, signing_input.encode("ascii"))
        return claims, signing_input + "." + b64encode(signature)

    # -- verification --------------------------------------------------------------------

    def verified(self, token: str | bytes, check_exp: bool = True) -> tuple[dict[str, Any], str]:
        """Verify the signature and claims; return the claims and the signing input.

        The signing input (``header.payload``) is what a token list keys a
        token without ``jti`` on: the signature cannot change it, whereas an
        ECDSA signature has two valid encodings. This is the hot path, kept in
        one frame.

        Raises:
            TokenError: A subclass naming exactly what failed.
            JamPluginError: The algorithm plugin returned something other than
                True or False.
        """
        if not isinstance(token, str) or len(token) > self._max_length or not token.isascii():
            token = _checked_text(token, self._max_length)
        parts = token.split(".")
        if len(parts) != 3:
            if len(parts) == 5:
                raise MalformedToken("encrypted tokens (JWE) are not supported")
            raise MalformedToken("token is not a compact JWS with three segments")
        header_b64, payload_b64, signature_b64 = parts
        verifiers = self._headers.get(header_b64)
        if verifiers is None:
            verifiers = self._accept_header(header_b64)
        signature = b64decode(signature_b64)
        signing_input = token[: len(header_b64) + len(payload_b64) + 1]
        message = signing_input.encode("ascii")
        for verifier in verifiers:
            try:
                valid = verifier.verify(verifier.key, message, signature)
            except Exception as err:  # a plugin's exception is a failed verification
                logger.debug("algorithm %s raised %s in verify", verifier.alg, type(err).__name__)
                valid = False
            if valid is True:
                break
            if valid is not False:
                raise JamPluginError(
                    f"the {verifier.alg} algorithm plugin returned {excerpt(valid)} from "
                    "verify(); only True or False are allowed, so the token is refused"
                )
        else:
            raise InvalidSignature("signature verification failed")
        claims = loads_object(b64decode(payload_b64), "payload")
        self._check_claims(claims, check_exp)
        return claims, signing_input

    def verify(self, token: str | bytes, check_exp: bool = True) -> dict[str, Any]:
        """Verify the signature and claims (no list); return the claims.

        Raises:
            TokenError: A subclass naming exactly what failed.
        """
        return self.verified(token, check_exp)[0]

    def expired_for_good(self, claims: dict[str, Any], grace: int) -> bool:
        """True when ``claims`` expired more than ``leeway + grace`` seconds ago.

        A list no longer holds an entry for such a token (entries live until
        ``exp + leeway + grace``), so it cannot say whether it was revoked.
        """
        exp = claims.get("exp")
        if exp is None:
            return False
        return time.time() >= _numeric_date(exp, "exp") + self._leeway + grace

    def _accept_header(self, header_b64: str) -> tuple[Verifier, ...]:
        header = loads_object(b64decode(header_b64), "header")
        alg = header.get("alg")
        if not isinstance(alg, str):
            raise MalformedToken("header has no 'alg'")
        if alg.lower() == "none":
            raise AlgorithmNotAllowed("unsecured tokens (alg 'none') are never accepted")
        if alg not in self.keyring.allowed:
            raise AlgorithmNotAllowed(f"algorithm {excerpt(alg)} is not allowed")
        if "crit" in header:
            raise MalformedToken("header has 'crit' extensions Jam does not understand")
        if header.get("b64", True) is not True:
            raise MalformedToken("unencoded payloads (b64=false) are not supported")
        kid = header.get("kid")
        if kid is not None and not isinstance(kid, str):
            raise MalformedToken("header 'kid' must be a string")
        if self.keyring.uses_kid and kid is not None and not self.keyring.knows_kid(kid):
            raise UnknownKeyId("the token's kid names no configured key")
        verifiers = self.keyring.candidates(alg, kid)
        if not verifiers:
            raise UnknownKeyId(f"no configured key verifies {alg} tokens with this kid")
        if len(self._headers) < HEADER_CACHE_SIZE:
            self._headers[header_b64] = verifiers
        return verifiers

    def _check_claims(self, claims: dict[str, Any], check_exp: bool) -> None:
        now = time.time()
        leeway = self._leeway
        if check_exp:
            exp = claims.get("exp")
            if exp is None:
                raise NotFoundSomeInPayload("payload has no 'exp' claim")
            if now >= _numeric_date(exp, "exp") + leeway:
                raise TokenLifeTimeExpired("token has expired")
        nbf = claims.get("nbf")
        if nbf is not None and _numeric_date(nbf, "nbf") > now + leeway:
            raise TokenNotYetValid("token is not valid yet (nbf)")
        iat = claims.get("iat")
        if iat is not None and _numeric_date(iat, "iat") > now + leeway:
            raise TokenNotYetValid("token was issued in the future (iat)")
        if self._issuer is not None and claims.get("iss") != self._issuer:
            raise InvalidIssuer("token issuer does not match")
        if "aud" in claims or self._audience is not None:
            self._check_audience(claims.get("aud"))

    def _check_audience(self, aud: Any) -> None:
        if self._audience is None:
            raise InvalidAudience("token has an audience but none is configured")
        if isinstance(aud, str):
            if aud in self._audience:
                return
        elif isinstance(aud, list) and all(isinstance(item, str) for item in aud):
            if not self._audience.isdisjoint(aud):
                return
        elif aud is not None:
            raise MalformedToken("'aud' must be a string or an array of strings")
        raise InvalidAudience("token audience does not match")


def _checked_text(token: object, max_length: int) -> str:
    """Return ``token`` as ASCII text, or raise the reason it cannot be a token."""
    if isinstance(token, bytes | bytearray):
        if len(token) > max_length:
            raise MalformedToken(f"token longer than {max_length} characters")
        try:
            return bytes(token).decode("ascii")
        except UnicodeDecodeError:
            raise MalformedToken("token is not ASCII") from None
    if not isinstance(token, str):
        raise MalformedToken("token must be a string")
    if len(token) > max_length:
        raise MalformedToken(f"token longer than {max_length} characters")
    raise MalformedToken("token is not ASCII")


def _numeric_date(value: Any, name: str) -> float:
    if not isinstance(value, bool) and isinstance(value, int | float):
        try:
            date = float(value)  # a huge JSON integer overflows here
        except OverflowError:
            pass
        else:
            if math.isfinite(date):
                return date
    raise MalformedToken(f"'{name}' must be a NumericDate (a number of seconds)")
