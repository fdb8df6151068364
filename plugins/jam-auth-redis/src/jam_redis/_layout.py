"""Key layout and Lua scripts of the Redis session store (one round trip per operation).

Keys, for ``prefix = "jam"``:

```text
jam:{<tag>}:s:<session_id>  HASH  o = owner hash, d = data bytes; PEXPIRE = session ttl
jam:{<tag>}:k:<owner hash>  ZSET  member = session id, score = expiry (unix ms, +inf: none)
jam:salt                    STRING random salt of the routing tags (never expires)
jam:t:<token_id>            STRING "1" with EX = token ttl (token lists, no hash tag)
```

``<tag>`` is the routing tag the id starts with (``<tag>.<random>``), a keyed
hash of the session key made by `jam_redis._routing`: one user's
sessions and index share a Cluster slot, different users spread over the
cluster, ``get`` finds the slot from the id alone, and ``rework`` keeps the
tag so old and new id are in one slot. Untagged ids (made before routing, or
by a caller that does not route) use the previous layout, hash tag
``{jam}``: ``{jam}:s:<session_id>`` and ``{jam}:k:<owner hash>``.

``<owner hash>`` is the first 128 bits of SHA-256 of the session key, in hex:
user names and e-mail addresses never appear in key names or values.

Scripts derive the owner's index key from the owner hash stored in the
session (``update``, ``delete``, ``rework`` only know the id). Such a key is
not in ``KEYS``, but it carries the same hash tag, so it is in the same slot,
which Redis Cluster accepts. Scores are computed from the server clock
(``TIME``) so client clock skew cannot trim live entries; expired entries are
trimmed lazily with ``ZREMRANGEBYSCORE`` on every index write, and the index
key itself expires with its longest-lived session. Redis >= 7.0; no HEXPIRE.

``create`` bounds an owner's index: past ``max_sessions_per_key`` live
entries it deletes the sessions that expire soonest (at most
`EVICT_PER_CREATE` per call), so ``clear`` and ``list``, which walk the
whole index in one script, stay short. Every session key, session id and
token id must be valid UTF-8 text: `jam_redis._text.text` refuses
anything else with a typed error before a command is built.
"""

from __future__ import annotations

import hashlib
from typing import Any

from jam_redis._routing import route_of
from jam_redis._text import text

__all__ = ["EVICT_PER_CREATE", "SCRIPTS", "Layout", "LuaScript", "Space", "ttl_ms"]

EVICT_PER_CREATE = 100
"""Most sessions one ``create`` evicts: an index that is already far over the bound
(made before it existed) shrinks over several creates instead of in one long script."""


_PRELUDE = """
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function refresh_index(ikey, now)
  redis.call('ZREMRANGEBYSCORE', ikey, '-inf', '(' .. now)
  local top = redis.call('ZRANGE', ikey, -1, -1, 'WITHSCORES')
  if #top == 0 then return end
  if top[2] == 'inf' then
    redis.call('PERSIST', ikey)
  else
    redis.call('PEXPIREAT', ikey, math.ceil(tonumber(top[2])))
  end
end
local function score_for(now, ttl)
  if ttl == '' then return 'inf' end
  return now + tonumber(ttl) + 1
end
"""

_CREATE = """
-- KEYS: session, index. ARGV: owner, data, ttl ms ('' = none), id, session key prefix,
-- most live sessions per owner ('0' = no limit)
local now = now_ms()
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'o', ARGV[1], 'd', ARGV[2])
if ARGV[3] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
redis.call('ZADD', KEYS[2], score_for(now, ARGV[3]), ARGV[4])
local limit = tonumber(ARGV[6])
if limit > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. now)
  local excess = math.min(redis.call('ZCARD', KEYS[2]) - limit, {evict})
  if excess > 0 then
    -- the soonest to expire go first, never the session just created
    for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, excess)) do
      if excess > 0 and id ~= ARGV[4] then
        local skey = ARGV[5] .. id
        if redis.call('HGET', skey, 'o') == ARGV[1] then redis.call('DEL', skey) end
        redis.call('ZREM', KEYS[2], id)
        excess = excess - 1
      end
    end
  end
end
refresh_index(KEYS[2], now)
return 1
""".replace("{evict}", str(EVICT_PER_CREATE))

