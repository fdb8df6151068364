"""The example app (examples/webapp) driven in headless Chromium through every flow it offers.

Sign-up, TOTP enrolment (the secret is read from the page, the code computed
with pyotp), logout, login with password + code, "sign out other devices"
from a second browser context, and an API token that works until it is
revoked. A screenshot of each step goes to ``$JAM_ARTIFACTS/webapp-browser``
(default: the test's tmp_path); the test prints where.

"Sign in with": the loopback OpenID Connect server of ``tests/oauth2`` is the
app's ``oidc`` provider (by discovery); its sign-in page is filled in and
approved in the browser. A first sign-in creates an account, a local account
links the provider from its account page and then signs in with it, and a
refusal at the provider ends signed out. Screenshots:
``$JAM_ARTIFACTS/webapp-browser-oauth``.

Chromium comes from Debian's ``chromium`` package (Playwright's browser
download is not used); the test is skipped, saying so, only when it is missing.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

import httpx
import pyotp
import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests run as root
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",  # the machine's network is closed
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct horse battery staple"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no Chromium installed (apt-get install chromium): browser test skipped",
    ),
]


class Codes:
    """TOTP codes as an authenticator app shows them, never one step twice (replay protection)."""

    def __init__(self, secret: str) -> None:
        self.totp = pyotp.TOTP(secret)
        self.used: set[int] = set()

    def next(self) -> str:
        if time.time() % 30 > 25:  # too close to the step's end: wait for the next one
            time.sleep(30 - time.time() % 30 + 0.2)
        step = int(time.time() // 30)
        for candidate in (step, step + 1, step - 1):  # the server accepts +/- one step
            if candidate not in self.used:
                self.used.add(candidate)
                return str(self.totp.at(candidate * 30))
        raise AssertionError("three codes used within one step")


class Shots:
    """Numbered screenshots of each step."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    def __call__(self, page: Any, name: str) -> None:
        self.count += 1
        page.screenshot(path=str(self.folder / f"{self.count:02d}-{name}.png"), full_page=True)


