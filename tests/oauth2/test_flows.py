"""Every flow end to end against the loopback OIDC server, sync and asyncio alike."""

from __future__ import annotations

import urllib.parse
from typing import Any

import pytest
from jam_tests_oauth2_server import REDIRECT, authorize, call, corp_table, pem

from jam.exceptions import (
    OAuth2AccessDeniedError,
    OAuth2DeviceExpiredError,
    OAuth2ProviderError,
)
from jam.oauth2 import AuthorizationRequest, TokenResult, UserInfo, generate_seal_key

KEY_A = generate_seal_key()
KEY_B = generate_seal_key()


async def test_authorization_code_with_pkce_and_id_token(flavour: str, make_engine: Any) -> None:
    engine = make_engine(flavour, shared={"seal_key": KEY_A})
    request = await call(engine.begin("corp", ["openid", "profile"]))
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(request.url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"] == [request.state] and query["nonce"] == [request.nonce]
    callback = authorize(request.url)
    result = await call(engine.complete("corp", request, callback))
    assert isinstance(result, TokenResult) and isinstance(result, dict)
    assert result.access_token == result["access_token"]
    assert result.refresh_token is not None
    assert result.expires_at is not None and result.expires_at > result.received_at
    assert result.id_token_claims is not None
    assert result.id_token_claims["sub"] == "alice-1"
    assert result.id_token_claims["nonce"] == request.nonce
    assert result.access_token not in repr(result)


@pytest.mark.parametrize("form", ["object", "dict", "sealed"])
async def test_complete_accepts_the_request_in_every_form(
    flavour: str, make_engine: Any, form: str
) -> None:
    engine = make_engine(flavour, shared={"seal_key": KEY_B})
    request = await call(engine.begin("corp", ["openid"]))
    kept = {"object": request, "dict": request.to_dict(), "sealed": request.seal()}[form]
    callback = authorize(request.url)
    result = await call(engine.complete("corp", kept, callback))
    assert result.id_token_claims["aud"] == [engine.core.client("corp").settings.client_id]


async def test_callback_as_query_parameters(flavour: str, make_engine: Any) -> None:
    engine = make_engine(flavour)
    request = await call(engine.begin("corp"))
    callback = authorize(request.url)
    params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(callback).query))
    result = await call(engine.complete("corp", request, params))
    assert result.access_token


async def test_refresh_and_client_credentials(flavour: str, make_engine: Any) -> None:
    engine = make_engine(flavour)
    request = await call(engine.begin("corp", ["openid", "offline_access"]))
    first = await call(engine.complete("corp", request, authorize(request.url)))
    refreshed = await call(engine.refresh_token("corp", first.refresh_token))
    assert refreshed.access_token and refreshed.access_token != first.access_token
    machine = await call(engine.client_credentials_flow("corp", ["reports"]))
    assert machine.access_token and machine.scope == "reports"


async def test_jamlib_methods_are_literal(flavour: str, make_engine: Any, oidc: Any) -> None:
    engine = make_engine(flavour, corp_table(oidc, pkce=False))
    url = await call(engine.get_authorized_url("corp", ["openid"], state="xyz", nonce="n-1"))
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    assert query == {
        "client_id": engine.core.client("corp").settings.client_id,
        "redirect_uri": REDIRECT,
        "response_type": "code",
        "scope": "openid",
        "state": "xyz",
        "nonce": "n-1",
    }


async def test_jamlib_fetch_token_without_pkce(flavour: str, make_engine: Any, oidc: Any) -> None:
    engine = make_engine(flavour, corp_table(oidc, pkce=False))
    url = await call(engine.get_authorized_url("corp", ["profile"], state="s-1"))
    code = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(authorize(url)).query))["code"]
    result = await call(engine.fetch_token("corp", code))
    assert result["token_type"] == "Bearer" and result.access_token
    with pytest.raises(OAuth2ProviderError) as caught:
        await call(engine.fetch_token("corp", code))  # codes are single use at the server
    assert caught.value.error == "invalid_grant" and code not in str(caught.value)


