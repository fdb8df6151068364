"""Built-in providers' quirks, against recorded answers through ``httpx.MockTransport``."""

from __future__ import annotations

import json
import time
import urllib.parse
from typing import Any

import httpx
import pytest
from jam_tests_oauth2_server import call
from joserfc import jwt
from joserfc.jwk import RSAKey

from jam.exceptions import JamPluginNotFoundError, OAuth2ProviderError

REDIRECT = "https://app.example/cb"


def table(**extra: Any) -> dict[str, Any]:
    return {"client_id": "cid", "client_secret": "csecret", "redirect_url": REDIRECT, **extra}


class Recorder:
    """A MockTransport that answers from a table of (method, url) -> response and records."""

    def __init__(self, answers: dict[tuple[str, str], Any]) -> None:
        self.answers = answers
        self.requests: list[httpx.Request] = []
        self.transport = httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        url = str(request.url).split("?")[0]
        answer = self.answers[(request.method, url)]
        return answer(request) if callable(answer) else answer

    def form(self, index: int = -1) -> dict[str, str]:
        return dict(urllib.parse.parse_qsl(self.requests[index].content.decode()))


def token_json(**extra: Any) -> httpx.Response:
    return httpx.Response(200, json={"access_token": "at-1", "token_type": "bearer", **extra})


