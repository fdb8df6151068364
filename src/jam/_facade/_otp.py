"""The ``otp_*`` methods of both facades, written once.

Each method delegates to ``self.otp``: a `jam.otp.OTPEngine` on
`jam.Jam`, an `jam.otp.AsyncOTPEngine` on `jam.aio.Jam`,
whose verification methods return awaitables (replay protection may touch a
backend). Codes, URIs and secrets are pure computation and plain methods on
both; see ``docs/otp.md``.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, overload

from jam._facade._core import (
    AsyncMode,
    FacadeCore,
    ModeT,
    SyncMode,
    deprecated_alias,
    warn_deprecated,
)

if TYPE_CHECKING:
    from jam._awaitables import ReadyStr
    from jam.otp import AsyncOTPEngine, OTPEngine, OTPSecret

__all__ = ["OTPMethods"]


class OTPMethods(FacadeCore[ModeT]):
    """``otp_*`` methods, available when the configuration has ``[jam.otp]``."""

    otp: OTPEngine | AsyncOTPEngine | None
    """The one-time-password engine (``[jam.otp]``), or ``None``."""

    def _otp(self, method: str) -> Any:
        engine = self.otp
        if engine is None:
            raise self._missing("jam.otp", method)
        return engine

    def _ready_str(self, value: str) -> Any:
        """The facade's way to return a computed str (awaitable too on ``jam.aio.Jam``)."""
        return value

    def otp_code(self, secret: OTPSecret, factor: int | None = None) -> str:
        """Return the code for ``factor``.

        Args:
            secret: Base32 text (any case, padding optional) or raw bytes.
            factor: TOTP: a unix time (default now). HOTP: the counter (required).

        Raises:
            OTPError: A malformed secret, or HOTP without a counter.
            WeakSecret: The secret is too weak (see ``allow_weak_secrets``).
        """
        return self._otp("otp_code").code(secret, factor)  # type: ignore[no-any-return]

    def otp_uri(
        self,
        secret: OTPSecret,
        name: str | None = None,
        issuer: str | None = None,
        counter: int | None = None,
    ) -> str:
        """Return an ``otpauth://`` URI for authenticator apps (Key Uri Format).

        Args:
            secret: The shared secret.
            name: Account name shown in the app, for example ``alice@example.com``.
            issuer: Shown above the account; defaults to ``[jam.otp] issuer``.
            counter: HOTP only, and required there: the initial counter.

        Raises:
            OTPError: HOTP without ``counter``, neither name nor issuer, or a ``:`` in either.
        """
        return self._otp("otp_uri").uri(secret, name, issuer, counter)  # type: ignore[no-any-return]

    @staticmethod
    def otp_generate_secret() -> str:
        """Return a new random secret: 160 bits as base32 text (`jam.otp.generate_secret`)."""
        from jam.otp import generate_secret

        return generate_secret()

    @overload
    def otp_verify_code(
        self: OTPMethods[SyncMode],
        secret: OTPSecret,
        code: str,
        factor: int | None = None,
        look_ahead: int = 1,
    ) -> bool: ...
    @overload
    def otp_verify_code(
        self: OTPMethods[AsyncMode],
        secret: OTPSecret,
        code: str,
        factor: int | None = None,
        look_ahead: int = 1,
    ) -> Awaitable[bool]: ...
    def otp_verify_code(
        self, secret: OTPSecret, code: str, factor: int | None = None, look_ahead: int = 1
    ) -> Any:
        """Return True when ``code`` is valid (constant-time; malformed codes are False).

        On `jam.aio.Jam` this returns an awaitable that refuses
        ``bool()``: ``if auth.otp_verify_code(secret, code):`` without
        ``await`` raises ``TypeError`` instead of accepting every code.

        Args:
            secret: The shared secret.
            code: What the user typed; anything but ``digits`` ASCII digits is False.
            factor: TOTP: a unix time (default now). HOTP: the next expected counter.
            look_ahead: TOTP accepts +/- this many steps; HOTP accepts counters
                ``factor .. factor + look_ahead``. 0 is exact; at most
                ``[jam.otp] max_look_ahead``.

        With ``replay_protection = true`` a code is accepted once: a second
        use returns False, whatever window the second call uses.

        Raises:
            OTPError: Bad secret, factor or look_ahead (application errors, never the code).
            BackendError: The replay backend failed; the code was not accepted.
        """
        return self._otp("otp_verify_code").verify(secret, code, factor, look_ahead)

    @overload
    def otp_verify_counter(
        self: OTPMethods[SyncMode],
        secret: OTPSecret,
        code: str,
        factor: int | None = None,
        look_ahead: int = 1,
    ) -> int | None: ...
    @overload
    def otp_verify_counter(
        self: OTPMethods[AsyncMode],
        secret: OTPSecret,
        code: str,
        factor: int | None = None,
        look_ahead: int = 1,
    ) -> Awaitable[int | None]: ...
    def otp_verify_counter(
        self, secret: OTPSecret, code: str, factor: int | None = None, look_ahead: int = 1
    ) -> Any:
        """Like `otp_verify_code`, returning the counter (or TOTP step) that matched.

        HOTP callers resynchronise by storing ``result + 1`` as the user's next
        counter. Returns ``None`` when the code is not accepted.
        """
        return self._otp("otp_verify_counter").verify_counter(secret, code, factor, look_ahead)

    @overload
    def otp_check_code(
        self: OTPMethods[SyncMode],
        secret: OTPSecret,
        code: str,
        factor: int | None = None,
        look_ahead: int = 1,
    ) -> int: ...
    @overload
    def otp_check_code(
        self: OTPMethods[AsyncMode],
        secret: OTPSecret,
        code: str,
        factor: int | None = None,
        look_ahead: int = 1,
    ) -> Awaitable[int]: ...
    def otp_check_code(
        self, secret: OTPSecret, code: str, factor: int | None = None, look_ahead: int = 1
    ) -> Any:
        """Verify ``code`` and raise when it is not accepted, saying why.

        Returns:
            The counter (HOTP) or time step (TOTP) that matched.

        Raises:
            OTPReplayed: The code is right but was already used (replay protection).
            OTPError: The code is wrong, malformed or outside the window.
        """
        return self._otp("otp_check_code").check(secret, code, factor, look_ahead)

    # -- jamlib-era aliases ------------------------------------------------------------------

    verify_otp_code = deprecated_alias(otp_verify_code, "verify_otp_code")

    @overload
    def get_otp_code(
        self: OTPMethods[SyncMode], secret: OTPSecret, factor: int | None = None
    ) -> str: ...
    @overload
    def get_otp_code(
        self: OTPMethods[AsyncMode], secret: OTPSecret, factor: int | None = None
    ) -> ReadyStr: ...
    def get_otp_code(self, secret: OTPSecret, factor: int | None = None) -> Any:
        """Deprecated alias of `otp_code` (awaitable too on ``jam.aio.Jam``, as in jamlib)."""
        warn_deprecated("get_otp_code", "otp_code")
        return self._ready_str(self.otp_code(secret, factor))

    @overload
    def get_otp_uri(
        self: OTPMethods[SyncMode],
        secret: OTPSecret,
        name: str | None = None,
        issuer: str | None = None,
        counter: int | None = None,
    ) -> str: ...
    @overload
    def get_otp_uri(
        self: OTPMethods[AsyncMode],
        secret: OTPSecret,
        name: str | None = None,
        issuer: str | None = None,
        counter: int | None = None,
    ) -> ReadyStr: ...
    def get_otp_uri(
        self,
        secret: OTPSecret,
        name: str | None = None,
        issuer: str | None = None,
        counter: int | None = None,
    ) -> Any:
        """Deprecated alias of `otp_uri` (awaitable too on ``jam.aio.Jam``, as in jamlib)."""
        warn_deprecated("get_otp_uri", "otp_uri")
        return self._ready_str(self.otp_uri(secret, name, issuer, counter))
