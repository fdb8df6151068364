"""The one-time-password part of the facade: ``otp_*`` methods and their aliases."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jam._facade._base import JamBase, deprecated

if TYPE_CHECKING:
    from jam.otp import OTPEngine, OTPSecret

__all__ = ["OTPMixin"]


class OTPMixin(JamBase):
    """``otp_*`` methods, available when the configuration has ``[jam.otp]``."""

    _otp: OTPEngine | None = None

    def _build(self) -> None:
        super()._build()
        settings = self.config.otp
        if settings is None:
            return
        from jam.otp import build_engine  # noqa: PLC0415  (only with [otp])

        self._otp = build_engine(settings, self.registry)
        self._closers.append(self._otp.close)

    def _otp_engine(self, method: str) -> OTPEngine:
        if self._otp is None:
            raise self._missing("jam.otp", method)
        return self._otp

    def otp_code(self, secret: OTPSecret, factor: int | None = None) -> str:
        """Return the current code (TOTP: ``factor`` is a unix time; HOTP: the counter)."""
        return self._otp_engine("otp_code").code(secret, factor)

    def otp_uri(
        self,
        secret: OTPSecret,
        name: str | None = None,
        issuer: str | None = None,
        counter: int | None = None,
    ) -> str:
        """Return an ``otpauth://`` URI for authenticator apps (Key Uri Format)."""
        return self._otp_engine("otp_uri").uri(secret, name, issuer, counter)

    def otp_verify_code(
        self, secret: OTPSecret, code: str, factor: int | None = None, look_ahead: int = 1
    ) -> bool:
        """Return True when ``code`` is valid (constant-time; bad input is False)."""
        return self._otp_engine("otp_verify_code").verify(secret, code, factor, look_ahead)

    # -- jamlib-era aliases ------------------------------------------------------------------

    def get_otp_code(self, secret: OTPSecret, factor: int | None = None) -> str:
        """Deprecated alias of :meth:`otp_code`."""
        deprecated("get_otp_code", "otp_code")
        return self.otp_code(secret, factor)

    def get_otp_uri(
        self,
        secret: OTPSecret,
        name: str | None = None,
        issuer: str | None = None,
        counter: int | None = None,
    ) -> str:
        """Deprecated alias of :meth:`otp_uri`."""
        deprecated("get_otp_uri", "otp_uri")
        return self.otp_uri(secret, name, issuer, counter)

    def verify_otp_code(
        self, secret: OTPSecret, code: str, factor: int | None = None, look_ahead: int = 1
    ) -> bool:
        """Deprecated alias of :meth:`otp_verify_code`."""
        deprecated("verify_otp_code", "otp_verify_code")
        return self.otp_verify_code(secret, code, factor, look_ahead)
