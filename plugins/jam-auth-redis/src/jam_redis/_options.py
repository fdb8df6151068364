"""The options model of the ``redis`` session store and token list.

Validated by the kernel from the backend keys of ``[jam.session]`` or
``[jam.jwt.list]`` (see `jam._backends`) and handed to the factories in
`jam_redis.plugin`. Imports pydantic only, never redis, so it is cheap.

The URI may hold a password: `RedisURI` keeps it out of ``repr``,
``str``, serialised configuration and every error message.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import AliasChoices, Field, PlainSerializer, PlainValidator, WithJsonSchema
from pydantic import model_validator as _model_validator

from jam.config import SecretText, SecretValue, Section

__all__ = ["DEFAULT_MAX_SESSIONS_PER_KEY", "RedisOptions", "RedisURI", "parse_host_port"]

DEFAULT_MAX_SESSIONS_PER_KEY = 1000
"""Live sessions one key may hold; the same default on every first-party backend."""

SCHEMES = ("redis", "rediss", "unix")
"""URI schemes the backend accepts."""

_SECRET_QUERY_KEYS = frozenset({"password", "username", "sentinel_password"})
_PREFIX = re.compile(r"^[A-Za-z0-9_.:/-]{1,64}$")
_HOST_PORT = re.compile(r"^(?:\[(?P<v6>[0-9A-Fa-f:.]+)\]|(?P<host>[^:\s\[\]]+)):(?P<port>\d{1,5})$")


class RedisURI:
    """A Redis connection URI whose credentials never show when printed.

    ``str()``/``repr()`` give the URI with the userinfo password and any
    secret query parameter replaced by ``***``; `reveal` returns the
    real text for the connection code, and nothing else calls it.

    Example:
        >>> RedisURI("redis://app:hunter2@cache:6379/0")
        RedisURI('redis://app:***@cache:6379/0')
    """

    __slots__ = ("_value", "redacted", "scheme")

    def __init__(self, value: str) -> None:
        """Parse and check ``value``.

        Raises:
            ValueError: The scheme is not redis/rediss/unix, or the URI is
                malformed. The message never contains the URI.
        """
        try:
            parts = urlsplit(value)
            parts.port  # noqa: B018  (evaluated for its validation)
        except ValueError:
            raise ValueError("redis_uri is not a valid URI (value hidden)") from None
        if parts.scheme not in SCHEMES:
            raise ValueError("redis_uri must start with redis://, rediss:// or unix://")
        if parts.scheme == "unix" and not parts.path:
            raise ValueError("a unix:// redis_uri needs a socket path (unix:///run/redis.sock)")
        if parts.scheme != "unix" and not parts.hostname:
            raise ValueError("redis_uri has no host")
        self._value = value
        self.scheme: str = parts.scheme
        """``redis``, ``rediss`` or ``unix``."""
        self.redacted: str = _redact(value)
        """The URI with credentials replaced by ``***``: safe for logs and errors."""

    def reveal(self) -> str:
        """Return the URI with its credentials, for the connection code only."""
        return self._value

    @property
    def host(self) -> str | None:
        """Host name of a TCP URI (``None`` for ``unix://``)."""
        return urlsplit(self._value).hostname if self.scheme != "unix" else None

    @property
    def db(self) -> int | None:
        """Database number from the path or ``?db=`` (``None`` when absent or not a number)."""
        parts = urlsplit(self._value)
        query = dict(parse_qsl(parts.query))
        text = query.get("db") or (parts.path.strip("/") if self.scheme != "unix" else "")
        return int(text) if text.isdigit() else None

    @property
    def port(self) -> int:
        """Port of a TCP URI (6379 when absent)."""
        return urlsplit(self._value).port or 6379

    def __repr__(self) -> str:
        """Return the redacted form."""
        return f"RedisURI({self.redacted!r})"

    def __str__(self) -> str:
        """Return the redacted URI."""
        return self.redacted

    def __eq__(self, other: object) -> bool:
        """Compare by full value."""
        return isinstance(other, RedisURI) and other._value == self._value

    def __hash__(self) -> int:
        """Hash by full value."""
        return hash(self._value)


def _redact(value: str) -> str:
    parts = urlsplit(value)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        user, sep, _password = userinfo.partition(":")
        netloc = f"{user}:***@{hostport}" if sep else f"{user}@{hostport}"
        if not sep and user:  # redis://secret@host: a lone userinfo is the password
            netloc = f"***@{hostport}"
    query = parts.query
    if query:
        pairs = [
            (key, "***" if key.lower() in _SECRET_QUERY_KEYS else val)
            for key, val in parse_qsl(query, keep_blank_values=True)
        ]
        query = urlencode(pairs, safe="*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _redis_uri(value: object) -> RedisURI:
    if isinstance(value, RedisURI):
        return value
    if isinstance(value, SecretValue):
        value = value.reveal()
    if isinstance(value, bytes | bytearray):  # from { file = "..." }
        try:
            value = bytes(value).decode("utf-8").strip()
        except UnicodeDecodeError:
            raise ValueError("redis_uri file is not UTF-8 text") from None
    if not isinstance(value, str):
        raise ValueError("redis_uri must be text")
    return RedisURI(value.strip())


def parse_host_port(value: str) -> tuple[str, int]:
    """Split ``"host:port"`` (or ``"[::1]:port"``) into a host and a port.

    Raises:
        ValueError: The text is not ``host:port`` with a port in 1..65535.
    """
    match = _HOST_PORT.match(value.strip())
    if match is None or not 0 < int(match["port"]) < 65536:
        raise ValueError("expected 'host:port' (for example '10.0.0.5:26379')")
    return match["v6"] or match["host"], int(match["port"])


def _host_ports(value: object) -> list[str]:
    if not isinstance(value, list | tuple):
        raise ValueError("expected a list of 'host:port' strings")
    for item in value:
        if not isinstance(item, str):
            raise ValueError("expected a list of 'host:port' strings")
        parse_host_port(item)
    return [item.strip() for item in value]


RedisURIField = Annotated[
    RedisURI,
    PlainValidator(_redis_uri),
    PlainSerializer(lambda uri: uri.redacted, return_type=str),
    WithJsonSchema({"type": "string", "description": "redis://, rediss:// or unix:// URI"}),
]
HostPorts = Annotated[list[str], PlainValidator(_host_ports)]


class RedisOptions(Section):
    """Keys of the ``redis`` backend, in ``[jam.session]`` or ``[jam.jwt.list]``.

    Example:
        >>> from jam_redis import RedisOptions
        >>> options = RedisOptions(redis_uri="redis://:s3cret@127.0.0.1:6379/0", prefix="app")
        >>> options.redis_uri
        RedisURI('redis://:***@127.0.0.1:6379/0')
    """

    redis_uri: RedisURIField = Field(default_factory=lambda: RedisURI("redis://127.0.0.1:6379/0"))
    """``redis://[user:password@]host:port/db``, ``rediss://`` (TLS) or ``unix:///path?db=0``.

    Under Sentinel the host is ignored (the sentinels name the master) but
    credentials, db and ``rediss`` apply to the master connection.
    """
    prefix: str = Field(
        default="jam", validation_alias=AliasChoices("prefix", "session_path", "sessions_path")
    )
    """Namespace of every key (letters, digits, ``_.:/-``; at most 64 characters)."""
    username: str | None = None
    """ACL user name; overrides the one in ``redis_uri``."""
    password: SecretText | None = None
    """Password; overrides the one in ``redis_uri`` (use ``"$REDIS_PASSWORD"``)."""
    sentinels: HostPorts = Field(default_factory=list)
    """Sentinel addresses (``["10.0.0.1:26379", ...]``); non-empty selects Sentinel."""
    sentinel_service: str | None = Field(
        default=None, validation_alias=AliasChoices("sentinel_service", "sentinel_master")
    )
    """Name of the monitored master (required with ``sentinels``)."""
    sentinel_password: SecretText | None = None
    """Password of the sentinels themselves, if they require one."""
    cluster: bool | HostPorts = False
    """``true``: Redis Cluster seeded from ``redis_uri``; or a list of seed ``host:port``."""
    socket_timeout: float = Field(default=3.0, gt=0, le=300)
    """Seconds to wait for a reply before raising BackendUnavailable."""
    socket_connect_timeout: float = Field(default=2.0, gt=0, le=300)
    """Seconds to wait for a TCP/TLS/unix connection."""
    max_connections: int = Field(default=50, ge=1, le=100_000)
    """Upper bound of open connections (per node under Cluster); callers beyond it queue."""
    pool_timeout: float = Field(default=5.0, gt=0, le=300)
    """Seconds a caller queues for a free connection before BackendUnavailable."""
    health_check_interval: int = Field(default=30, ge=0)
    """Ping a connection idle for this many seconds before reusing it (0: never)."""
    retries: int = Field(default=1, ge=0, le=10)
    """Reconnect-and-resend attempts after a connection error (never after a timeout)."""
    protocol: Literal[2, 3] = 2
    """RESP protocol version."""
    max_sessions_per_key: int = Field(default=DEFAULT_MAX_SESSIONS_PER_KEY, ge=0)
    """Most live sessions of one key (session store only; ``0``: no limit).

    A create beyond it deletes the key's sessions that expire soonest, in the
    same script, so ``clear`` and ``list`` (one script over the key's whole
    index) never hold Redis for long.
    """
    route_secret: SecretText | None = None
    """Key of the sessions' routing tags (at least 16 characters, e.g. ``"$JAM_ROUTE_SECRET"``).

    Unset: a random salt is created once in Redis under ``<prefix>:salt`` and
    read by each store on first use. Every process of a deployment must use
    the same value: changing it hides existing sessions from ``clear`` and
    ``list`` until they expire.
    """

    @_model_validator(mode="after")
    def _check(self) -> RedisOptions:
        if not _PREFIX.match(self.prefix):
            raise ValueError(
                "prefix: use 1-64 letters, digits or _.:/- (no braces: they form the hash tag)"
            )
        if self.route_secret is not None and len(self.route_secret.reveal()) < 16:
            raise ValueError("route_secret: use at least 16 random characters")
        if self.sentinels and not self.sentinel_service:
            raise ValueError("sentinels: set sentinel_service to the monitored master's name")
        if self.sentinel_service and not self.sentinels:
            raise ValueError("sentinel_service: list the sentinel addresses in sentinels")
        if self.sentinels and self.cluster:
            raise ValueError("choose either sentinels or cluster, not both")
        if self.cluster and self.redis_uri.scheme == "unix":
            raise ValueError("cluster: Redis Cluster needs redis:// or rediss://, not unix://")
        if self.cluster and self.redis_uri.db not in (None, 0):
            raise ValueError("cluster: Redis Cluster has only database 0 (drop /<db>)")
        return self

    @property
    def mode(self) -> Literal["standalone", "sentinel", "cluster"]:
        """Which topology these options select."""
        if self.sentinels:
            return "sentinel"
        return "cluster" if self.cluster else "standalone"

    @property
    def endpoint(self) -> str:
        """A secret-free description of where the backend is, for error messages."""
        if self.sentinels:
            return f"sentinel {self.sentinel_service!r} via {', '.join(self.sentinels)}"
        if isinstance(self.cluster, list):
            return f"cluster via {', '.join(self.cluster)}"
        kind = "cluster via " if self.cluster else ""
        return kind + self.redis_uri.redacted
