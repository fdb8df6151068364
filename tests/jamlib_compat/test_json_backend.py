"""jamlib's ``json`` backend (TinyDB): SQLite next to ``json_path``, memory for ``:memory:``.

Each mapping warns with a ``DeprecationWarning`` that names what Jam uses
instead, attributed to the caller; the JSON file itself is never read.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import jam
import jam.aio
from jam.config._json_backend import sqlite_path_for
from jam.exceptions import JamConfigError, TokenInBlackList, TokenNotInWhiteList

SECRET = "a-jwt-secret-of-at-least-32-bytes!!"
JSON_WARNING = r'backend = "json"'


def built(facade: Any, config: dict[str, Any]) -> Any:
    """``facade(config=config)``, checking that it warns about the json backend."""
    with pytest.warns(DeprecationWarning, match=JSON_WARNING):
        return facade(config=config)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _session_configs(json_path: str) -> list[dict[str, Any]]:
    """The three ways jamlib 2.5 chose its JSON session store."""
    return [
        {"session": {"sessions_type": "json", "json_path": json_path}},
        {"session": {"session_type": "json", "json_path": json_path}},
        {"auth_type": "session", "sessions_type": "json", "json_path": json_path},
    ]


def _list_config(kind: str, json_path: str, *, flat: bool = False) -> dict[str, Any]:
    table = {"type": kind, "backend": "json", "json_path": json_path}
    if flat:
        return {"auth_type": "jwt", "alg": "HS256", "secret_key": SECRET, "list": table}
    return {"jwt": {"alg": "HS256", "secret_key": SECRET, "list": table}}


@pytest.mark.parametrize(
    ("json_path", "sqlite_path"),
    [
        ("sessions.json", "sessions.db"),
        ("var/store.JSON", "var/store.db"),
        ("data/tokens", "data/tokens.db"),
        ("odd.db", "odd.db.db"),
    ],
)
def test_the_sqlite_file_sits_next_to_the_json_file(json_path: str, sqlite_path: str) -> None:
    assert sqlite_path_for(json_path) == sqlite_path


@pytest.mark.parametrize("index", range(3))
def test_json_sessions_are_stored_in_sqlite_next_to_the_json_path(
    index: int, tmp_path: Path
) -> None:
    config = _session_configs("var/sessions.json")[index]
    with pytest.warns(DeprecationWarning, match=r'backend = "json".*path = \'var/sessions.db\''):
        auth = jam.Jam(config=config)
    with auth:
        sid = auth.session_create("alice", {"role": "admin"})
    assert not (tmp_path / "var" / "sessions.json").exists()
    with sqlite3.connect(tmp_path / "var" / "sessions.db") as db:
        assert db.execute("select count(*) from sqlite_master").fetchone()[0] > 0
    with built(jam.Jam, config) as again:
        assert again.session_get(sid) == {"role": "admin"}


async def test_json_sessions_on_the_asyncio_facade(tmp_path: Path) -> None:
    config = {"session": {"sessions_type": "json", "json_path": "sessions.json"}}
    with pytest.warns(DeprecationWarning, match="SQLite"):
        auth = jam.aio.Jam(config=config)
    async with auth:
        sid = await auth.session_create("alice", {"n": 1})
        assert await auth.session_get(sid) == {"n": 1}
    assert (tmp_path / "sessions.db").is_file()


def test_without_json_path_jamlibs_default_file_names_are_used(tmp_path: Path) -> None:
    built(jam.Jam, {"session": {"sessions_type": "json"}}).close()
    assert (tmp_path / "sessions.db").is_file()
    table = {"type": "black", "backend": "json"}
    built(jam.Jam, {"jwt": {"secret_key": SECRET, "list": table}}).close()
    assert (tmp_path / "whitelist.db").is_file()


def test_an_existing_json_file_is_neither_read_nor_changed(tmp_path: Path) -> None:
    old = tmp_path / "tokens.json"
    old.write_text(json.dumps({"_default": {"1": {"token": "x.y.z", "timestamp": 1.0}}}))
    before = old.read_bytes()
    with pytest.warns(DeprecationWarning, match="not read"):
        auth = jam.Jam(config=_list_config("black", str(old)))
    with auth:
        token = auth.jwt_create_token({"sub": "1"})
        auth.jwt_revoke_token(token)
    assert old.read_bytes() == before
    assert (tmp_path / "tokens.db").is_file()


@pytest.mark.parametrize("flat", [False, True])
def test_a_json_black_list_revokes_and_remembers_across_instances(flat: bool) -> None:
    with built(jam.Jam, _list_config("black", "bl.json", flat=flat)) as auth:
        token = auth.jwt_create_token(auth.jwt_make_payload(60, {"sub": "1"}))
        auth.jwt_revoke_token(token)
    with (
        built(jam.Jam, _list_config("black", "bl.json", flat=flat)) as again,
        pytest.raises(TokenInBlackList),
    ):
        again.jwt_verify_token(token)


async def test_a_json_white_list_on_the_asyncio_facade() -> None:
    async with built(jam.aio.Jam, _list_config("white", "wl.json")) as auth:
        token = await auth.jwt_create_token(auth.jwt_make_payload(60, {"sub": "1"}))
        assert (await auth.jwt_verify_token(token))["sub"] == "1"
        await auth.jwt_revoke_token(token)
        with pytest.raises(TokenNotInWhiteList):
            await auth.jwt_verify_token(token)


@pytest.mark.parametrize("facade", [jam.Jam, jam.aio.Jam])
def test_memory_json_path_means_the_memory_backend(facade: Any, tmp_path: Path) -> None:
    with pytest.warns(DeprecationWarning, match='backend = "memory"'):
        auth = facade(config=_list_config("black", ":memory:"))
    assert auth.config.jwt.token_list.backend == "memory"
    with pytest.warns(DeprecationWarning, match='backend = "memory"'):
        sessions = facade(config={"session": {"sessions_type": "json", "json_path": ":memory:"}})
    assert sessions.config.session.backend == "memory"
    assert list(tmp_path.iterdir()) == []


def test_the_warning_points_at_the_callers_line() -> None:
    with pytest.warns(DeprecationWarning, match=JSON_WARNING) as caught:
        jam.Jam(config=_list_config("black", ":memory:"))
    assert {Path(w.filename).name for w in caught} == {Path(__file__).name}


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"sessions_type": "json", "json_path": "s.json", "path": "s.db"}, "not path"),
        ({"sessions_type": "json", "json_path": 42}, "json_path must be a file path"),
        ({"sessions_type": "json", "json_path": "  "}, "json_path must be a file path"),
    ],
)
def test_contradictory_or_invalid_json_tables_are_refused(
    table: dict[str, Any], message: str
) -> None:
    with pytest.raises(JamConfigError, match=message):
        jam.Jam(config={"session": table})


def test_json_path_without_the_json_backend_is_an_unknown_key() -> None:
    with pytest.raises(JamConfigError, match="json_path"):
        jam.Jam(config={"session": {"backend": "memory", "json_path": "s.json"}})


def test_a_config_without_json_is_returned_untouched() -> None:
    from jam.config._json_backend import upgrade_json_backends

    table = {"session": {"backend": "memory"}, "jwt": {"list": {"type": "black"}}}
    assert upgrade_json_backends(table) is table
