"""Session cookies: attributes, id rotation on login, the three ways to sign out, backends."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from flask import Response, stream_with_context

import jam
from jam_flask import current_session


def cookie_of(response: Any) -> str:
    values = response.headers.getlist("Set-Cookie")
    assert len(values) == 1, values
    return str(values[0])


def attributes(cookie: str) -> set[str]:
    return {part.split("=")[0] for part in cookie.split("; ")[1:]}


def sid_in(cookie: str) -> str:
    return cookie.split(";", maxsplit=1)[0].partition("=")[2]


@pytest.fixture
def sessions() -> Any:
    with jam.Jam(config={"session": {"backend": "memory"}}) as auth:
        yield auth


def test_login_cookie_is_httponly_secure_samesite_lax(kit: Any, sessions: jam.Jam) -> None:
    http = kit.build_app(sessions).test_client()
    login = http.post("/login?user=alice", base_url="https://app.example")
    cookie = cookie_of(login)
    assert cookie.startswith("jam_session=")
    assert "; HttpOnly" in cookie and "; Secure" in cookie and "; SameSite=Lax" in cookie
    assert "; Path=/" in cookie
    assert attributes(cookie) == {"Secure", "HttpOnly", "Path", "SameSite"}
    assert "Cookie" in login.headers["Vary"]
    assert sessions.session_get(sid_in(cookie)) == {
        "owner": "alice",
        "data": {"theme": "dark"},
        "sub": "alice",
        "scopes": [],
    }


def test_cookie_settings_are_applied(kit: Any, sessions: jam.Jam) -> None:
    app = kit.build_app(
        sessions,
        JAM_SESSION_COOKIE_NAME="__Host-sid",
        JAM_SESSION_COOKIE_SAMESITE="Strict",
        JAM_SESSION_COOKIE_MAX_AGE=3600,
    )
    http = app.test_client()
    cookie = cookie_of(http.post("/login?user=alice", base_url="https://app.example"))
    assert cookie.startswith("__Host-sid=")
    assert "; Max-Age=3600" in cookie and "; SameSite=Strict" in cookie and "; Secure" in cookie
    assert http.get("/me", base_url="https://app.example").json["sub"] == "alice"


def test_secure_is_kept_on_plain_http_to_a_public_host(kit: Any, sessions: jam.Jam) -> None:
    app = kit.build_app(sessions, JAM_SESSION_COOKIE_INSECURE_LOOPBACK=True)
    for base in ("http://example.com", "https://127.0.0.1:8000", "http://127.0.0.1.evil.example"):
        login = app.test_client().post("/login?user=alice", base_url=base)
        assert "; Secure" in cookie_of(login), base


@pytest.mark.parametrize(
    "base", ["http://127.0.0.1:8000", "http://localhost:5000", "http://[::1]:8000"]
)
def test_secure_is_dropped_only_for_loopback_http_when_allowed(
    kit: Any, sessions: jam.Jam, base: str
) -> None:
    relaxed = kit.build_app(sessions, JAM_SESSION_COOKIE_INSECURE_LOOPBACK=True).test_client()
    login = relaxed.post("/login?user=alice", base_url=base)
    assert "Secure" not in cookie_of(login)
    assert "HttpOnly" in cookie_of(login) and "SameSite=Lax" in cookie_of(login)
    assert relaxed.get("/me", base_url=base).json["sub"] == "alice"
    strict = kit.build_app(sessions).test_client()
    assert "; Secure" in cookie_of(strict.post("/login?user=alice", base_url=base))


def test_login_rotates_the_id_of_a_pre_login_session(kit: Any, sessions: jam.Jam) -> None:
    http = kit.build_app(sessions).test_client()
    pending = sid_in(cookie_of(http.post("/begin?owner=alice")))
    assert http.get("/me").status_code == 401  # not a login yet
    assert http.get("/session").json["owner"] == "alice"
    logged_in = sid_in(cookie_of(http.post("/login?user=alice&scopes=read")))
    me = http.get("/me")
    assert logged_in != pending
    assert sessions.session_get(pending) is None  # the old id stopped working
    assert me.json["sub"] == "alice" and me.json["scopes"] == ["read"]
    assert sessions.session_list("alice") == [logged_in]  # reworked, not added


def test_login_over_another_users_session_ends_it(kit: Any, sessions: jam.Jam) -> None:
    http = kit.build_app(sessions).test_client()
    planted = sid_in(cookie_of(http.post("/login?user=mallory")))
    http.post("/login?user=alice")
    assert http.get("/me").json["sub"] == "alice"
    assert sessions.session_get(planted) is None
    assert sessions.session_list("mallory") == []


def test_login_never_adopts_an_id_the_server_did_not_issue(kit: Any, sessions: jam.Jam) -> None:
    fixed = "A" * 43  # session fixation: the attacker's chosen id
    http = kit.build_app(sessions).test_client(use_cookies=False)
    login = http.post("/login?user=alice", headers={"Cookie": f"jam_session={fixed}"})
    new = sid_in(cookie_of(login))
    assert new != fixed and sessions.session_get(fixed) is None
    assert (sessions.session_get(new) or {}).get("sub") == "alice"


def test_logout_ends_the_session_and_clears_the_cookie(kit: Any, sessions: jam.Jam) -> None:
    http = kit.build_app(sessions).test_client()
    sid = sid_in(cookie_of(http.post("/login?user=alice")))
    logout = http.post("/logout")
    cleared = cookie_of(logout)
    assert cleared.startswith("jam_session=;") and "Max-Age=0" in cleared
    assert "; HttpOnly" in cleared and "; Secure" in cleared
    assert sessions.session_get(sid) is None
    replay = kit.build_app(sessions).test_client(use_cookies=False)
    assert replay.get("/me", headers={"Cookie": f"jam_session={sid}"}).status_code == 401


def test_logout_everywhere_ends_every_session_of_the_user(kit: Any, sessions: jam.Jam) -> None:
    app = kit.build_app(sessions)
    other_user = sessions.session_create("bob", {"sub": "bob"})
    laptop, phone = app.test_client(), app.test_client()
    laptop.post("/login?user=alice")
    phone.post("/login?user=alice")
    assert phone.get("/me").json["sub"] == "alice"
    ended = laptop.post("/logout-everywhere")
    assert ended.json == {"ended": 2} and "Max-Age=0" in cookie_of(ended)
    assert phone.get("/me").status_code == 401
    assert sessions.session_list("alice") == []
    assert sessions.session_get(other_user) == {"sub": "bob"}


def test_logout_others_keeps_this_browser_under_a_new_id(kit: Any, sessions: jam.Jam) -> None:
    app = kit.build_app(sessions)
    laptop, phone, tablet = app.test_client(), app.test_client(), app.test_client()
    before = ""
    for device in (laptop, phone, tablet):
        before = sid_in(cookie_of(device.post("/login?user=alice&scopes=admin write")))
    ended = laptop.post("/logout-others")  # laptop logged in first: its id is not `before`
    after = sid_in(cookie_of(ended))
    assert ended.json == {"ended": 2}
    assert phone.get("/me").status_code == 401 and tablet.get("/me").status_code == 401
    me = laptop.get("/admin")
    assert me.json["sub"] == "alice" and me.json["scopes"] == ["admin", "write"]
    assert me.json["claims"] == {"theme": "dark"}
    assert sessions.session_list("alice") == [after] and after != before


def test_logout_others_without_a_session_is_an_error(kit: Any, sessions: jam.Jam) -> None:
    app = kit.build_app(sessions)
    app.testing = True
    with pytest.raises(KeyError):
        app.test_client().post("/logout-others")


def test_login_after_the_response_started_is_refused(kit: Any, sessions: jam.Jam) -> None:
    app = kit.build_app(sessions)
    errors: list[BaseException] = []

    @app.get("/stream")
    def stream() -> Response:
        def body() -> Any:
            yield "started"
            try:
                current_session().login("alice")
            except RuntimeError as err:
                errors.append(err)

        return Response(stream_with_context(body()))

    answer = app.test_client().get("/stream")
    assert answer.text == "started" and "Set-Cookie" not in answer.headers
    assert len(errors) == 1 and "started" in str(errors[0])
    assert sessions.session_list("alice") == []


def test_current_session_without_sessions_says_what_to_configure(kit: Any) -> None:
    with jam.Jam(config={"jwt": kit.jwt_table()}) as jwt_only:
        app = kit.build_app(jwt_only)
        app.testing = True
        with pytest.raises(RuntimeError, match=r"\[session\]"):
            app.test_client().post("/login?user=alice")


def test_login_reworks_so_the_pre_login_lifetime_carries_over(kit: Any) -> None:
    with jam.Jam(config={"session": {"backend": "memory", "default_ttl": 2}}) as auth:
        http = kit.build_app(auth).test_client()
        http.post("/begin?owner=alice")
        time.sleep(1.2)
        http.post("/login?user=alice")
        assert http.get("/me").json["sub"] == "alice"
        time.sleep(1.0)
        assert http.get("/me").status_code == 401


def test_sqlite_sessions(kit: Any, tmp_path: Path) -> None:
    config = {"session": {"backend": "sqlite", "path": str(tmp_path / "s.db")}}
    with jam.Jam(config=config) as auth:
        http = kit.build_app(auth).test_client()
        sid = sid_in(cookie_of(http.post("/login?user=alice&scopes=admin write")))
        assert http.get("/admin").json["sub"] == "alice"
        auth.session_delete(sid)
        assert http.get("/me").status_code == 401


@pytest.mark.redis
def test_redis_sessions_authenticate_and_end(kit: Any, redis_url: str, redis_prefix: str) -> None:
    config = {"session": {"backend": "redis", "redis_uri": redis_url, "prefix": redis_prefix}}
    with jam.Jam(config=config) as auth:
        http = kit.build_app(auth).test_client()
        sid = sid_in(cookie_of(http.post("/login?user=alice&scopes=admin write")))
        me = http.get("/me")
        assert me.json["sub"] == "alice" and me.json["source"] == "session"
        assert http.get("/admin").status_code == 200
        assert auth.session_list("alice") == [sid]
        assert auth.session_clear("alice") == 1
        assert http.get("/me").status_code == 401


def test_an_outage_during_login_is_a_503(kit: Any) -> None:
    url = f"redis://127.0.0.1:{kit.free_port()}/0"
    with jam.Jam(config={"session": {"backend": "redis", "redis_uri": url}}) as auth:
        answer = kit.build_app(auth).test_client().post("/login?user=alice")
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "5"
    assert answer.json == {"detail": "Authentication is temporarily unavailable"}
    assert "Set-Cookie" not in answer.headers
