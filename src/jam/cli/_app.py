"""The root ``jam`` group: every command and command group, assembled in one place.

Importing this module imports Click and the command modules, which import
the rest of Jam only inside the commands, so ``jam --help`` and ``jam
version`` stay fast.
"""

from __future__ import annotations

import click

from jam._version import __version__
from jam.cli._common import debug_option
from jam.cli._config import config
from jam.cli._keys import keys
from jam.cli._misc import secret, version
from jam.cli._otp import otp
from jam.cli._plugins import plugins
from jam.cli._token import token

__all__ = ["cli"]

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="jam", message="%(version)s")
@debug_option
def cli() -> None:
    """Jam: JWTs, sessions, one-time passwords and plugins, from the command line.

    Every command takes --json (output for scripts) and --debug (tracebacks).
    Errors are one line on stderr; the exit status is 1 when a command fails
    and 2 when the command line is wrong. Colour only on a terminal, and never
    with NO_COLOR set.
    """


cli.add_command(config)
cli.add_command(keys)
cli.add_command(otp)
cli.add_command(plugins)
cli.add_command(secret)
cli.add_command(token)
cli.add_command(version)
