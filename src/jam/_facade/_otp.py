"""The one-time-password part of the facade: ``otp_*`` methods and their aliases.

Each method forwards to the :class:`jam.otp.OTPEngine` built from ``[jam.otp]``
when the facade is constructed; see ``docs/otp.md`` for the user guide.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jam._facade._base import JamBase, deprecated

if TYPE_CHECKING:
    from jam.otp import OTPEngine, OTPSecret

__all__ = ["OTPCodesMixin", "OTPMixin"]


class OTPCodesMixin(JamBase):
    """The OTP methods that never touch a backend, shared by :class:`jam.Jam` and ``jam.aio.Jam``.

    Codes, URIs and secrets are pure computation, so they are plain methods on
    both facades; the host class builds ``_otp``.
    """

    _otp: OTPEngine | None = None

    def _otp_engine(self, method: str) -> OTPEngine:
        if self._otp is None:
            raise self._missing("jam.otp", method)
        return self._otp

    def otp_code(self, secret: OTPSecret, factor: int | None = None) -> str:
        """Return the code for ``factor``.

        Args:
            secret: Base32 text (any case, padding optional) or raw bytes.
            factor: TOTP: a unix time (default now). HOTP: the counter (required).

        Raises:
            OTPError: A malformed secret, or HOTP without a counter.
            WeakSecret: The secret has fewer than 128 bits (see ``allow_weak_secrets``).
        """
        return self._otp_engine("otp_code").code(secret, factor)

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
        return self._otp_engine("otp_uri").uri(secret, name, issuer, counter)

    @staticmethod
    def otp_generate_secret() -> str:
        """Return a new random secret: 160 bits as base32 text (:func:`jam.otp.generate_secret`)."""
        from jam.otp import generate_secret

        return generate_secret()

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


class OTPMixin(OTPCodesMixin):
    """``otp_*`` methods, available when the configuration has ``[jam.otp]``."""

    def _build(self) -> None:
        super()._build()
        settings = self.config.otp
        if settings is None:
            return
        from jam.otp import build_engine

        self._otp = build_engine(settings, self.registry)
        self._closers.append(self._otp.close)

    def otp_verify_code(
        self, secret: OTPSecret, code: str, factor: int | None = None, look_ahead: int = 1
    ) -> bool:
        """Return True when ``code`` is valid (constant-time; malformed codes are False).

        Args:
            secret: The shared secret.
            code: What the user typed; anything but ``digits`` ASCII digits is False.
            factor: TOTP: a unix time (default now). HOTP: the next expected counter.
            look_ahead: TOTP accepts +/- this many steps; HOTP accepts counters
                ``factor .. factor + look_ahead``. 0 is exact.

        With ``replay_protection = true`` a code is accepted once: a second
        use within its window returns False.

        Raises:
            OTPError: Bad secret or factor (application errors, never the code).
            BackendError: The replay backend failed; the code was not accepted.
        """
        return self._otp_engine("otp_verify_code").verify(secret, code, factor, look_ahead)

    def otp_verify_counter(
        self, secret: OTPSecret, code: str, factor: int | None = None, look_ahead: int = 1
    ) -> int | None:
        """Like :meth:`otp_verify_code`, returning the counter (or TOTP step) that matched.

        HOTP callers resynchronise by storing ``result + 1`` as the user's next
        counter. Returns ``None`` when the code is not accepted.
        """
        engine = self._otp_engine("otp_verify_counter")
        return engine.verify_counter(secret, code, factor, look_ahead)

    def otp_check_code(
        self, secret: OTPSecret, code: str, factor: int | None = None, look_ahead: int = 1
    ) -> int:
        """Verify ``code`` and raise when it is not accepted, saying why.

        Returns:
            The counter (HOTP) or time step (TOTP) that matched.

        Raises:
            OTPReplayed: The code is right but was already used (replay protection).
            OTPError: The code is wrong, malformed or outside the window.
        """
        return self._otp_engine("otp_check_code").check(secret, code, factor, look_ahead)

    # -- jamlib-era aliases ------------------------------------------------------------------

    def verify_otp_code(
        self, secret: OTPSecret, code: str, factor: int | None = None, look_ahead: int = 1
    ) -> bool:
        """Deprecated alias of :meth:`otp_verify_code`."""
        deprecated("verify_otp_code", "otp_verify_code")
        return self.otp_verify_code(secret, code, factor, look_ahead)