@pytest.fixture
def shots(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Shots:
    folder = Path(os.environ.get("JAM_ARTIFACTS") or tmp_path) / "webapp-browser"
    folder.mkdir(parents=True, exist_ok=True)
    with capsys.disabled():
        print(f"\nwebapp browser test: screenshots in {folder}")
    return Shots(folder)


def log_in(page: Any, url: str, codes: Codes) -> None:
    page.goto(url + "/login")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(url + "/login/code")
    page.fill("input[name=code]", codes.next())
    page.click("button[type=submit]")
    page.wait_for_url(url + "/account")


def api_me(url: str, token: str) -> httpx.Response:
    return httpx.get(url + "/api/me", headers={"Authorization": f"Bearer {token}"}, timeout=10)


def test_sign_up_enrol_totp_log_in_sign_out_others_and_revoke_a_token(  # noqa: PLR0915
    webapp_url: str, shots: Shots
) -> None:
    from playwright.sync_api import expect, sync_playwright

    url = webapp_url
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            laptop_context = browser.new_context()
            laptop = laptop_context.new_page()

            # sign up
            laptop.goto(url + "/")
            laptop.click("text=Sign up")
            laptop.fill("input[name=username]", "alice")
            laptop.fill("input[name=password]", PASSWORD)
            shots(laptop, "signup-form")
            laptop.click("button[type=submit]")
            laptop.wait_for_url(url + "/account")
            expect(laptop.locator("#username")).to_have_text("alice")
            expect(laptop.locator("#totp-status")).to_contain_text("Off")
            shots(laptop, "signed-up")
            (cookie,) = [c for c in laptop_context.cookies() if c["name"] == "jam_session"]
            assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
            assert not cookie["secure"]  # dropped only because this is http://127.0.0.1

            # TOTP enrolment: read the secret from the page, answer with a computed code
            laptop.click("text=Set up two-factor login")
            expect(laptop.locator(".qr svg")).to_be_visible()
            secret = laptop.locator("#totp-secret").inner_text().strip()
            codes = Codes(secret)
            shots(laptop, "totp-enrolment")
            laptop.fill("input[name=code]", "000000" if codes.totp.now() != "000000" else "111111")
            laptop.click("button[type=submit]")
            expect(laptop.locator(".error")).to_contain_text("Wrong code")
            laptop.fill("input[name=code]", codes.next())
            laptop.click("button[type=submit]")
            expect(laptop.locator("#totp-status")).to_have_text("On.")
            shots(laptop, "totp-on")

            # a personal API token works on the API
            laptop.fill("input[name=label]", "ci script")
            laptop.click("text=Create API token")
            token = laptop.locator("#new-token").inner_text().strip()
            shots(laptop, "api-token")
            me = api_me(url, token)
            assert me.status_code == 200 and me.json() == {"user": "alice", "scopes": ["api"]}

            # logout, then the account page is closed
            laptop.click("text=Log out")
            laptop.wait_for_url(url + "/")
            expect(laptop.locator("text=Sign up")).to_be_visible()
            shots(laptop, "logged-out")
            laptop.goto(url + "/account")
            laptop.wait_for_url(url + "/login")

            # login with password + TOTP: a wrong code first, then the right one
            laptop.fill("input[name=username]", "alice")
            laptop.fill("input[name=password]", "wrong password!")
            laptop.click("button[type=submit]")
            expect(laptop.locator(".error")).to_contain_text("Wrong name or password")
            laptop.fill("input[name=username]", "alice")
            laptop.fill("input[name=password]", PASSWORD)
            laptop.click("button[type=submit]")
            laptop.wait_for_url(url + "/login/code")
            shots(laptop, "code-step")
            laptop.goto(url + "/account")  # password alone is not a login
            laptop.wait_for_url(url + "/login")
            log_in(laptop, url, codes)
            expect(laptop.locator("#username")).to_have_text("alice")
            shots(laptop, "logged-in-with-totp")

            # a second device logs in; the first signs out the others
            phone_context = browser.new_context()
            phone = phone_context.new_page()
            log_in(phone, url, codes)
            expect(phone.locator("#username")).to_have_text("alice")
            shots(phone, "second-device-logged-in")
            laptop.click("text=Sign out other devices")
            expect(laptop.locator(".notice")).to_have_text("Signed out 1 other device(s).")
            shots(laptop, "signed-out-other-devices")
            phone.goto(url + "/account")
            phone.wait_for_url(url + "/login")
            shots(phone, "second-device-signed-out")
            laptop.goto(url + "/account")
            expect(laptop.locator("#username")).to_have_text("alice")  # still in

            # revoke the API token: the API refuses it from now on
            assert api_me(url, token).status_code == 200
            laptop.click("text=Revoke")
            expect(laptop.locator(".notice")).to_have_text("Token revoked.")
            shots(laptop, "token-revoked")
            refused = api_me(url, token)
            assert refused.status_code == 401
            assert 'error="invalid_token"' in refused.headers["www-authenticate"]
            assert api_me(url, token + "x").status_code == 401
        finally:
            browser.close()


@pytest.fixture
def oauth_shots(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Shots:
    folder = Path(os.environ.get("JAM_ARTIFACTS") or tmp_path) / "webapp-browser-oauth"
    folder.mkdir(parents=True, exist_ok=True)
    with capsys.disabled():
        print(f"\nwebapp sign-in-with browser test: screenshots in {folder}")
    return Shots(folder)


def at_provider(page: Any, oidc_base: str, username: str, shots: Shots, shot: str) -> None:
    """The provider's sign-in page: type who to be, approve."""
    page.wait_for_url(oidc_base + "/authorize?*")
    page.fill("input[name=username]", username)
    shots(page, shot)
    page.click("button[value=approve]")


def test_sign_in_with_oidc_link_an_account_and_deny(  # noqa: PLR0915
    oauth_webapp: Any, oauth_shots: Shots
) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, oidc = oauth_webapp.url, oauth_webapp.oidc.base
    shots = oauth_shots
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context().new_page()

            # both configured providers have a button
            page.goto(url + "/")
            expect(page.locator("text=Sign in with GitHub")).to_be_visible()
            expect(page.locator("text=Sign in with Test OpenID")).to_be_visible()
            shots(page, "home-sign-in-buttons")

            # a first sign-in with the OIDC provider creates an account
            page.click("text=Sign in with Test OpenID")
            at_provider(page, oidc, "alice", shots, "provider-sign-in-page")
            page.wait_for_url(url + "/account")
            expect(page.locator("#username")).to_have_text("alice")
            expect(page.locator("#providers")).to_contain_text("linked")
            shots(page, "signed-in-with-oidc-new-account")
            cookies = {c["name"]: c for c in page.context.cookies()}
            assert "jam_oauth2" not in cookies  # the flow cookie is gone
            assert cookies["jam_session"]["httpOnly"]
            page.click("text=Log out")
            page.wait_for_url(url + "/")

            # a local account links the provider from its account page...
            page.click("text=Sign up")
            page.fill("input[name=username]", "bob")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(url + "/account")
            shots(page, "local-account-before-linking")
            page.click("text=Link Test OpenID")
            at_provider(page, oidc, "bob", shots, "provider-sign-in-page-to-link")
            page.wait_for_url(url + "/account?notice=linked")
            expect(page.locator(".notice")).to_contain_text("Sign-in linked")
            expect(page.locator("#username")).to_have_text("bob")
            shots(page, "linked")
            page.click("text=Log out")
            page.wait_for_url(url + "/")

            # ...and from then on signs in with it
            page.click("text=Sign in with Test OpenID")
            at_provider(page, oidc, "bob", shots, "provider-sign-in-page-again")
            page.wait_for_url(url + "/account")
            expect(page.locator("#username")).to_have_text("bob")
            shots(page, "signed-in-with-oidc-linked-account")
            page.click("text=Log out")
            page.wait_for_url(url + "/")

            # refusing at the provider ends on the login page, signed out
            page.click("text=Sign in with Test OpenID")
            page.wait_for_url(oidc + "/authorize?*")
            page.click("button[value=deny]")
            page.wait_for_url(url + "/oauth/callback/oidc?*")
            expect(page.locator(".error")).to_have_text("Sign-in was cancelled at the provider.")
            shots(page, "denied-at-the-provider")
            page.goto(url + "/account")
            page.wait_for_url(url + "/login")
        finally:
            browser.close()
