"""``OAuth2Routes``: "Sign in with GitHub / your OpenID Connect provider" for Starlette and FastAPI.

Two routes per application, for every configured provider:

* ``GET {prefix}/login/{provider}?next=/path``: ``oauth2_begin``, the sealed
  request in a short-lived cookie, and a redirect to the provider.
* ``GET {prefix}/callback/{provider}``: ``oauth2_complete`` (state, age,
  provider, ``iss``, PKCE, ID token), ``oauth2_userinfo``, then the
  application's ``on_login`` decides which local user this is, and
  `jam_starlette.SessionHandle.login` logs the browser in under a new
  session id. The flow cookie is cleared by every answer of this route.

No server-side store is needed for the flow: the request lives in the
browser, encrypted and authenticated by ``[jam.oauth2] seal_key``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from html import escape
from typing import TYPE_CHECKING
from urllib.parse import quote

from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from jam.web import Bearer, CookiePolicy, cookie_value
from jam_starlette._asgi import clear_cookie_header, header_values, set_cookie_header
from jam_starlette._base import require_async_jam
from jam_starlette._oauth2_flow import (
    LoginAs,
    OAuth2Failure,
    OAuth2Identity,
    failure,
    failure_of,
    identity_of,
    local_path,
    pack_cookie,
    unpack_cookie,
)
from jam_starlette._session import session_of

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from jam.aio import Jam as AsyncJam

__all__ = ["DEFAULT_OAUTH2_COOKIE", "OAuth2Routes", "OnError", "OnLogin"]

logger = logging.getLogger("jam_starlette")

DEFAULT_OAUTH2_COOKIE = "jam_oauth2"
"""Default name of the cookie that carries a sealed authorization request."""

OnLogin = Callable[[Request, OAuth2Identity], Awaitable[str | LoginAs | Response | None]]
"""``on_login(request, identity)``: a local identity to log in as (``str`` or
`LoginAs`), a `Response` the application sends itself
(nobody is logged in by the routes), or ``None`` to refuse (403)."""

OnError = Callable[[Request, OAuth2Failure], Awaitable[Response]]
"""``on_error(request, failure)``: the page (or redirect) for a login that did not happen."""


async def default_error_page(request: Request, found: OAuth2Failure) -> Response:
    """A small HTML page with the failure's status and fixed message, and a way back."""
    body = (
        "<!doctype html><title>Sign-in failed</title>"
        f"<h1>Sign-in failed</h1><p>{escape(found.message)}</p><p><a href='/'>Back</a></p>"
    )
    return HTMLResponse(body, found.status, headers=dict(found.headers))


