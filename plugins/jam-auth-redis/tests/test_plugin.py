"""Registration, configuration and the Jam facades end to end on a real Redis."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

import jam
import jam.aio
from jam.exceptions import JamConfigError
from jam_redis import RedisOptions, RedisURI, plugin

if TYPE_CHECKING:
    from jam_redis import RedisSessionStore

pytestmark = pytest.mark.redis


def test_plugin_import_does_not_import_redis() -> None:
    code = "import sys, jam_redis.plugin; sys.exit('redis' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_registers_sync_and_async_session_store_and_token_list() -> None:
    (stores,) = [list(plugin.jam_register_session_stores())]
    (lists,) = [list(plugin.jam_register_token_lists())]
    for records in (stores, lists):
        assert [r.name for r in records] == ["redis"]
        assert records[0].options is RedisOptions
        assert records[0].factory is not None
        assert records[0].async_factory is not None


def test_defaults() -> None:
    options = RedisOptions()
    assert options.redis_uri.reveal() == "redis://127.0.0.1:6379/0"
    assert options.prefix == "jam"
    assert options.mode == "standalone"
    assert 0 < options.socket_timeout <= 5
    assert 0 < options.socket_connect_timeout <= 5


@pytest.mark.parametrize("alias", ["prefix", "session_path", "sessions_path"])
def test_prefix_aliases(alias: str) -> None:
    assert RedisOptions.model_validate({alias: "app"}).prefix == "app"


def test_uri_is_redacted_everywhere() -> None:
    uri = "rediss://app:pa55word@cache.internal:6380/2?password=pa55word&ssl_cert_reqs=none"
    options = RedisOptions(redis_uri=uri)
    shown = [repr(options), str(options), str(options.model_dump()), options.endpoint]
    shown.append(options.model_dump_json())
    assert all("pa55word" not in text for text in shown)
    assert options.redis_uri.reveal() == uri
    assert str(RedisURI("redis://lonely-secret@h:1/0")) == "redis://***@h:1/0"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"redis_uri": "http://:pw-secret@h/0"}, "redis://"),
        ({"redis_uri": "redis://:pw-secret@h:99999/0"}, "not a valid URI"),
        ({"prefix": "{app}"}, "no braces"),
        ({"sentinels": ["10.0.0.1:26379"]}, "sentinel_service"),
        ({"sentinel_service": "mymaster"}, "sentinels"),
        ({"sentinels": ["nohostport"], "sentinel_service": "m"}, "host:port"),
        ({"cluster": True, "sentinels": ["h:1"], "sentinel_service": "m"}, "either"),
        ({"cluster": True, "redis_uri": "unix:///tmp/r.sock"}, "unix"),
        ({"cluster": True, "redis_uri": "redis://h:1/3"}, "database 0"),
        ({"max_connections": 0}, "max_connections"),
        ({"redis_url": "redis://h"}, "redis_uri"),
    ],
)
def test_bad_options_are_config_errors_that_never_echo_the_value(
    table: dict[str, object], message: str
) -> None:
    config = {"session": {"backend": "redis", **table}}
    with pytest.raises(JamConfigError) as info:
        jam.Jam(config=config)
    assert message in str(info.value)
    assert "pw-secret" not in str(info.value)


def test_jam_sessions_on_redis(redis_url: str, prefix: str) -> None:
    config = {"session": {"backend": "redis", "redis_uri": redis_url, "session_path": prefix}}
    auth = jam.Jam(config=config)
    try:
        sid = auth.session_create("alice", {"role": "admin"})
        assert auth.session_get(sid) == {"role": "admin"}
        new = auth.session_rework(sid)
        assert auth.session_get(sid) is None
        assert auth.session_list("alice") == [new]
        assert auth.session_clear("alice") == 1
    finally:
        auth.close()


def test_jam_idle_timeout_uses_get_and_touch(redis_url: str, prefix: str) -> None:
    config = {
        "session": {"backend": "redis", "redis_uri": redis_url, "prefix": prefix, "idle_ttl": 60}
    }
    auth = jam.Jam(config=config)
    try:
        sid = auth.session_create("alice", {"n": 1})
        assert auth.session_get(sid) == {"n": 1}
    finally:
        auth.session_clear("alice")
        auth.close()


async def test_async_jam_sessions_on_redis(redis_url: str, prefix: str) -> None:
    config = {"session": {"backend": "redis", "redis_uri": redis_url, "prefix": prefix}}
    auth = jam.aio.Jam(config=config)
    try:
        sid = await auth.session_create("alice", {"a": 1})
        assert await auth.session_get(sid) == {"a": 1}
        assert await auth.session_clear("alice") == 1
    finally:
        await auth.aclose()


def test_store_repr_shows_no_credentials(redis_url: str) -> None:
    from jam_redis import RedisSessionStore

    store: RedisSessionStore = RedisSessionStore(
        RedisOptions(redis_uri="redis://u:hidden-pw@127.0.0.1:6379/0")
    )
    assert "hidden-pw" not in repr(store)
    store.close()
