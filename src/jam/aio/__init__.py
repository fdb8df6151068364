"""The asyncio facade: `Jam`, the twin of `jam.Jam`, built from the same methods.

Same constructor, configuration and methods as `jam.Jam` (they are
literally the same method definitions, ``src/jam/_facade/``); the engines are
the asyncio ones, so storage (sessions, the JWT black/white list, the OTP
replay list) runs on each backend's asyncio flavour and the event loop never
blocks on it. Close it with `Jam.aclose` or ``async with``. See
``docs/async.md``.

Example:
    >>> from jam.aio import Jam
    >>> async with Jam(config={"session": {"backend": "memory"}}) as jam:
    ...     sid = await jam.session_create("alice", {"role": "admin"})
    ...     await jam.session_get(sid)
    {'role': 'admin'}
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn

from jam._awaitables import ReadyDict, ReadyStr
from jam._facade._core import AsyncMode
from jam._facade._jwt import JWTMethods
from jam._facade._oauth2 import OAuth2Methods
from jam._facade._otp import OTPMethods
from jam._facade._sessions import SessionMethods
from jam.exceptions import JamConfigError

if TYPE_CHECKING:
    from types import TracebackType

    from jam.jwt import AsyncJWTEngine
    from jam.oauth2 import AsyncOAuth2Engine
    from jam.otp import AsyncOTPEngine
    from jam.sessions import AsyncSessionEngine

__all__ = ["Jam"]

_PENDING_CLOSES: set[asyncio.Task[None]] = set()
"""Cleanup tasks of facades whose build failed inside a running loop (kept alive until done)."""

_USE_ACLOSE = (
    "jam.aio.Jam holds asyncio backends that only an event loop can close: use "
    "`await jam.aclose()` or `async with jam.aio.Jam(...) as jam:`"
)


class Jam(
    JWTMethods[AsyncMode],
    SessionMethods[AsyncMode],
    OTPMethods[AsyncMode],
    OAuth2Methods[AsyncMode],
):
    """Asyncio twin of `jam.Jam` for sessions, JWT, one-time passwords and OAuth2.

    Building it (plugins, configuration, keys, opening backends) is
    synchronous and happens once at startup. After that the rule is: **a
    method returns an awaitable when some configuration makes it touch a
    backend**, whatever this instance's configuration is, so the API never
    changes with the TOML: every ``session_*`` method, ``jwt_create_token``,
    ``jwt_verify_token``, ``jwt_revoke_token``, ``otp_verify_code``,
    ``otp_verify_counter``, ``otp_check_code``, every ``oauth2_*`` method (HTTP)
    and their deprecated aliases.
    These awaitables refuse ``bool()``, so a forgotten ``await`` in
    ``if auth.otp_verify_code(...):`` raises instead of accepting.

    ``otp_code``, ``otp_uri`` and ``otp_generate_secret`` are plain methods;
    ``jwt_make_payload`` (and the aliases ``make_payload``, ``get_otp_code``,
    ``get_otp_uri``, coroutines in jamlib) return their value, which may also
    be awaited.

    `close` refuses (raises) while asyncio backends are open: use
    `aclose` or ``async with``.
    """

    __module__ = "jam.aio"

    asynchronous: ClassVar[bool] = True

    jwt: AsyncJWTEngine | None
    """The asyncio JWT engine (``[jam.jwt]``), or ``None``: `jam.jwt.AsyncJWTEngine`."""
    sessions: AsyncSessionEngine | None
    """The asyncio session engine, or ``None``: `jam.sessions.AsyncSessionEngine`."""
    otp: AsyncOTPEngine | None
    """The asyncio one-time-password engine, or ``None``: `jam.otp.AsyncOTPEngine`."""
    oauth2: AsyncOAuth2Engine | None
    """The asyncio OAuth2 engine, or ``None``: `jam.oauth2.AsyncOAuth2Engine`."""

    def _ready_dict(self, value: dict[str, Any]) -> ReadyDict:
        return ReadyDict(value)

    def _ready_str(self, value: str) -> ReadyStr:
        return ReadyStr(value)

    # -- lifecycle ---------------------------------------------------------------------------

    def _abandon(self) -> None:
        """Close what a failed build opened (on the running loop, or a new one)."""
        engines, self._engines = self._engines, []
        if not engines:
            return

        async def close_all() -> None:
            for engine in engines:
                with contextlib.suppress(Exception):
                    await engine.close()

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            asyncio.run(close_all())
            return
        task = loop.create_task(close_all())
        _PENDING_CLOSES.add(task)
        task.add_done_callback(_PENDING_CLOSES.discard)

    async def aclose(self) -> None:
        """Close every backend: session store, token list, OTP replay list. Idempotent.

        Every backend is closed even when one fails; the first failure is then raised.
        """
        engines, self._engines = self._engines, []
        failures: list[Exception] = []
        for engine in engines:
            try:
                await engine.close()
            except Exception as err:  # close the rest, then re-raise the first
                failures.append(err)
        if failures:
            raise failures[0]

    def close(self) -> None:
        """Refuse while asyncio backends are open; otherwise there is nothing to close.

        Raises:
            JamConfigError: A backend is still open; use `aclose`
                (nothing is closed then). After `aclose` this is a no-op.
        """
        if any(_holds_backend(engine) for engine in self._engines):
            raise JamConfigError(_USE_ACLOSE)
        self._engines = []

    def __enter__(self) -> NoReturn:
        """Refuse ``with``: the asyncio facade is closed with ``async with``.

        Raises:
            JamConfigError: Always.
        """
        raise JamConfigError("use `async with jam.aio.Jam(...)`, not `with`")

    def __exit__(self, *exc: object) -> None:  # pragma: no cover  (``__enter__`` refuses)
        """Never reached: ``with`` is refused on entry."""

    async def __aenter__(self) -> Jam:
        """Use as ``async with Jam(...) as jam:``; closes every backend on exit."""
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close every backend."""
        await self.aclose()


def _holds_backend(engine: Any) -> bool:
    """True when closing ``engine`` needs the event loop (it has a store, list or replay list)."""
    return any(
        getattr(engine, name, None) is not None for name in ("listing", "store", "replay", "http")
    )
