"""``oauth2_*`` through both facades (``jam.Jam`` and ``jam.aio.Jam``), and their configuration."""

from __future__ import annotations

import urllib.parse
from typing import Any

import pytest
from jam_tests_oauth2_server import REDIRECT, authorize, corp_table

import jam
import jam.aio
from jam.config import load_config
from jam.exceptions import JamConfigError, OAuth2ConfigError, OAuth2StateError
from jam.oauth2 import AuthorizationRequest, TokenResult, UserInfo, generate_seal_key

KEY_J = generate_seal_key()
KEY_K = generate_seal_key()


def config(oidc: Any, **shared: Any) -> dict[str, Any]:
    return {"oauth2": {"providers": {"corp": corp_table(oidc)}, **shared}}


def test_sync_facade_end_to_end(oidc: Any) -> None:
    with jam.Jam(config=config(oidc, seal_key=KEY_J, state_backend="memory")) as auth:
        request = auth.oauth2_begin("corp", ["openid", "email"])
        assert isinstance(request, AuthorizationRequest)
        cookie = request.seal()
        result = auth.oauth2_complete("corp", cookie, authorize(request.url))
        assert isinstance(result, TokenResult) and result.id_token_claims["sub"] == "alice-1"
        profile = auth.oauth2_userinfo("corp", result.access_token)
        assert isinstance(profile, UserInfo) and profile.email == "alice@example.org"
        claims = auth.oauth2_verify_id_token("corp", result.id_token, nonce=request.nonce)
        assert claims["nonce"] == request.nonce
        refreshed = auth.oauth2_refresh_token("corp", result.refresh_token)
        auth.oauth2_revoke_token("corp", refreshed.access_token)
        assert auth.oauth2_client_credentials_flow("corp", ["x"]).access_token
        with pytest.raises(OAuth2StateError):
            auth.oauth2_complete("corp", cookie, authorize(request.url))
        assert auth.oauth2 is not None and "oauth2" in repr(auth)


async def test_asyncio_facade_end_to_end(oidc: Any) -> None:
    async with jam.aio.Jam(config=config(oidc, state_backend="memory")) as auth:
        pending = auth.oauth2_begin("corp", ["openid"])
        with pytest.raises(TypeError, match="await"):
            bool(pending)
        request = await pending
        result = await auth.oauth2_complete("corp", request.to_dict(), authorize(request.url))
        assert result.id_token_claims["aud"] == [auth.config.oauth2.providers["corp"].client_id]
        profile = await auth.oauth2_userinfo("corp", result.access_token)
        assert profile.sub == "alice-1"
        url = await auth.oauth2_get_authorized_url("corp", ["profile"], state="abc")
        assert urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["state"] == ["abc"]
        device = await auth.oauth2_device_begin("corp")
        assert await auth.oauth2_device_poll("corp", device) is None
        oidc.approve(device.user_code)
        device.interval = 1
        assert (await auth.oauth2_device_wait("corp", device, timeout=10)).access_token
        with pytest.raises(JamConfigError, match="aclose"):
            auth.close()


async def test_jamlib_fetch_token_through_both_facades(oidc: Any) -> None:
    table = corp_table(oidc, pkce=False)
    for facade in (jam.Jam, jam.aio.Jam):
        auth = facade(config={"oauth2": {"providers": {"corp": dict(table)}}})
        url = auth.oauth2_get_authorized_url("corp", ["profile"], state="s")
        url = await url if facade is jam.aio.Jam else url
        code = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(authorize(url)).query))["code"]
        result = auth.oauth2_fetch_token("corp", code)
        result = await result if facade is jam.aio.Jam else result
        assert result["access_token"] and result["token_type"] == "Bearer"
        if facade is jam.aio.Jam:
            await auth.aclose()
        else:
            auth.close()


def test_methods_need_the_table() -> None:
    auth = jam.Jam(config={})
    with pytest.raises(JamConfigError, match=r"\[jam.oauth2\]"):
        auth.oauth2_begin("github")


def test_unknown_provider_is_a_config_error(oidc: Any) -> None:
    with jam.Jam(config=config(oidc)) as auth, pytest.raises(OAuth2ConfigError, match="github"):
        auth.oauth2_begin("github")


def test_jamlib_layout_is_mapped_with_a_warning() -> None:
    table = {
        "auth_type": "oauth2",
        "providers": {
            "github": {"client_id": "id", "client_secret": "s", "redirect_url": REDIRECT}
        },
    }
    with pytest.warns(DeprecationWarning, match="auth_type"):
        cfg = load_config(table)
    assert cfg.oauth2 is not None and cfg.oauth2.providers["github"].client_id == "id"


def test_cliend_id_typo_is_accepted_with_a_warning() -> None:
    with pytest.warns(DeprecationWarning, match="cliend_id"):
        cfg = load_config(
            {
                "oauth2": {
                    "providers": {
                        "github": {
                            "cliend_id": "id",
                            "client_secret": "s",
                            "redirect_uri": REDIRECT,
                        }
                    }
                }
            }
        )
    assert cfg.oauth2 is not None and cfg.oauth2.providers["github"].client_id == "id"


def test_module_key_is_refused_with_the_plugin_page() -> None:
    with pytest.raises(JamConfigError, match=r"oauth2-provider\.md"):
        load_config(
            {
                "oauth2": {
                    "providers": {
                        "acme": {
                            "module": "acme.Client",
                            "client_id": "id",
                            "redirect_url": REDIRECT,
                        }
                    }
                }
            }
        )


def test_backend_keys_need_a_state_backend() -> None:
    with pytest.raises(JamConfigError, match="state_backend"):
        load_config({"oauth2": {"redis_uri": "redis://127.0.0.1"}})


def test_seal_key_must_be_32_bytes() -> None:
    with pytest.raises(JamConfigError, match="seal_key"):
        load_config({"oauth2": {"seal_key": "too-short"}})


def test_secrets_are_redacted_in_the_config() -> None:
    cfg = load_config(
        {
            "oauth2": {
                "seal_key": KEY_K,
                "providers": {
                    "github": {
                        "client_id": "id",
                        "client_secret": "hunter2-secret",
                        "redirect_url": REDIRECT,
                    }
                },
            }
        }
    )
    assert "hunter2" not in repr(cfg) and "KKKK" not in repr(cfg)


def test_provider_plugin_options_are_validated(oidc: Any) -> None:
    with pytest.raises(JamConfigError, match=r"did you mean|unknown key"):
        jam.Jam(
            config={
                "oauth2": {
                    "providers": {
                        "github": {
                            "client_id": "id",
                            "client_secret": "s",
                            "redirect_url": REDIRECT,
                            "scoeps": ["x"],
                        }
                    }
                }
            }
        )
