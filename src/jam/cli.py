"""The ``jam`` command: inspect plugins and generate secrets.

Usage::

    jam plugins [--config PATH] [--pointer NAME]   # what is installed and registered
    jam secret [--kind hs256|hs512|session]        # print a fresh random secret
    jam version
"""

from __future__ import annotations

import argparse
import secrets
import sys
from collections.abc import Sequence

from jam._version import __version__

__all__ = ["main"]

_SECRET_BYTES = {"hs256": 32, "hs384": 48, "hs512": 64, "session": 32}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="jam", description="Jam authentication toolkit")
    commands = parser.add_subparsers(dest="command", required=True)
    plugins = commands.add_parser("plugins", help="list plugins and what they register")
    plugins.add_argument("--config", help="TOML file whose [jam.plugins] table applies")
    plugins.add_argument("--pointer", default="jam", help="configuration table name")
    secret = commands.add_parser("secret", help="print a random secret (base64url)")
    secret.add_argument("--kind", choices=sorted(_SECRET_BYTES), default="hs256")
    commands.add_parser("version", help="print the kernel version")
    args = parser.parse_args(argv)
    if args.command == "version":
        print(__version__)
        return 0
    if args.command == "secret":
        print(secrets.token_urlsafe(_SECRET_BYTES[args.kind]))
        return 0
    return _plugins(args.config, args.pointer)


def _plugins(config: str | None, pointer: str) -> int:
    from jam.config import PluginSettings, load_config
    from jam.exceptions import JamError
    from jam.plugins._manager import KINDS, load_registry

    try:
        settings = load_config(config, pointer).plugins if config else PluginSettings()
        registry = load_registry(settings)
    except JamError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for info in registry.plugins:
        state = "loaded" if info.loaded else "blocked by [jam.plugins]"
        print(f"{info.name}  {info.distribution} {info.version}  ({info.value})  {state}")
        for kind in KINDS:
            names = [p.record.name for p in registry.provided(kind) if p.plugin.name == info.name]
            if names:
                print(f"    {kind.noun}s: {', '.join(names)}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
