"""Routed session ids on Redis: keyed tags, the salt, old ids, and the Jam facades end to end."""

from __future__ import annotations

import base64
import hashlib
import re
from typing import TYPE_CHECKING, Any

import pytest
import redis

import jam
import jam.aio
from jam.sessions import (
    AsyncSupportsRoutedIds,
    SupportsRoutedIds,
    generate_session_secret,
)
from jam_redis import AsyncRedisSessionStore, RedisOptions, RedisSessionStore

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.redis

PLAIN = re.compile(r"^([A-Za-z0-9_-]{6})\.[A-Za-z0-9_-]{43}$")
SIGNED = re.compile(r"^([A-Za-z0-9_-]{6})\.[A-Za-z0-9_-]{86}$")


@pytest.fixture
def raw(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


def _jam(options: RedisOptions, **session: Any) -> jam.Jam:
    table = {"backend": "redis", "redis_uri": options.redis_uri.reveal(), "prefix": options.prefix}
    return jam.Jam(config={"session": table | session})


def test_stores_offer_routing(options: RedisOptions) -> None:
    assert isinstance(RedisSessionStore(options), SupportsRoutedIds)
    assert isinstance(AsyncRedisSessionStore(options), AsyncSupportsRoutedIds)


def test_tag_is_a_keyed_hash_not_a_plain_one(options: RedisOptions, redis_url: str) -> None:
    store = RedisSessionStore(options)
    key = "alice@example.org"
    tag = store.route(key)
    digest = hashlib.sha256(key.encode()).digest()
    unkeyed = {
        base64.urlsafe_b64encode(digest).decode()[:6],
        hashlib.sha256(key.encode()).hexdigest()[:6],
        base64.urlsafe_b64encode(hashlib.md5(key.encode()).digest()).decode()[:6],  # noqa: S324
    }
    assert tag not in unkeyed
    assert re.fullmatch(r"[A-Za-z0-9_-]{6}", tag)
    assert store.route(key) == tag  # stable
    other = RedisSessionStore(options.model_copy(update={"prefix": options.prefix + "-b"}))
    tags = [store.route(f"user-{i}") for i in range(8)]
    assert [other.route(f"user-{i}") for i in range(8)] != tags  # another salt, other tags
    store.close()
    other.close()
    redis.Redis.from_url(redis_url).delete(f"{options.prefix}-b:salt")


def test_salt_is_created_once_and_shared(options: RedisOptions, raw: redis.Redis) -> None:
    first, second = RedisSessionStore(options), RedisSessionStore(options)
    assert first.route("alice") == second.route("alice")
    salt_key = f"{options.prefix}:salt"
    assert raw.ttl(salt_key) == -1  # never expires
    assert len(raw.get(salt_key) or b"") == 32
    first.close()
    second.close()


def test_route_secret_needs_no_salt(options: RedisOptions, raw: redis.Redis) -> None:
    secret = generate_session_secret()
    configured = options.model_copy(
        update={"route_secret": RedisOptions(route_secret=secret).route_secret}
    )
    one, two = RedisSessionStore(configured), RedisSessionStore(configured)
    assert one.route("alice") == two.route("alice")
    assert raw.exists(f"{options.prefix}:salt") == 0
    assert "route_secret" in repr(configured) and secret not in repr(configured)
    with pytest.raises(ValueError, match="route_secret"):
        RedisOptions(route_secret="short")
    one.close()
    two.close()


def test_store_refuses_ids_routed_to_another_owner(options: RedisOptions) -> None:
    store = RedisSessionStore(options)
    bob = f"{store.route('bob')}.x"
    with pytest.raises(ValueError, match="routing tag"):
        store.create("alice", bob, b"x", 60)
    alice = f"{store.route('alice')}.x"
    store.create("alice", alice, b"x", 60)
    with pytest.raises(ValueError, match="routing tag"):
        store.rework(alice, f"{store.route('bob')}.y", None)
    with pytest.raises(ValueError, match="routing tag"):
        store.rework(alice, "untagged", None)
    assert store.get(alice) == b"x"
    store.close()


@pytest.mark.parametrize(("crypt", "shape"), [(False, PLAIN), (True, SIGNED)])
def test_jam_makes_routed_ids(options: RedisOptions, crypt: bool, shape: re.Pattern[str]) -> None:
    extra: dict[str, Any] = {}
    if crypt:
        extra = {"is_session_crypt": True, "session_aes_secret": generate_session_secret()}
    auth = _jam(options, **extra)
    try:
        store = auth.sessions.store  # type: ignore[union-attr]
        sid = auth.session_create("alice@example.org", {"n": 1})
        match = shape.match(sid)
        assert match is not None and match[1] == store.route("alice@example.org")
        assert "alice" not in sid
        new = auth.session_rework(sid)
        assert shape.match(new) and new[:7] == sid[:7] and new != sid
        auth.session_update(new, {"n": 2})
        assert auth.session_get(new) == {"n": 2}
        assert auth.session_list("alice@example.org") == [new]
        assert auth.session_clear("alice@example.org") == 1
    finally:
        auth.close()


def test_old_untagged_sessions_keep_working(options: RedisOptions, raw: redis.Redis) -> None:
    # a session written by the previous version (legacy layout, untagged id)
    old_store = RedisSessionStore(options)
    legacy_id = "A" * 43
    old_store.create("alice", legacy_id, b'{"d":{"old":true},"x":null}', 600)
    assert raw.exists(f"{{{options.prefix}}}:s:{legacy_id}") == 1
    auth = _jam(options)
    try:
        assert auth.session_get(legacy_id) == {"old": True}
        fresh = auth.session_create("alice", {"new": True})
        assert sorted(auth.session_list("alice")) == sorted([legacy_id, fresh])
        renewed = auth.session_rework(legacy_id)  # stays untagged: same slot as before
        assert "." not in renewed and auth.session_get(renewed) == {"old": True}
        assert auth.session_clear("alice") == 2  # "sign out everywhere" finds both layouts
        assert auth.session_get(fresh) is None and auth.session_get(renewed) is None
    finally:
        auth.close()
        old_store.close()


async def test_async_jam_makes_routed_ids(options: RedisOptions) -> None:
    table = {"backend": "redis", "redis_uri": options.redis_uri.reveal(), "prefix": options.prefix}
    auth = jam.aio.Jam(config={"session": table | {"idle_ttl": 60}})
    try:
        sid = await auth.session_create("bob", {"a": 1})
        assert PLAIN.match(sid)
        assert await auth.session_get(sid) == {"a": 1}  # get_and_touch on the routed key
        new = await auth.session_rework(sid)
        assert new[:7] == sid[:7]
        assert await auth.session_list("bob") == [new]
        assert await auth.session_clear("bob") == 1
    finally:
        await auth.aclose()
