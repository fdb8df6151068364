"""QR codes for ``otpauth://`` URIs (optional extra ``jam-auth[qr]``, on segno).

segno is imported only when one of these functions is called, so ``jam.otp``
works without it; a missing segno is a `JamError`
that says what to install.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from jam.exceptions import JamError, OTPError

if TYPE_CHECKING:
    import segno

__all__ = ["qr_png", "qr_svg", "qr_text"]

MAX_URI_LENGTH = 2048
"""Longer URIs are refused (a QR code this dense is unreadable by phone cameras)."""


def qr_svg(uri: str, *, scale: int = 4, border: int = 4, title: str | None = None) -> str:
    """Return an SVG document (text) showing ``uri`` as a QR code.

    Args:
        uri: Usually the result of `jam.Jam.otp_uri`.
        scale: Size of one module in SVG units.
        border: Quiet zone in modules (4 is what the standard asks for).
        title: Optional ``<title>`` for accessibility.

    Raises:
        JamError: segno is not installed (``pip install 'jam-auth[qr]'``).
        OTPError: ``uri`` is not text or too long.

    Example:
        >>> qr_svg("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP").startswith("<?xml")
        True
    """
    out = io.BytesIO()
    options: dict[str, Any] = {"title": title} if title else {}
    _make(uri).save(out, kind="svg", scale=scale, border=border, **options)
    return out.getvalue().decode("utf-8")


def qr_png(uri: str, *, scale: int = 5, border: int = 4) -> bytes:
    """Return a PNG image (bytes) showing ``uri`` as a QR code.

    Args:
        uri: Usually the result of `jam.Jam.otp_uri`.
        scale: Pixels per module.
        border: Quiet zone in modules.

    Raises:
        JamError: segno is not installed (``pip install 'jam-auth[qr]'``).
        OTPError: ``uri`` is not text or too long.
    """
    out = io.BytesIO()
    _make(uri).save(out, kind="png", scale=scale, border=border)
    return out.getvalue()


def qr_text(uri: str, *, border: int = 2) -> str:
    """Return the QR code as Unicode block characters, for printing in a terminal.

    Two rows of modules share one line of text, so the code stays square in
    most terminal fonts. Print it on a dark-on-light or light-on-dark
    terminal; both scan.

    Raises:
        JamError: segno is not installed (``pip install 'jam-auth[qr]'``).
        OTPError: ``uri`` is not text or too long.
    """
    out = io.StringIO()
    _make(uri).terminal(out=out, border=border, compact=True)
    return out.getvalue()


def _make(uri: str) -> segno.QRCode:
    if not isinstance(uri, str) or not uri:
        raise OTPError("a QR code needs the URI as non-empty text")
    if len(uri) > MAX_URI_LENGTH:
        raise OTPError(f"the URI is longer than {MAX_URI_LENGTH} characters")
    try:
        import segno
    except ImportError as err:
        raise JamError(
            "QR codes need the optional 'qr' extra: pip install 'jam-auth[qr]' (installs segno)"
        ) from err
    return segno.make(uri, error="m", micro=False)
