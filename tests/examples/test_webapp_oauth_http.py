"""The example app's "Sign in with" over plain HTTP, against the loopback OpenID Connect server.

The user's part at the provider is the server's sign-in form, posted with
httpx (the browser test clicks it). Accounts: a new provider identity gets a
new account (never matched to a local one by name or e-mail); a logged-in user
links one from the account page; two-factor accounts still need their code.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pyotp

PASSWORD = "correct horse battery staple"


def at_provider(oidc: object, authorize: str, username: str, decision: str = "approve") -> str:
    """Sign in at the provider's form; return the callback URL it redirects to."""
    assert authorize.startswith(oidc.base + "/authorize?")  # type: ignore[attr-defined]
    page = httpx.get(authorize, timeout=10)
    assert "Test OpenID Provider" in page.text
    answer = httpx.post(authorize, data={"username": username, "decision": decision}, timeout=10)
    assert answer.status_code == 302, answer.text[:300]
    return answer.headers["location"]


def sign_in(http: httpx.Client, oidc: object, username: str, start: str = "/oauth/login/oidc"):
    linking = start.startswith("/account/link/")  # the account page's form: POST, then 303
    begun = http.post(start) if linking else http.get(start)
    if linking:
        assert begun.status_code == 303
        begun = http.get(begun.headers["location"])
    assert begun.status_code == 302
    callback = at_provider(oidc, begun.headers["location"], username)
    return http.get(callback), callback


def name_on_account_page(http: httpx.Client) -> str:
    page = http.get("/account")
    assert page.status_code == 200, page.headers.get("location")
    found = re.search(r'id="username">([^<]+)<', page.text)
    assert found is not None
    return found.group(1)


def test_the_pages_offer_each_configured_provider(oauth_webapp) -> None:
    with httpx.Client(base_url=oauth_webapp.url) as http:
        for path in ("/", "/login"):
            page = http.get(path).text
            assert 'href="/oauth/login/github">Sign in with GitHub' in page
            assert 'href="/oauth/login/oidc">Sign in with Test OpenID' in page
        github = http.get("/oauth/login/github")  # GitHub's real endpoint; not followed
    assert github.status_code == 302
    location = urlsplit(github.headers["location"])
    assert (location.scheme, location.netloc, location.path) == (
        "https",
        "github.com",
        "/login/oauth/authorize",
    )
    query = parse_qs(location.query)
    assert query["client_id"] == ["Iv1.placeholder"]
    assert query["redirect_uri"] == [oauth_webapp.url + "/oauth/callback/github"]
    assert query["code_challenge_method"] == ["S256"] and query["state"]
    cookie = github.headers["set-cookie"]
    assert cookie.startswith("jam_oauth2=")
    assert "; Path=/oauth/callback; Max-Age=600; HttpOnly; SameSite=Lax" in cookie


def test_a_first_sign_in_creates_an_account_and_the_next_signs_in_to_it(oauth_webapp) -> None:
    oidc = oauth_webapp.oidc
    with httpx.Client(base_url=oauth_webapp.url) as http:
        done, _ = sign_in(http, oidc, "erin")
        assert (done.status_code, done.headers["location"]) == (303, "/account")
        assert name_on_account_page(http) == "erin"
        assert '<span class="linked">linked</span>' in http.get("/account").text
        first = http.cookies["jam_session"]
        http.post("/logout")
        sign_in(http, oidc, "erin")
        assert name_on_account_page(http) == "erin"
        assert http.cookies["jam_session"] != first


def test_a_provider_identity_never_takes_over_a_local_account_of_the_same_name(
    oauth_webapp,
) -> None:
    with httpx.Client(base_url=oauth_webapp.url) as local:
        local.post("/signup", data={"username": "frank", "password": PASSWORD})
    with httpx.Client(base_url=oauth_webapp.url) as http:
        sign_in(http, oauth_webapp.oidc, "frank")
        assert name_on_account_page(http) == "frank-2"  # a separate account


def test_a_logged_in_user_links_a_provider_once(oauth_webapp) -> None:
    oidc = oauth_webapp.oidc
    with httpx.Client(base_url=oauth_webapp.url) as http:
        http.post("/signup", data={"username": "gina", "password": PASSWORD})
        assert "Link Test OpenID" in http.get("/account").text
        done, _ = sign_in(http, oidc, "gina", start="/account/link/oidc")
        assert done.headers["location"] == "/account?notice=linked"
        assert "Sign-in linked" in http.get("/account?notice=linked").text
        http.post("/logout")
        sign_in(http, oidc, "gina")
        assert name_on_account_page(http) == "gina"
    with httpx.Client(base_url=oauth_webapp.url) as other:
        other.post("/signup", data={"username": "hank", "password": PASSWORD})
        done, _ = sign_in(other, oidc, "gina", start="/account/link/oidc")
        assert done.headers["location"] == "/account?notice=link-taken"
        assert name_on_account_page(other) == "hank"
    cross_site = httpx.post(
        oauth_webapp.url + "/account/link/oidc", headers={"Origin": "https://evil.example"}
    )
    assert cross_site.status_code == 403


def test_a_provider_sign_in_still_needs_the_second_factor(oauth_webapp) -> None:
    with httpx.Client(base_url=oauth_webapp.url) as http:
        http.post("/signup", data={"username": "ivy", "password": PASSWORD})
        found = re.search(r'id="totp-secret">([A-Z2-7]+)<', http.get("/totp/setup").text)
        assert found is not None
        totp = pyotp.TOTP(found.group(1))
        http.post("/totp/setup", data={"code": totp.now()})
        sign_in(http, oauth_webapp.oidc, "ivy", start="/account/link/oidc")
        http.post("/logout")
        done, _ = sign_in(http, oauth_webapp.oidc, "ivy")
        assert done.headers["location"] == "/login/code"
        assert http.get("/account").headers["location"] == "/login"  # not logged in yet
        assert http.get("/api/me").status_code == 401


def test_denied_and_replayed_sign_ins_end_anonymous(oauth_webapp) -> None:
    oidc = oauth_webapp.oidc
    with httpx.Client(base_url=oauth_webapp.url) as http:
        begun = http.get("/oauth/login/oidc")
        denied = http.get(at_provider(oidc, begun.headers["location"], "jill", "deny"))
        assert denied.status_code == 403
        assert "Sign-in was cancelled at the provider." in denied.text
        assert http.get("/account").headers["location"] == "/login"

        begun = http.get("/oauth/login/oidc")
        sealed = http.cookies["jam_oauth2"]
        callback = at_provider(oidc, begun.headers["location"], "jill")
        assert http.get(callback).status_code == 303
        http.post("/logout")
        again = http.get(callback)  # from the history: the flow cookie is gone
        assert again.status_code == 400
        stolen = http.get(callback, headers={"Cookie": f"jam_oauth2={sealed}"})
        assert stolen.status_code == 400  # state_backend: each sign-in completes once
        assert "already used" in stolen.text
        assert http.get("/account").headers["location"] == "/login"


def test_next_stays_on_the_site(oauth_webapp) -> None:
    with httpx.Client(base_url=oauth_webapp.url) as http:
        done, _ = sign_in(http, oauth_webapp.oidc, "kim", "/oauth/login/oidc?next=//evil.example")
        assert done.headers["location"] == "/account"
