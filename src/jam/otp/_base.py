"""What the synchronous and asyncio OTP engines share: the core, the replay list, pure methods.

The two drivers (`jam.otp._engine`, `jam.otp._async_engine`) subclass
`OTPEngineBase` and add only verification, which may claim a code in
the replay list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar

from jam.otp._core import OTPCore

if TYPE_CHECKING:
    from jam.config import OTPSettings
    from jam.otp._secret import OTPSecret

__all__ = ["OTPEngineBase"]

ReplayT = TypeVar("ReplayT")


class OTPEngineBase(Generic[ReplayT]):
    """An OTP engine's state and its pure methods (codes, URIs, keys).

    Attributes:
        core: The pure rules (`OTPCore`).
        replay: The replay list (a token-list plugin instance), or ``None``
            when ``replay_protection`` is off.
    """

    def __init__(self, settings: OTPSettings, replay: ReplayT | None = None) -> None:
        """Use ``settings``; ``replay`` (built by `jam.otp.build`) enables one-time use."""
        self.core = OTPCore(settings)
        self.replay = replay

    @property
    def type(self) -> str:
        """``"totp"`` or ``"hotp"``."""
        return self.core.type

    @property
    def digits(self) -> int:
        """Code length (6-10)."""
        return self.core.digits

    @property
    def digest(self) -> str:
        """HMAC digest name."""
        return self.core.digest

    @property
    def interval(self) -> int:
        """TOTP step in seconds."""
        return self.core.interval

    @property
    def issuer(self) -> str | None:
        """Default issuer for URIs."""
        return self.core.issuer

    def key(self, secret: OTPSecret) -> bytes:
        """See `jam.otp.OTPCore.key`."""
        return self.core.key(secret)

    def code(self, secret: OTPSecret, factor: int | None = None) -> str:
        """See `jam.otp.OTPCore.code`."""
        return self.core.code(secret, factor)

    def uri(
        self,
        secret: OTPSecret,
        name: str | None = None,
        issuer: str | None = None,
        counter: int | None = None,
    ) -> str:
        """See `jam.otp.OTPCore.uri`."""
        return self.core.uri(secret, name, issuer, counter)
