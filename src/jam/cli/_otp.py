"""``jam otp secret | code | uri | qr``: TOTP/HOTP secrets, codes and authenticator enrolment.

Parameters come from ``[jam.otp]`` when ``--config`` is given, and the
options override them. The secret is read from ``--secret``, from
``$JAM_OTP_SECRET``, or from stdin with ``--secret -``: the last two keep it
out of shell history. Each command's purpose is to output what it prints
(a secret, a code, a URI or QR code holding the secret); nothing else is
ever shown, and errors never contain the secret.
"""

from __future__ import annotations

import base64
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from jam.cli._common import CliError, common_options, config_options, debug_option, input_text, load
from jam.cli._output import Output, safe

if TYPE_CHECKING:
    from jam.otp import OTPCore

__all__ = ["otp"]

F = TypeVar("F", bound=Callable[..., Any])


@click.group()
@debug_option
def otp() -> None:
    """One-time passwords: make a secret, print a code, enrol an authenticator app."""


def _parameters(function: F) -> F:
    """The options that shape codes, and the secret."""
    for decorator in reversed(
        [
            click.option(
                "--secret",
                envvar="JAM_OTP_SECRET",
                metavar="SECRET|-",
                help="Base32 secret, or - to read it from stdin (default: $JAM_OTP_SECRET).",
            ),
            click.option(
                "otp_type",
                "--type",
                type=click.Choice(["totp", "hotp"]),
                help="Default: [jam.otp] type, else totp.",
            ),
            click.option("--digits", type=int, help="Code length, 6 to 10 (default 6)."),
            click.option(
                "--digest",
                type=click.Choice(["sha1", "sha256", "sha512"]),
                help="HMAC digest (default sha1, what most apps support).",
            ),
            click.option("--interval", type=int, help="TOTP step in seconds (default 30)."),
            config_options(needed=False),
        ]
    ):
        function = decorator(function)
    return function


@otp.command("secret")
@common_options
def secret(*, as_json: bool) -> int:
    """Print a new random secret (160 bits, base32): store one per user."""
    from jam.otp import generate_secret

    text = generate_secret()
    output = Output(json_mode=as_json)
    if as_json:
        output.json({"secret": text})
    else:
        output.line(text)
    return 0


@otp.command("code")
@click.option("--counter", type=click.IntRange(min=0), help="HOTP: the counter (required).")
@click.option("--time", "at", type=click.IntRange(min=0), help="TOTP: unix time (default: now).")
@_parameters
@common_options
def code(*, counter: int | None, at: int | None, as_json: bool, **options: Any) -> int:
    """Print the code for a secret: now (TOTP) or for a counter (HOTP)."""
    core = _core(options)
    key = _secret(options["secret"])
    if core.type == "hotp":
        if counter is None:
            raise CliError("HOTP codes need --counter (the user's next counter)")
        factor = counter
    else:
        factor = at if at is not None else int(time.time())
    value = core.code(key, factor)
    output = Output(json_mode=as_json)
    if not as_json:
        output.line(value)
        return 0
    data: dict[str, Any] = {"code": value, "type": core.type, "digits": core.digits}
    if core.type == "totp" and factor is not None:
        data["step"] = factor // core.interval
        data["valid_for"] = core.interval - factor % core.interval
    else:
        data["counter"] = factor
    output.json(data)
    return 0


@otp.command("uri")
@click.option("--name", help="Account name shown in the app (alice@example.com).")
@click.option("--issuer", help="Issuer shown in the app (default: [jam.otp] issuer).")
@click.option("--counter", type=click.IntRange(min=0), help="HOTP: the token's initial counter.")
@_parameters
@common_options
def uri(
    *, name: str | None, issuer: str | None, counter: int | None, as_json: bool, **options: Any
) -> int:
    """Print the otpauth:// URI that enrols the secret in an authenticator app."""
    text = _core(options).uri(_secret(options["secret"]), name, issuer, counter)
    output = Output(json_mode=as_json)
    if as_json:
        output.json({"uri": text})
    else:
        output.line(text)
    return 0


