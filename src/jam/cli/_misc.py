"""``jam secret`` and ``jam version``: the two commands that need no configuration."""

from __future__ import annotations

import secrets

import click

from jam._version import __version__
from jam.cli._common import common_options
from jam.cli._output import Output

__all__ = ["SECRET_BYTES", "secret", "version"]

SECRET_BYTES = {"hs256": 32, "hs384": 48, "hs512": 64, "session": 32}
"""Random bytes per kind: as long as the HMAC's hash, or an AES-256 key for sessions."""


@click.command()
@click.option(
    "--kind",
    type=click.Choice(sorted(SECRET_BYTES)),
    default="hs256",
    show_default=True,
    help="What the secret is for (sets its size).",
)
@common_options
def secret(kind: str, as_json: bool) -> int:
    """Print a fresh random secret as base64url text.

    32 bytes for HS256 and session_aes_secret, 48 for HS384, 64 for HS512,
    from the operating system's random source.
    """
    text = secrets.token_urlsafe(SECRET_BYTES[kind])
    out = Output(json_mode=as_json)
    if as_json:
        out.json({"kind": kind, "bytes": SECRET_BYTES[kind], "secret": text})
    else:
        out.line(text)
    return 0


@click.command()
@common_options
def version(as_json: bool) -> int:
    """Print the version of jam-auth (the kernel)."""
    out = Output(json_mode=as_json)
    if as_json:
        out.json({"distribution": "jam-auth", "version": __version__})
    else:
        out.line(__version__)
    return 0