class _ClearsFlowCookie:
    """Route middleware: every answer of the callback route clears the flow cookie.

    Also an answer built by an exception handler, and a 500 page when the
    application's ``on_login`` raises (the exception is then re-raised for the
    server to log).
    """

    def __init__(self, app: ASGIApp, cookie: CookiePolicy) -> None:
        self.app = app
        self.cookie = cookie

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def send_clearing(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                header = (b"set-cookie", clear_cookie_header(self.cookie, scope))
                message = {**message, "headers": [*message.get("headers", ()), header]}
            await send(message)

        try:
            await self.app(scope, receive, send_clearing)
        except Exception:
            if not started:
                page = HTMLResponse("<!doctype html><h1>Sign-in failed</h1>", 500)
                await page(scope, receive, send_clearing)
            raise


class OAuth2Routes:
    """Login routes for every configured OAuth2 / OpenID Connect provider.

    Attributes:
        jam: The asyncio facade (with ``[jam.oauth2]`` and a ``seal_key``).
        providers: The provider names these routes serve (others answer 404).
        prefix: Path prefix of both routes.
        after_login: Where the browser goes after login when ``next`` is absent or refused.
        cookie: The flow cookie's policy (``Path={prefix}/callback``,
            ``Max-Age`` = ``[jam.oauth2] max_age``, ``HttpOnly; Secure; SameSite=Lax``).
        routes: The two Starlette routes: add them to the application.

    Example:
        >>> async def on_login(request: Request, who: OAuth2Identity) -> str | None:
        ...     return await accounts.find_or_create(who.provider, who.subject)
        >>> oauth = OAuth2Routes(auth, on_login)
        >>> app = FastAPI(routes=oauth.routes, middleware=[...SessionMiddleware...])
    """

    def __init__(
        self,
        jam: object,
        on_login: OnLogin,
        *,
        providers: Iterable[str] | None = None,
        prefix: str = "/oauth",
        after_login: str = "/",
        cookie_name: str = DEFAULT_OAUTH2_COOKIE,
        allow_insecure_loopback: bool = False,
        on_error: OnError | None = None,
    ) -> None:
        """Check the configuration and build the routes.

        Args:
            jam: A `jam.aio.Jam` whose configuration has ``[jam.oauth2]``
                with a ``seal_key``.
            on_login: Maps the provider identity to a local user (see `OnLogin`).
            providers: Provider tables to offer (default: every configured one).
            prefix: Path prefix (``""`` or a path such as ``"/oauth"``, no trailing slash).
            after_login: Local path to go to after login by default.
            cookie_name: Name of the flow cookie (``__Secure-`` names are checked).
            allow_insecure_loopback: Drop ``Secure`` on the flow cookie for
                plain-HTTP requests to a loopback host (development only), as
                `jam_starlette.CookiePolicy` does for the session cookie.
            on_error: Renders failures (default: a small HTML page with the status).

        Raises:
            TypeError: ``jam`` is not a `jam.aio.Jam`.
            ValueError: No ``[jam.oauth2]`` table or ``seal_key``, an unknown
                provider, or a prefix, ``after_login`` or cookie name that is not valid.
        """
        self.jam: AsyncJam = require_async_jam(jam)
        settings = self.jam.config.oauth2
        if settings is None or not settings.seal_keys:
            raise ValueError(
                "OAuth2Routes keeps the authorization request in a sealed cookie: configure "
                "[jam.oauth2] with seal_key (jam.oauth2.generate_seal_key() makes one)"
            )
        configured = sorted(settings.providers)
        chosen = configured if providers is None else list(providers)
        unknown = sorted(set(chosen) - set(configured))
        if unknown or not chosen:
            raise ValueError(
                f"OAuth2Routes: unknown or no provider(s) {unknown or chosen}; "
                f"configured: {', '.join(configured) or 'none'}"
            )
        if prefix and (local_path(prefix, "") != prefix or prefix.endswith("/") or "?" in prefix):
            raise ValueError(f"invalid prefix {prefix!r}: a path such as '/oauth', or ''")
        if local_path(after_login, "") != after_login:
            raise ValueError(f"after_login must be a path on this site, not {after_login!r}")
        self.providers = frozenset(chosen)
        self.prefix = prefix
        self.after_login = after_login
        self.cookie = CookiePolicy(
            name=cookie_name,
            path=f"{prefix}/callback",
            max_age=settings.max_age,
            allow_insecure_loopback=allow_insecure_loopback,
        )
        self.on_login = on_login
        self.on_error = on_error or default_error_page
        self.routes = [
            Route(f"{prefix}/login/{{provider}}", self.login, methods=["GET"]),
            Route(
                f"{prefix}/callback/{{provider}}",
                self.callback,
                methods=["GET"],
                middleware=[Middleware(_ClearsFlowCookie, cookie=self.cookie)],
            ),
        ]

    def login_path(self, provider: str, next_path: str | None = None) -> str:
        """Return the path that starts a login with ``provider`` (for a button or link).

        Raises:
            ValueError: ``provider`` is not served by these routes.
        """
        if provider not in self.providers:
            raise ValueError(f"provider {provider!r} is not served by these routes")
        path = f"{self.prefix}/login/{provider}"
        if next_path is not None and local_path(next_path, "") == next_path:
            path += "?next=" + quote(next_path, safe="/")
        return path

    async def _fail(self, request: Request, found: OAuth2Failure) -> Response:
        return await self.on_error(request, found)

    async def login(self, request: Request) -> Response:
        """``GET {prefix}/login/{provider}``: start the flow, send the browser to the provider."""
        provider = request.path_params["provider"]
        if provider not in self.providers:
            return await self._fail(request, failure("unknown_provider"))
        next_path = local_path(request.query_params.get("next"), self.after_login)
        try:
            flow = await self.jam.oauth2_begin(provider)
            value = pack_cookie(flow.seal(), next_path)
        except Exception as err:
            found = failure_of(err, provider)
            if found is None:
                raise
            logger.warning("OAuth2 login with %s not started: %s", provider, type(err).__name__)
            return await self._fail(request, found)
        response = RedirectResponse(flow.url, status_code=302)
        response.headers["Cache-Control"] = "no-store"
        response.headers.append(
            "Set-Cookie", set_cookie_header(self.cookie, value, request.scope).decode("latin-1")
        )
        return response

    async def callback(self, request: Request) -> Response:
        """``GET {prefix}/callback/{provider}``: complete the flow and log the browser in."""
        provider = request.path_params["provider"]
        if provider not in self.providers:
            return await self._fail(request, failure("unknown_provider"))
        presented = cookie_value(header_values(request.scope, b"cookie"), self.cookie.name)
        unpacked = None
        if isinstance(presented, Bearer):
            unpacked = unpack_cookie(presented.value, self.after_login)
        if unpacked is None:
            logger.info("OAuth2 callback from %s without a flow cookie", provider)
            return await self._fail(request, failure("no_request", provider))
        sealed, next_path = unpacked
        try:
            token = await self.jam.oauth2_complete(provider, sealed, str(request.url))
            if not token.access_token:
                return await self._fail(request, failure("provider", provider))
            profile = await self.jam.oauth2_userinfo(provider, token.access_token)
            identity = identity_of(provider, token, profile, next_path)
        except Exception as err:
            found = failure_of(err, provider)
            if found is None:
                raise
            logger.warning("OAuth2 login with %s refused: %s", provider, type(err).__name__)
            return await self._fail(request, found)
        return await self._log_in(request, identity)

    async def _log_in(self, request: Request, identity: OAuth2Identity) -> Response:
        decision = await self.on_login(request, identity)
        if isinstance(decision, Response):
            return decision
        if decision is None:
            logger.info("OAuth2 login with %s refused by the application", identity.provider)
            return await self._fail(request, failure("refused", identity.provider))
        login = LoginAs(decision) if isinstance(decision, str) else decision
        try:
            await session_of(request).login(login.identity, scopes=login.scopes, data=login.data)
        except Exception as err:
            found = failure_of(err, identity.provider)
            if found is None:
                raise
            logger.warning("OAuth2 login: the session store failed: %s", type(err).__name__)
            return await self._fail(request, found)
        target = identity.next_path
        if login.next_path is not None:
            target = local_path(login.next_path, identity.next_path)
        return RedirectResponse(target, status_code=303)
