"""The example app over plain HTTP: the refusals a browser test does not reach."""

from __future__ import annotations

import re

import httpx
import pyotp

PASSWORD = "correct horse battery staple"


def sign_up_with_totp(http: httpx.Client, name: str) -> pyotp.TOTP:
    assert http.post("/signup", data={"username": name, "password": PASSWORD}).status_code == 303
    page = http.get("/totp/setup").text
    found = re.search(r'id="totp-secret">([A-Z2-7]+)<', page)
    assert found is not None
    totp = pyotp.TOTP(found.group(1))
    assert "Two-factor login is on." in http.post("/totp/setup", data={"code": totp.now()}).text
    http.post("/logout")
    return totp


def test_cross_site_form_posts_are_refused(webapp_url: str) -> None:
    with httpx.Client(base_url=webapp_url) as http:
        evil = {"Origin": "https://evil.example"}
        refused = http.post("/signup", data={"username": "eve", "password": PASSWORD}, headers=evil)
        assert refused.status_code == 403
        assert (
            http.post("/login", data={"username": "eve", "password": PASSWORD}).status_code == 200
        )
        assert (
            "Wrong name or password"
            in http.post("/login", data={"username": "eve", "password": PASSWORD}).text
        )


def test_password_alone_is_not_a_login_and_five_wrong_codes_end_it(webapp_url: str) -> None:
    with httpx.Client(base_url=webapp_url) as http:
        sign_up_with_totp(http, "bob")
        assert (
            http.post("/login", data={"username": "bob", "password": PASSWORD}).status_code == 303
        )
        pending = http.cookies["jam_session"]
        assert http.get("/account").headers["location"] == "/login"
        assert http.get("/api/me").status_code == 401
        for _ in range(4):
            assert "Wrong code." in http.post("/login/code", data={"code": "000000"}).text
        assert "Too many wrong codes" in http.post("/login/code", data={"code": "000000"}).text
    with httpx.Client(base_url=webapp_url, cookies={"jam_session": pending}) as replay:
        assert replay.get("/login/code").headers["location"] == "/login"


def test_session_ids_are_not_api_tokens_and_tokens_do_not_open_pages(webapp_url: str) -> None:
    with httpx.Client(base_url=webapp_url) as http:
        http.post("/signup", data={"username": "carol", "password": PASSWORD})
        sid = http.cookies["jam_session"]
        page = http.post("/tokens", data={"label": "t"}).text
        found = re.search(r'id="new-token">([^<]+)<', page)
        assert found is not None
        token = found.group(1)
    bearer = {"Authorization": f"Bearer {sid}"}
    assert httpx.get(webapp_url + "/api/me", headers=bearer).status_code == 401
    with httpx.Client(base_url=webapp_url, headers={"Authorization": f"Bearer {token}"}) as api:
        assert api.get("/api/me").json() == {"user": "carol", "scopes": ["api"]}
        assert api.get("/account").headers["location"] == "/login"
        assert api.post("/tokens", data={"label": "x"}).headers["location"] == "/login"
