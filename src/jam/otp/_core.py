"""The pure OTP core: codes, URIs, verification windows, matching, replay ids. No I/O.

Shared by the synchronous and asyncio drivers (`jam.otp._engine`,
`jam.otp._async_engine`), which only claim matched counters in the
replay list. Verification treats the code as hostile input: anything but
exactly ``digits`` ASCII digits is rejected before any HMAC is computed, and
candidates are compared with `hmac.compare_digest`.

Replay entries are keyed by a hash of the key and the TOTP step (HOTP
counter), and a TOTP entry lives until the step can no longer be accepted by
*any* call, that is by the widest window ``[jam.otp] max_look_ahead``
allows, never by the window of the call that accepted it: otherwise a code
accepted with ``look_ahead=0`` could be accepted again by a later call with
``look_ahead=1``.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from jam._failures import BackendFailures
from jam._text import excerpt
from jam.exceptions import JamPluginError, OTPError, OTPReplayed
from jam.otp._codes import MAX_COUNTER, Keyed, code_at
from jam.otp._keys import KeyCache
from jam.otp._secret import encode_secret
from jam.otp._uri import build_uri

if TYPE_CHECKING:
    from jam.config import OTPSettings
    from jam.otp._secret import OTPSecret

__all__ = ["MAX_LOOK_AHEAD", "Matches", "OTPCore", "replay_key"]

MAX_LOOK_AHEAD = 100
"""Largest window ``max_look_ahead`` may allow (a bigger one would weaken the codes)."""

Matches = tuple[bytes, Iterator[int], float]
"""The raw key, the counters (TOTP steps) a code matches, lazily in window order, and the time.

