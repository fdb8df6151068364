"""The asyncio OTP driver behind ``jam.aio.Jam.otp_*``: the core plus an awaited replay claim.

The exact twin of `jam.otp._engine` with ``await`` (``tests/test_twins.py``
keeps it so): matching is the shared pure core's; only the claim in an
asyncio replay list is awaited. Every public coroutine returns a
`Pending`, which refuses ``bool()`` — the guard that
makes ``if auth.otp_verify_code(secret, code):`` without ``await`` fail
instead of accepting every code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jam._awaitables import pending
from jam.otp._base import OTPEngineBase
from jam.protocols import AsyncTokenList

if TYPE_CHECKING:
    from jam.otp._core import Matches
    from jam.otp._secret import OTPSecret

__all__ = ["AsyncOTPEngine"]


class AsyncOTPEngine(OTPEngineBase[AsyncTokenList]):
    """HOTP/TOTP verification with an optional asyncio replay list.

    Example:
        >>> from jam.config import OTPSettings
        >>> engine = AsyncOTPEngine(OTPSettings(type="hotp"))
        >>> await engine.verify("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "755224", 0)
        True
    """

    @pending
    async def verify(
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
            BackendError: The replay backend failed; the code was not accepted.
        """
        counter, _ = await self._first_claimed(self.core.matches(secret, code, factor, look_ahead))
        return counter is not None

    @pending
    async def verify_counter(
        self, secret: OTPSecret, code: str, factor: int | None = None, look_ahead: int = 1
    ) -> int | None:
        """Return the counter (HOTP) or time step (TOTP) ``code`` matched, or ``None``.

        HOTP callers store ``result + 1`` as the user's next counter to
        resynchronise. Arguments and errors as in `verify`.
        """
        return (await self._first_claimed(self.core.matches(secret, code, factor, look_ahead)))[0]

    @pending
    async def check(
        self, secret: OTPSecret, code: str, factor: int | None = None, look_ahead: int = 1
    ) -> int:
        """Like `verify_counter`, but raise on failure and say why.

        Returns:
            The matched counter (HOTP) or time step (TOTP).

        Raises:
            OTPError: The code is wrong, malformed, or out of the window (or the
                application passed a bad secret/factor).
            OTPReplayed: The code was right but has already been used.
        """
        counter, matched = await self._first_claimed(
            self.core.matches(secret, code, factor, look_ahead)
        )
        if counter is None:
            raise self.core.rejection(matched)
        return counter

    @pending
    async def close(self) -> None:
        """Forget cached secrets and close the replay list, if any. Idempotent."""
        self.core.forget_keys()
        if self.replay is not None:
            await self.replay.close()

    async def _first_claimed(self, matches: Matches) -> tuple[int | None, bool]:
        """The first matched counter this call wins in the replay list, and whether any matched."""
        key, counters, now = matches
        replay, core = self.replay, self.core
        matched = False
        for counter in counters:
            if replay is None:
                return counter, True
            matched = True
            with core.on_claim:
                answer = await replay.add_if_absent(*core.replay_entry(key, counter, now))
            if core.claimed(answer):
                return counter, True
        return None, matched
