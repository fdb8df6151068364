"""Positive paths and the answers of the decorators: what a Flask view sees, and 401/403/503."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, g, redirect

import jam
import jam.aio
from jam_flask import Jam, JamUser, current_user, login_required, require_user, scopes_required


def bearer(auth: jam.Jam, **claims: Any) -> dict[str, str]:
    token = auth.jwt_create_token(auth.jwt_make_payload(600, {"sub": "alice", **claims}))
    return {"Authorization": f"Bearer {token}"}


def test_valid_bearer_token_gives_the_view_identity_and_scopes(kit: Any, auth: jam.Jam) -> None:
    http = kit.build_app(auth).test_client()
    token = bearer(auth, scope="read admin write")["Authorization"].split()[1]
    me = http.get("/me", headers={"Authorization": f"Bearer {token}"})
    admin = http.get("/admin", headers={"Authorization": f"bearer {token}"})
    public = http.get("/public", headers={"Authorization": f"BEARER {token}"})
    assert me.status_code == 200
    assert me.json["sub"] == "alice"
    assert me.json["scopes"] == ["admin", "read", "write"]
    assert me.json["source"] == "jwt"
    assert me.json["claims"]["sub"] == "alice"
    assert admin.status_code == 200 and admin.json["sub"] == "alice"
    assert public.json == {"sub": "alice", "authenticated": True}


def test_scp_list_claim_gives_scopes(kit: Any, auth: jam.Jam) -> None:
    me = kit.build_app(auth).test_client().get("/me", headers=bearer(auth, scp=["admin", 7, "a b"]))
    assert me.json["scopes"] == ["admin"]


def test_token_in_the_configured_cookie_authenticates(kit: Any, auth: jam.Jam) -> None:
    http = kit.build_app(auth, JAM_JWT_COOKIE="access").test_client(use_cookies=False)
    token = bearer(auth, scope="read")["Authorization"].split()[1]
    me = http.get("/me", headers={"Cookie": f"theme=dark; access={token}"})
    assert me.json["sub"] == "alice" and me.json["scopes"] == ["read"]


def test_cookie_only_settings_ignore_the_authorization_header(kit: Any, auth: jam.Jam) -> None:
    app = kit.build_app(auth, JAM_JWT_COOKIE="access", JAM_JWT_HEADER=False)
    assert app.test_client().get("/me", headers=bearer(auth)).status_code == 401


def test_live_session_gives_the_view_identity_scopes_and_data(kit: Any, auth: jam.Jam) -> None:
    sid = auth.session_create(
        "alice", {"sub": "alice", "scopes": ["admin", "write"], "data": {"theme": "dark"}}
    )
    http = kit.build_app(auth).test_client(use_cookies=False)
    me = http.get("/me", headers={"Cookie": f"jam_session={sid}"})
    admin = http.get("/admin", headers={"Cookie": f"jam_session={sid}"})
    assert me.json == {
        "sub": "alice",
        "scopes": ["admin", "write"],
        "source": "session",
        "claims": {"theme": "dark"},
    }
    assert admin.status_code == 200


def test_bearer_token_decides_over_a_session_cookie(kit: Any, auth: jam.Jam) -> None:
    sid = auth.session_create("bob", {"sub": "bob"})
    http = kit.build_app(auth).test_client(use_cookies=False)
    both = http.get("/me", headers={**bearer(auth), "Cookie": f"jam_session={sid}"})
    basic = http.get("/me", headers={"Authorization": "Basic dTpw", "Cookie": f"jam_session={sid}"})
    assert both.json["sub"] == "alice"
    assert basic.json["sub"] == "bob"  # Basic is no bearer credential: the cookie is next


def test_missing_scope_is_403_insufficient_scope(kit: Any, auth: jam.Jam) -> None:
    http = kit.build_app(auth).test_client()
    partial = http.get("/admin", headers=bearer(auth, scope="admin read"))
    none = http.get("/admin", headers=bearer(auth))
    upper = http.get("/admin", headers=bearer(auth, scope="ADMIN WRITE"))
    anonymous = http.get("/admin")
    for refused in (partial, none, upper):
        assert refused.status_code == 403
        assert refused.headers["WWW-Authenticate"] == (
            'Bearer error="insufficient_scope", scope="admin write"'
        )
        assert refused.json == {"detail": "Insufficient scope"}
    assert anonymous.status_code == 401


def test_scopes_required_refuses_bad_declarations() -> None:
    with pytest.raises(ValueError, match="at least one"):
        scopes_required()
    for bad in ("", "two words"):
        with pytest.raises(ValueError, match="invalid scope"):
            scopes_required(bad)


def test_require_user_inside_a_view(kit: Any, auth: jam.Jam) -> None:
    app = kit.build_app(auth)

    @app.get("/inline")
    def inline() -> Any:
        return {"sub": require_user("read").identity}

    http = app.test_client()
    assert http.get("/inline", headers=bearer(auth, scope="read")).json == {"sub": "alice"}
    assert http.get("/inline", headers=bearer(auth)).status_code == 403
    assert http.get("/inline").status_code == 401


def test_an_app_error_handler_can_turn_401_into_a_redirect(kit: Any, auth: jam.Jam) -> None:
    app = kit.build_app(auth)
    app.register_error_handler(401, lambda _error: redirect("/login-page"))
    answer = app.test_client().get("/me")
    assert answer.status_code == 302 and answer.headers["Location"] == "/login-page"


def test_async_views_are_guarded_too(kit: Any, auth: jam.Jam) -> None:
    pytest.importorskip("asgiref")
    app = kit.build_app(auth)

    @app.get("/async")
    @login_required
    async def async_view() -> Any:
        return {"sub": g.jam_user.identity}

    http = app.test_client()
    assert http.get("/async", headers=bearer(auth)).json == {"sub": "alice"}
    assert http.get("/async").status_code == 401


def test_config_from_a_toml_file(tmp_path: Path, kit: Any) -> None:
    config = tmp_path / "jam.toml"
    config.write_text(
        textwrap.dedent(
            f"""
            [auth.jwt]
            alg = "HS256"
            secret_key = "{kit.secret}"
            """
        )
    )
    app = Flask("toml")
    app.config.update(JAM_CONFIG=str(config), JAM_POINTER="auth")
    ext = Jam(app)

    @app.get("/me")
    @login_required
    def me() -> Any:
        user = current_user()
        assert isinstance(user, JamUser)
        return {"sub": user.identity}

    facade = ext.jam_for(app)
    try:
        token = facade.jwt_create_token(facade.jwt_make_payload(60, {"sub": "carol"}))
        with app.app_context():
            assert ext.jam is facade
        assert app.test_client().get("/me", headers={"Authorization": f"Bearer {token}"}).json == {
            "sub": "carol"
        }
    finally:
        facade.close()


def test_credentials_setting_turns_bearer_tokens_off(kit: Any, auth: jam.Jam) -> None:
    app = kit.build_app(auth, JAM_CREDENTIALS=["session"])
    assert app.test_client().get("/me", headers=bearer(auth)).status_code == 401


def test_settings_are_checked(kit: Any, auth: jam.Jam) -> None:
    with pytest.raises(ValueError, match="did you mean JAM_JWT_COOKIE"):
        kit.build_app(auth, JAM_JWT_COKIE="access")
    with pytest.raises(ValueError, match="SameSite"):
        kit.build_app(auth, JAM_SESSION_COOKIE_SAMESITE="None")
    with pytest.raises(ValueError, match="CREDENTIALS"):
        kit.build_app(auth, JAM_CREDENTIALS=["oauth"])
    with pytest.raises(ValueError, match="not both"):
        kit.build_app(auth, JAM_CONFIG={"jwt": {}})
    with (
        jam.Jam(config={"jwt": kit.jwt_table()}) as jwt_only,
        pytest.raises(ValueError, match=r"\[session\]"),
    ):
        kit.build_app(jwt_only, JAM_CREDENTIALS=["session"])
    with pytest.raises(RuntimeError, match="already"):
        Jam(kit.build_app(auth), jam=auth)


def test_the_asyncio_facade_is_refused(kit: Any) -> None:
    async_auth = jam.aio.Jam(config={"jwt": kit.jwt_table()})
    with pytest.raises(TypeError, match=r"jam\.Jam"):
        Jam(Flask("x"), jam=async_auth)


def test_views_without_the_extension_say_what_to_add() -> None:
    app = Flask("bare")

    @app.get("/me")
    @login_required
    def me() -> str:
        return "never"

    app.testing = True
    with pytest.raises(RuntimeError, match=r"Jam\(app\)"):
        app.test_client().get("/me")
