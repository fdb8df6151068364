"""A provider's signing keys (JWKS): cached, refetched rarely, loaded once per algorithm.

Rules, all decided here (the drivers only send the request this hands out):

* keys are fetched on first use and again after ``jwks_ttl``;
* an unknown ``kid`` may cause a refetch, but at most one per
  ``jwks_cooldown`` seconds: a flood of tokens with random ``kid`` values
  costs the provider one request per cooldown, not one per token (the
  attempt is recorded when the request is handed out, so concurrent asyncio
  callers share it);
* a failed refetch keeps the last good keys, for at most ``jwks_max_stale``
  seconds past their ``jwks_ttl``; after that no key verifies;
* a JWKS larger than 1 MB is refused by the transport; at most
  `MAX_KEYS` keys are kept; symmetric (``oct``) and encryption keys
  are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from jam.exceptions import OAuth2Error
from jam.oauth2._http import HTTPRequest, HTTPResponse, parse_object

if TYPE_CHECKING:
    from jam.plugins.records import AlgorithmRecord
    from jam.protocols import SigningAlgorithm

__all__ = ["MAX_KEYS", "JWKSCache"]

MAX_KEYS = 100
"""Keys kept from one JWKS document."""


def _usable(jwk: Any) -> bool:
    return (
        isinstance(jwk, Mapping)
        and isinstance(jwk.get("kty"), str)
        and jwk.get("kty") != "oct"
        and jwk.get("use", "sig") == "sig"
        and "d" not in jwk
        and (jwk.get("kid") is None or isinstance(jwk.get("kid"), str))
    )


class JWKSCache:
    """The keys of one provider, with fetch bookkeeping.

    Attributes:
        url: The JWKS endpoint (set after discovery when not configured).
        fetches: How many fetches this cache handed out (for tests and metrics).
    """

    def __init__(
        self, url: str | None, timeout: float, cooldown: float, ttl: float, max_stale: float
    ) -> None:
        """Start empty; nothing is fetched until a token needs a key."""
        self.url = url
        self.fetches = 0
        self._timeout = timeout
        self._cooldown = cooldown
        self._ttl = ttl
        self._max_stale = max_stale
        self._keys: list[Mapping[str, Any]] = []
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None
        self._loaded: dict[tuple[int, str], Any] = {}
        self._found: dict[tuple[str, str | None], list[Any]] = {}
        self._kids: frozenset[str | None] = frozenset()

    def _usable_at(self, now: float) -> bool:
        return self._fetched_at is not None and now - self._fetched_at <= (
            self._ttl + self._max_stale
        )

    def knows(self, kid: str | None) -> bool:
        """True when a cached key has this ``kid`` (any key, for a token without one)."""
        if kid is None:
            return bool(self._keys)
        return kid in self._kids

    def request(self, kid: str | None, now: float) -> HTTPRequest | None:
        """Return the fetch to make before verifying a token with ``kid``, or ``None``.

        ``None`` when the cached keys are fresh and know ``kid``, or when the
        last attempt was less than ``jwks_cooldown`` ago.
        """
        if self.url is None:
            return None
        fresh = self._fetched_at is not None and now - self._fetched_at < self._ttl
        if fresh and self.knows(kid):
            return None
        if self._attempted_at is not None and now - self._attempted_at < self._cooldown:
            return None
        self._attempted_at = now
        self.fetches += 1
        return HTTPRequest("GET", self.url, "JWKS endpoint", timeout=self._timeout)

    def accept(self, response: HTTPResponse | None, now: float) -> None:
        """Take a fetched JWKS; ``None`` (or an unusable answer) is a failed fetch."""
        keys: list[Mapping[str, Any]] | None = None
        if response is not None:
            try:
                document = parse_object(response)
            except OAuth2Error:
                document = {}
            found = document.get("keys")
            if isinstance(found, list):
                keys = [jwk for jwk in found if _usable(jwk)][:MAX_KEYS]
        if keys is None:
            if not self._usable_at(now):
                self._keys, self._loaded, self._found, self._kids = [], {}, {}, frozenset()
            return
        self._keys, self._loaded, self._found, self._fetched_at = keys, {}, {}, now
        self._kids = frozenset(jwk.get("kid") for jwk in keys)

    def verifying_keys(
        self,
        alg: str,
        kid: str | None,
        record: AlgorithmRecord,
        impl: SigningAlgorithm,
        now: float,
    ) -> list[Any]:
        """Loaded keys that may verify a token with ``alg`` and ``kid`` (possibly none)."""
        if not self._usable_at(now):
            return []
        cached = self._found.get((alg, kid))
        if cached is not None:
            return cached
        found = []
        for index, jwk in enumerate(self._keys):
            if kid is not None and jwk.get("kid") != kid:
                continue
            if jwk.get("kty") not in record.key_types or jwk.get("alg", alg) != alg:
                continue
            if record.curves and jwk.get("crv") not in record.curves:
                continue
            slot = (index, alg)
            if slot not in self._loaded:
                try:
                    self._loaded[slot] = impl.load_verifying_key(dict(jwk))
                except Exception:  # a plugin's failure to load is a key that does not verify
                    self._loaded[slot] = None
            if self._loaded[slot] is not None:
                found.append(self._loaded[slot])
        if found and len(self._found) < MAX_KEYS:
            self._found[(alg, kid)] = found
        return found
