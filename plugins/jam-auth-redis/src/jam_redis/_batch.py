"""Coalesce concurrent single-key reads into one pipeline (asyncio stores only).

When many tasks read at once (``session_get`` under load, token-list
``contains`` on every JWT verify), each would otherwise pay redis-py's full
per-command cost: a pool checkout, a write, a read. Here a read goes out at
once as a plain command when no read is in flight; reads that arrive while
one is in flight wait for it and then go out together as one
non-transactional pipeline. A lone caller sees no added latency, and 1,000
concurrent gets cost a handful of round trips instead of 1,000.

Only reads are batched: writes keep their one-script-per-operation atomicity.
Cluster clients are not batched (their pipelines split by node anyway).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from jam_redis._connect import AsyncConnection

__all__ = ["ReadBatcher"]

T = TypeVar("T")

MAX_BATCH = 512
"""Reads per pipeline; larger bursts are split into several pipelines sent concurrently."""


class ReadBatcher(Generic[T]):
    """Queue reads of one kind and flush them as pipelines on the next loop iteration."""

    def __init__(
        self,
        conn: AsyncConnection,
        operation: str,
        single: Callable[[Any, str], Awaitable[T]],
        queue: Callable[[Any, str], Any],
    ) -> None:
        """Batch ``operation`` reads.

        Args:
            conn: The store's connection (errors are translated there).
            operation: Name used in error messages (``"get"``).
            single: Sends one read on a client: ``lambda client, key: client.hget(key, "d")``.
            queue: Queues one read on a pipeline: ``lambda pipe, key: pipe.hget(key, "d")``.
        """
        self._conn = conn
        self._operation = operation
        self._single = single
        self._queue = queue
        self._pending: list[tuple[str, asyncio.Future[T]]] = []
        self._in_flight = 0
        self._tasks: set[asyncio.Task[None]] = set()

    async def read(self, key: str) -> T:
        """Return the value of one read, sent alone or together with concurrent ones."""
        if self._in_flight:
            future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
            self._pending.append((key, future))
            return await future
        self._in_flight += 1
        try:
            return await self._conn.run(self._operation, lambda c: self._single(c, key))
        finally:
            self._finished()

    def _finished(self) -> None:
        self._in_flight -= 1
        if self._pending and not self._in_flight:
            batch, self._pending = self._pending, []
            for start in range(0, len(batch), MAX_BATCH):
                self._in_flight += 1
                task = asyncio.ensure_future(self._send(batch[start : start + MAX_BATCH]))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    async def _send(self, batch: list[tuple[str, asyncio.Future[T]]]) -> None:
        try:
            await self._deliver(batch)
        finally:
            self._finished()

    async def _deliver(self, batch: list[tuple[str, asyncio.Future[T]]]) -> None:
        live = [(key, future) for key, future in batch if not future.done()]
        if not live:
            return
        keys = [key for key, _ in live]
        try:
            if len(keys) == 1:
                values: list[T] = [
                    await self._conn.run(self._operation, lambda c: self._single(c, keys[0]))
                ]
            else:
                values = await self._conn.run(self._operation, lambda c: self._pipeline(c, keys))
        except asyncio.CancelledError:  # the sender was cancelled: so are its waiters
            for _, future in live:
                future.cancel()
            raise
        except Exception as err:  # every waiter gets its own copy of the typed error
            for _, future in live:
                if not future.done():
                    copy = type(err)(*err.args)
                    copy.__cause__ = err.__cause__
                    future.set_exception(copy)
            return
        for (_, future), value in zip(live, values, strict=True):
            if not future.done():
                future.set_result(value)

    async def _pipeline(self, client: Any, keys: list[str]) -> list[T]:
        async with client.pipeline(transaction=False) as pipe:
            for key in keys:
                self._queue(pipe, key)
            result: list[T] = await pipe.execute()
        return result
