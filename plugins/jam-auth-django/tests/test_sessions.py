"""Session cookies: attributes, id rotation on login, the three ways to sign out, backends."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.test import override_settings
from django.urls import path

import jam
from jam_django import get_jam, session_of


@pytest.fixture
def sessions() -> Iterator[jam.Jam]:
    with override_settings(JAM={"CONFIG": {"session": {"backend": "memory"}}}):
        yield get_jam()


def morsel(response: Any, name: str = "jam_session") -> Any:
    assert list(response.cookies) == [name], list(response.cookies)
    return response.cookies[name]


def test_login_cookie_is_httponly_secure_samesite_lax(kit: Any, sessions: jam.Jam) -> None:
    login = kit.client().get("/login?user=alice", secure=True)
    cookie = morsel(login)
    assert cookie["httponly"] is True and cookie["secure"] is True
    assert cookie["samesite"] == "Lax" and cookie["path"] == "/"
    assert cookie["max-age"] == "" and cookie["domain"] == ""
    assert "Cookie" in login["Vary"]
    assert sessions.session_get(cookie.value) == {
        "owner": "alice",
        "data": {"theme": "dark"},
        "sub": "alice",
        "scopes": [],
    }


def test_cookie_settings_are_applied(kit: Any) -> None:
    settings = {
        "CONFIG": {"session": {"backend": "memory"}},
        "SESSION_COOKIE_NAME": "__Host-sid",
        "SESSION_COOKIE_SAMESITE": "Strict",
        "SESSION_COOKIE_MAX_AGE": 3600,
    }
    with override_settings(JAM=settings):
        http = kit.client()
        cookie = morsel(http.get("/login?user=alice", secure=True), "__Host-sid")
        me = http.get("/me", secure=True)
    assert cookie["max-age"] == 3600 and cookie["samesite"] == "Strict" and cookie["secure"]
    assert me.json()["sub"] == "alice"


@pytest.mark.parametrize(
    ("host", "secure", "expected"),
    [
        ("example.com", False, True),
        ("127.0.0.1:8000", True, True),  # https keeps Secure
        ("127.0.0.1.evil.example", False, True),
        ("127.0.0.1:8000", False, False),
        ("localhost:8000", False, False),
        ("[::1]:8000", False, False),
    ],
)
def test_secure_is_dropped_only_for_loopback_http_when_allowed(
    kit: Any, host: str, secure: bool, expected: bool
) -> None:
    relaxed = {
        "CONFIG": {"session": {"backend": "memory"}},
        "SESSION_COOKIE_INSECURE_LOOPBACK": True,
    }
    with override_settings(JAM=relaxed):
        http = kit.client()
        login = http.get("/login?user=alice", secure=secure, HTTP_HOST=host)
        me = http.get("/me", secure=secure, HTTP_HOST=host)
    assert bool(morsel(login)["secure"]) is expected
    assert morsel(login)["httponly"] is True and morsel(login)["samesite"] == "Lax"
    assert me.json()["sub"] == "alice"
    with override_settings(JAM={"CONFIG": {"session": {"backend": "memory"}}}):
        strict = kit.client().get("/login?user=alice", secure=secure, HTTP_HOST=host)
    assert morsel(strict)["secure"] is True


def test_login_rotates_the_id_of_a_pre_login_session(kit: Any, sessions: jam.Jam) -> None:
    http = kit.client()
    pending = morsel(http.get("/begin?owner=alice")).value
    assert http.get("/me").status_code == 401
    assert http.get("/session").json()["owner"] == "alice"
    logged_in = morsel(http.get("/login?user=alice&scopes=read")).value
    me = http.get("/me")
    assert logged_in != pending and sessions.session_get(pending) is None
    assert me.json()["sub"] == "alice" and me.json()["scopes"] == ["read"]
    assert sessions.session_list("alice") == [logged_in]


def test_login_over_another_users_session_ends_it(kit: Any, sessions: jam.Jam) -> None:
    http = kit.client()
    planted = morsel(http.get("/login?user=mallory")).value
    http.get("/login?user=alice")
    assert http.get("/me").json()["sub"] == "alice"
    assert sessions.session_get(planted) is None and sessions.session_list("mallory") == []


def test_login_never_adopts_an_id_the_server_did_not_issue(kit: Any, sessions: jam.Jam) -> None:
    fixed = "A" * 43
    login = kit.client().get("/login?user=alice", HTTP_COOKIE=f"jam_session={fixed}")
    new = morsel(login).value
    assert new != fixed and sessions.session_get(fixed) is None
    assert (sessions.session_get(new) or {}).get("sub") == "alice"


def test_logout_ends_the_session_and_clears_the_cookie(kit: Any, sessions: jam.Jam) -> None:
    http = kit.client()
    sid = morsel(http.get("/login?user=alice")).value
    cleared = morsel(http.get("/logout"))
    assert cleared.value == "" and cleared["max-age"] == 0
    assert cleared["httponly"] is True and cleared["secure"] is True
    assert sessions.session_get(sid) is None
    assert kit.client().get("/me", HTTP_COOKIE=f"jam_session={sid}").status_code == 401


def test_logout_everywhere_ends_every_session_of_the_user(kit: Any, sessions: jam.Jam) -> None:
    other_user = sessions.session_create("bob", {"sub": "bob"})
    laptop, phone = kit.client(), kit.client()
    laptop.get("/login?user=alice")
    phone.get("/login?user=alice")
    assert phone.get("/me").json()["sub"] == "alice"
    ended = laptop.get("/logout-everywhere")
    assert ended.json() == {"ended": 2} and morsel(ended)["max-age"] == 0
    assert phone.get("/me").status_code == 401
    assert sessions.session_list("alice") == []
    assert sessions.session_get(other_user) == {"sub": "bob"}


def test_logout_others_keeps_this_browser_under_a_new_id(kit: Any, sessions: jam.Jam) -> None:
    laptop, phone, tablet = kit.client(), kit.client(), kit.client()
    for device in (laptop, phone, tablet):
        device.get("/login?user=alice&scopes=admin write")
    before = laptop.cookies["jam_session"].value
    ended = laptop.get("/logout-others")
    after = morsel(ended).value
    assert ended.json() == {"ended": 2}
    assert phone.get("/me").status_code == 401 and tablet.get("/me").status_code == 401
    me = laptop.get("/admin")
    assert after != before and sessions.session_get(before) is None
    assert me.json()["sub"] == "alice" and me.json()["scopes"] == ["admin", "write"]
    assert me.json()["claims"] == {"theme": "dark"}
    assert sessions.session_list("alice") == [after]


def test_logout_others_without_a_session_is_an_error(kit: Any, sessions: jam.Jam) -> None:
    with pytest.raises(KeyError):
        kit.client().get("/logout-others")


def test_login_after_the_response_started_is_refused(kit: Any, sessions: jam.Jam) -> None:
    import types

    from django.http import HttpRequest

    errors: list[BaseException] = []

    def stream(request: HttpRequest) -> StreamingHttpResponse:
        def body() -> Iterator[bytes]:
            yield b"started"
            try:
                session_of(request).login("alice")
            except RuntimeError as err:
                errors.append(err)

        return StreamingHttpResponse(body())

    urls = types.ModuleType("jam_django_stream_urls")
    urls.urlpatterns = [path("stream", stream)]  # type: ignore[attr-defined]
    with override_settings(ROOT_URLCONF=urls):
        answer = kit.client().get("/stream")
        content = b"".join(answer.streaming_content)
    assert content == b"started" and "jam_session" not in answer.cookies
    assert len(errors) == 1 and "started" in str(errors[0])
    assert sessions.session_list("alice") == []


def test_login_reworks_so_the_pre_login_lifetime_carries_over(kit: Any) -> None:
    with override_settings(JAM={"CONFIG": {"session": {"backend": "memory", "default_ttl": 2}}}):
        http = kit.client()
        http.get("/begin?owner=alice")
        time.sleep(1.2)
        http.get("/login?user=alice")
        assert http.get("/me").json()["sub"] == "alice"
        time.sleep(1.0)
        assert http.get("/me").status_code == 401


def test_sqlite_sessions(kit: Any, tmp_path: Path) -> None:
    config = {"session": {"backend": "sqlite", "path": str(tmp_path / "s.db")}}
    with override_settings(JAM={"CONFIG": config}):
        http = kit.client()
        sid = morsel(http.get("/login?user=alice&scopes=admin write")).value
        assert http.get("/admin").json()["sub"] == "alice"
        get_jam().session_delete(sid)
        assert http.get("/me").status_code == 401


@pytest.mark.redis
def test_redis_sessions_authenticate_and_end(kit: Any, redis_url: str, redis_prefix: str) -> None:
    config = {"session": {"backend": "redis", "redis_uri": redis_url, "prefix": redis_prefix}}
    with override_settings(JAM={"CONFIG": config}):
        http = kit.client()
        sid = morsel(http.get("/login?user=alice&scopes=admin write")).value
        me = http.get("/me")
        assert me.json()["sub"] == "alice" and me.json()["source"] == "session"
        assert http.get("/drf/admin").status_code == 200
        assert get_jam().session_list("alice") == [sid]
        assert get_jam().session_clear("alice") == 1
        assert http.get("/me").status_code == 401
