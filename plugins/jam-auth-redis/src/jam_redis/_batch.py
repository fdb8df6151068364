"""Coalesce concurrent single-key reads into one pipeline (asyncio stores only).

When many tasks read at once (``session_get`` under load, token-list
``contains`` on every JWT verify), each would otherwise pay redis-py's full
per-command cost: a pool checkout, a write, a read. Reads issued in the same
event-loop iteration are queued here and sent as one non-transactional
pipeline, so 1,000 concurrent gets cost a handful of round trips instead of
1,000. A lone read still goes out as a plain command, one loop iteration later.

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
        self._tasks: set[asyncio.Task[None]] = set()

    async def read(self, key: str) -> T:
        """Return the value of one read, sent together with concurrent ones."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        if not self._pending:
            loop.call_soon(self._flush)
        self._pending.append((key, future))
        return await future

    def _flush(self) -> None:
        batch, self._pending = self._pending, []
        for start in range(0, len(batch), MAX_BATCH):
            task = asyncio.ensure_future(self._send(batch[start : start + MAX_BATCH]))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _send(self, batch: list[tuple[str, asyncio.Future[T]]]) -> None:
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
