"""Black/white list rules, pure: what a list stores for a token, for how long, and what it means.

The backend (a `TokenList` plugin) only stores ids; the
drivers (`jam.jwt._engine`, `jam.jwt._async_engine`) do the one call
to it. Everything else is decided here:

- **the id**: ``jti:<jti>`` when the token has a usable ``jti`` (printable
  ASCII, 1 to 256 characters); otherwise ``jws:<SHA-256 of header.payload>``.
  Never the raw token, and never anything derived from the signature: ECDSA
  accepts two encodings of every signature, so a hash of the whole token
  would let a revoked token back in re-encoded.
- **the lifetime**: until the token expires, plus ``leeway`` and
  ``revocation_grace``; ``entry_ttl`` for tokens without ``exp``.
- **what "listed" means** for a black and a white list, and that only a
  backend answer of exactly ``True`` or ``False`` is an answer.
- **when a list cannot answer**: a token verified with ``check_exp=False``
  that expired longer ago than its entry lives is refused, because a black
  list has forgotten it by then.
"""

from __future__ import annotations

import hashlib
import math
import time
from typing import Any, Literal

from jam._failures import BackendFailures
from jam._text import excerpt
from jam.exceptions import (
    InvalidPayload,
    JamPluginError,
    TokenInBlackList,
    TokenLifeTimeExpired,
    TokenNotInWhiteList,
)

__all__ = ["MAX_JTI_LENGTH", "MAX_TTL", "Change", "Entry", "ListRules", "token_id"]

MAX_TTL = 2**31 - 1
"""Entries never live longer than this (about 68 years), whatever a token's ``exp`` says."""

MAX_JTI_LENGTH = 256
"""Longer ``jti`` values are not used as ids (the signing input is hashed instead)."""

Entry = tuple[str, int | None]
"""A list entry to store: the id and its lifetime in seconds (``None``: for good)."""

Change = tuple[str | None, Entry | None]
"""A change to a list: an id to remove and/or an entry to add (either may be ``None``)."""


def token_id(claims: dict[str, Any], signing_input: str) -> str:
    """Return the id a list stores for a token.

    Args:
        claims: The verified claims.
        signing_input: ``header.payload`` of the token (what the signature covers).

    Example:
        >>> token_id({"jti": "abc"}, "eyJ...eyJ...")
        'jti:abc'
    """
    jti = claims.get("jti")
    if (
        isinstance(jti, str)
        and 0 < len(jti) <= MAX_JTI_LENGTH
        and jti.isascii()
        and jti.isprintable()
    ):
        return "jti:" + jti
    return "jws:" + hashlib.sha256(signing_input.encode("ascii")).hexdigest()