_UPDATE = """
-- KEYS: session. ARGV: data, ttl ms ('' = keep), index key prefix, id
local owner = redis.call('HGET', KEYS[1], 'o')
if not owner then return 0 end
redis.call('HSET', KEYS[1], 'd', ARGV[1])
if ARGV[2] ~= '' then
  local now = now_ms()
  local ikey = ARGV[3] .. owner
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  redis.call('ZADD', ikey, score_for(now, ARGV[2]), ARGV[4])
  refresh_index(ikey, now)
end
return 1
"""

_GET_AND_TOUCH = """
-- KEYS: session. ARGV: ttl ms, index key prefix, id
local found = redis.call('HMGET', KEYS[1], 'o', 'd')
if not found[1] then return false end
local now = now_ms()
local ikey = ARGV[2] .. found[1]
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('ZADD', ikey, score_for(now, ARGV[1]), ARGV[3])
refresh_index(ikey, now)
return found[2]
"""

_DELETE = """
-- KEYS: session. ARGV: index key prefix, id
local owner = redis.call('HGET', KEYS[1], 'o')
if not owner then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', ARGV[1] .. owner, ARGV[2])
return 1
"""

_REWORK = """
-- KEYS: old session, new session. ARGV: ttl ms ('' = keep), index key prefix, old id, new id
local owner = redis.call('HGET', KEYS[1], 'o')
if not owner then return 0 end
local now = now_ms()
redis.call('RENAME', KEYS[1], KEYS[2])
local score = 'inf'
if ARGV[1] ~= '' then
  redis.call('PEXPIRE', KEYS[2], ARGV[1])
  score = score_for(now, ARGV[1])
else
  local left = redis.call('PTTL', KEYS[2])
  if left >= 0 then score = now + left + 1 end
end
local ikey = ARGV[2] .. owner
redis.call('ZREM', ikey, ARGV[3])
redis.call('ZADD', ikey, score, ARGV[4])
refresh_index(ikey, now)
return 1
"""

_CLEAR = """
-- KEYS: indexes (one per space). ARGV: owner, then the session key prefix of each index
local n = 0
for i, ikey in ipairs(KEYS) do
  for _, id in ipairs(redis.call('ZRANGE', ikey, 0, -1)) do
    local skey = ARGV[i + 1] .. id
    if redis.call('HGET', skey, 'o') == ARGV[1] then
      redis.call('DEL', skey)
      n = n + 1
    end
  end
  redis.call('DEL', ikey)
end
return n
"""

_LIST = """
-- KEYS: indexes (one per space). ARGV: owner, then the session key prefix of each index
-- Returns id, score, id, score, ...
local now = now_ms()
local live = {}
for i, ikey in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', ikey, '-inf', '(' .. now)
  local entries = redis.call('ZRANGE', ikey, 0, -1, 'WITHSCORES')
  for j = 1, #entries, 2 do
    local id = entries[j]
    if redis.call('HGET', ARGV[i + 1] .. id, 'o') == ARGV[1] then
      live[#live + 1] = id
      live[#live + 1] = entries[j + 1]
    else
      redis.call('ZREM', ikey, id)
    end
  end
end
return live
"""


class LuaScript:
    """A Lua script run with EVALSHA, falling back to EVAL once per node on NOSCRIPT.

    Works with every redis-py client (standalone, Sentinel, Cluster; sync and
    asyncio): Cluster clients route ``EVALSHA`` by its first key.
    """

    def __init__(self, body: str) -> None:
        """Prepend the shared helper functions to ``body``."""
        self.source = _PRELUDE + body
        self.sha = hashlib.sha1(self.source.encode(), usedforsecurity=False).hexdigest()

    def run(self, client: Any, keys: list[str], args: list[Any]) -> Any:
        """Run on a synchronous client; one round trip once the script is cached."""
        from redis.exceptions import NoScriptError

        try:
            return client.evalsha(self.sha, len(keys), *keys, *args)
        except NoScriptError:
            return client.eval(self.source, len(keys), *keys, *args)

    async def arun(self, client: Any, keys: list[str], args: list[Any]) -> Any:
        """Run on an asyncio client."""
        from redis.exceptions import NoScriptError

        try:
            return await client.evalsha(self.sha, len(keys), *keys, *args)
        except NoScriptError:
            return await client.eval(self.source, len(keys), *keys, *args)


