"""A FastAPI app with accounts, two-factor login and revocable API tokens, on Jam.

Run it with ``uv run python examples/webapp/app.py`` and open http://127.0.0.1:8000.

* Browser pages use a session cookie (``jam_starlette.SessionMiddleware``).
* ``/api/me`` accepts a personal API token: a JWT with the ``api`` scope.
* "Sign in with GitHub / OIDC" (``jam_starlette.OAuth2Routes``) for the providers
  the environment configures (``providers.py``).
* Jam's configuration is ``jam.toml``; accounts live in ``users.py``.
"""

from __future__ import annotations

import os
import secrets
import time
import tomllib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from providers import LABELS, provider_tables
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from users import MIN_PASSWORD, USERNAME, Users

import jam.aio
from jam.oauth2 import generate_seal_key
from jam.otp import qr_svg
from jam.sessions import generate_session_secret
from jam_starlette import (
    ChainBackend,
    CookiePolicy,
    JamUser,
    JWTBackend,
    OAuth2Failure,
    OAuth2Identity,
    OAuth2Routes,
    SessionBackend,
    SessionMiddleware,
    optional_user,
    require_scopes,
    session_of,
)

HERE = Path(__file__).resolve().parent
DATA = Path(os.environ.get("WEBAPP_DATA", HERE / "var"))
DEVELOPMENT = os.environ.get("WEBAPP_ENV", "development") == "development"
TOKEN_LIFETIME = 30 * 86400
MAX_CODE_ATTEMPTS = 5


def development_settings() -> None:
    """Fill in the environment jam.toml reads, keeping generated secrets under var/."""
    DATA.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.environ.setdefault("WEBAPP_JAM_DB", str(DATA / "jam.db"))
    for name, make in (
        ("WEBAPP_JWT_SECRET", lambda: secrets.token_urlsafe(32)),
        ("WEBAPP_SESSION_SECRET", generate_session_secret),
        ("WEBAPP_OAUTH2_SEAL_KEY", generate_seal_key),
    ):
        stored = DATA / name.lower()
        if not stored.exists():
            stored.touch(mode=0o600)
            stored.write_text(make())
        os.environ.setdefault(name, stored.read_text().strip())


def jam_config() -> dict[str, Any]:
    """jam.toml's [jam] table, plus a provider table per configured "Sign in with" provider."""
    with (HERE / "jam.toml").open("rb") as file:
        config: dict[str, Any] = tomllib.load(file)["jam"]
    config["oauth2"]["providers"] = provider_tables()
    return config


development_settings()
auth = jam.aio.Jam(config=jam_config())
users = Users(DATA / "users.db")
templates = Jinja2Templates(directory=HERE / "templates")
cookie = CookiePolicy(allow_insecure_loopback=DEVELOPMENT)  # http://127.0.0.1 in development


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    await auth.aclose()


app = FastAPI(
    lifespan=lifespan,
    middleware=[
        Middleware(SessionMiddleware, jam=auth, cookie=cookie),
        Middleware(
            AuthenticationMiddleware,
            backend=ChainBackend(JWTBackend(auth), SessionBackend(auth, cookie_name=cookie.name)),
        ),
    ],
)

User = Annotated[JamUser | None, Depends(optional_user)]


# -- sign in with GitHub / OIDC -------------------------------------------------------------


async def on_provider_login(request: Request, who: OAuth2Identity) -> str | Response:
    """Map a provider identity to a local account (``OAuth2Routes`` then logs it in).

    * The logged-in user asked to link this provider (account page): link it.
    * A linked identity signs in to its account; an unknown one gets a new account.
      Accounts are never matched by e-mail address.
    * The provider replaces the password, not the second factor: an account with
      two-factor login still needs its code.
    """
    session = session_of(request)
    view = await session.load()
    if view is not None and view.identity is not None and view.data.get("link") == who.provider:
        linked = await users.link_identity(who.provider, who.subject, view.identity)
        await session.update({k: v for k, v in view.data.items() if k != "link"})
        return go(f"/account?notice={'linked' if linked else 'link-taken'}")
    name = await users.identity_owner(who.provider, who.subject)
    if name is None:
        wanted = who.profile.preferred_username or (who.profile.email or "").partition("@")[0]
        name = await users.create_for_identity(who.provider, who.subject, wanted)
    account = await users.get(name)
    if account is not None and account.totp_secret is not None:
        await session.begin(name, {"code_attempts": 0})
        return go("/login/code")
    return name