async def test_userinfo_normalised(flavour: str, make_engine: Any) -> None:
    engine = make_engine(flavour)
    request = await call(engine.begin("corp", ["openid", "profile", "email"]))
    result = await call(engine.complete("corp", request, authorize(request.url)))
    profile = await call(engine.userinfo("corp", result.access_token))
    assert isinstance(profile, UserInfo)
    assert profile.sub == "alice-1" and profile.email == "alice@example.org"
    assert profile.email_verified is True and profile.preferred_username == "alice"
    assert profile.raw["name"] == "Alice Liddell"


async def test_revocation_stops_the_token(flavour: str, make_engine: Any) -> None:
    engine = make_engine(flavour)
    request = await call(engine.begin("corp", ["openid"]))
    result = await call(engine.complete("corp", request, authorize(request.url)))
    await call(engine.revoke_token("corp", result.access_token, "access_token"))
    with pytest.raises(OAuth2ProviderError) as caught:
        await call(engine.userinfo("corp", result.access_token))
    assert caught.value.status_code == 401


@pytest.mark.parametrize("auth_method", ["client_secret_basic", "none"])
async def test_other_client_authentication(
    flavour: str, make_engine: Any, oidc: Any, auth_method: str
) -> None:
    engine = make_engine(flavour, corp_table(oidc, auth_method))
    request = await call(engine.begin("corp", ["openid"]))
    result = await call(engine.complete("corp", request, authorize(request.url)))
    assert result.id_token_claims["sub"] == "alice-1"


async def test_private_key_jwt(flavour: str, make_engine: Any, oidc: Any) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    table = corp_table(
        oidc,
        "private_key_jwt",
        public_key=server_public_jwk(key),
        private_key=server_pem(key),
        kid="client-key-1",
    )
    engine = make_engine(flavour, table)
    request = await call(engine.begin("corp", ["openid"]))
    result = await call(engine.complete("corp", request, authorize(request.url)))
    assert result.access_token
    machine = await call(engine.client_credentials_flow("corp"))
    assert machine.access_token


def server_pem(key: Any) -> str:
    return str(pem(key))


def server_public_jwk(key: Any) -> Any:
    from joserfc.jwk import ECKey

    return ECKey.import_key(server_pem(key)).as_dict(private=False)


async def test_access_denied_callback_is_typed(flavour: str, make_engine: Any, oidc: Any) -> None:
    engine = make_engine(flavour)
    request = await call(engine.begin("corp", ["openid"]))
    oidc.state.deny = True
    try:
        callback = authorize(request.url)
    finally:
        oidc.state.deny = False
    with pytest.raises(OAuth2AccessDeniedError) as caught:
        await call(engine.complete("corp", request, callback))
    assert caught.value.error == "access_denied" and caught.value.status_code is None


async def test_device_flow(flavour: str, make_engine: Any, oidc: Any) -> None:
    engine = make_engine(flavour)
    device = await call(engine.device_begin("corp", ["openid", "profile"]))
    assert device.device_code not in repr(device)
    assert await call(engine.device_poll("corp", device)) is None  # authorization_pending
    oidc.state.slow_down.add(device.device_code)
    before = device.interval
    assert await call(engine.device_poll("corp", device)) is None
    assert device.interval == before + 5  # slow_down
    device.interval = 1
    oidc.approve(device.user_code)
    result = await call(engine.device_wait("corp", device, timeout=20))
    assert result.access_token and result.scope == "openid profile"


async def test_device_flow_denied_and_expired(flavour: str, make_engine: Any, oidc: Any) -> None:
    engine = make_engine(flavour)
    device = await call(engine.device_begin("corp"))
    oidc.approve(device.user_code, approved=False)
    with pytest.raises(OAuth2AccessDeniedError):
        await call(engine.device_poll("corp", device))
    late = await call(engine.device_begin("corp"))
    oidc.state.devices[late.device_code]["expires_at"] = 0
    with pytest.raises(OAuth2DeviceExpiredError) as caught:
        await call(engine.device_poll("corp", late))
    assert caught.value.error == "expired_token"
    late.expires_at = 0
    with pytest.raises(OAuth2DeviceExpiredError):
        await call(engine.device_wait("corp", late))


def test_authorization_request_round_trips_and_hides_secrets() -> None:
    request = AuthorizationRequest(
        "u", "state-secret", "verifier-secret", "nonce-secret", "p", REDIRECT, 1.0
    )
    assert AuthorizationRequest.from_dict(request.to_dict()) == request
    assert "secret" not in repr(request)
