"""Run blocking SQLite calls off the event loop, on a small dedicated thread pool.

Used by the asyncio twins of the store and the list. A dedicated pool (not
the loop's default executor) bounds the number of SQLite connections and
cannot be starved by unrelated ``to_thread`` work.
"""

from __future__ import annotations

import asyncio
import functools
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from jam.exceptions import BackendError

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["WORKERS", "AsyncRunner"]

T = TypeVar("T")

WORKERS = 4
"""Threads (and so SQLite connections) per asyncio store or list."""


class AsyncRunner:
    """A thread pool that runs one store's blocking calls for asyncio callers."""

    def __init__(self, name: str) -> None:
        """Create the pool lazily named ``name`` (threads start on first use)."""
        self._pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix=name)
        self._closed = False

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        """Await ``func(*args)`` run on the pool.

        Raises:
            BackendError: The store was closed.
        """
        if self._closed:
            raise BackendError("sqlite backend is closed")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, functools.partial(func, *args))

    async def close(self, closer: Callable[[], None]) -> None:
        """Let queued calls finish, stop the pool, then call ``closer``. Idempotent."""
        if self._closed:
            return
        self._closed = True

        def shutdown() -> None:
            self._pool.shutdown(wait=True)
            closer()

        await asyncio.get_running_loop().run_in_executor(None, shutdown)
