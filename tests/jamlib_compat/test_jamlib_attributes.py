"""jamlib 2.5 attributes kept as deprecated paths: ``auth.session``, ``auth.module``, lists."""

from __future__ import annotations

from typing import Any

import pytest

import jam
import jam.aio
from jam.aio.jwt.lists.json import JSONList as AioJSONList
from jam.aio.jwt.lists.redis import RedisList as AioRedisList
from jam.exceptions import JamConfigError, TokenInBlackList
from jam.jwt.lists.json import JSONList
from jam.jwt.lists.redis import RedisList

SECRET = "a-jwt-secret-of-at-least-32-bytes!!"
BLACK = {"type": "black", "backend": "memory"}
LIST_WARNING = "is deprecated: Jam configures token lists"


def test_auth_session_is_the_session_engine_with_a_warning() -> None:
    auth = jam.Jam(config={"session": {"backend": "memory"}})
    with pytest.warns(DeprecationWarning, match=r"Jam\.sessions"):
        engine = auth.session
    assert engine is auth.sessions
    sid = engine.create("alice", {"n": 1})  # jamlib: auth.session.create(key, data)
    assert engine.get(sid) == {"n": 1}


async def test_auth_session_on_the_asyncio_facade() -> None:
    async with jam.aio.Jam(config={"session": {"backend": "memory"}}) as auth:
        with pytest.warns(DeprecationWarning, match=r"Jam\.session is deprecated"):
            engine = auth.session
        sid = await engine.create("alice", {"n": 1})
        assert await engine.get(sid) == {"n": 1}


def test_auth_session_is_none_without_sessions() -> None:
    with pytest.warns(DeprecationWarning, match=r"Jam\.session is deprecated"):
        assert jam.Jam(config={}).session is None


def test_auth_module_is_the_jwt_engine_and_its_list_verifies() -> None:
    auth = jam.Jam(config={"jwt": {"secret_key": SECRET, "list": BLACK}})
    with pytest.warns(DeprecationWarning, match=r"Jam\.jwt"):
        module = auth.module
    assert module is auth.jwt
    token = auth.jwt_create_token(auth.jwt_make_payload(60, {"sub": "1"}))
    with pytest.warns(DeprecationWarning, match=r"auth\.jwt\.list\.add"):
        module.list.add(token)  # jamlib: auth.module.list.add(token)
    with pytest.raises(TokenInBlackList):
        auth.jwt_verify_token(token)


def test_auth_module_falls_back_to_sessions_and_refuses_when_empty() -> None:
    auth = jam.Jam(config={"session": {"backend": "memory"}})
    with pytest.warns(DeprecationWarning, match=r"Jam\.module is deprecated"):
        assert auth.module is auth.sessions
    with (
        pytest.warns(DeprecationWarning, match=r"Jam\.module is deprecated"),
        pytest.raises(JamConfigError, match="neither"),
    ):
        _ = jam.Jam(config={}).module


@pytest.mark.parametrize(
    ("redis_list", "json_list"), [(RedisList, JSONList), (AioRedisList, AioJSONList)]
)
def test_the_asyncio_paths_name_the_same_classes(redis_list: Any, json_list: Any) -> None:
    assert redis_list is RedisList
    assert json_list is JSONList


def test_a_redis_list_describes_its_table() -> None:
    uri = "redis://:hunter2@127.0.0.1:6379/0"
    with pytest.warns(DeprecationWarning, match="RedisList"):
        black = RedisList(type="black", redis_uri=uri, in_list_life_time=10)
    assert black.__list_type__ == "black"
    assert black.table == {
        "type": "black",
        "backend": "redis",
        "redis_uri": uri,
        "entry_ttl": 10,
    }
    assert "hunter2" not in repr(black)


def test_a_json_list_describes_the_sqlite_table_jam_uses() -> None:
    with pytest.warns(DeprecationWarning, match=LIST_WARNING):
        white = JSONList(type="white", json_path="var/tokens.json")
    assert white.table == {"type": "white", "backend": "sqlite", "path": "var/tokens.db"}
    with pytest.warns(DeprecationWarning, match="backend = 'memory'"):
        assert JSONList(type="black", json_path=":memory:").table["backend"] == "memory"


def test_a_described_table_configures_a_working_list(redis_url: str, redis_prefix: str) -> None:
    with pytest.warns(DeprecationWarning, match=LIST_WARNING):
        table = RedisList(type="black", redis_uri=redis_url).table
    with jam.Jam(
        config={"jwt": {"secret_key": SECRET, "list": {**table, "prefix": redis_prefix}}}
    ) as auth:
        token = auth.jwt_create_token(auth.jwt_make_payload(60, {"sub": "1"}))
        auth.jwt_revoke_token(token)
        with pytest.raises(TokenInBlackList):
            auth.jwt_verify_token(token)


@pytest.mark.parametrize("method", ["add", "check", "delete"])
def test_a_standalone_list_never_lists_a_token(method: str) -> None:
    with pytest.warns(DeprecationWarning, match=LIST_WARNING):
        white = RedisList(type="white", redis_uri="redis://127.0.0.1:6379/0")
    with pytest.raises(JamConfigError, match="cannot verify"):
        getattr(white, method)("any.forged.token")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: RedisList(type="grey", redis_uri="redis://127.0.0.1"), "black' or 'white"),
        (lambda: RedisList(type="black", redis_uri=object()), "redis:// URL"),
        (lambda: JSONList(type="black", json_path=""), "json_path"),
    ],
)
def test_invalid_list_descriptions_are_refused(make: Any, message: str) -> None:
    with pytest.raises(JamConfigError, match=message):
        make()
