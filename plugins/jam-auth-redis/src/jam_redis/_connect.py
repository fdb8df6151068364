"""Build redis-py clients from `RedisOptions` and run commands safely.

Used by the session store and the token list, sync and asyncio alike. Each
store owns one `Connection` (or `AsyncConnection`): a client with
a bounded pool that queues callers for up to ``pool_timeout`` seconds, and a
`run` wrapper that turns every redis-py error into a
`BackendError` whose message holds no secret.

Pools per topology:

* standalone / unix socket: ``BlockingConnectionPool`` (sync and asyncio);
* Cluster and Sentinel: redis-py's pools for these raise when full instead
  of waiting, so a semaphore of ``max_connections`` in front of them makes
  callers queue (with the same ``pool_timeout``). Each operation uses one
  connection to one node, so the pools never reach their own limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from typing import TYPE_CHECKING, Any, TypeVar

import redis
import redis.asyncio
import redis.asyncio.cluster
import redis.asyncio.retry
import redis.asyncio.sentinel
import redis.sentinel
from redis.backoff import ExponentialBackoff
from redis.connection import parse_url
from redis.exceptions import (
    AuthenticationError,
    ClusterDownError,
    ReadOnlyError,
    RedisClusterException,
    RedisError,
    TryAgainError,
)
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from jam.exceptions import BackendError, BackendUnavailable
from jam_redis._options import parse_host_port

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

    from jam_redis._options import RedisOptions

__all__ = ["AsyncConnection", "Connection", "translate_errors"]

T = TypeVar("T")

_UNAVAILABLE = (
    RedisConnectionError,
    RedisTimeoutError,
    ClusterDownError,
    TryAgainError,
    ReadOnlyError,  # talking to a demoted master during a failover
)


@contextlib.contextmanager
def translate_errors(operation: str, endpoint: str) -> Iterator[None]:
    """Re-raise redis-py errors as Jam's typed backend errors.

    Messages name the operation, the (redacted) endpoint and the redis-py
    exception class, never its text: that text can hold keys or addresses we
    prefer not to repeat. The original is chained as ``__cause__``.

    Raises:
        BackendUnavailable: Connection refused or reset, timeout, pool
            exhausted, cluster down, failover in progress.
        BackendError: Any other redis-py error (bad credentials, wrong type).
    """
    try:
        yield
    except AuthenticationError as err:
        raise BackendError(
            f"redis {operation} failed: authentication refused by {endpoint} "
            "(check username/password)"
        ) from err
    except _UNAVAILABLE as err:
        raise BackendUnavailable(
            f"redis {operation} failed: {endpoint} unavailable ({type(err).__name__})"
        ) from err
    except (RedisError, RedisClusterException) as err:
        raise BackendError(f"redis {operation} failed ({type(err).__name__})") from err
    except UnicodeEncodeError:  # the stores check their text first; this is a backstop
        raise BackendError(
            f"redis {operation} failed: a key or id is not valid UTF-8 text"
        ) from None


def _common_kwargs(options: RedisOptions) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "socket_timeout": options.socket_timeout,
        "socket_connect_timeout": options.socket_connect_timeout,
        "protocol": options.protocol,
    }
    if options.username is not None:
        kwargs["username"] = options.username
    if options.password is not None:
        kwargs["password"] = options.password.reveal()
    return kwargs


def _retry(options: RedisOptions, cls: Callable[..., T]) -> T:
    # Only connection errors are retried: the command did not reach a live
    # server. A timeout may mean it ran, and replaying e.g. add_if_absent
    # would turn a success into a spurious "already present".
    return cls(
        ExponentialBackoff(cap=0.2, base=0.02),
        options.retries,
        supported_errors=(RedisConnectionError,),
    )


def _uri_kwargs(options: RedisOptions, *, cluster: bool = False) -> dict[str, Any]:
    """Credentials, db (not on Cluster) and TLS from the URI, for clients not built from it."""
    parsed = parse_url(options.redis_uri.reveal())  # type: ignore[no-untyped-call]
    names = ("username", "password") if cluster else ("username", "password", "db")
    kwargs = {key: parsed[key] for key in names if key in parsed}
    if options.redis_uri.scheme == "rediss":
        kwargs["ssl"] = True
    return kwargs


def _sync_nodes(options: RedisOptions) -> list[redis.cluster.ClusterNode]:
    return [redis.cluster.ClusterNode(h, p) for h, p in _seeds(options)]  # type: ignore[no-untyped-call]


def _seeds(options: RedisOptions) -> list[tuple[str, int]]:
    if isinstance(options.cluster, list):
        return [parse_host_port(item) for item in options.cluster]
    return [(options.redis_uri.host or "127.0.0.1", options.redis_uri.port)]


class _Gate:
    """A thread semaphore that callers queue on for at most ``timeout`` seconds."""

    def __init__(self, size: int, timeout: float, endpoint: str) -> None:
        self._sem = threading.BoundedSemaphore(size)
        self._timeout = timeout
        self._endpoint = endpoint

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        if not self._sem.acquire(timeout=self._timeout):
            raise BackendUnavailable(f"redis: no free connection to {self._endpoint} in time")
        try:
            yield
        finally:
            self._sem.release()


class _AsyncGate:
    """The asyncio twin of `_Gate`."""

    def __init__(self, size: int, timeout: float, endpoint: str) -> None:
        self._sem = asyncio.BoundedSemaphore(size)
        self._timeout = timeout
        self._endpoint = endpoint

    @contextlib.asynccontextmanager
    async def hold(self) -> AsyncIterator[None]:
        try:
            await asyncio.wait_for(self._sem.acquire(), self._timeout)
        except TimeoutError:
            raise BackendUnavailable(
                f"redis: no free connection to {self._endpoint} in time"
            ) from None
        try:
            yield
        finally:
            self._sem.release()


class Connection:
    """A synchronous redis-py client with a bounded, queueing pool.

    The client is created on first use, so building a store never does I/O
    (a Cluster client discovers its nodes when created).
    """

    def __init__(self, options: RedisOptions) -> None:
        """Remember the options; connect lazily."""
        self.options = options
        self.endpoint = options.endpoint
        self._client: Any = None
        self._lock = threading.Lock()
        self._gate = (
            _Gate(options.max_connections, options.pool_timeout, self.endpoint)
            if options.mode != "standalone"
            else None
        )
        self._closed = False

    def client(self) -> Any:
        """Return the redis-py client, creating it on first call."""
        if self._client is None:
            with self._lock:
                if self._closed:
                    raise BackendError("redis store is closed")
                if self._client is None:
                    self._client = self._create()
        return self._client

    def _create(self) -> Any:
        options = self.options
        kwargs = _common_kwargs(options) | {"retry": _retry(options, Retry)}
        if options.mode == "cluster":
            return redis.RedisCluster(
                startup_nodes=_sync_nodes(options),
                **(_uri_kwargs(options, cluster=True) | kwargs),
                max_connections=options.max_connections,
            )
        kwargs["health_check_interval"] = options.health_check_interval
        if options.mode == "sentinel":
            sentinel = redis.sentinel.Sentinel(  # type: ignore[no-untyped-call]
                [parse_host_port(item) for item in options.sentinels],
                sentinel_kwargs=_sentinel_kwargs(options),
                **(_uri_kwargs(options) | kwargs),
            )
            return sentinel.master_for(  # type: ignore[no-untyped-call]
                str(options.sentinel_service), max_connections=options.max_connections
            )
        pool = redis.BlockingConnectionPool.from_url(
            options.redis_uri.reveal(),
            max_connections=options.max_connections,
            timeout=options.pool_timeout,
            **kwargs,
        )
        return redis.Redis(connection_pool=pool)

    def run(self, operation: str, call: Callable[[Any], T]) -> T:
        """Run ``call(client)`` with errors translated (see `translate_errors`)."""
        with translate_errors(operation, self.endpoint):
            client = self.client()
            if self._gate is None:
                return call(client)
            with self._gate.hold():
                return call(client)

    def close(self) -> None:
        """Close the client and its pool. Idempotent."""
        with self._lock:
            self._closed = True
            client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(RedisError, OSError):
                client.close()
                pool = getattr(client, "connection_pool", None)
                if pool is not None:
                    pool.disconnect()


class AsyncConnection:
    """An asyncio redis-py client with a bounded, queueing pool."""

    def __init__(self, options: RedisOptions) -> None:
        """Remember the options; the client is created on first use."""
        self.options = options
        self.endpoint = options.endpoint
        self._client: Any = None
        self._gate = (
            _AsyncGate(options.max_connections, options.pool_timeout, self.endpoint)
            if options.mode != "standalone"
            else None
        )
        self._cluster_ready = asyncio.Event() if options.mode == "cluster" else None
        self._discovering = asyncio.Lock()
        self._closed = False

    async def _discover(self, client: Any) -> None:
        """Discover the cluster's nodes once, before any command.

        redis-py's asyncio Cluster client re-initialises itself (closing the
        connections other tasks are using) when many tasks race through its
        first command; one task discovering first avoids that.
        """
        async with self._discovering:
            if self._cluster_ready is not None and not self._cluster_ready.is_set():
                await client.initialize()
                self._cluster_ready.set()

    def client(self) -> Any:
        """Return the redis-py asyncio client, creating it on first call (no I/O)."""
        if self._client is None:
            if self._closed:
                raise BackendError("redis store is closed")
            self._client = self._create()
        return self._client

    def _create(self) -> Any:
        options = self.options
        kwargs = _common_kwargs(options)
        if options.mode == "cluster":
            return redis.asyncio.cluster.RedisCluster(
                startup_nodes=[redis.asyncio.cluster.ClusterNode(h, p) for h, p in _seeds(options)],
                **(_uri_kwargs(options, cluster=True) | kwargs),
                max_connections=options.max_connections,
                retry=_retry(options, redis.asyncio.retry.Retry),
            )
        kwargs["health_check_interval"] = options.health_check_interval
        kwargs["retry"] = _retry(options, redis.asyncio.retry.Retry)
        if options.mode == "sentinel":
            sentinel = redis.asyncio.sentinel.Sentinel(  # type: ignore[no-untyped-call]
                [parse_host_port(item) for item in options.sentinels],
                sentinel_kwargs=_sentinel_kwargs(options),
                **(_uri_kwargs(options) | kwargs),
            )
            return sentinel.master_for(
                str(options.sentinel_service), max_connections=options.max_connections
            )
        pool = redis.asyncio.BlockingConnectionPool.from_url(
            options.redis_uri.reveal(),
            max_connections=options.max_connections,
            timeout=options.pool_timeout,
            **kwargs,
        )
        return redis.asyncio.Redis(connection_pool=pool)

    async def run(self, operation: str, call: Callable[[Any], Awaitable[T]]) -> T:
        """Await ``call(client)`` with errors translated (see `translate_errors`)."""
        with translate_errors(operation, self.endpoint):
            client = self.client()
            if self._cluster_ready is not None and not self._cluster_ready.is_set():
                await self._discover(client)
            if self._gate is None:
                return await call(client)
            async with self._gate.hold():
                return await call(client)

    async def close(self) -> None:
        """Close the client and its pool. Idempotent."""
        self._closed = True
        client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(RedisError, OSError):
                await client.aclose()
                pool = getattr(client, "connection_pool", None)
                if pool is not None:
                    await pool.disconnect()


def _sentinel_kwargs(options: RedisOptions) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "socket_timeout": options.socket_timeout,
        "socket_connect_timeout": options.socket_connect_timeout,
    }
    if options.sentinel_password is not None:
        kwargs["password"] = options.sentinel_password.reveal()
    return kwargs
