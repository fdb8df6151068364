"""Per-secret work done once: the decoded key and a keyed HMAC, kept in a bounded cache.

Used by `jam.otp.OTPEngine`. Decoding base32 and setting up an HMAC
key are most of the cost of checking one candidate code; users verify a code
a few times per login, and servers verify many users, so the engine keeps the
prepared state of the most recently used secrets (``key_cache_size`` in
``[jam.otp]``, per engine, dropped by ``close()``). The cache holds what the
application already holds, the secret, for as long as the entry lives; set
``key_cache_size = 0`` to keep nothing between calls.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from jam.otp._codes import Keyed, keyed_hmac
from jam.otp._secret import parse_secret

if TYPE_CHECKING:
    from jam.otp._secret import OTPSecret

__all__ = ["KeyCache", "Prepared"]

Prepared = tuple[bytes, Keyed]
"""The raw key and an HMAC object keyed with it (copied, never updated in place)."""


class KeyCache:
    """A bounded, thread-safe-enough map from secret to `Prepared` state.

    Entries are evicted oldest first when the cache is full. Concurrent
    callers may prepare the same secret twice; they never see a half-built
    entry, because an entry is stored only once it is complete.
    """

    def __init__(self, digest: str, *, allow_weak: bool, size: int) -> None:
        """Prepare keys for ``digest``, with the strength rule and cache size of the engine."""
        self._digest = digest
        self._allow_weak = allow_weak
        self._size = size
        self._entries: dict[OTPSecret, Prepared] = {}

    def get(self, secret: OTPSecret) -> Prepared:
        """Return the prepared state of ``secret``, decoding and checking it on first use.

        Raises:
            jam.exceptions.OTPError: The secret is malformed.
            jam.exceptions.WeakSecret: The secret is too short.
        """
        entries = self._entries
        try:
            found = entries.get(secret)
        except TypeError:  # unhashable (bytearray, or a wrong type parse_secret will refuse)
            return self._prepare(secret)
        if found is None:
            found = self._prepare(secret)
            if self._size:
                if len(entries) >= self._size:
                    # Another thread may evict first; the size stays bounded either way.
                    with contextlib.suppress(KeyError, RuntimeError, StopIteration):
                        del entries[next(iter(entries))]
                entries[secret] = found
        return found

    def clear(self) -> None:
        """Forget every prepared secret."""
        self._entries.clear()

    def __len__(self) -> int:
        """Number of cached secrets."""
        return len(self._entries)

    def _prepare(self, secret: OTPSecret) -> Prepared:
        key = parse_secret(secret, allow_weak=self._allow_weak)
        return key, keyed_hmac(key, self._digest)
