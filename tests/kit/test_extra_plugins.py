"""``jam.plugins.extra_plugins``: plugin objects registered from code for one block's Jams."""

from __future__ import annotations

import asyncio
import threading
import types
from typing import Any

import pytest

import jam
from jam.plugins import AlgorithmRecord, SessionStoreRecord, extra_plugins

SECRET = "an-hs256-secret-that-is-long-enough-0123456789"


def _algorithm_plugin(name: str, *, api_version: int = 1) -> Any:
    hs256 = jam.Jam(config={}).registry.algorithm("HS256")

    class Plugin:
        @jam.hookimpl
        def jam_register_algorithms(self) -> list[AlgorithmRecord]:
            return [
                AlgorithmRecord(
                    name=name,
                    factory=lambda: _renamed(hs256.factory(), name),
                    key_types=("oct",),
                    api_version=api_version,
                )
            ]

    return Plugin()


class _Renamed:
    def __init__(self, inner: Any, name: str) -> None:
        self._inner, self.name = inner, name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self._inner, attribute)


def _renamed(inner: Any, name: str) -> Any:
    renamed = _Renamed(inner, name)
    for method in ("load_signing_key", "load_verifying_key", "public_key_of", "sign", "verify"):
        setattr(renamed, method, getattr(inner, method))
    return renamed


def _jwt(alg: str, **plugins: Any) -> dict[str, Any]:
    return {"jwt": {"alg": alg, "secret_key": SECRET}, **plugins}


def _loaded(auth: jam.Jam) -> list[str]:
    return [info.name for info in auth.registry.plugins if info.loaded]


def test_a_jam_built_in_the_block_uses_the_plugin_and_keeps_it() -> None:
    with extra_plugins(_algorithm_plugin("HX256")):
        auth = jam.Jam(config=_jwt("HX256"))
    token = auth.jwt_create_token(auth.jwt_make_payload(exp=60, data={"sub": "42"}))
    assert token.startswith("eyJhbGciOiJIWDI1NiI")
    assert auth.jwt_verify_token(token)["sub"] == "42"
    with pytest.raises(jam.JamPluginNotFoundError, match="HX256"):
        jam.Jam(config=_jwt("HX256"))


def test_installed_plugins_load_too_unless_exclusive() -> None:
    with extra_plugins(_algorithm_plugin("HX256")):
        assert "jwa" in _loaded(jam.Jam(config={}))
    with extra_plugins(_algorithm_plugin("HX256"), exclusive=True):
        assert _loaded(jam.Jam(config={})) == ["Plugin", "builtin"]


def test_an_exclusive_block_hides_enclosing_blocks() -> None:
    with extra_plugins(_algorithm_plugin("HX256")) as outer:
        outer.add(_algorithm_plugin("HX384"), name="second")
        assert {"Plugin", "second"} <= set(_loaded(jam.Jam(config={})))
        with extra_plugins(exclusive=True) as inner:
            inner.add(_algorithm_plugin("HX512"), name="third")
            assert _loaded(jam.Jam(config={})) == ["builtin", "third"]
        with extra_plugins(types.ModuleType("jam_ext"), exclusive=False) as nested:
            nested.add(_algorithm_plugin("HX512"), name="fourth")
            names = {"Plugin", "second", "jam_ext", "fourth", "jwa"}
            assert names <= set(_loaded(jam.Jam(config={})))


def test_disable_blocks_it_by_name() -> None:
    with extra_plugins(_algorithm_plugin("HX256")):
        auth = jam.Jam(config={"plugins": {"disable": ["Plugin"]}})
    assert "Plugin" not in _loaded(auth)
    assert "Plugin" in [info.name for info in auth.registry.plugins]  # listed, not loaded
    with (
        pytest.raises(jam.JamPluginNotFoundError, match="HX256"),
        extra_plugins(_algorithm_plugin("HX256")),
    ):
        jam.Jam(config=_jwt("HX256", plugins={"disable": ["Plugin"]}))


def test_unknown_names_in_disable_are_still_errors() -> None:
    with extra_plugins(_algorithm_plugin("HX256"), exclusive=True):
        with pytest.raises(jam.JamPluginNotFoundError, match="Plugn"):
            jam.Jam(config={"plugins": {"disable": ["Plugn"]}})
        jam.Jam(config={"plugins": {"disable": ["redis"]}})  # installed, merely not loaded


