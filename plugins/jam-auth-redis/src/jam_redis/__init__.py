"""Redis backends for Jam: a session store and a token list, sync and asyncio.

Install ``jam-auth-redis`` and select them in the configuration:

```text
[tool.jam.session]
backend = "redis"
redis_uri = "redis://127.0.0.1:6379/0"
```

The store and list classes import redis-py, so they are loaded on first
access; importing this package (as the plugin loader does) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jam._lazy import lazy_attributes
from jam_redis._options import RedisOptions, RedisURI

if TYPE_CHECKING:
    from jam_redis._lists import AsyncRedisTokenList, RedisTokenList
    from jam_redis._sessions import AsyncRedisSessionStore, RedisSessionStore

__all__ = [
    "AsyncRedisSessionStore",
    "AsyncRedisTokenList",
    "RedisOptions",
    "RedisSessionStore",
    "RedisTokenList",
    "RedisURI",
]

__getattr__ = lazy_attributes(
    __name__,
    {
        "RedisSessionStore": "jam_redis._sessions",
        "AsyncRedisSessionStore": "jam_redis._sessions",
        "RedisTokenList": "jam_redis._lists",
        "AsyncRedisTokenList": "jam_redis._lists",
    },
)
