"""The asyncio facade: :class:`Jam`, the twin of :class:`jam.Jam` for sessions, JWT and OTP.

Same constructor and configuration as :class:`jam.Jam`; storage (sessions,
the JWT black/white list, the OTP replay list) runs on the configured
backend's asyncio flavour, so the event loop never blocks on it. Close it
with :meth:`Jam.aclose` or ``async with``. See ``docs/async.md``.

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
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, NoReturn

from jam._facade._base import deprecated
from jam._facade._jwt import PayloadMixin
from jam._facade._otp import OTPCodesMixin
from jam.exceptions import JamConfigError

if TYPE_CHECKING:
    from types import TracebackType

    from jam.jwt import AsyncJWTEngine
    from jam.otp import OTPSecret
    from jam.protocols import AsyncTokenList
    from jam.sessions import AsyncSessionEngine

__all__ = ["Jam"]

_PENDING_CLOSES: set[asyncio.Task[None]] = set()
"""Cleanup tasks of facades whose build failed inside a running loop (kept alive until done)."""

_USE_ACLOSE = (
    "jam.aio.Jam holds asyncio backends that only an event loop can close: use "
    "`await jam.aclose()` or `async with jam.aio.Jam(...) as jam:`"
)


class Jam(PayloadMixin, OTPCodesMixin):
    """Asyncio twin of :class:`jam.Jam` for sessions, JWT and one-time passwords.

    Building it (plugins, configuration, keys, opening backends) is
    synchronous and happens once at startup. After that the rule is: **a
    method is a coroutine when some configuration makes it touch a backend**,
    whatever this instance's configuration is, so the API never changes with
    the TOML. Coroutines: every ``session_*`` method, ``jwt_create_token``
    (a white list stores new tokens), ``jwt_verify_token`` and
    ``jwt_revoke_token`` (the list), ``otp_verify_code``,
    ``otp_verify_counter`` and ``otp_check_code`` (replay protection), and
    their deprecated aliases. Plain methods (pure CPU, never I/O):
    ``jwt_make_payload``, ``otp_code``, ``otp_uri``, ``otp_generate_secret``
    and their aliases, and the ``jwt_list`` property.

    :meth:`close` refuses (raises) while asyncio backends are open: use
    :meth:`aclose` or ``async with``.
    """

    _sessions: AsyncSessionEngine | None = None
    _jwt: AsyncJWTEngine | None = None

    def _build(self) -> None:
        self._aclosers: list[Callable[[], Awaitable[None]]] = []
        super()._build()
        config, registry = self.config, self.registry
        if config.session is not None:
            from jam.sessions import build_async_engine  # only with [session]

            self._sessions = build_async_engine(config.session, registry)
            self._aclosers.append(self._sessions.close)
        if config.jwt is not None:
            from jam._backends import build_token_list
            from jam.jwt import AsyncJWTEngine

            listing, token_list = config.jwt.token_list, None
            if listing is not None:
                token_list = build_token_list(
                    registry, listing.backend, listing, "jam.jwt.list", asynchronous=True
                )
                self._aclosers.append(token_list.close)
            self._jwt = AsyncJWTEngine(config.jwt, registry, token_list)
        if config.otp is not None:
            from jam.otp import build_engine

            self._otp = build_engine(config.otp, registry, asynchronous=True)
            if self._otp.replay is not None:
                self._aclosers.append(self._otp.aclose)
            else:
                self._closers.append(self._otp.close)  # no I/O: only forgets cached keys

    # -- sessions --------------------------------------------------------------------------

    def _session_engine(self, method: str) -> AsyncSessionEngine:
        if self._sessions is None:
            raise self._missing("jam.session", method)
        return self._sessions

    async def session_create(self, session_key: str, data: Mapping[str, Any]) -> str:
        """Create a session for ``session_key`` and return its opaque id.

        Raises:
            SessionDataError: ``data`` is not JSON-serialisable (nothing written).
            BackendError: The store failed.
        """
        return await self._session_engine("session_create").create(session_key, data)

    async def session_get(self, session_id: str) -> dict[str, Any] | None:
        """Return the session's data, or ``None`` for an unknown/expired/forged id.

        Raises:
            BackendError: The store could not be reached (never reported as ``None``).
        """
        return await self._session_engine("session_get").get(session_id)

    async def session_update(self, session_id: str, data: Mapping[str, Any]) -> None:
        """Replace the session's data.

        Raises:
            SessionNotFound: No such live session.
            SessionDataError: ``data`` is not JSON-serialisable.
        """
        await self._session_engine("session_update").update(session_id, data)

    async def session_delete(self, session_id: str) -> None:
        """Delete one session (a missing id is not an error)."""
        await self._session_engine("session_delete").delete(session_id)

    async def session_clear(self, session_key: str) -> int:
        """Delete every session of ``session_key``; return how many were deleted."""
        return await self._session_engine("session_clear").clear(session_key)

    async def session_rework(self, old_session_id: str) -> str:
        """Atomically replace a session's id (same key and data); return the new id.

        Raises:
            SessionNotFound: No such live session.
        """
        return await self._session_engine("session_rework").rework(old_session_id)

    async def session_list(self, session_key: str) -> list[str]:
        """Return the ids of every live session of ``session_key``."""
        return await self._session_engine("session_list").list(session_key)

    # -- JWT -------------------------------------------------------------------------------

    def _jwt_engine(self, method: str) -> AsyncJWTEngine:
        if self._jwt is None:
            raise self._missing("jam.jwt", method)
        return self._jwt

    @property
    def jwt_list(self) -> AsyncTokenList | None:
        """The configured asyncio token-list backend (``[jam.jwt.list]``), or ``None``."""
        policy = self._jwt_engine("jwt_list").policy
        return policy.backend if policy is not None else None

    async def jwt_create_token(self, payload: Mapping[str, Any]) -> str:
        """Sign ``payload`` and return a compact JWS; a white list remembers the token.

        Raises:
            EmptyPrivateKey: Only a public key is configured.
            InvalidPayload: The payload cannot be serialised as JSON.
            BackendError: The white list failed (no token is returned).
            JamConfigError: No ``[jam.jwt]`` table.
        """
        return await self._jwt_engine("jwt_create_token").create(payload)

    async def jwt_verify_token(
        self, token: str | bytes, check_exp: bool = True, check_list: bool = True
    ) -> dict[str, Any]:
        """Verify a token and return its claims; raise on any failure.

        Same checks as :meth:`jam.Jam.jwt_verify_token`; the list is awaited.

        Raises:
            TokenError: A subclass naming the failure (also a ``ValueError``).
            BackendError: The list could not be consulted.
            JamConfigError: No ``[jam.jwt]`` table.
        """
        engine = self._jwt_engine("jwt_verify_token")
        return await engine.verify(token, check_exp, check_list)

    async def jwt_revoke_token(self, token: str | bytes) -> None:
        """Revoke a token: a black list adds it, a white list removes it.

        The signature must verify; an expired token is accepted (nothing is stored).

        Raises:
            JamConfigError: No ``[jam.jwt]`` or no ``[jam.jwt.list]`` table.
            TokenError: The token does not verify.
            BackendError: The list failed.
        """
        await self._jwt_engine("jwt_revoke_token").revoke(token)

    # -- one-time passwords ----------------------------------------------------------------

    async def otp_verify_code(
        self, secret: OTPSecret, code: str, factor: int | None = None, look_ahead: int = 1
    ) -> bool:
        """Return True when ``code`` is valid (and, with replay protection, unused).

        Arguments as in :meth:`jam.Jam.otp_verify_code`; the replay list is awaited.

        Raises:
            OTPError: Bad secret or factor (application errors, never the code).
            BackendError: The replay backend failed; the code was not accepted.
        """
        engine = self._otp_engine("otp_verify_code")
        return await engine.averify(secret, code, factor, look_ahead)

    async def otp_verify_counter(
        self, secret: OTPSecret, code: str, factor: int | None = None, look_ahead: int = 1
    ) -> int | None:
        """Like :meth:`otp_verify_code`, returning the counter (or TOTP step) that matched."""
        engine = self._otp_engine("otp_verify_counter")
        return await engine.averify_counter(secret, code, factor, look_ahead)

    async def otp_check_code(
        self, secret: OTPSecret, code: str, factor: int | None = None, look_ahead: int = 1
    ) -> int:
        """Verify ``code``; return the matched counter/step, or raise saying why.

        Raises:
            OTPReplayed: The code is right but was already used.
            OTPError: The code is wrong, malformed or outside the window.
        """
        engine = self._otp_engine("otp_check_code")
        return await engine.acheck(secret, code, factor, look_ahead)

    # -- jamlib-era aliases ------------------------------------------------------------------

    async def create_session(self, session_key: str, data: Mapping[str, Any]) -> str:
        """Deprecated alias of :meth:`session_create`."""
        deprecated("create_session", "session_create")
        return await self.session_create(session_key, data)

    async def get_session(self, session_id: str) -> dict[str, Any] | None:
        """Deprecated alias of :meth:`session_get`."""
        deprecated("get_session", "session_get")
        return await self.session_get(session_id)

    async def update_session(self, session_id: str, data: Mapping[str, Any]) -> None:
        """Deprecated alias of :meth:`session_update`."""
        deprecated("update_session", "session_update")
        await self.session_update(session_id, data)

    async def delete_session(self, session_id: str) -> None:
        """Deprecated alias of :meth:`session_delete`."""
        deprecated("delete_session", "session_delete")
        await self.session_delete(session_id)

    async def clear_sessions(self, session_key: str) -> int:
        """Deprecated alias of :meth:`session_clear`."""
        deprecated("clear_sessions", "session_clear")
        return await self.session_clear(session_key)

    async def rework_session(self, old_session_id: str) -> str:
        """Deprecated alias of :meth:`session_rework`."""
        deprecated("rework_session", "session_rework")
        return await self.session_rework(old_session_id)

    async def gen_jwt_token(self, payload: Mapping[str, Any]) -> str:
        """Deprecated alias of :meth:`jwt_create_token`."""
        deprecated("gen_jwt_token", "jwt_create_token")
        return await self.jwt_create_token(payload)

    async def verify_jwt_token(
        self, token: str | bytes, check_exp: bool = True, check_list: bool = True
    ) -> dict[str, Any]:
        """Deprecated alias of :meth:`jwt_verify_token`."""
        deprecated("verify_jwt_token", "jwt_verify_token")
        return await self.jwt_verify_token(token, check_exp, check_list)

    async def verify_otp_code(
        self, secret: OTPSecret, code: str, factor: int | None = None, look_ahead: int = 1
    ) -> bool:
        """Deprecated alias of :meth:`otp_verify_code`."""
        deprecated("verify_otp_code", "otp_verify_code")
        return await self.otp_verify_code(secret, code, factor, look_ahead)

    # -- lifecycle ---------------------------------------------------------------------------

    def _abandon(self) -> None:
        """Close what a failed build opened, sync and asyncio, keeping the build error."""
        aclosers, self._aclosers = getattr(self, "_aclosers", []), []
        super()._abandon()
        if not aclosers:
            return

        async def close_all() -> None:
            for aclose in aclosers:
                with contextlib.suppress(Exception):
                    await aclose()

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
        aclosers, self._aclosers = self._aclosers, []
        failures: list[BaseException] = []
        for aclose in aclosers:
            try:
                await aclose()
            except Exception as err:  # close the rest, then re-raise the first
                failures.append(err)
        super().close()
        if failures:
            raise failures[0]

    def close(self) -> None:
        """Close what needs no event loop; refuse while asyncio backends are open.

        Raises:
            JamConfigError: Asyncio backends are still open; use :meth:`aclose`
                (nothing is closed then). After :meth:`aclose` this is a no-op.
        """
        if self._aclosers:
            raise JamConfigError(_USE_ACLOSE)
        super().close()

    def __enter__(self) -> NoReturn:
        """Refuse ``with``: the asyncio facade is closed with ``async with``.

        Raises:
            JamConfigError: Always.
        """
        raise JamConfigError("use `async with jam.aio.Jam(...)`, not `with`")

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
