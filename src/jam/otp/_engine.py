"""The OTP engine behind ``Jam.otp_*``: codes, verification, URIs, replay protection.

Built once per :class:`jam.Jam` from ``[jam.otp]`` by :func:`build_engine`;
nothing here dispatches a hook. Verification treats the code as hostile input:
anything but exactly ``digits`` ASCII digits is rejected before any HMAC is
computed, and candidates are compared with :func:`hmac.compare_digest`.
"""

from __future__ import annotations

import hmac
import math
import time
from typing import TYPE_CHECKING

from jam.exceptions import OTPError, OTPReplayed
from jam.otp._codes import MAX_COUNTER
from jam.otp._keys import KeyCache
from jam.otp._secret import encode_secret
from jam.otp._uri import build_uri

if TYPE_CHECKING:
    from jam.config import OTPSettings
    from jam.otp._replay import ReplayGuard
    from jam.otp._secret import OTPSecret

__all__ = ["MAX_LOOK_AHEAD", "OTPEngine"]

MAX_LOOK_AHEAD = 100
"""Largest window accepted by verification (a bigger one would weaken the codes)."""

_INVALID = "the one-time code is not valid"


class OTPEngine:
    """HOTP (RFC 4226) or TOTP (RFC 6238) with the parameters of ``[jam.otp]``.

    Attributes:
        type: ``"totp"`` or ``"hotp"``.
        digits: Code length (6-10).
        digest: HMAC digest name.
        interval: TOTP step in seconds.
        issuer: Default issuer for URIs.
        replay: The replay guard, or ``None`` when replay protection is off.

    Example:
        >>> from jam.config import OTPSettings
        >>> engine = OTPEngine(OTPSettings(type="hotp"))
        >>> engine.code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 0)
        '755224'
    """

    def __init__(self, settings: OTPSettings, replay: ReplayGuard | None = None) -> None:
        """Use ``settings``; ``replay`` (built by :func:`build_engine`) enables one-time use."""
        self.type = settings.type
        self.digits = settings.digits
        self.digest = settings.digest
        self.interval = settings.interval
        self.issuer = settings.issuer
        self.replay = replay
        self._allow_weak = settings.allow_weak_secrets
        self._hotp_ttl = settings.hotp_replay_ttl
        self._modulus = 10**settings.digits
        self._keys = KeyCache(
            settings.digest, allow_weak=settings.allow_weak_secrets, size=settings.key_cache_size
        )

    # -- codes and URIs ------------------------------------------------------------------

    def key(self, secret: OTPSecret) -> bytes:
        """Return the raw key of ``secret``, enforcing the minimum strength.

        Raises:
            OTPError: The secret is malformed.
            jam.exceptions.WeakSecret: Fewer than 128 bits and weak secrets not allowed.
        """
        return self._keys.get(secret)[0]

    def code(self, secret: OTPSecret, factor: int | None = None) -> str:
        """Return the code for ``factor`` (TOTP: unix time, default now; HOTP: the counter).

        Raises:
            OTPError: Bad secret, or HOTP without a counter, or a bad time/counter.
        """
        return self._code_at(self._keys.get(secret)[1], self._counter(factor))

    def uri(
        self,
        secret: OTPSecret,
        name: str | None = None,
        issuer: str | None = None,
        counter: int | None = None,
    ) -> str:
        """Return the ``otpauth://`` URI (Key Uri Format) for authenticator apps.

        Args:
            secret: The shared secret.
            name: Account name shown in the app (``alice@example.com``).
            issuer: Overrides the ``issuer`` of ``[jam.otp]``.
            counter: HOTP initial counter (required for HOTP).

        Raises:
            OTPError: See :func:`jam.otp._uri.build_uri`.
        """
        return build_uri(
            kind=self.type,
            secret_b32=encode_secret(self.key(secret)),
            name=name,
            issuer=issuer if issuer is not None else self.issuer,
            digest=self.digest,
            digits=self.digits,
            interval=self.interval,
            counter=counter,
        )

    # -- verification --------------------------------------------------------------------

    def verify(
        self, secret: OTPSecret, code: str, factor: int | None = None, look_ahead: int = 1
    ) -> bool:
        """Return True when ``code`` is valid (and, with replay protection, unused).

        Args:
            secret: The shared secret.
            code: What the user typed. Anything but ``digits`` ASCII digits is False.
            factor: TOTP: unix time (default now). HOTP: the next expected counter.
            look_ahead: TOTP accepts steps ``T - look_ahead .. T + look_ahead``;
                HOTP accepts counters ``factor .. factor + look_ahead``. 0 is exact.

        Raises:
            OTPError: Bad secret, or missing/invalid ``factor`` or ``look_ahead``
                (application errors; the code itself never raises).
            jam.exceptions.BackendError: The replay backend failed.
        """
        return self.verify_counter(secret, code, factor, look_ahead) is not None

    def verify_counter(
        self, secret: OTPSecret, code: str, factor: int | None = None, look_ahead: int = 1
    ) -> int | None:
        """Return the counter (HOTP) or time step (TOTP) ``code`` matched, or ``None``.

        HOTP callers store ``result + 1`` as the user's next counter to
        resynchronise. Arguments and errors as in :meth:`verify`.
        """
        key, proto, window, now = self._window(secret, factor, look_ahead)
        digits = self.digits
        if (
            code.__class__ is not str
            or len(code) != digits
            or not (code.isascii() and code.isdigit())
        ):
            return None
        # The hot path, inlined: per candidate one copy of the keyed HMAC and RFC 4226 5.3.
        modulus, replay = self._modulus, self.replay
        for counter in window:
            mac = proto.copy()
            mac.update(counter.to_bytes(8, "big"))
            out = mac.digest()
            offset = out[-1] & 0x0F
            value = (int.from_bytes(out[offset : offset + 4], "big") & 0x7FFFFFFF) % modulus
            if hmac.compare_digest(str(value).zfill(digits), code) and (
                replay is None or replay.claim(key, counter, self._ttl(counter, look_ahead, now))
            ):
                return counter
        return None

    def check(
        self, secret: OTPSecret, code: str, factor: int | None = None, look_ahead: int = 1
    ) -> int:
        """Like :meth:`verify_counter`, but raise on failure and say why.

        Returns:
            The matched counter (HOTP) or time step (TOTP).

        Raises:
            OTPError: The code is wrong, malformed, or out of the window (or the
                application passed a bad secret/factor).
            OTPReplayed: The code was right but has already been used.
        """
        key, proto, window, now = self._window(secret, factor, look_ahead)
        replayed = False
        if self._well_formed(code):
            for counter in window:
                if hmac.compare_digest(self._code_at(proto, counter), code):
                    if self.replay is None or self.replay.claim(
                        key, counter, self._ttl(counter, look_ahead, now)
                    ):
                        return counter
                    replayed = True
        if replayed:
            raise OTPReplayed("this one-time code has already been used")
        raise OTPError(_INVALID)

    async def averify(
        self, secret: OTPSecret, code: str, factor: int | None = None, look_ahead: int = 1
    ) -> bool:
        """Async :meth:`verify`: the replay backend is awaited, never blocking the loop."""
        return await self.averify_counter(secret, code, factor, look_ahead) is not None

    async def averify_counter(
        self, secret: OTPSecret, code: str, factor: int | None = None, look_ahead: int = 1
    ) -> int | None:
        """Async :meth:`verify_counter`."""
        key, proto, window, now = self._window(secret, factor, look_ahead)
        if not self._well_formed(code):
            return None
        for counter in window:
            if hmac.compare_digest(self._code_at(proto, counter), code) and (
                self.replay is None
                or await self.replay.aclaim(key, counter, self._ttl(counter, look_ahead, now))
            ):
                return counter
        return None

    async def acheck(
        self, secret: OTPSecret, code: str, factor: int | None = None, look_ahead: int = 1
    ) -> int:
        """Async :meth:`check`."""
        key, proto, window, now = self._window(secret, factor, look_ahead)
        replayed = False
        if self._well_formed(code):
            for counter in window:
                if hmac.compare_digest(self._code_at(proto, counter), code):
                    if self.replay is None or await self.replay.aclaim(
                        key, counter, self._ttl(counter, look_ahead, now)
                    ):
                        return counter
                    replayed = True
        if replayed:
            raise OTPReplayed("this one-time code has already been used")
        raise OTPError(_INVALID)

    def close(self) -> None:
        """Close the replay backend, if any. Idempotent."""
        self._keys.clear()
        if self.replay is not None:
            self.replay.close()

    async def aclose(self) -> None:
        """Close the (async) replay backend, if any. Idempotent."""
        self._keys.clear()
        if self.replay is not None:
            await self.replay.aclose()

    # -- internals -----------------------------------------------------------------------

    def _window(
        self, secret: OTPSecret, factor: int | None, look_ahead: int
    ) -> tuple[bytes, hmac.HMAC, range, float]:
        """Return the key, its keyed HMAC, the counters to try (in order), and the time used.

        TOTP tries steps ``T - look_ahead .. T + look_ahead``; HOTP tries
        ``factor .. factor + look_ahead``. Both report the lowest match.
        """
        key, proto = self._keys.get(secret)
        if look_ahead.__class__ is not int:
            raise OTPError("look_ahead must be an integer")
        if not 0 <= look_ahead <= MAX_LOOK_AHEAD:
            raise OTPError(f"look_ahead must be between 0 and {MAX_LOOK_AHEAD}")
        if self.type == "hotp":
            first = self._hotp_counter(factor)
            return key, proto, range(first, min(MAX_COUNTER, first + look_ahead) + 1), 0.0
        now = self._time(factor)
        step = int(now // self.interval)
        last = min(MAX_COUNTER, step + look_ahead)
        return key, proto, range(max(0, step - look_ahead), last + 1), now

    def _well_formed(self, code: object) -> bool:
        """True for exactly ``digits`` ASCII digits; checks length before anything else."""
        return (
            isinstance(code, str) and len(code) == self.digits and code.isascii() and code.isdigit()
        )

    def _code_at(self, proto: hmac.HMAC, counter: int) -> str:
        """HOTP value of ``counter`` from a keyed HMAC (RFC 4226 section 5.3)."""
        mac = proto.copy()
        mac.update(counter.to_bytes(8, "big"))
        out = mac.digest()
        offset = out[-1] & 0x0F
        value = (int.from_bytes(out[offset : offset + 4], "big") & 0x7FFFFFFF) % self._modulus
        return str(value).zfill(self.digits)

    def _ttl(self, counter: int, look_ahead: int, now: float) -> int | None:
        """Seconds until ``counter`` can no longer be accepted by a window of ``look_ahead``."""
        if self.type == "hotp":
            return self._hotp_ttl
        return max(1, math.ceil((counter + look_ahead + 1) * self.interval - now))

    def _counter(self, factor: int | None) -> int:
        if self.type == "totp":
            return int(self._time(factor) // self.interval)
        return self._hotp_counter(factor)

    @staticmethod
    def _time(factor: float | None) -> float:
        if factor is None:
            return time.time()
        if (
            isinstance(factor, bool)
            or not isinstance(factor, int | float)
            or not math.isfinite(factor)
            or not 0 <= factor < MAX_COUNTER
        ):
            raise OTPError("the TOTP factor must be a unix time (a non-negative number)")
        return factor

    @staticmethod
    def _hotp_counter(factor: int | None) -> int:
        if factor is None:
            raise OTPError(
                "HOTP needs the counter: pass factor=<the user's counter> "
                '(type = "hotp" in [jam.otp])'
            )
        if (
            isinstance(factor, bool)
            or not isinstance(factor, int)
            or not 0 <= factor <= MAX_COUNTER
        ):
            raise OTPError("the HOTP counter must be an integer between 0 and 2**64 - 1")
        return factor