class ListRules:
    """What a black or white list stores and decides, for either driver.

    Attributes:
        kind: ``"black"`` or ``"white"``.
        backend_name: The configured backend's name, for messages.
        on_contains: Turns a backend failure in ``contains`` into a ``BackendError``.
        on_write: The same for ``add`` and ``remove``.
    """

    def __init__(
        self,
        kind: Literal["black", "white"],
        entry_ttl: int | None,
        leeway: int,
        grace: int = 0,
        backend_name: str = "custom",
    ) -> None:
        """Rules for a ``kind`` list.

        Args:
            kind: ``"black"`` or ``"white"``.
            entry_ttl: Lifetime of entries for tokens without ``exp``.
            leeway: The JWT ``leeway`` (seconds).
            grace: ``revocation_grace``: seconds entries outlive ``exp``.
            backend_name: The backend's name, for messages.
        """
        self.kind = kind
        self.backend_name = backend_name
        self._entry_ttl = entry_ttl
        self._extra = leeway + grace
        noun = "token list"
        self.on_contains = BackendFailures(noun, backend_name, "contains")
        self.on_write = BackendFailures(noun, backend_name, "add/remove")

    def ttl(self, claims: dict[str, Any], now: float) -> int | None:
        """Seconds an entry must live: until ``exp`` plus leeway and grace (0 once past)."""
        exp = claims.get("exp")
        if isinstance(exp, int | float) and not isinstance(exp, bool):
            try:
                return min(MAX_TTL, max(0, math.ceil(float(exp) + self._extra - now)))
            except (OverflowError, ValueError):  # absurd exp (1e400, 10**400): keep the default
                pass
        return self._entry_ttl

    def lookup(self, claims: dict[str, Any], signing_input: str, check_exp: bool) -> str:
        """Return the id to look up, after checking that the list can still answer.

        With ``check_exp`` the core has already refused a token past
        ``exp + leeway``, so its entry (``exp + leeway + grace``) still exists.

        Raises:
            TokenLifeTimeExpired: The token expired longer ago than its entry
                would live (only reachable with ``check_exp=False``).
        """
        if not check_exp and self.ttl(claims, time.time()) == 0:
            raise TokenLifeTimeExpired(
                "token expired longer ago than the token list remembers revocations "
                "([jam.jwt.list] revocation_grace); refused even with check_exp=False"
            )
        return token_id(claims, signing_input)

    def answer(self, listed: object) -> bool:
        """Return the backend's answer to ``contains`` once it is checked to be a bool.

        Raises:
            JamPluginError: The backend answered something other than True or False.
        """
        if listed is True or listed is False:
            return listed
        raise self._not_an_answer(listed)

    def judge(self, listed: object) -> None:
        """Raise when a token that is (or is not) ``listed`` must be rejected.

        Raises:
            TokenInBlackList: Black list, and the token is on it.
            TokenNotInWhiteList: White list, and the token is not on it.
            JamPluginError: The backend answered something other than True or False.
        """
        if listed is True:
            if self.kind == "black":
                raise TokenInBlackList("token has been revoked")
        elif listed is False:
            if self.kind == "white":
                raise TokenNotInWhiteList("token is not on the white list")
        else:
            raise self._not_an_answer(listed)

    def _not_an_answer(self, listed: object) -> JamPluginError:
        return JamPluginError(
            f"token list {self.backend_name!r} returned {excerpt(listed)} from contains(); "
            "only True or False are answers, so the token is refused"
        )

    def creation(self, claims: dict[str, Any], signing_input: str, now: float) -> Change:
        """What issuing a token changes: a white list adds it; a black list, nothing."""
        if self.kind == "white":
            return None, self._entry(claims, signing_input, now)
        return None, None

    def admission(self, claims: dict[str, Any], signing_input: str, now: float) -> Change:
        """What admits a token: a white list adds it, a black list forgets its revocation."""
        if self.kind == "white":
            return None, self._entry(claims, signing_input, now)
        return token_id(claims, signing_input), None

    def revocation(self, claims: dict[str, Any], signing_input: str, now: float) -> Change:
        """What revokes a token: a black list adds it, a white list removes it.

        A token past the time its entry would live needs no entry: no
        list-checked verification accepts it any more (see `lookup`).
        """
        if self.kind == "black":
            return None, self._entry(claims, signing_input, now)
        return token_id(claims, signing_input), None

    def revocation_of_id(self, jti: object, exp: float | None, now: float) -> Change:
        """What revokes the token whose ``jti`` is ``jti`` and which expires at ``exp``.

        For applications that keep a token's id, not the token. ``exp``
        (``None``: unknown) sizes the entry as for the token itself.

        Raises:
            InvalidPayload: ``jti`` is not 1 to 256 printable ASCII characters
                (the ids a list keys tokens on), or ``exp`` is not a number.
        """
        if not (isinstance(jti, str) and token_id({"jti": jti}, "").startswith("jti:")):
            raise InvalidPayload(
                f"jti must be 1 to {MAX_JTI_LENGTH} printable ASCII characters, not {excerpt(jti)}"
            )
        if exp is not None and (isinstance(exp, bool) or not isinstance(exp, int | float)):
            raise InvalidPayload("exp must be a NumericDate (seconds) or None")
        claims: dict[str, Any] = {"jti": jti} if exp is None else {"jti": jti, "exp": exp}
        return self.revocation(claims, "", now)

    def _entry(self, claims: dict[str, Any], signing_input: str, now: float) -> Entry | None:
        ttl = self.ttl(claims, now)
        return None if ttl == 0 else (token_id(claims, signing_input), ttl)
