"""One-time passwords: the engines behind ``Jam.otp_*`` (HOTP, RFC 4226; TOTP, RFC 6238).

Most applications use a facade, whose engine is public as ``auth.otp``; this
package is also public for enrolment helpers (`generate_secret`, the QR
functions) and for frameworks that want an engine without the facade.

The layout is the one every capability follows (CONTRIBUTING.md): the pure
`OTPCore` decides (codes, windows, matching, replay ids and lifetimes);
`OTPEngine` and `AsyncOTPEngine` only claim matched codes in the
replay list. `build` makes one from a ``[jam.otp]`` table.

Example:
    >>> from jam.otp import generate_secret
    >>> secret = generate_secret()  # 160 random bits, base32
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, overload

from jam._public import rehome
from jam.otp._async_engine import AsyncOTPEngine
from jam.otp._base import OTPEngineBase
from jam.otp._codes import Digest, hotp
from jam.otp._core import MAX_LOOK_AHEAD, OTPCore, replay_key
from jam.otp._engine import OTPEngine
from jam.otp._qr import qr_png, qr_svg, qr_text
from jam.otp._secret import (
    MIN_SECRET_BITS,
    OTPSecret,
    encode_secret,
    generate_secret,
    parse_secret,
)

if TYPE_CHECKING:
    from jam.config import OTPSettings
    from jam.plugins._manager import Registry

__all__ = [
    "MAX_LOOK_AHEAD",
    "MIN_SECRET_BITS",
    "AsyncOTPEngine",
    "Digest",
    "OTPCore",
    "OTPEngine",
    "OTPEngineBase",
    "OTPSecret",
    "build",
    "encode_secret",
    "generate_secret",
    "hotp",
    "parse_secret",
    "qr_png",
    "qr_svg",
    "qr_text",
    "replay_key",
]


@overload
def build(
    settings: OTPSettings, registry: Registry, *, asynchronous: Literal[False]
) -> OTPEngine: ...
@overload
def build(
    settings: OTPSettings, registry: Registry, *, asynchronous: Literal[True]
) -> AsyncOTPEngine: ...
@overload
def build(
    settings: OTPSettings, registry: Registry, *, asynchronous: bool
) -> OTPEngine | AsyncOTPEngine: ...
def build(
    settings: OTPSettings, registry: Registry, *, asynchronous: bool
) -> OTPEngine | AsyncOTPEngine:
    """Build the engine for ``[jam.otp]``, with its replay list when one is configured.

    Args:
        settings: The validated ``[jam.otp]`` table.
        registry: Loaded plugins; the replay backend is looked up here once.
        asynchronous: Build the asyncio engine (its replay list is the
            backend's asyncio flavour, and its methods are coroutines).

    Raises:
        jam.exceptions.JamPluginNotFoundError: ``replay_backend`` names no registered list.
        jam.exceptions.JamConfigError: A backend key is unknown or invalid.
    """
    replay = None
    if settings.replay_protection:
        from jam._backends import build_token_list

        replay = build_token_list(
            registry, settings.replay_backend, settings, "jam.otp", asynchronous=asynchronous
        )
    if asynchronous:
        return AsyncOTPEngine(settings, replay)
    return OTPEngine(settings, replay)


rehome(__name__, __all__, globals())