async def on_provider_error(request: Request, failure: OAuth2Failure) -> Response:
    """A failed provider sign-in: the login page, with the reason, under the failure's status."""
    return page(request, "login.html", status=failure.status, error=failure.message)


PROVIDERS = sorted(auth.config.oauth2.providers) if auth.config.oauth2 else []
oauth = (
    OAuth2Routes(
        auth,
        on_provider_login,
        after_login="/account",
        allow_insecure_loopback=DEVELOPMENT,
        on_error=on_provider_error,
    )
    if PROVIDERS
    else None
)
if oauth is not None:
    app.router.routes.extend(oauth.routes)


def same_origin(request: Request) -> None:
    """Refuse form posts from other sites (SameSite=Lax already keeps the cookie off them)."""
    origin = request.headers.get("origin")
    if origin is not None and origin != f"{request.url.scheme}://{request.url.netloc}":
        raise HTTPException(403, "cross-site request refused")


Posted = Depends(same_origin)


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    buttons = [] if oauth is None else [(LABELS[p], oauth.login_path(p)) for p in PROVIDERS]
    return templates.TemplateResponse(
        request, name, {"sign_in_with": buttons, **context}, status_code=status
    )


def go(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


# -- sign-up, login, logout ---------------------------------------------------------------


@app.get("/")
async def home(request: Request, user: User) -> HTMLResponse:
    return page(request, "home.html", user=user)


@app.get("/signup")
async def signup_form(request: Request) -> HTMLResponse:
    return page(request, "signup.html")


@app.post("/signup", dependencies=[Posted])
async def signup(
    request: Request, username: Annotated[str, Form()], password: Annotated[str, Form()]
) -> Any:
    name = username.strip().lower()
    if not USERNAME.fullmatch(name) or len(password) < MIN_PASSWORD:
        error = f"Use 3-32 of a-z 0-9 _ . - and a password of {MIN_PASSWORD}+ characters."
        return page(request, "signup.html", error=error)
    if await users.create(name, password) is None:
        return page(request, "signup.html", error="That name is taken.")
    await session_of(request).login(name)
    return go("/account")


@app.get("/login")
async def login_form(request: Request) -> HTMLResponse:
    return page(request, "login.html")


@app.post("/login", dependencies=[Posted])
async def login(
    request: Request, username: Annotated[str, Form()], password: Annotated[str, Form()]
) -> Any:
    account = await users.check_password(username.strip().lower(), password)
    if account is None:
        return page(request, "login.html", error="Wrong name or password.")
    session = session_of(request)
    if account.totp_secret is None:
        await session.login(account.name)
        return go("/account")
    # Password accepted; not logged in until the code is: a session that is not a login yet.
    await session.begin(account.name, {"code_attempts": 0})
    return go("/login/code")


async def pending_login(request: Request) -> tuple[str, int] | None:
    """The account waiting for its code, and the attempts used, if any."""
    view = await session_of(request).load()
    if view is None or view.identity is not None or view.owner is None:
        return None
    attempts = view.data.get("code_attempts")
    return (view.owner, attempts) if isinstance(attempts, int) else None


@app.get("/login/code")
async def code_form(request: Request) -> Any:
    if await pending_login(request) is None:
        return go("/login")
    return page(request, "code.html")


@app.post("/login/code", dependencies=[Posted])
async def code(request: Request, code: Annotated[str, Form()]) -> Any:
    pending = await pending_login(request)
    if pending is None:
        return go("/login")
    name, attempts = pending
    account = await users.get(name)
    session = session_of(request)
    if account and account.totp_secret and await auth.otp_verify_code(account.totp_secret, code):
        await session.login(name)  # a new session id: the pending one stops working
        return go("/account")
    if attempts + 1 >= MAX_CODE_ATTEMPTS:
        await session.logout()
        return page(request, "login.html", error="Too many wrong codes. Start again.")
    await session.update({"code_attempts": attempts + 1})
    return page(request, "code.html", error="Wrong code.")


@app.post("/logout", dependencies=[Posted])
async def logout(request: Request) -> RedirectResponse:
    await session_of(request).logout()
    return go("/")


@app.post("/sessions/others", dependencies=[Posted])
async def sign_out_other_devices(request: Request, user: User) -> Any:
    if user is None:
        return go("/login")
    ended = await session_of(request).logout_others()
    return await account_page(request, user.identity, notice=f"Signed out {ended} other device(s).")


# -- account: two-factor enrolment and API tokens ------------------------------------------


NOTICES = {
    "linked": "Sign-in linked: you can now sign in with it.",
    "link-taken": "That sign-in belongs to another account here; it was not linked.",
}


async def account_page(request: Request, name: str, **extra: Any) -> HTMLResponse:
    me = await users.get(name)
    tokens = await users.tokens(name)
    linked = await users.linked_providers(name)
    providers = [(p, LABELS[p], p in linked) for p in PROVIDERS]
    return page(
        request, "account.html", me=me, tokens=tokens, now=time.time(), providers=providers, **extra
    )


@app.get("/account")
async def account(request: Request, user: User, notice: str = "") -> Any:
    if user is None or user.source != "session":
        return go("/login")
    return await account_page(request, user.identity, notice=NOTICES.get(notice))


@app.post("/account/link/{provider}", dependencies=[Posted])
async def link_provider(request: Request, user: User, provider: str) -> Any:
    """Link a provider to this account: remember the wish, then sign in with the provider."""
    if user is None or user.source != "session":
        return go("/login")
    if oauth is None or provider not in oauth.providers:
        raise HTTPException(404, "no such provider")
    await session_of(request).update({**user.claims, "link": provider})
    return go(oauth.login_path(provider, "/account"))


@app.get("/totp/setup")
async def totp_setup(request: Request, user: User) -> Any:
    if user is None or user.source != "session":
        return go("/login")
    secret = auth.otp_generate_secret()
    session = session_of(request)
    await session.update({**user.claims, "totp_pending": secret})
    uri = auth.otp_uri(secret, name=user.identity)
    return page(request, "totp.html", secret=secret, qr=qr_svg(uri, title="Scan me"))


@app.post("/totp/setup", dependencies=[Posted])
async def totp_confirm(request: Request, user: User, code: Annotated[str, Form()]) -> Any:
    if user is None or user.source != "session":
        return go("/login")
    secret = user.claims.get("totp_pending")
    if not isinstance(secret, str):
        return go("/totp/setup")
    if not await auth.otp_verify_code(secret, code):
        qr = qr_svg(auth.otp_uri(secret, name=user.identity), title="Scan me")
        return page(request, "totp.html", secret=secret, qr=qr, error="Wrong code, try again.")
    await users.set_totp_secret(user.identity, secret)
    await session_of(request).update({k: v for k, v in user.claims.items() if k != "totp_pending"})
    return await account_page(request, user.identity, notice="Two-factor login is on.")


@app.post("/tokens", dependencies=[Posted])
async def new_token(request: Request, user: User, label: Annotated[str, Form()] = "") -> Any:
    if user is None or user.source != "session":
        return go("/login")
    payload = auth.jwt_make_payload(TOKEN_LIFETIME, {"sub": user.identity, "scope": "api"})
    token = await auth.jwt_create_token(payload)
    label = label.strip()[:60] or "token"
    await users.add_token(user.identity, payload["jti"], label, payload["exp"])
    return await account_page(request, user.identity, new_token=token)


@app.post("/tokens/{jti}/revoke", dependencies=[Posted])
async def revoke_token(request: Request, user: User, jti: str) -> Any:
    if user is None or user.source != "session":
        return go("/login")
    token = await users.mark_revoked(user.identity, jti)
    if token is not None and auth.jwt_list is not None:
        # The black list stores "jti:<jti>" (docs/jwt.md) for as long as the token could live.
        await auth.jwt_list.add(f"jti:{token.jti}", max(token.expires - int(time.time()), 1))
    return await account_page(request, user.identity, notice="Token revoked.")


# -- the API --------------------------------------------------------------------------------


@app.get("/api/me")
async def api_me(user: Annotated[JamUser, Depends(require_scopes("api"))]) -> dict[str, Any]:
    """Who the API token belongs to (try: curl -H "Authorization: Bearer <token>")."""
    return {"user": user.identity, "scopes": sorted(user.scopes)}


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=int(os.environ.get("PORT", "8000")))
