"""``jam token create | verify | inspect``: JWTs signed and checked with the configured keys.

``create`` and ``verify`` go through the facade (`jam.Jam.jwt_create_token`,
`jam.Jam.jwt_verify_token`) built from the configuration's ``[jam.jwt]``
table alone, so a token list configured there is used (and other tables open
nothing). ``inspect`` only decodes, and says so on its first line.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import click

from jam._text import excerpt
from jam.cli._common import (
    CliError,
    common_options,
    config_options,
    debug_option,
    input_text,
    load,
    strict_json,
    strict_json_object,
)
from jam.cli._output import Output

if TYPE_CHECKING:
    from jam import Jam

__all__ = ["token"]

NOT_VERIFIED = (
    "NOT VERIFIED: decoded only. Its signature, expiry, issuer and audience were not "
    "checked, so nothing below can be trusted (`jam token verify` checks them)."
)
_MADE = ("iat", "exp", "jti")


@click.group()
@debug_option
def token() -> None:
    """Create, verify and inspect JSON Web Tokens with the configured keys."""


@token.command("create")
@click.argument("claims", required=False, metavar="[CLAIMS|-]")
@click.option(
    "claim_items",
    "--claim",
    "-c",
    multiple=True,
    metavar="NAME=VALUE",
    help="A claim: NAME=TEXT for a string, NAME:=JSON for a number, boolean, list or object.",
)
@click.option(
    "--exp",
    type=click.IntRange(min=1),
    help="Lifetime in seconds (default: [jam.jwt] expire).",
)
@config_options(needed=True)
@common_options
def create(
    *,
    claims: str | None,
    claim_items: tuple[str, ...],
    exp: int | None,
    config: str,
    pointer: str,
    as_json: bool,
) -> int:
    """Sign a token with the configured key and print it.

    CLAIMS is a JSON object, or - to read it from stdin; --claim adds or
    replaces single claims (repeatable). iat, exp and a random jti are added
    (set the lifetime with --exp), and iss and aud come from [jam.jwt] when
    configured. With a white list configured, the token is added to it.
    """
    data = strict_json_object(input_text(claims, "claims"), "claims") if claims else {}
    for item in claim_items:
        name, value = _claim(item)
        data[name] = value
    made = sorted(set(_MADE) & set(data))
    if made:
        raise CliError(
            f"jam token create sets {', '.join(made)} itself; give the lifetime with --exp"
        )
    with _facade(config, pointer) as auth:
        signed = auth.jwt_create_token(auth.jwt_make_payload(exp, data))
    output = Output(json_mode=as_json)
    if as_json:
        header, payload, _ = _decode(signed)
        output.json({"token": signed, "header": header, "claims": payload})
    else:
        output.line(signed)
    return 0


@token.command("verify")
@click.argument("value", metavar="TOKEN|-")
@click.option(
    "--check-exp/--no-check-exp",
    default=True,
    show_default=True,
    help="Refuse expired tokens.",
)
@click.option(
    "--check-list/--no-check-list",
    default=True,
    show_default=True,
    help="Check the configured black or white list.",
)
@config_options(needed=True)
@common_options
def verify(
    *, value: str, check_exp: bool, check_list: bool, config: str, pointer: str, as_json: bool
) -> int:
    """Verify a token as jwt_verify_token does, and print its claims.

    TOKEN is the token, or - to read it from stdin (so it stays out of shell
    history). Exit status 1, with the error's class and message on stderr,
    when the token is rejected for any reason.
    """
    text = input_text(value, "token")
    with _facade(config, pointer) as auth:
        claims = auth.jwt_verify_token(text, check_exp=check_exp, check_list=check_list)
    header, _, _ = _decode(text)
    output = Output(json_mode=as_json)
    if as_json:
        output.json({"verified": True, "header": header, "claims": claims})
        return 0
    kid = header.get("kid")
    about = f"{header.get('alg')}" + (f", kid {excerpt(kid)}" if isinstance(kid, str) else "")
    output.line(click.style("verified", fg="green", bold=True) + f" ({about})", err=True)
    output.line(_pretty(claims))
    return 0


@token.command("inspect")
@click.argument("value", metavar="TOKEN|-")
@common_options
def inspect(*, value: str, as_json: bool) -> int:
    """Decode a token WITHOUT verifying it, and say so.

    Shows the header and the claims, and the times in them, of any compact
    JWS; nothing is checked, so never act on what it shows. TOKEN is the
    token, or - to read it from stdin.
    """
    header, claims, signature = _decode(input_text(value, "token"))
    output = Output(json_mode=as_json)
    if as_json:
        output.json(
            {
                "verified": False,
                "warning": NOT_VERIFIED,
                "header": header,
                "claims": claims,
                "signature_bytes": signature,
            }
        )
        return 0
    output.line(click.style(NOT_VERIFIED, fg="red", bold=True))
    output.line()
    output.line(click.style("header", bold=True))
    output.line(_pretty(header))
    output.line(click.style("claims", bold=True))
    output.line(_pretty(claims) if claims is not None else "(the payload is not a JSON object)")
    times = _times(claims or {})
    if times:
        output.line(click.style("times", bold=True))
        output.table(times, indent=2)
    output.line(click.style("signature", bold=True) + f" {signature} bytes (not checked)")
    return 0


def _claim(item: str) -> tuple[str, Any]:
    name, equals, text = item.partition("=")
    if not equals or not name.rstrip(":"):
        raise CliError(f"--claim takes NAME=TEXT or NAME:=JSON, not {excerpt(item)}")
    if name.endswith(":"):
        return name[:-1], strict_json(text, f"value of claim {excerpt(name[:-1])}")
    return name, text


def _facade(config: str, pointer: str) -> Jam:
    """A Jam built from the configuration's ``[jam.jwt]`` table (and its plugins) only."""
    import jam
    from jam.exceptions import JamConfigError

    settings = load(config, pointer)
    if settings.jwt is None:
        raise JamConfigError(
            f"{excerpt(config, 200)} has no [jwt] table: there is no key to sign or verify with"
        )
    only_jwt = settings.model_copy(update={"session": None, "otp": None, "oauth2": None})
    return jam.Jam(config=only_jwt)