Lazy: a right code stops the work at the counter it matches, and a driver
asks for the next match only when the first one was already used."""

_INVALID = "the one-time code is not valid"
_DOMAIN = b"jam-otp-replay\x00"


def replay_key(kind: str, key: bytes, counter: int) -> str:
    """Return the token-list id for ``counter`` accepted under ``key`` (never the key or code).

    Example:
        >>> replay_key("totp", b"12345678901234567890", 1)[:9]
        'otp:totp:'
    """
    digest = hashlib.sha256(_DOMAIN + key).hexdigest()[:40]
    return f"otp:{kind}:{digest}:{counter}"


class OTPCore:
    """HOTP (RFC 4226) or TOTP (RFC 6238) with the parameters of ``[jam.otp]``.

    Attributes:
        type: ``"totp"`` or ``"hotp"``.
        digits: Code length (6-10).
        digest: HMAC digest name.
        interval: TOTP step in seconds.
        issuer: Default issuer for URIs.
        max_look_ahead: The widest window a call may ask for.
        on_claim: Turns a replay-backend failure into a ``BackendError``.

    Example:
        >>> from jam.config import OTPSettings
        >>> OTPCore(OTPSettings(type="hotp")).code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 0)
        '755224'
    """

    def __init__(self, settings: OTPSettings) -> None:
        """Use ``settings``."""
        self.type = settings.type
        self.digits = settings.digits
        self.digest = settings.digest
        self.interval = settings.interval
        self.issuer = settings.issuer
        self.max_look_ahead = settings.max_look_ahead
        self.on_claim = BackendFailures("token list", settings.replay_backend, "add_if_absent")
        self._hotp_ttl = settings.hotp_replay_ttl
        self._keys = KeyCache(
            settings.digest, allow_weak=settings.allow_weak_secrets, size=settings.key_cache_size
        )

    # -- codes and URIs ------------------------------------------------------------------

    def key(self, secret: OTPSecret) -> bytes:
        """Return the raw key of ``secret``, enforcing the minimum strength.

        Raises:
            OTPError: The secret is malformed.
            jam.exceptions.WeakSecret: Too short or trivially guessable, and weak
                secrets are not allowed.
        """
        return self._keys.get(secret)[0]

    def code(self, secret: OTPSecret, factor: int | None = None) -> str:
        """Return the code for ``factor`` (TOTP: unix time, default now; HOTP: the counter).

        Raises:
            OTPError: Bad secret, or HOTP without a counter, or a bad time/counter.
        """
        keyed = self._keys.get(secret)[1]
        if self.type == "totp":
            counter = int(self._time(factor) // self.interval)
        else:
            counter = self._hotp_counter(factor)
        return code_at(keyed, counter, self.digits)

    def uri(
        self,
        secret: OTPSecret,
        name: str | None = None,
        issuer: str | None = None,
        counter: int | None = None,
    ) -> str:
        """Return the ``otpauth://`` URI (Key Uri Format) for authenticator apps.

        Raises:
            OTPError: See `jam.otp._uri.build_uri`.
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

    def matches(
        self, secret: OTPSecret, code: object, factor: int | None, look_ahead: int
    ) -> Matches:
        """Return the key, the counters of the window ``code`` matches (lazily, in order), the time.

        TOTP tries steps ``T - look_ahead .. T + look_ahead``; HOTP tries
        ``factor .. factor + look_ahead``. A malformed code matches nothing.
        This is the hot path: each candidate is one copy of the cached keyed
        HMAC (`code_at`), computed only when reached.

        Raises:
            OTPError: Bad secret, or a missing/invalid ``factor`` or ``look_ahead``
                (application errors; the code itself never raises).
        """
        key, keyed = self._keys.get(secret)
        if look_ahead.__class__ is not int:
            raise OTPError("look_ahead must be an integer")
        if not 0 <= look_ahead <= self.max_look_ahead:
            raise OTPError(
                f"look_ahead must be between 0 and {self.max_look_ahead} ([jam.otp] max_look_ahead)"
            )
        if self.type == "hotp":
            first, now = self._hotp_counter(factor), 0.0
            window = range(first, min(MAX_COUNTER, first + look_ahead) + 1)
        else:
            now = self._time(factor)
            step = int(now // self.interval)
            window = range(max(0, step - look_ahead), min(MAX_COUNTER, step + look_ahead) + 1)
        digits = self.digits
        if code.__class__ is not str:
            if not isinstance(code, str):  # an int, None, bytes...: never a code
                return key, iter(()), now
            code = str.__str__(code)  # a str subclass (ReadyStr): its plain text
        if len(code) != digits or not (code.isascii() and code.isdigit()):
            return key, iter(()), now
        return key, self._matching(keyed, window, code), now

    def _matching(self, keyed: Keyed, window: range, code: str) -> Iterator[int]:
        digits = self.digits
        for counter in window:
            if hmac.compare_digest(code_at(keyed, counter, digits), code):
                yield counter

    def replay_entry(self, key: bytes, counter: int, now: float) -> tuple[str, int | None]:
        """Return the replay-list id and lifetime for ``counter`` accepted under ``key``.

        A TOTP step is remembered until no window up to ``max_look_ahead``
        can accept it again; an HOTP counter for ``hotp_replay_ttl`` (or for good).
        """
        if self.type == "hotp":
            return replay_key(self.type, key, counter), self._hotp_ttl
        until = (counter + self.max_look_ahead + 1) * self.interval
        return replay_key(self.type, key, counter), max(1, math.ceil(until - now))

    def claimed(self, answer: object) -> bool:
        """Return the replay list's answer to ``add_if_absent`` once checked to be a bool.

        Raises:
            JamPluginError: The backend answered something other than True or
                False (a truthy non-bool must never accept a code twice).
        """
        if answer is True or answer is False:
            return answer
        raise JamPluginError(
            f"replay backend returned {excerpt(answer)} from add_if_absent(); only True "
            "or False are answers, so the code is refused"
        )

    @staticmethod
    def rejection(matched: bool) -> OTPError:
        """The error for a code that was not accepted: replayed when it matched, else invalid."""
        if matched:
            return OTPReplayed("this one-time code has already been used")
        return OTPError(_INVALID)

    def forget_keys(self) -> None:
        """Drop every cached decoded secret."""
        self._keys.clear()

    # -- internals -----------------------------------------------------------------------

    @staticmethod
    def _time(factor: float | None) -> float:
        if factor is None:
            return time.time()
        if (
            isinstance(factor, bool)
            or not isinstance(factor, int | float)
            # the range first: math.isfinite(10**400) raises OverflowError; NaN fails it too
            or not 0 <= factor < MAX_COUNTER
            or not math.isfinite(factor)
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
