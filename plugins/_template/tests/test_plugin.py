"""The template used through Jam: selected by name, with the ``jam.testing`` fixtures.

``jam_with`` builds a Jam with only the plugin objects given (installed or
not); ``jam_config_file`` writes a configuration table as TOML;
``register_plugin`` adds a plugin object to every Jam built in one test.
"""

from __future__ import annotations

import secrets
import urllib.parse

import pytest

import jam
from jam.testing import JamConfigFile, JamWith, RegisterPlugin
from jam_template import plugin

SECRET = secrets.token_urlsafe(48)


def test_jwt_signed_with_hs3_384(jam_with: JamWith) -> None:
    auth = jam_with(plugins=[plugin], config={"jwt": {"alg": "HS3-384", "secret_key": SECRET}})
    token = auth.jwt_create_token(auth.jwt_make_payload(exp=60, data={"sub": "42"}))
    assert token.split(".")[0] == "eyJhbGciOiJIUzMtMzg0IiwidHlwIjoiSldUIn0"
    assert auth.jwt_verify_token(token)["sub"] == "42"


def test_sessions_from_a_config_file(jam_with: JamWith, jam_config_file: JamConfigFile) -> None:
    path = jam_config_file({"session": {"backend": "template", "purge_every": 10}})
    auth = jam_with(plugins=[plugin], config=path)
    sid = auth.session_create("alice", {"role": "admin"})
    assert auth.session_get(sid) == {"role": "admin"}
    new_sid = auth.session_rework(sid)
    assert auth.session_list("alice") == [new_sid]


async def test_asyncio_sessions(jam_with: JamWith) -> None:
    async with jam_with(
        plugins=[plugin], config={"session": {"backend": "template"}}, asynchronous=True
    ) as auth:
        sid = await auth.session_create("alice", {"n": 1})
        assert await auth.session_get(sid) == {"n": 1}


def test_revocation_list(jam_with: JamWith) -> None:
    config = {"jwt": {"secret_key": SECRET, "list": {"type": "black", "backend": "template"}}}
    auth = jam_with(plugins=[plugin], config=config)
    token = auth.jwt_create_token(auth.jwt_make_payload(exp=60, data={"sub": "42"}))
    auth.jwt_revoke_token(token)
    with pytest.raises(jam.TokenInBlackList):
        auth.jwt_verify_token(token)


def test_unknown_option_is_refused(jam_with: JamWith) -> None:
    with pytest.raises(jam.JamConfigError, match="purge_every"):
        jam_with(plugins=[plugin], config={"session": {"backend": "template", "purge_evry": 1}})


def test_oauth2_provider_is_picked_by_table_name(jam_with: JamWith) -> None:
    table = {"client_id": "my-app", "redirect_url": "https://app.example/callback"}
    auth = jam_with(plugins=[plugin], config={"oauth2": {"providers": {"template": table}}})
    url = urllib.parse.urlsplit(auth.oauth2_begin("template").url)
    assert url.netloc == "auth.template.example"
    assert urllib.parse.parse_qs(url.query)["scope"] == ["profile email"]


def test_register_plugin_adds_it_for_one_test(register_plugin: RegisterPlugin) -> None:
    name = register_plugin(plugin, name="template-for-this-test")
    config = {"plugins": {"disable": ["template"]}, "session": {"backend": "template"}}
    auth = jam.Jam(config=config)
    assert name in [info.name for info in auth.registry.plugins if info.loaded]
    auth.close()


def test_installed_entry_point_is_found() -> None:
    auth = jam.Jam(config={"session": {"backend": "template"}})
    assert auth.registry.session_store("template").name == "template"
    loaded = {info.distribution: info.name for info in auth.registry.plugins if info.loaded}
    assert loaded["jam-auth-template"] == "template"
    auth.close()
