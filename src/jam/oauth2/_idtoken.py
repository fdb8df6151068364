"""OpenID Connect ID-token checks (OIDC Core §3.1.3.7), through Jam's algorithm plugins.

Parsing uses the kernel's strict JWS codec. The ``alg`` must be one the
provider advertises (or the configuration allows) and registered; ``none``
never is, and HS256/384/512 only when ``allow_hs_id_tokens = true`` (keyed
with the client secret). Only ``verify(...) is True`` from a plugin means
valid: anything else, or an exception, is a failed signature. Then ``iss``,
``aud``, ``azp`` (required with several audiences), ``exp``, ``iat``,
``nbf`` and ``nonce`` are checked. Every failure is an
`OAuth2IDTokenError` naming the check, never the token.
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING, Any, NamedTuple

from jam._text import excerpt
from jam.exceptions import JamPluginNotFoundError, MalformedToken, OAuth2IDTokenError
from jam.jwt._codec import b64decode, loads_object

if TYPE_CHECKING:
    from collections.abc import Collection

    from jam.oauth2._jwks import JWKSCache
    from jam.plugins._manager import Registry

__all__ = ["MAX_ID_TOKEN", "IDTokenPolicy", "ParsedIDToken"]

MAX_ID_TOKEN = 16384
"""Longest ID token accepted (characters); longer is refused unparsed."""

HEADER_CACHE = 64
"""Distinct well-formed headers remembered (a flood of new ones is parsed each time)."""


class ParsedIDToken(NamedTuple):
    """A structurally valid compact JWS whose ``alg`` is allowed (signature not yet checked).

    A named tuple: made on every verification, it must cost next to nothing.
    """

    alg: str
    kid: str | None
    signing_input: bytes
    signature: bytes
    payload: str

    def __repr__(self) -> str:
        """Header facts only."""
        return f"ParsedIDToken(alg={self.alg!r}, kid={self.kid!r})"


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(
        a.encode("utf-8", "surrogatepass"), b.encode("utf-8", "surrogatepass")
    )


def _number(claims: dict[str, Any], name: str, required: bool) -> float | None:
    value = claims.get(name)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise OAuth2IDTokenError(f"ID token: {name!r} is missing or not a number")
    return float(value)


class IDTokenPolicy:
    """Checks ID tokens for one client.

    Attributes:
        client_id: The audience every ID token must name.
        issuers: Accepted ``iss`` values (the issuer, plus a provider's aliases).
    """

    def __init__(
        self,
        registry: Registry,
        client_id: str,
        issuers: tuple[str, ...],
        leeway: int,
        hs_secret: bytes | None,
    ) -> None:
        """Prepare checks; ``hs_secret`` is the client secret when HS* tokens are allowed."""
        self.client_id = client_id
        self.issuers = issuers
        self._registry = registry
        self._leeway = leeway
        self._hs_secret = hs_secret
        self._algorithms: dict[str, tuple[Any, Any, list[Any] | None]] = {}
        self._headers: dict[str, tuple[str, str | None]] = {}

    def parse(self, token: object, allowed: Collection[str]) -> ParsedIDToken:
        """Split and decode ``token``; refuse an ``alg`` outside ``allowed``.

        Raises:
            OAuth2IDTokenError: Malformed, oversized, or an alg that is not allowed.
        """
        if not isinstance(token, str) or len(token) > MAX_ID_TOKEN or not token.isascii():
            raise OAuth2IDTokenError("ID token is not a compact JWS of acceptable size")
        parts = token.split(".")
        if len(parts) != 3:
            raise OAuth2IDTokenError("ID token is not a compact JWS (three segments)")
        try:
            signature = b64decode(parts[2])
        except MalformedToken as err:
            raise OAuth2IDTokenError(f"ID token: {err}") from None
        known = self._headers.get(parts[0])
        alg, kid = known if known is not None else self._header(parts[0])
        if alg not in allowed:
            raise OAuth2IDTokenError(
                f"ID token: alg {excerpt(alg)} is not allowed (accepted: "
                f"{', '.join(sorted(allowed)) or 'none'})"
            )
        signing_input = (parts[0] + "." + parts[1]).encode("ascii")
        return ParsedIDToken(alg, kid, signing_input, signature, parts[1])

    def _header(self, segment: str) -> tuple[str, str | None]:
        """Parse and check a header once; remember up to 64 accepted ones."""
        try:
            header = loads_object(b64decode(segment), "header")
        except MalformedToken as err:
            raise OAuth2IDTokenError(f"ID token: {err}") from None
        alg, kid = header.get("alg"), header.get("kid")
        if not isinstance(alg, str):
            raise OAuth2IDTokenError(f"ID token: alg {excerpt(alg)} is not allowed")
        if header.get("crit") is not None:
            raise OAuth2IDTokenError("ID token: 'crit' header parameters are not supported")
        if kid is not None and (not isinstance(kid, str) or len(kid) > 256):
            raise OAuth2IDTokenError("ID token: 'kid' is not a short string")
        if len(self._headers) < HEADER_CACHE:
            self._headers[segment] = (alg, kid)
        return alg, kid

    def _algorithm(self, alg: str) -> tuple[Any, Any, list[Any] | None]:
        """``(record, implementation, HMAC keys or None)`` of ``alg``, looked up once."""
        try:
            record = self._registry.algorithm(alg)
        except JamPluginNotFoundError:
            raise OAuth2IDTokenError(
                f"ID token: alg {excerpt(alg)} is not registered (install jam-auth-jwa)"
            ) from None
        impl = record.factory()
        hmac_keys = None
        if record.key_types == ("oct",):
            hmac_keys = []
            if self._hs_secret is not None:
                try:
                    hmac_keys = [impl.load_verifying_key(self._hs_secret)]
                except Exception:  # a secret this algorithm refuses verifies nothing
                    hmac_keys = []
        entry = (record, impl, hmac_keys)
        self._algorithms[alg] = entry
        return entry

    def check(
        self, parsed: ParsedIDToken, jwks: JWKSCache, nonce: str | None, now: float
    ) -> dict[str, Any]:
        """Verify the signature and the claims; return the claims.

        Raises:
            OAuth2IDTokenError: Naming the first check that failed.
        """
        entry = self._algorithms.get(parsed.alg) or self._algorithm(parsed.alg)
        record, impl, hmac_keys = entry
        if hmac_keys is not None:
            keys = hmac_keys
        else:
            keys = jwks.verifying_keys(parsed.alg, parsed.kid, record, impl, now)
        if not keys:
            raise OAuth2IDTokenError("ID token: no provider key matches its kid and alg")
        verify, message, signature = impl.verify, parsed.signing_input, parsed.signature
        for key in keys:
            try:
                if verify(key, message, signature) is True:
                    break
            except Exception:  # noqa: S112  (a plugin that raises has not verified anything)
                continue
        else:
            raise OAuth2IDTokenError("ID token: signature verification failed")
        try:
            claims = loads_object(b64decode(parsed.payload), "payload")
        except MalformedToken as err:
            raise OAuth2IDTokenError(f"ID token: {err}") from None
        self._check_claims(claims, nonce, now)
        return claims

    def _check_claims(self, claims: dict[str, Any], nonce: str | None, now: float) -> None:  # noqa: PLR0912  (OIDC Core 3.1.3.7, in one frame: this is the hot path)
        issuer = claims.get("iss")
        if issuer not in self.issuers or not isinstance(issuer, str):
            raise OAuth2IDTokenError(f"ID token: iss {excerpt(issuer)} is not the provider's")
        audience = claims.get("aud")
        if audience.__class__ is str:
            several = False
            if audience != self.client_id:
                raise OAuth2IDTokenError("ID token: aud does not name this client")
        elif (
            not isinstance(audience, list)
            or not all(isinstance(a, str) for a in audience)
            or self.client_id not in audience
        ):
            raise OAuth2IDTokenError("ID token: aud does not name this client")
        else:
            several = len(audience) > 1
        azp = claims.get("azp")
        if several and azp is None:
            raise OAuth2IDTokenError("ID token: several audiences and no azp")
        if azp is not None and azp != self.client_id:
            raise OAuth2IDTokenError("ID token: azp is another client")
        if not isinstance(claims.get("sub"), str):
            raise OAuth2IDTokenError("ID token: 'sub' is missing")
        leeway = self._leeway
        expires = _number(claims, "exp", required=True)
        if expires is not None and now >= expires + leeway:
            raise OAuth2IDTokenError("ID token: expired")
        issued = _number(claims, "iat", required=True)
        if issued is not None and issued > now + leeway:
            raise OAuth2IDTokenError("ID token: issued in the future")
        not_before = _number(claims, "nbf", required=False)
        if not_before is not None and not_before > now + leeway:
            raise OAuth2IDTokenError("ID token: not yet valid")
        if nonce is not None:
            found = claims.get("nonce")
            if not isinstance(found, str) or not _same(found, nonce):
                raise OAuth2IDTokenError("ID token: nonce does not match the request's")
