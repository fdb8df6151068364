"""One-time passwords: the engine behind ``Jam.otp_*`` (HOTP, RFC 4226; TOTP, RFC 6238).

Most applications use the facade (:class:`jam.Jam`); this package is public
for enrolment helpers (:func:`generate_secret`, the QR functions) and for
frameworks that want the engine without the facade.

Example:
    >>> from jam.otp import generate_secret
    >>> secret = generate_secret()  # 160 random bits, base32
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jam.otp._codes import Digest, hotp
from jam.otp._engine import MAX_LOOK_AHEAD, OTPEngine
from jam.otp._qr import qr_png, qr_svg, qr_text
from jam.otp._replay import ReplayGuard, replay_key
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
    "Digest",
    "OTPEngine",
    "OTPSecret",
    "ReplayGuard",
    "build_engine",
    "encode_secret",
    "generate_secret",
    "hotp",
    "parse_secret",
    "qr_png",
    "qr_svg",
    "qr_text",
    "replay_key",
]


def build_engine(
    settings: OTPSettings, registry: Registry, *, asynchronous: bool = False
) -> OTPEngine:
    """Build the engine for ``[jam.otp]``, with its replay backend when one is configured.

    Args:
        settings: The validated ``[jam.otp]`` table.
        registry: Loaded plugins; the replay backend is looked up here once.
        asynchronous: Build the replay backend's asyncio flavour (for the async
            facade; use :meth:`OTPEngine.averify` then).

    Raises:
        jam.exceptions.JamPluginNotFoundError: ``replay_backend`` names no registered list.
        jam.exceptions.JamConfigError: A backend key is unknown or invalid.
    """
    replay = None
    if settings.replay_protection:
        from jam._backends import build_token_list

        backend = build_token_list(
            registry, settings.replay_backend, settings, "jam.otp", asynchronous=asynchronous
        )
        if asynchronous:
            replay = ReplayGuard(settings.type, async_backend=backend)
        else:
            replay = ReplayGuard(settings.type, backend=backend)
    return OTPEngine(settings, replay)
