"""The pure session core: checks, ids, stored bytes, expiry arithmetic, answers. No I/O.

Everything a session engine decides lives here, shared by the synchronous and
asyncio drivers (`jam.sessions._engine`, `jam.sessions._async_engine`),
which only call the store. That includes reading the store's answers: a store
is a plugin, so what it returns is checked (``get`` bytes or ``None``,
``update``/``delete``/``rework`` exactly a bool, ``clear`` an int, ``list``
a list of str) before the kernel believes it.
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Any

from jam._failures import BackendFailures
from jam._text import excerpt
from jam.exceptions import BackendError, JamPluginError, SessionDataError, SessionNotFound
from jam.sessions._ids import valid_route

if TYPE_CHECKING:
    from jam.sessions._codec import SessionCodec

__all__ = ["MAX_KEY_LENGTH", "SessionCore", "check_key", "not_found"]

MAX_KEY_LENGTH = 1024
"""Longest accepted session key, in characters."""

OPERATIONS = ("create", "get", "update", "delete", "clear", "rework", "list")
"""Store operations, each with its own failure guard."""


class SessionCore:
    """Configuration and pure rules of one session engine.

    Attributes:
        codec: Ids and (de)serialisation (routed when the store routes ids).
        default_ttl: Absolute lifetime in seconds, or ``None``.
        idle_ttl: Sliding inactivity timeout in seconds, or ``None``.
        backend: Name of the configured store, for messages.
        guards: One `BackendFailures` per store operation.
    """

    def __init__(
        self,
        codec: SessionCodec,
        default_ttl: int | None,
        idle_ttl: int | None,
        backend: str = "custom",
    ) -> None:
        """Keep the codec and lifetimes.

        Args:
            codec: Ids and (de)serialisation.
            default_ttl: Absolute lifetime in seconds (``None``: no expiry).
            idle_ttl: Sliding inactivity timeout in seconds, or ``None``.
            backend: Backend name, for error messages.
        """
        self.codec = codec
        self.default_ttl = default_ttl
        self.idle_ttl = idle_ttl
        self.backend = backend
        self.guards = {
            operation: BackendFailures("session store", backend, operation)
            for operation in OPERATIONS
        }

    # -- create ------------------------------------------------------------------------------

    def prepare_create(
        self, data: object, route: str | None = None
    ) -> tuple[str, bytes, int | None]:
        """Make an id and the stored bytes for a new session; return ``(id, blob, store ttl)``.

        The caller has checked the key (`check_key`). ``route`` is the
        store's routing tag of the key (routed stores only).

        Raises:
            SessionDataError: ``data`` is not a JSON object of string keys.
        """
        session_id = self.codec.ids.new(route)
        if self.idle_ttl is None:
            return session_id, self.codec.encode(session_id, data, None), self.default_ttl
        now = time.time()
        deadline = now + self.default_ttl if self.default_ttl is not None else None
        blob = self.codec.encode(session_id, data, deadline)
        return session_id, blob, self.idle_store_ttl(now, deadline)

    def idle_store_ttl(self, now: float, deadline: float | None) -> int:
        """Store ttl under an idle timeout: ``idle_ttl``, capped by the absolute deadline."""
        assert self.idle_ttl is not None  # noqa: S101  (only called with an idle timeout)
        if deadline is None:
            return self.idle_ttl
        return max(1, min(self.idle_ttl, math.ceil(deadline - now)))

    def checked_route(self, route: object) -> str:
        """Return a routing tag from the store after checking its shape.

        Raises:
            BackendError: The store returned something that is not 1-16 base64url characters.
        """
        if not valid_route(route):
            raise BackendError(
                f"session store {self.backend!r} returned an invalid routing tag "
                "(expected 1-16 characters of A-Z a-z 0-9 - _)"
            )
        assert isinstance(route, str)  # noqa: S101  (narrowing for mypy only)
        return route

    # -- get / update ------------------------------------------------------------------------

    def open(self, session_id: str, blob: object) -> tuple[dict[str, Any] | None, bool]:
        """Decode what ``get`` returned; return ``(data or None, past its absolute deadline)``.

        Raises:
            JamPluginError: The store returned something other than bytes or ``None``.
        """
        if blob is None:
            return None, False
        opened = self.codec.decode(session_id, self.blob(blob, "get"))
        if opened is None:
            return None, False
        data, deadline = opened
        if deadline is not None and time.time() >= deadline:
            return None, True
        return data, False

    def refreshed(self, session_id: str, stored: object, data: object) -> tuple[bytes, int] | None:
        """Under an idle timeout: the new blob and store ttl for an update, or ``None`` (gone).

        ``stored`` is what the store's ``get`` returned for ``session_id``.
        """
        if stored is None:
            return None
        current = self.codec.decode(session_id, self.blob(stored, "get"))
        if current is None:
            return None
        now, deadline = time.time(), current[1]
        if deadline is not None and now >= deadline:
            return None
        return self.codec.encode(session_id, data, deadline), self.idle_store_ttl(now, deadline)

    # -- the store's answers -----------------------------------------------------------------

    def blob(self, value: object, operation: str) -> bytes:
        """Return stored bytes from the store, refusing anything else."""
        if isinstance(value, bytes | bytearray | memoryview):
            return bytes(value)
        raise self._contract(operation, value, "bytes or None")

    def answer(self, value: object, operation: str) -> bool:
        """Return a store's yes/no answer, refusing anything but exactly True or False."""
        if value is True or value is False:
            return value
        raise self._contract(operation, value, "True or False")

    def count(self, value: object) -> int:
        """Return ``clear``'s count, refusing anything but a non-negative int."""
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        raise self._contract("clear", value, "a count (int >= 0)")

    def ids(self, value: object) -> list[str]:
        """Return ``list``'s ids, refusing anything but a list of str."""
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return value
        raise self._contract("list", value, "a list of str")

    def _contract(self, operation: str, value: object, expected: str) -> JamPluginError:
        return JamPluginError(
            f"session store {self.backend!r} returned {excerpt(value)} from {operation}(); "
            f"expected {expected}"
        )


def check_key(session_key: object) -> None:
    """Refuse a session key that is not a non-empty string of valid Unicode and sane length.

    Raises:
        SessionDataError: The key is unusable (nothing was written).
    """
    if not isinstance(session_key, str) or not session_key:
        raise SessionDataError("session_key must be a non-empty string")
    if len(session_key) > MAX_KEY_LENGTH:
        raise SessionDataError(f"session_key is longer than {MAX_KEY_LENGTH} characters")
    if not session_key.isascii():
        try:
            session_key.encode("utf-8")
        except UnicodeEncodeError:
            raise SessionDataError(
                "session_key is not valid Unicode text (it holds a lone surrogate)"
            ) from None


def not_found() -> SessionNotFound:
    """The error for an unknown, expired, malformed or forged id (the id is not shown)."""
    return SessionNotFound("session not found (unknown, expired or invalid id)")
