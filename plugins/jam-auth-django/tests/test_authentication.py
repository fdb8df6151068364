"""Positive paths, the decorators' and DRF's answers, settings, and the Django-user backend."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import AsyncClient, override_settings

import jam
from jam_django import get_jam, get_state, scopes_required
from jam_django.rest_framework import requires_scopes

BACKENDS = ["django.contrib.auth.backends.ModelBackend", "jam_django.JamBackend"]


def bearer(auth: jam.Jam, **claims: Any) -> dict[str, str]:
    token = auth.jwt_create_token(auth.jwt_make_payload(600, {"sub": "alice", **claims}))
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_valid_bearer_token_gives_the_view_identity_and_scopes(kit: Any, auth: jam.Jam) -> None:
    token = bearer(auth, scope="read admin write")["HTTP_AUTHORIZATION"].split()[1]
    http = kit.client()
    me = http.get("/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    admin = http.get("/admin", HTTP_AUTHORIZATION=f"bearer {token}")
    public = http.get("/public", HTTP_AUTHORIZATION=f"BEARER {token}")
    assert me.status_code == 200
    assert me.json()["sub"] == "alice"
    assert me.json()["scopes"] == ["admin", "read", "write"]
    assert me.json()["source"] == "jwt"
    assert me.json()["claims"]["sub"] == "alice"
    assert admin.status_code == 200
    assert public.json() == {"sub": "alice", "authenticated": True}
    for url in ("/async-me", "/drf/me", "/drf/admin"):
        assert http.get(url, HTTP_AUTHORIZATION=f"Bearer {token}").json() == me.json(), url
    assert http.get("/drf/public", HTTP_AUTHORIZATION=f"Bearer {token}").json() == {
        "sub": "alice",
        "authenticated": True,
    }


def test_scp_list_claim_gives_scopes(kit: Any, auth: jam.Jam) -> None:
    assert kit.client().get("/me", **bearer(auth, scp=["admin", 7, "a b"])).json()["scopes"] == [
        "admin"
    ]


def test_token_in_the_configured_cookie_authenticates(kit: Any) -> None:
    with override_settings(JAM={"CONFIG": {"jwt": kit.jwt_table()}, "JWT_COOKIE": "access"}):
        token = bearer(get_jam(), scope="read")["HTTP_AUTHORIZATION"].split()[1]
        me = kit.client().get("/me", HTTP_COOKIE=f"theme=dark; access={token}")
    assert me.json()["sub"] == "alice" and me.json()["scopes"] == ["read"]


def test_cookie_only_settings_ignore_the_authorization_header(kit: Any) -> None:
    settings = {"CONFIG": {"jwt": kit.jwt_table()}, "JWT_COOKIE": "access", "JWT_HEADER": False}
    with override_settings(JAM=settings):
        assert kit.client().get("/me", **bearer(get_jam())).status_code == 401


def test_live_session_gives_the_view_identity_scopes_and_data(kit: Any, auth: jam.Jam) -> None:
    sid = auth.session_create(
        "alice", {"sub": "alice", "scopes": ["admin", "write"], "data": {"theme": "dark"}}
    )
    http = kit.client()
    me = http.get("/me", HTTP_COOKIE=f"jam_session={sid}")
    assert me.json() == {
        "sub": "alice",
        "scopes": ["admin", "write"],
        "source": "session",
        "claims": {"theme": "dark"},
    }
    assert http.get("/admin", HTTP_COOKIE=f"jam_session={sid}").status_code == 200
    assert http.get("/drf/admin", HTTP_COOKIE=f"jam_session={sid}").json() == me.json()


def test_bearer_token_decides_over_a_session_cookie(kit: Any, auth: jam.Jam) -> None:
    sid = auth.session_create("bob", {"sub": "bob"})
    http = kit.client()
    both = http.get("/me", HTTP_COOKIE=f"jam_session={sid}", **bearer(auth))
    basic = http.get("/me", HTTP_COOKIE=f"jam_session={sid}", HTTP_AUTHORIZATION="Basic dTpw")
    assert both.json()["sub"] == "alice"
    assert basic.json()["sub"] == "bob"


def test_missing_scope_is_403_insufficient_scope(kit: Any, auth: jam.Jam) -> None:
    http = kit.client()
    for url in ("/admin", "/drf/admin"):
        for headers in (
            bearer(auth, scope="admin read"),
            bearer(auth),
            bearer(auth, scope="ADMIN"),
        ):
            refused = http.get(url, **headers)
            assert refused.status_code == 403, url
            assert refused["WWW-Authenticate"] == (
                'Bearer error="insufficient_scope", scope="admin write"'
            )
            assert refused.json() == {"detail": "Insufficient scope"}
        assert http.get(url).status_code == 401


def test_scope_declarations_are_checked() -> None:
    for factory in (scopes_required, requires_scopes):
        with pytest.raises(ValueError, match="at least one"):
            factory()
        with pytest.raises(ValueError, match="invalid scope"):
            factory("two words")


async def test_async_views_under_asgi(auth: jam.Jam) -> None:
    headers = await asyncio.to_thread(bearer, auth)
    http = AsyncClient()
    me = await http.get("/async-me", headers={"Authorization": headers["HTTP_AUTHORIZATION"]})
    refused = await http.get("/async-me", headers={"Authorization": "Bearer x.y.z"})
    assert me.status_code == 200 and me.json()["sub"] == "alice"
    assert refused.status_code == 401 and 'error="invalid_token"' in refused["WWW-Authenticate"]


def test_an_outage_during_login_is_a_503(kit: Any) -> None:
    url = f"redis://127.0.0.1:{kit.free_port()}/0"
    with override_settings(JAM={"CONFIG": {"session": {"backend": "redis", "redis_uri": url}}}):
        answer = kit.client().get("/login?user=alice")
    assert answer.status_code == 503
    assert answer["Retry-After"] == "5"
    assert answer.json() == {"detail": "Authentication is temporarily unavailable"}
    assert "jam_session" not in answer.cookies


def test_config_from_a_toml_file(kit: Any, tmp_path: Any) -> None:
    config = tmp_path / "jam.toml"
    config.write_text(f'[auth.jwt]\nalg = "HS256"\nsecret_key = "{kit.secret}"\n')
    with override_settings(JAM={"CONFIG": str(config), "POINTER": "auth"}):
        me = kit.client().get("/me", **bearer(get_jam()))
    assert me.json()["sub"] == "alice"


def test_credentials_setting_turns_bearer_tokens_off(kit: Any) -> None:
    with override_settings(
        JAM={
            "CONFIG": {"jwt": kit.jwt_table(), "session": {"backend": "memory"}},
            "CREDENTIALS": ["session"],
        }
    ):
        assert kit.client().get("/me", **bearer(get_jam())).status_code == 401


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {
                "CONFIG": {"jwt": {"secret_key": "a-test-secret-that-is-long-enough-for-hs256!"}},
                "JWT_COKIE": "a",
            },
            "did you mean JWT_COOKIE",
        ),
        ({"CONFIG": {"session": {}}, "SESSION_COOKIE_SAMESITE": "None"}, "SameSite"),
        (
            {
                "CONFIG": {"jwt": {"secret_key": "a-test-secret-that-is-long-enough-for-hs256!"}},
                "CREDENTIALS": ["session"],
            },
            r"\[session\]",
        ),
        (
            {
                "CONFIG": {"jwt": {"secret_key": "a-test-secret-that-is-long-enough-for-hs256!"}},
                "CREDENTIALS": ["oauth"],
            },
            "CREDENTIALS",
        ),
    ],
)
def test_settings_are_checked(settings: dict[str, Any], message: str) -> None:
    with override_settings(JAM=settings), pytest.raises(ImproperlyConfigured, match=message):
        get_state()


def test_a_new_setting_closes_the_old_facade(kit: Any) -> None:
    with override_settings(JAM={"CONFIG": {"jwt": kit.jwt_table()}}):
        first = get_jam()
    with override_settings(JAM={"CONFIG": {"jwt": kit.jwt_table()}}):
        second = get_jam()
    assert first is not second


@pytest.mark.usefixtures("database")
def test_backend_makes_request_user_the_django_user(kit: Any, auth: jam.Jam) -> None:
    from django.contrib.auth.models import User

    User.objects.get_or_create(username="alice")
    User.objects.get_or_create(username="inactive", is_active=False)
    http = kit.client()
    with override_settings(AUTHENTICATION_BACKENDS=BACKENDS):
        known = http.get("/django-user", **bearer(auth))
        unknown = http.get("/django-user", **bearer(auth, sub="nobody"))
        inactive = http.get("/django-user", **bearer(auth, sub="inactive"))
        refused = http.get("/django-user", HTTP_AUTHORIZATION="Bearer x.y.z")
        drf_unknown = http.get("/drf/me", **bearer(auth, sub="nobody"))
        drf_known = http.get("/drf/me", **bearer(auth))
    without_backend = http.get("/django-user", **bearer(auth))
    assert known.json() == {"authenticated": True, "username": "alice"}
    for anonymous in (unknown, inactive, refused, without_backend):
        assert anonymous.json()["authenticated"] is False
    assert drf_unknown.status_code == 401
    assert drf_known.json()["sub"] == "alice"
