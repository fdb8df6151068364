"""``JamPlugin``: install Jam in a Litestar application in one line.

``on_app_init`` adds :class:`jam_litestar.JamMiddleware` (outermost), the
dependencies ``jam_user`` (the authenticated user, or 401/503),
``jam_optional_user`` and ``jam_session``, and an exception handler that
answers :class:`jam.BackendError` (a store or list outage) with 503 and
``Retry-After``: never 401, never authenticated.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.plugins import InitPluginProtocol
from litestar.response import Response

from jam.exceptions import BackendError
from jam.web import (
    AnonymousUser,
    CookiePolicy,
    JamUser,
    SessionView,
    TokenSource,
    require_async_jam,
    unavailable,
)
from jam.web import AsyncAuthenticator as Authenticator
from jam.web import AsyncSessionHandle as SessionHandle
from jam_litestar._guards import current_user, optional_user, session_dependency
from jam_litestar._middleware import JamMiddleware

if TYPE_CHECKING:
    from litestar.config.app import AppConfig
    from litestar.connection import Request

__all__ = ["JamPlugin"]

logger = logging.getLogger("jam_litestar")


def _outage(_: Request[Any, Any, Any], error: Exception) -> Response[dict[str, str]]:
    logger.warning("Jam backend unavailable: %s", type(error).__name__)
    answer = unavailable()
    return Response({"detail": answer.detail}, status_code=answer.status, headers=answer.headers)


class JamPlugin(InitPluginProtocol):
    """Jam for Litestar: JWT and session authentication on the asyncio facade.

    Example:
        >>> import jam.aio
        >>> from litestar import Litestar
        >>> auth = jam.aio.Jam(config="pyproject.toml")  # your [tool.jam] configuration
        >>> app = Litestar(plugins=[JamPlugin(auth)])
    """

    def __init__(
        self,
        jam: object,
        *,
        tokens: TokenSource | None = None,
        cookie: CookiePolicy | None = None,
        credentials: Sequence[Literal["jwt", "session"]] | None = None,
    ) -> None:
        """Configure which credentials authenticate and where they travel.

        Args:
            jam: A :class:`jam.aio.Jam` built from your usual Jam configuration.
            tokens: Where JWTs are read (default: ``Authorization: Bearer`` only).
            cookie: The session cookie (default: ``jam_session``,
                ``HttpOnly; Secure; SameSite=Lax``, ``Path=/``).
            credentials: ``"jwt"`` and/or ``"session"`` (default: those Jam's
                configuration has a table for).

        Raises:
            TypeError: ``jam`` is not a :class:`jam.aio.Jam`.
            ValueError: Nothing would authenticate, or a credential is asked for
                that Jam's configuration has no table for.
        """
        facade = require_async_jam(jam, "jam_litestar")
        wanted = (
            ("jwt",) * (facade.jwt is not None) + ("session",) * (facade.sessions is not None)
            if credentials is None
            else tuple(credentials)
        )
        for name in wanted:
            if name not in ("jwt", "session"):
                raise ValueError(f"unknown credential {name!r}: use 'jwt' and/or 'session'")
        self.jam = facade
        self.cookie = cookie or CookiePolicy()
        self.authenticator = Authenticator(
            facade,
            tokens=(tokens or TokenSource()) if "jwt" in wanted else None,
            sessions="session" in wanted,
            integration="jam_litestar",
        )

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        """Add the middleware, dependencies and outage handler to the application."""
        app_config.middleware.insert(
            0, DefineMiddleware(JamMiddleware, authenticator=self.authenticator, cookie=self.cookie)
        )
        app_config.dependencies.update(
            {
                "jam_user": Provide(current_user),
                "jam_optional_user": Provide(optional_user),
                "jam_session": Provide(session_dependency),
            }
        )
        app_config.exception_handlers.setdefault(BackendError, _outage)
        app_config.signature_namespace.update(
            {
                "JamUser": JamUser,
                "AnonymousUser": AnonymousUser,
                "SessionHandle": SessionHandle,
                "SessionView": SessionView,
            }
        )
        return app_config