async def test_github_form_encoded_token_and_200_errors(flavour: str, make_engine: Any) -> None:
    token_url = "https://github.com/login/oauth/access_token"
    answers = {
        ("POST", token_url): httpx.Response(
            200,
            text="access_token=gho_1&scope=read%3Auser&token_type=bearer",
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
    }
    recorder = Recorder(answers)
    engine = make_engine(flavour, providers={"github": table()}, transport=recorder.transport)
    result = await call(engine.fetch_token("github", "code-1"))
    assert result.access_token == "gho_1" and result.scopes == ("read:user",)
    assert recorder.requests[0].headers["accept"] == "application/json"
    assert recorder.form() == {
        "client_id": "cid",
        "client_secret": "csecret",
        "code": "code-1",
        "redirect_uri": REDIRECT,
        "grant_type": "authorization_code",
    }
    answers[("POST", token_url)] = httpx.Response(200, json={"error": "bad_verification_code"})
    with pytest.raises(OAuth2ProviderError) as caught:
        await call(engine.fetch_token("github", "code-2"))
    assert caught.value.error == "bad_verification_code"


async def test_github_userinfo_uses_the_verified_primary_email(
    flavour: str, make_engine: Any
) -> None:
    emails = [
        {"email": "old@example.org", "primary": False, "verified": True},
        {"email": "octo@example.org", "primary": True, "verified": True},
    ]
    recorder = Recorder(
        {
            ("GET", "https://api.github.com/user"): httpx.Response(
                200,
                json={
                    "id": 583231,
                    "login": "octocat",
                    "name": "The Octocat",
                    "email": "public@x.org",
                    "avatar_url": "https://avatars.githubusercontent.com/u/583231",
                },
            ),
            ("GET", "https://api.github.com/user/emails"): httpx.Response(200, json=emails),
        }
    )
    engine = make_engine(flavour, providers={"github": table()}, transport=recorder.transport)
    profile = await call(engine.userinfo("github", "gho_token"))
    assert profile == {
        "sub": "583231",
        "email": "octo@example.org",
        "email_verified": True,
        "name": "The Octocat",
        "preferred_username": "octocat",
        "picture": "https://avatars.githubusercontent.com/u/583231",
    }
    assert profile.raw["emails"] == emails
    assert all(r.headers["authorization"] == "Bearer gho_token" for r in recorder.requests)


async def test_github_without_email_scope_has_no_email(flavour: str, make_engine: Any) -> None:
    recorder = Recorder(
        {
            ("GET", "https://api.github.com/user"): httpx.Response(
                200, json={"id": 1, "login": "a", "email": "p@x.org"}
            ),
            ("GET", "https://api.github.com/user/emails"): httpx.Response(
                403, json={"message": "Resource not accessible by integration"}
            ),
        }
    )
    engine = make_engine(flavour, providers={"github": table()}, transport=recorder.transport)
    profile = await call(engine.userinfo("github", "t"))
    assert profile.email is None and profile.email_verified is False


async def test_github_revocation_is_a_delete_with_basic_auth(
    flavour: str, make_engine: Any
) -> None:
    url = "https://api.github.com/applications/cid/token"
    recorder = Recorder({("DELETE", url): httpx.Response(204)})
    engine = make_engine(flavour, providers={"github": table()}, transport=recorder.transport)
    await call(engine.revoke_token("github", "gho_x"))
    sent = recorder.requests[0]
    assert sent.headers["authorization"] == "Basic Y2lkOmNzZWNyZXQ="  # cid:csecret
    assert json.loads(sent.content) == {"access_token": "gho_x"}


async def test_google_accepts_its_issuer_alias_and_verification_url(
    flavour: str, make_engine: Any
) -> None:
    key = RSAKey.generate_key(2048, {"kid": "g1"})
    jwks = {"keys": [{**key.as_dict(private=False), "alg": "RS256", "use": "sig"}]}
    now = int(time.time())
    id_token = jwt.encode(
        {"alg": "RS256", "kid": "g1"},
        {
            "iss": "accounts.google.com",
            "aud": "cid",
            "sub": "1093",
            "iat": now,
            "exp": now + 60,
        },
        key,
    )
    recorder = Recorder(
        {
            ("GET", "https://www.googleapis.com/oauth2/v3/certs"): httpx.Response(200, json=jwks),
            ("POST", "https://oauth2.googleapis.com/device/code"): httpx.Response(
                200,
                json={
                    "device_code": "dc",
                    "user_code": "GQVQ-JKEC",
                    "expires_in": 1800,
                    "interval": 5,
                    "verification_url": "https://www.google.com/device",
                },
            ),
        }
    )
    engine = make_engine(flavour, providers={"google": table()}, transport=recorder.transport)
    assert (await call(engine.verify_id_token("google", id_token)))["sub"] == "1093"
    device = await call(engine.device_begin("google"))
    assert device.verification_uri == "https://www.google.com/device"
    assert recorder.form()["scope"] == "openid email profile"


async def test_yandex_userinfo_revocation_and_device_polling(
    flavour: str, make_engine: Any
) -> None:
    recorder = Recorder(
        {
            ("GET", "https://login.yandex.ru/info"): httpx.Response(
                200,
                json={
                    "id": "1000034426",
                    "login": "ivan",
                    "default_email": "ivan@yandex.ru",
                    "real_name": "Ivan Ivanov",
                    "default_avatar_id": "131652443",
                    "is_avatar_empty": False,
                },
            ),
            ("POST", "https://oauth.yandex.ru/revoke_token"): httpx.Response(
                200, json={"status": "ok"}
            ),
            ("POST", "https://oauth.yandex.ru/token"): httpx.Response(
                400, json={"error": "authorization_pending"}
            ),
        }
    )
    engine = make_engine(flavour, providers={"yandex": table()}, transport=recorder.transport)
    profile = await call(engine.userinfo("yandex", "y0_token"))
    assert recorder.requests[0].headers["authorization"] == "OAuth y0_token"
    assert profile.sub == "1000034426" and profile.preferred_username == "ivan"
    assert profile.picture == "https://avatars.yandex.net/get-yapic/131652443/islands-200"
    await call(engine.revoke_token("yandex", "y0_token"))
    assert recorder.form() == {
        "client_id": "cid",
        "client_secret": "csecret",
        "access_token": "y0_token",
    }
    from jam.oauth2 import DeviceAuthorization

    device = DeviceAuthorization(
        "dev-1", "u", "https://ya.ru/device", None, time.time() + 60, 5, "yandex"
    )
    assert await call(engine.device_poll("yandex", device)) is None
    assert recorder.form()["grant_type"] == "device_code" and recorder.form()["code"] == "dev-1"


async def test_gitlab_nickname_becomes_preferred_username(flavour: str, make_engine: Any) -> None:
    recorder = Recorder(
        {
            ("GET", "https://gitlab.com/oauth/userinfo"): httpx.Response(
                200,
                json={"sub": "42", "nickname": "jdoe", "email": "j@x.org", "email_verified": True},
            )
        }
    )
    engine = make_engine(flavour, providers={"gitlab": table()}, transport=recorder.transport)
    profile = await call(engine.userinfo("gitlab", "glpat"))
    assert profile.preferred_username == "jdoe" and profile.email_verified is True


async def test_explicit_urls_need_no_plugin(flavour: str, make_engine: Any) -> None:
    recorder = Recorder({("POST", "https://legacy.example/oauth/token"): token_json()})
    engine = make_engine(
        flavour,
        providers={
            "legacy": table(
                auth_url="https://legacy.example/oauth/authorize",
                token_url="https://legacy.example/oauth/token",
                token_endpoint_auth_method="client_secret_basic",
            )
        },
        transport=recorder.transport,
    )
    url = await call(engine.get_authorized_url("legacy", ["read"]))
    assert url.startswith("https://legacy.example/oauth/authorize?client_id=cid&")
    result = await call(engine.client_credentials_flow("legacy", ["read"], audience="api"))
    assert result.access_token == "at-1"
    assert recorder.requests[0].headers["authorization"] == "Basic Y2lkOmNzZWNyZXQ="
    assert recorder.form() == {
        "grant_type": "client_credentials",
        "scope": "read",
        "audience": "api",
    }


def test_unknown_provider_without_urls(make_engine: Any) -> None:
    with pytest.raises(JamPluginNotFoundError, match="nosuch"):
        make_engine("sync", providers={"nosuch": table()})