@otp.command("qr")
@click.option("--name", help="Account name shown in the app (alice@example.com).")
@click.option("--issuer", help="Issuer shown in the app (default: [jam.otp] issuer).")
@click.option("--counter", type=click.IntRange(min=0), help="HOTP: the token's initial counter.")
@click.option(
    "--out",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the image here (created 0600: it holds the secret).",
)
@click.option(
    "fmt",
    "--format",
    type=click.Choice(["text", "svg", "png"]),
    help="Default: from --out's extension (.svg, .png), else text for the terminal.",
)
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
@_parameters
@common_options
def qr(
    *,
    name: str | None,
    issuer: str | None,
    counter: int | None,
    out: Path | None,
    fmt: str | None,
    force: bool,
    as_json: bool,
    **options: Any,
) -> int:
    """Show the enrolment QR code in the terminal, or write it as SVG or PNG.

    Needs the optional extra: pip install 'jam-auth[qr]'. The image holds
    the secret: show it only to its user, and delete the file once scanned.
    """
    from jam.otp import qr_png, qr_svg, qr_text

    kind = fmt or _format_of(out)
    link = _core(options).uri(_secret(options["secret"]), name, issuer, counter)
    makers: dict[str, Callable[[str], str | bytes]] = {
        "text": qr_text,
        "svg": lambda text: qr_svg(text, title="Scan with your authenticator app"),
        "png": qr_png,
    }
    image = makers[kind](link)
    data = image.encode("utf-8") if isinstance(image, str) else image
    output = Output(json_mode=as_json)
    if out is not None:
        from jam.cli._files import PRIVATE, write_file

        write_file(out, data, mode=PRIVATE, replace=force)
        if as_json:
            output.json({"format": kind, "path": str(out)})
        else:
            output.line(f"wrote {safe(str(out))} ({kind}, mode 0600)")
        return 0
    if as_json:
        shown = image if isinstance(image, str) else base64.b64encode(image).decode("ascii")
        output.json({"format": kind, "qr": shown})
    elif isinstance(image, bytes):
        if sys.stdout.isatty():
            raise CliError("refusing to write a PNG to a terminal; pass --out FILE or redirect")
        output.binary(image)
    else:
        output.line(image.rstrip("\n"))
    return 0


def _format_of(out: Path | None) -> str:
    if out is None:
        return "text"
    suffix = out.suffix.lower()
    if suffix in (".svg", ".png"):
        return suffix[1:]
    if suffix == ".txt":
        return "text"
    raise CliError(
        "cannot tell the image format from --out; end it in .svg or .png, or pass --format"
    )


def _core(options: dict[str, Any]) -> OTPCore:
    """The pure OTP core for ``[jam.otp]`` (when a configuration is given) and the options."""
    from jam.config import OTPSettings
    from jam.config._base import validate_section
    from jam.otp import OTPCore

    values: dict[str, Any] = {}
    if options["config"] is not None:
        settings = load(options["config"], options["pointer"]).otp
        if settings is not None:
            kept = ("type", "digits", "digest", "interval", "issuer", "allow_weak_secrets")
            values = {name: getattr(settings, name) for name in kept}
    chosen = {
        "type": options["otp_type"],
        "digits": options["digits"],
        "digest": options["digest"],
        "interval": options["interval"],
    }
    values.update({name: value for name, value in chosen.items() if value is not None})
    return OTPCore(validate_section(OTPSettings, values, "otp options"))


def _secret(value: str | None) -> str:
    if value is None:
        raise CliError(
            "no OTP secret: pass --secret - to read it from stdin, set JAM_OTP_SECRET, "
            "or pass --secret SECRET (which shell history keeps)"
        )
    return input_text(value, "OTP secret")
