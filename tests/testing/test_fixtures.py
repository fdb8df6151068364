"""The ``jam`` pytest plugin's fixtures: ``jam_with``, ``jam_config_file``, ``register_plugin``."""

from __future__ import annotations

import textwrap
import tomllib
from pathlib import Path
from typing import Any

import pytest

import jam
import jam.aio
from jam.plugins import AlgorithmRecord
from jam.testing import JamConfigFile, JamWith, RegisterPlugin

pytest_plugins = ["pytester"]

SECRET = "an-hs256-secret-that-is-long-enough-0123456789"
HS256 = jam.Jam(config={}).registry.algorithm("HS256")


class Renamer:
    """A plugin object: registers the built-in HS256 under another name."""

    def __init__(self, alg: str) -> None:
        self.alg = alg

    @jam.hookimpl
    def jam_register_algorithms(self) -> list[AlgorithmRecord]:
        hs256, alg = HS256, self.alg

        def make() -> Any:
            algorithm = hs256.factory()
            return type(
                "Renamed",
                (),
                {
                    "name": alg,
                    "load_signing_key": staticmethod(algorithm.load_signing_key),
                    "load_verifying_key": staticmethod(algorithm.load_verifying_key),
                    "public_key_of": staticmethod(algorithm.public_key_of),
                    "sign": staticmethod(algorithm.sign),
                    "verify": staticmethod(algorithm.verify),
                },
            )()

        return [AlgorithmRecord(name=alg, factory=make, key_types=("oct",))]


def _loaded(auth: jam.Jam | jam.aio.Jam) -> list[str]:
    return [info.name for info in auth.registry.plugins if info.loaded]


def test_jam_with_loads_only_the_given_plugins(jam_with: JamWith) -> None:
    auth = jam_with(
        plugins=[Renamer("HX256")], config={"jwt": {"alg": "HX256", "secret_key": SECRET}}
    )
    assert isinstance(auth, jam.Jam)
    assert _loaded(auth) == ["Renamer", "builtin"]
    token = auth.jwt_create_token(auth.jwt_make_payload(exp=60, data={"sub": "1"}))
    assert auth.jwt_verify_token(token)["sub"] == "1"


def test_jam_with_no_plugins_is_the_bare_kernel(jam_with: JamWith) -> None:
    assert _loaded(jam_with()) == ["builtin"]


def test_jam_with_entry_points_loads_installed_plugins(
    jam_with: JamWith, register_plugin: RegisterPlugin
) -> None:
    register_plugin(Renamer("HX384"), name="registered")
    auth = jam_with(plugins=[Renamer("HX256")], entry_points=True)
    assert {"Renamer", "registered", "builtin", "jwa", "sqlite"} <= set(_loaded(auth))
    assert "registered" not in _loaded(jam_with(plugins=[Renamer("HX256")]))


async def test_jam_with_asynchronous_makes_an_asyncio_jam(jam_with: JamWith) -> None:
    auth = jam_with(config={"session": {"backend": "memory"}}, asynchronous=True)
    assert isinstance(auth, jam.aio.Jam)
    sid = await auth.session_create("alice", {"n": 1})
    assert await auth.session_get(sid) == {"n": 1}
    await auth.aclose()


def test_jam_with_refuses_a_single_plugin_not_in_a_list(jam_with: JamWith) -> None:
    with pytest.raises(TypeError, match="iterable"):
        jam_with(plugins="jam_jwa.plugin")  # type: ignore[arg-type]


def test_jam_config_file_writes_the_table(
    jam_config_file: JamConfigFile, jam_with: JamWith
) -> None:
    table = {"jwt": {"alg": "HS256", "secret_key": SECRET, "list": {"type": "black"}}}
    path = jam_config_file(table)
    assert path.name == "jam.toml"
    assert tomllib.loads(path.read_text())["jam"] == table
    auth = jam_with(config=path)
    assert auth.config.jwt is not None
    assert auth.config.jwt.alg == "HS256"


def test_jam_config_file_as_pyproject_and_with_a_pointer(
    jam_config_file: JamConfigFile, tmp_path: Path
) -> None:
    path = jam_config_file({"otp": {"digits": 8}}, name="pyproject.toml", pointer="auth")
    assert tomllib.loads(path.read_text())["tool"]["auth"] == {"otp": {"digits": 8}}
    assert jam.Jam(config=path, pointer="auth").config.otp is not None
    assert path.parent == tmp_path


def test_jam_config_file_refuses_bad_input(jam_config_file: JamConfigFile) -> None:
    with pytest.raises(TypeError):
        jam_config_file(["not", "a", "table"])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="plain file name"):
        jam_config_file({}, name="../escape.toml")
    with pytest.raises(TypeError):
        jam_config_file({"jwt": {"leeway": object()}})


def test_register_plugin_returns_the_name_and_applies_to_every_jam(
    register_plugin: RegisterPlugin,
) -> None:
    assert register_plugin(Renamer("HX256")) == "Renamer"
    auth = jam.Jam(config={"jwt": {"alg": "HX256", "secret_key": SECRET}})
    assert "jwa" in _loaded(auth)
    assert auth.registry.algorithm("HX256").name == "HX256"


def test_register_plugin_is_undone_and_jams_are_closed(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_inner=textwrap.dedent(
            """
            import jam
            from jam.plugins import SessionStoreRecord

            CLOSED = []
            MEMORY = jam.Jam(config={}).registry.session_store("memory")


            class Store:
                def __init__(self, options):
                    self.inner = MEMORY.factory(None)

                def __getattr__(self, name):
                    return getattr(self.inner, name)

                def close(self):
                    CLOSED.append(True)


            for name in ("create", "get", "update", "delete", "clear", "rework", "list"):
                setattr(Store, name, lambda self, *a, _n=name: getattr(self.inner, _n)(*a))


            class Plugin:
                @jam.hookimpl
                def jam_register_session_stores(self):
                    return [SessionStoreRecord(name="closing", options=None, factory=Store)]


            def test_first(register_plugin, jam_with):
                register_plugin(Plugin())
                jam.Jam(config={"session": {"backend": "closing"}})
                jam_with(plugins=[Plugin()], config={"session": {"backend": "closing"}})


            def test_second():
                assert CLOSED == [True]  # the jam_with one, at teardown
                try:
                    jam.Jam(config={"session": {"backend": "closing"}})
                except jam.JamPluginNotFoundError:
                    return
                raise AssertionError("register_plugin outlived its test")
            """
        )
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