def _decode(text: str) -> tuple[dict[str, Any], dict[str, Any] | None, int]:
    """Header, claims (``None`` when the payload is not a JSON object) and signature size.

    Raises:
        CliError: Not three segments (a JWE is named as such).
        MalformedToken: A segment is not strict base64url, or the header not a JSON object.
    """
    from jam.exceptions import MalformedToken
    from jam.jwt._codec import b64decode, loads_object

    parts = text.split(".")
    if len(parts) == 5:
        raise CliError("this is a JWE (five segments): its claims are encrypted")
    if len(parts) != 3:
        raise CliError(f"not a compact JWS: {len(parts)} segments where there should be 3")
    header = loads_object(b64decode(parts[0]), "header")
    payload = b64decode(parts[1])
    try:
        claims: dict[str, Any] | None = loads_object(payload, "payload")
    except MalformedToken:
        claims = None
    return header, claims, len(b64decode(parts[2]))


def _pretty(value: Any) -> str:
    import json

    return json.dumps(value, indent=2, ensure_ascii=True)


def _times(claims: dict[str, Any]) -> list[list[str]]:
    rows = []
    now = time.time()
    for name in ("iat", "nbf", "exp"):
        value = claims.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        try:
            moment = datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError):
            rows.append([name, f"{value!r} (not a representable time)"])
            continue
        delta = int(value - now)
        relative = f"in {_ago(delta)}" if delta >= 0 else f"{_ago(-delta)} ago"
        if name == "exp" and delta < 0:
            relative += ", expired"
        rows.append([name, moment.strftime("%Y-%m-%dT%H:%M:%SZ"), f"({relative})"])
    return rows


def _ago(seconds: int) -> str:
    from jam.cli._findings import duration

    return duration(seconds) if seconds >= 60 else f"{seconds} seconds"
