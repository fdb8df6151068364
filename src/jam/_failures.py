"""Turn whatever a backend plugin raises into Jam's typed `BackendError`.

The drivers wrap every call to a store or list in one of these. Jam's own
errors pass unchanged (a backend that raises ``BackendUnavailable`` means
it); anything else (a driver's ``ConnectionError``, a bug's ``KeyError``)
becomes a ``BackendError`` that names the backend, the operation and the
exception type, never its message: that may hold an id, a key or data. The
original stays chained for debugging.

An instance holds no per-call state, so each driver builds one per operation
up front and reuses it (a class-based context manager costs a fraction of a
``contextlib.contextmanager`` one on the hot path).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jam.exceptions import BackendError, JamError

if TYPE_CHECKING:
    from types import TracebackType

__all__ = ["BackendFailures"]


class BackendFailures:
    """``with on_get: store.get(...)``: re-raise backend failures as ``BackendError``.

    Example:
        >>> on_get = BackendFailures("session store", "redis", "get")
        >>> with on_get:
        ...     raise ConnectionError("10.0.0.7:6379 refused")
        Traceback (most recent call last):
        jam.exceptions.BackendError: session store 'redis' failed during get: ConnectionError
    """

    __slots__ = ("_message",)

    def __init__(self, noun: str, name: str, operation: str) -> None:
        """Describe the call: ``noun`` (``"session store"``), backend ``name``, ``operation``."""
        self._message = f"{noun} {name!r} failed during {operation}"

    def __enter__(self) -> None:
        """Nothing to set up."""

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Convert a non-Jam ``Exception``; let Jam errors and ``BaseException`` through."""
        if exc is None or isinstance(exc, JamError) or not isinstance(exc, Exception):
            return
        raise self.error(exc) from exc

    def error(self, exc: Exception) -> BackendError:
        """The ``BackendError`` for ``exc`` (raise it ``from exc``).

        For a hot path that prefers ``try``/``except`` (free when nothing is
        raised) to a ``with`` block (two calls every time).
        """
        return BackendError(f"{self._message}: {type(exc).__name__}")
