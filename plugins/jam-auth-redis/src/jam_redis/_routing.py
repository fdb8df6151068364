"""Routing tags of the Redis session store: which Cluster slot holds a user's sessions.

Used by `jam_redis._sessions`. The session engine asks the store for
``route(session_key)`` and starts every new id with it (``<tag>.<random>``);
the store puts the session and its owner's index under the hash tag
``{<tag>}``, so one user's sessions share a slot while different users
spread over the cluster.

A tag is 6 base64url characters (36 bits) of HMAC-SHA256 of the session key
under a per-deployment key, so an id shows nothing an attacker could test a
list of e-mail addresses against. The key comes from ``route_secret`` when
configured, otherwise from a random salt kept in Redis under
``<prefix>:salt`` (created with ``SET NX GET``: one round trip, once per
store, and every process of the deployment adopts the first salt written).
"""

from __future__ import annotations

import base64
import hmac
import re
import secrets
from hashlib import sha256

from jam.exceptions import BackendError
from jam_redis._text import text

__all__ = ["ROUTE_CHARS", "SALT_BYTES", "Router", "new_salt", "route_of"]

ROUTE_CHARS = 6
"""Length of a routing tag: 36 bits, far more values than Cluster's 16384 slots."""

SALT_BYTES = 32
"""Size of the random salt stored in Redis."""

_KEY_LABEL = b"jam-redis-route-key-v1"
_ROUTED_ID = re.compile(r"^([A-Za-z0-9_-]{1,16})\.")


def route_of(session_id: str) -> str | None:
    """Return the routing tag an id starts with, or ``None`` for an untagged id.

    Example:
        >>> route_of("q3ZP0a.AAAA"), route_of("sid-1")
        ('q3ZP0a', None)
    """
    match = _ROUTED_ID.match(session_id)
    return None if match is None else match[1]


def new_salt() -> bytes:
    """Return a fresh salt to offer with ``SET <prefix>:salt <salt> NX GET``."""
    return secrets.token_bytes(SALT_BYTES)


class Router:
    """Computes routing tags once it holds a key (from ``route_secret`` or the salt)."""

    def __init__(self, secret: str | None) -> None:
        """Derive the key from ``secret`` now, or wait for `adopt` (``None``)."""
        self._key: bytes | None = None
        if secret is not None:
            self._key = _derive(secret.encode("utf-8"))

    @property
    def ready(self) -> bool:
        """True once the key is known (no I/O is needed any more)."""
        return self._key is not None

    def adopt(self, stored: bytes | None, offered: bytes) -> None:
        """Take the salt the ``SET NX GET`` answered: the stored one, or ours when it was unset.

        Raises:
            BackendError: The salt key holds something empty or not a string.
        """
        salt = offered if stored is None else stored
        if not isinstance(salt, bytes) or len(salt) < 16:
            raise BackendError("redis: the routing salt key holds an unusable value")
        self._key = _derive(salt)

    def tag(self, session_key: str) -> str:
        """Return the routing tag of ``session_key`` (call only when `ready`).

        Raises:
            BackendError: ``session_key`` is not valid UTF-8 text.
        """
        assert self._key is not None  # noqa: S101  (the store loads the key first)
        encoded = text(session_key, "session key").encode("utf-8")
        digest = hmac.digest(self._key, encoded, "sha256")
        return base64.urlsafe_b64encode(digest[:6]).decode("ascii")[:ROUTE_CHARS]


def _derive(secret: bytes) -> bytes:
    return hmac.new(secret, _KEY_LABEL, sha256).digest()
