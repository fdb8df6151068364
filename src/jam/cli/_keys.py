"""``jam keys generate`` (make a key pair or secret) and ``jam keys jwks`` (publish public keys)."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from jam.cli._common import (
    common_options,
    config_options,
    debug_option,
    load,
    load_plugin_settings,
    load_registry,
)
from jam.cli._output import Output, safe

if TYPE_CHECKING:
    from jam.cli._keygen import KeyPair

__all__ = ["keys"]


@click.group()
@debug_option
def keys() -> None:
    """Generate signing keys, and publish the public ones as a JWKS."""


@keys.command("generate")
@click.option("--alg", required=True, help="Algorithm (JOSE name): ES256, EdDSA, RS256, HS256...")
@click.option("--kid", help="Key id; written into JWK files and the TOML snippet.")
@click.option(
    "--out",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the key files into this folder (created 0700 if missing) instead of stdout.",
)
@click.option(
    "fmt",
    "--format",
    type=click.Choice(["pem", "jwk"]),
    default="pem",
    show_default=True,
    help="PEM (PKCS#8 / SubjectPublicKeyInfo) or JWK JSON.",
)
@click.option("--name", help="File name stem (default: the kid, else the alg in lower case).")
@click.option("--force", is_flag=True, help="Replace existing files.")
@config_options(needed=False)
@common_options
def generate(
    *,
    alg: str,
    kid: str | None,
    out: Path | None,
    fmt: str,
    name: str | None,
    force: bool,
    config: str | None,
    pointer: str,
    as_json: bool,
) -> int:
    """Generate a key pair (or an HMAC secret) with the algorithm's own plugin.

    Works for every registered algorithm that can make keys
    (jam.protocols.SupportsKeyGeneration). With --out DIR it writes
    <name>.pem and <name>.pub.pem (or <name>.jwk.json and <name>.pub.jwk.json;
    an HMAC secret is one file, <name>.secret or <name>.jwk.json), the private
    file created with mode 0600, and prints the TOML that uses them. Existing
    files are never replaced without --force. Without --out the key is printed.
    """
    from jam.cli._keygen import file_stem, generate, snippet

    stem = file_stem(name, kid, alg) if out is not None else ""
    registry = load_registry(load_plugin_settings(config, pointer))
    pair = generate(registry, alg, kid, "jwk" if fmt == "jwk" else "pem")
    output = Output(json_mode=as_json)
    if out is None:
        _print_key(output, pair)
        return 0
    written = _write(out, stem, pair, force=force)
    table = _jwt_table(config, pointer)
    names = {kind: _as_configured(path, config) for kind, path, _ in written}
    toml = snippet(pair, names, table)
    if as_json:
        output.json(
            {
                "alg": pair.alg,
                "kid": pair.kid,
                "format": pair.format,
                "files": [
                    {"path": str(path), "kind": kind, "mode": f"{mode:04o}"}
                    for kind, path, mode in written
                ],
                "toml": toml,
            }
        )
        return 0
    for kind, path, mode in written:
        what = "secret" if pair.secret else f"{kind} key"
        output.line(f"wrote {safe(str(path))} ({what}, mode {mode:04o})")
    output.line()
    output.line("Use it in your configuration (paths are relative to the configuration file):")
    output.line()
    output.line(toml.rstrip("\n"))
    return 0


def _print_key(output: Output, pair: KeyPair) -> None:
    if output.json_mode:

        def shown(data: bytes | None) -> Any:
            if data is None:
                return None
            return json.loads(data) if pair.format == "jwk" else data.decode("ascii")

        output.json(
            {
                "alg": pair.alg,
                "kid": pair.kid,
                "format": pair.format,
                "private": shown(pair.private),
                "public": shown(pair.public),
            }
        )
        return
    output.line(pair.private.decode("ascii").rstrip("\n"))
    if pair.public is not None:
        output.line(pair.public.decode("ascii").rstrip("\n"))


def _write(folder: Path, stem: str, pair: KeyPair, *, force: bool) -> list[tuple[str, Path, int]]:
    from jam.cli._files import PRIVATE, PUBLIC, check_free, write_file

    if pair.format == "jwk":
        private_name, public_name = f"{stem}.jwk.json", f"{stem}.pub.jwk.json"
    elif pair.secret:
        private_name, public_name = f"{stem}.secret", ""
    else:
        private_name, public_name = f"{stem}.pem", f"{stem}.pub.pem"
    planned = [("private", folder / private_name, PRIVATE, pair.private)]
    if pair.public is not None:
        planned.append(("public", folder / public_name, PUBLIC, pair.public))
    check_free([path for _, path, _, _ in planned], force=force)
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True)
    done: list[tuple[str, Path, int]] = []
    try:
        for kind, path, mode, data in planned:
            write_file(path, data, mode=mode, replace=force)
            done.append((kind, path, mode))
    except BaseException:
        if not force:  # leave no half of a pair behind
            for _, path, _ in done:
                with contextlib.suppress(OSError):
                    path.unlink()
        raise
    return done


def _jwt_table(config: str | None, pointer: str) -> list[str]:
    table = [pointer, "jwt"]
    if config is not None and Path(config).name == "pyproject.toml":
        table = ["tool", *table]
    return table


def _as_configured(path: Path, config: str | None) -> str:
    """The path as the configuration would write it: relative to the configuration's folder."""
    if config is None:
        return path.as_posix()
    base = Path(config).resolve().parent
    return Path(os.path.relpath(path.resolve(), base)).as_posix()


@keys.command("jwks")
@config_options(needed=True)
@common_options
def jwks(*, config: str, pointer: str, as_json: bool) -> int:
    """Print the public JWKS of the configured keys ([jam.jwt]).

    One JWK per verifying key, with its kid and alg, exported by its
    algorithm's plugin and checked to hold no private member. HMAC (HS*)
    secrets are never published: they are skipped with a note on stderr.
    Serve the output at your /.well-known/jwks.json for other services.
    """
    from jam.cli._jwks import build_jwks
    from jam.exceptions import JamConfigError

    settings = load(config, pointer)
    if settings.jwt is None:
        raise JamConfigError(f"{safe(config)} has no [jwt] table, so there are no keys to publish")
    document, notes = build_jwks(settings.jwt, load_registry(settings.plugins))
    output = Output(json_mode=as_json)
    for note in notes:
        output.note(note)
    output.json(document)
    return 0