SCRIPTS = {
    "create": LuaScript(_CREATE),
    "update": LuaScript(_UPDATE),
    "get_and_touch": LuaScript(_GET_AND_TOUCH),
    "delete": LuaScript(_DELETE),
    "rework": LuaScript(_REWORK),
    "clear": LuaScript(_CLEAR),
    "list": LuaScript(_LIST),
}
"""The session store's scripts, by operation."""


class Space:
    """Key names under one hash tag: sessions and owner indexes that share a Cluster slot.

    Example:
        >>> Space("jam:{q3ZP0a}:").session("q3ZP0a.abc")
        'jam:{q3ZP0a}:s:q3ZP0a.abc'
    """

    __slots__ = ("index_prefix", "session_prefix")

    def __init__(self, tagged: str) -> None:
        """Name keys under ``tagged`` (a prefix that holds the hash tag)."""
        self.session_prefix = tagged + "s:"
        """Prefix of session hash keys."""
        self.index_prefix = tagged + "k:"
        """Prefix of per-owner index keys (same hash tag)."""

    def session(self, session_id: str) -> str:
        """Key of one session's hash."""
        return self.session_prefix + session_id

    def index(self, owner: str) -> str:
        """Key of one owner's session index."""
        return self.index_prefix + owner

    def __eq__(self, other: object) -> bool:
        """Spaces are equal when they name the same keys."""
        return isinstance(other, Space) and other.session_prefix == self.session_prefix

    def __hash__(self) -> int:
        """Hash by key prefix."""
        return hash(self.session_prefix)


class Layout:
    """Key names for one prefix.

    Example:
        >>> Layout("jam").session("q3ZP0a.abc"), Layout("jam").session("abc")
        ('jam:{q3ZP0a}:s:q3ZP0a.abc', '{jam}:s:abc')
    """

    def __init__(self, prefix: str) -> None:
        """Derive the key name prefixes from ``prefix`` (already validated)."""
        self.prefix = prefix
        """The configured prefix."""
        self.legacy = Space(f"{{{prefix}}}:")
        """Keys of untagged ids: the hash tag is the prefix (one slot for all of them)."""
        self.token_prefix = f"{prefix}:t:"
        """Prefix of token-list keys (untagged: they spread over a cluster)."""
        self.salt = f"{prefix}:salt"
        """Key of the routing salt."""

    def routed(self, route: str) -> Space:
        """Keys of the sessions whose ids start with ``route``."""
        return Space(f"{self.prefix}:{{{route}}}:")

    def space(self, session_id: str) -> Space:
        """Keys of ``session_id``: its routing tag's space, or the legacy one.

        Raises:
            BackendError: ``session_id`` is not valid UTF-8 text.
        """
        route = route_of(text(session_id, "session id"))
        return self.legacy if route is None else self.routed(route)

    def session(self, session_id: str) -> str:
        """Key of one session's hash."""
        return self.space(session_id).session(session_id)

    @staticmethod
    def owner(session_key: str) -> str:
        """The stored, non-reversible form of a session key (128-bit SHA-256 prefix).

        Raises:
            BackendError: ``session_key`` is not valid UTF-8 text.
        """
        encoded = text(session_key, "session key").encode("utf-8")
        return hashlib.sha256(encoded).hexdigest()[:32]

    def token(self, token_id: str) -> str:
        """Key of one token-list entry.

        Raises:
            BackendError: ``token_id`` is not valid UTF-8 text.
        """
        return self.token_prefix + text(token_id, "token id")


def ttl_ms(ttl: int | None) -> str:
    """Render a ttl in seconds as the scripts' ARGV: milliseconds, or '' for none.

    A ttl of zero or less means "already expired": ``PEXPIRE key 0`` deletes
    the key at once and the index entry is trimmed in the same script.
    """
    return "" if ttl is None else str(max(int(ttl), 0) * 1000)
