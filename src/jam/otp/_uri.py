"""``otpauth://`` URIs in the Key Uri Format read by authenticator apps.

Format (Google Authenticator wiki, "Key Uri Format"):

```text
otpauth://TYPE/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER&algorithm=SHA1&digits=6&period=30
```

The label and every parameter are percent-encoded (spaces as ``%20``, not
``+``); parameters that have no value are left out, never written as "None".
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from jam.exceptions import OTPError

if TYPE_CHECKING:
    from jam.otp._codes import Digest

__all__ = ["build_uri"]

MAX_LABEL_PART = 256
"""Issuer and account name are limited to this many characters each."""


def build_uri(
    *,
    kind: str,
    secret_b32: str,
    name: str | None,
    issuer: str | None,
    digest: Digest,
    digits: int,
    interval: int,
    counter: int | None,
) -> str:
    """Return the ``otpauth://`` URI for one secret.

    Args:
        kind: ``"totp"`` or ``"hotp"``.
        secret_b32: The secret as base32 text without padding.
        name: Account name (``alice@example.com``); optional when ``issuer`` is given.
        issuer: Who the account belongs to (``Example Inc``).
        digest: HMAC digest, written uppercase (``SHA1``).
        digits: Code length.
        interval: TOTP period in seconds (written for TOTP only).
        counter: HOTP initial counter (required for HOTP, refused for TOTP).

    Raises:
        OTPError: A missing HOTP counter, a counter given for TOTP, no name
            and no issuer, or a colon in the name or issuer.
    """
    name = _label_part(name, "name")
    issuer = _label_part(issuer, "issuer")
    if name is None and issuer is None:
        raise OTPError("otp_uri() needs an account name or an issuer for the label")
    label = quote(name or "", safe="@")
    if issuer is not None:
        label = quote(issuer, safe="") + (":" + label if name is not None else "")
    params = [("secret", secret_b32)]
    if issuer is not None:
        params.append(("issuer", issuer))
    params += [("algorithm", digest.upper()), ("digits", str(digits))]
    if kind == "hotp":
        if counter is None:
            raise OTPError("otp_uri() for HOTP needs the initial counter (counter=...)")
        if isinstance(counter, bool) or not isinstance(counter, int) or counter < 0:
            raise OTPError("the HOTP counter must be a non-negative integer")
        params.append(("counter", str(counter)))
    else:
        if counter is not None:
            raise OTPError("counter= is for HOTP; a TOTP URI carries the period instead")
        params.append(("period", str(interval)))
    query = "&".join(f"{key}={quote(value, safe='')}" for key, value in params)
    return f"otpauth://{kind}/{label}?{query}"


def _label_part(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise OTPError(f"the {what} must be text, not {type(value).__name__}")
    value = value.strip()
    if not value:
        return None
    if ":" in value:
        raise OTPError(f"the {what} must not contain ':' (it separates issuer and account)")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise OTPError(f"the {what} is not valid Unicode text (it has a lone surrogate)") from None
    if len(value) > MAX_LABEL_PART:
        raise OTPError(f"the {what} is longer than {MAX_LABEL_PART} characters")
    return value