def test_allow_must_list_it_by_name_only() -> None:
    allow = ["builtin", "jwa", "sqlite", "redis", "oauth2"]
    with extra_plugins(_algorithm_plugin("HX256")):
        with pytest.raises(jam.JamPluginLoadError, match="allow does not list it"):
            jam.Jam(config={"plugins": {"allow": allow}})
        with pytest.raises(jam.JamPluginLoadError, match="pins a version"):
            jam.Jam(config={"plugins": {"allow": [*allow, "Plugin==1.0"]}})
        auth = jam.Jam(config=_jwt("HX256", plugins={"allow": [*allow, "Plugin"]}))
    assert auth.registry.algorithm("HX256").name == "HX256"


@pytest.mark.parametrize("taken", ["builtin", "jwa"])
def test_a_name_already_taken_is_a_conflict(taken: str) -> None:
    with extra_plugins() as block:
        block.add(_algorithm_plugin("HX256"), name=taken)
        with pytest.raises(jam.JamPluginConflictError, match=taken):
            jam.Jam(config={})


def test_two_objects_with_one_name_are_a_conflict() -> None:
    with (
        extra_plugins(_algorithm_plugin("HX256"), _algorithm_plugin("HX384")),
        pytest.raises(jam.JamPluginConflictError, match=r"name=\.\.\."),
    ):
        jam.Jam(config={})


def test_records_get_the_same_checks_as_installed_plugins() -> None:
    with (
        extra_plugins(_algorithm_plugin("none"), exclusive=True),
        pytest.raises(jam.JamPluginRegistrationError, match="'none'"),
    ):
        jam.Jam(config={})
    with (
        extra_plugins(_algorithm_plugin("HX256", api_version=99), exclusive=True),
        pytest.raises(jam.JamPluginApiVersionError, match="99"),
    ):
        jam.Jam(config={})
    with (
        extra_plugins(_algorithm_plugin("HS256"), exclusive=True),
        pytest.raises(jam.JamPluginConflictError, match="HS256"),
    ):
        jam.Jam(config={})


def test_a_misspelt_hook_is_refused() -> None:
    class Misspelt:
        @jam.hookimpl
        def jam_register_algorithm(self) -> list[AlgorithmRecord]:
            return []

    with (
        extra_plugins(Misspelt(), exclusive=True),
        pytest.raises(jam.JamPluginRegistrationError, match="Misspelt"),
    ):
        jam.Jam(config={})


def test_a_store_from_code_is_selected_by_the_session_table() -> None:
    memory = jam.Jam(config={}).registry.session_store("memory")

    class Stores:
        @jam.hookimpl
        def jam_register_session_stores(self) -> list[SessionStoreRecord]:
            return [
                SessionStoreRecord(
                    name="scratch",
                    options=memory.options,
                    factory=memory.factory,
                    async_factory=memory.async_factory,
                )
            ]

    with extra_plugins(Stores(), exclusive=True):
        auth = jam.Jam(config={"session": {"backend": "scratch"}})
    sid = auth.session_create("alice", {"n": 1})
    assert auth.session_get(sid) == {"n": 1}
    auth.close()


def test_add_refuses_none_and_empty_names() -> None:
    with extra_plugins() as block:
        with pytest.raises(TypeError):
            block.add(None)
        with pytest.raises(TypeError):
            block.add(object(), name=" ")
        assert block.add(object()) == "object"
        assert block.plugins[0][0] == "object"


def test_another_thread_does_not_see_the_block() -> None:
    seen: list[list[str]] = []
    with extra_plugins(_algorithm_plugin("HX256")):
        thread = threading.Thread(target=lambda: seen.append(_loaded(jam.Jam(config={}))))
        thread.start()
        thread.join()
    assert "Plugin" not in seen[0]


def test_a_task_started_in_the_block_sees_it() -> None:
    async def build() -> list[str]:
        return _loaded(jam.Jam(config={}))

    async def main() -> list[str]:
        with extra_plugins(_algorithm_plugin("HX256")):
            task = asyncio.ensure_future(build())
        return await task

    assert "Plugin" in asyncio.run(main())
