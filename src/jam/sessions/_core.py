"""What the sync and async session engines share: checks, ttl arithmetic, error wrapping.

Everything here is pure (no store calls), so :class:`~jam.sessions.SessionEngine`
and :class:`~jam.sessions.AsyncSessionEngine` differ only by ``await``.
"""

from __future__ import annotations

import contextlib
import math
import time
from typing import TYPE_CHECKING, Any

from jam.exceptions import BackendError, JamError, SessionDataError, SessionNotFound
from jam.sessions._ids import valid_route

if TYPE_CHECKING:
    from collections.abc import Iterator

    from jam.sessions._codec import SessionCodec

__all__ = ["MAX_KEY_LENGTH", "EngineCore"]

MAX_KEY_LENGTH = 1024
"""Longest accepted session key, in characters."""


class EngineCore:
    """Configuration and pure helpers of a session engine."""

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
        """Ids and (de)serialisation."""
        self.default_ttl = default_ttl
        """Absolute lifetime in seconds, or ``None``."""
        self.idle_ttl = idle_ttl
        """Sliding inactivity timeout in seconds, or ``None``."""
        self.backend = backend
        """Name of the configured store, for error messages."""

    # -- create ------------------------------------------------------------------------------

    def prepare_create(
        self, session_key: object, data: object, route: str | None = None
    ) -> tuple[str, bytes, int | None]:
        """Check input, make an id and the stored bytes; return ``(id, blob, store ttl)``.

        ``route`` is the store's routing tag of ``session_key`` (routed stores only).
        """
        check_key(session_key)
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

    # -- get / update ------------------------------------------------------------------------

    def open(self, session_id: str, blob: bytes | None) -> tuple[dict[str, Any] | None, bool]:
        """Decode a stored blob; return ``(data or None, past its absolute deadline)``."""
        if blob is None:
            return None, False
        opened = self.codec.decode(session_id, blob)
        if opened is None:
            return None, False
        data, deadline = opened
        if deadline is not None and time.time() >= deadline:
            return None, True
        return data, False

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

    @contextlib.contextmanager
    def store_failures(self, operation: str) -> Iterator[None]:
        """Let Jam errors through; turn any other store failure into a :class:`BackendError`.

        The message names the backend, the operation and the exception type only:
        never the id, the key or the data. The original is chained.
        """
        try:
            yield
        except JamError:
            raise
        except Exception as err:
            raise BackendError(
                f"session store {self.backend!r} failed during {operation}: {type(err).__name__}"
            ) from err


def check_key(session_key: object) -> None:
    """Refuse a session key that is not a non-empty string of sane length.

    Raises:
        SessionDataError: The key is unusable (nothing was written).
    """
    if not isinstance(session_key, str) or not session_key:
        raise SessionDataError("session_key must be a non-empty string")
    if len(session_key) > MAX_KEY_LENGTH:
        raise SessionDataError(f"session_key is longer than {MAX_KEY_LENGTH} characters")


def not_found() -> SessionNotFound:
    """The error for an unknown, expired, malformed or forged id (the id is not shown)."""
    return SessionNotFound("session not found (unknown, expired or invalid id)")


def reraise_typed(err: Exception) -> bool:
    """True when ``err`` is already one of Jam's typed errors and should pass unchanged."""
    return isinstance(err, JamError)
