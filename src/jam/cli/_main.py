"""Run the ``jam`` command: parse, dispatch, and turn every failure into one line on stderr.

Exit status: 0 on success; 1 when the command failed (a Jam error, a file
that exists, a token that does not verify, a configuration that does not
load); 2 when the command line itself is wrong (an unknown option, a missing
argument), as with every Unix tool. No traceback is printed unless
``--debug`` is given (or ``JAM_DEBUG=1``).
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Sequence

__all__ = ["main"]

_LOG_FORMAT = "%(levelname_lower)s: %(message)s"


class _LowerLevel(logging.Formatter):
    """``warning: ...`` rather than ``WARNING:...``, like the command's own messages."""

    def format(self, record: logging.LogRecord) -> str:
        record.levelname_lower = record.levelname.lower()
        return super().format(record)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``jam`` command line and return its exit status.

    Args:
        argv: The arguments after the program name; ``None`` reads ``sys.argv``.

    Returns:
        0 on success, 1 when the command failed, 2 for a command line that
        does not parse, 130 when interrupted.

    Example:
        >>> status = main(["version"])  # prints the kernel's version
        >>> status
        0
    """
    import click

    from jam.cli._app import cli
    from jam.cli._common import State, environment_flag

    state = State(debug=environment_flag("JAM_DEBUG"))
    logger = logging.getLogger("jam")
    level = logger.level
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_LowerLevel(_LOG_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if state.debug else logging.WARNING)
    try:
        result = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="jam",
            standalone_mode=False,
            obj=state,
        )
    except click.exceptions.NoArgsIsHelpError as err:
        click.echo(err.ctx.get_help(), err=True)
        return 2
    except click.exceptions.Abort:
        return 130
    except SystemExit as err:  # click exits 1 itself when stdout is a closed pipe
        return err.code if isinstance(err.code, int) else 1
    except Exception as err:  # every failure becomes one line (see _describe)
        message, status = _describe(err)
        if state.debug:
            traceback.print_exc()
        sys.stderr.write(f"error: {one_line(message)}\n")
        sys.stderr.flush()
        return status
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return result if isinstance(result, int) else 0


def _describe(err: Exception) -> tuple[str, int]:
    """The one-line message and the exit status for an error that ended a command."""
    import click

    from jam.cli._common import CliError
    from jam.exceptions import JamError

    if isinstance(err, click.ClickException):
        message = err.format_message().rstrip(".")
        ctx = getattr(err, "ctx", None)
        if isinstance(err, click.UsageError) and ctx is not None:
            message = f"{message} (see '{ctx.command_path} --help')"
        return message, err.exit_code
    if isinstance(err, JamError):
        return f"{type(err).__name__}: {err}", 1
    if isinstance(err, CliError):
        return str(err), 1
    if isinstance(err, OSError):
        return _os_message(err), 1
    return f"unexpected {type(err).__name__} (a bug in Jam or a plugin); run with --debug", 1


def _os_message(err: OSError) -> str:
    from jam._text import excerpt

    reason = err.strerror or type(err).__name__
    if err.filename is not None:
        return f"{reason}: {excerpt(str(err.filename), 200)}"
    return reason


def one_line(text: str) -> str:
    r"""Fold a message onto one line: its lines joined with ``; ``, control characters escaped.

    Example:
        >>> one_line("invalid configuration (2 problems):\n  jwt.alg: bad\n  jwt.x: unknown key")
        'invalid configuration (2 problems): jwt.alg: bad; jwt.x: unknown key'
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return "failed"
    head, rest = lines[0], lines[1:]
    folded = head + (" " if head.endswith(":") else "; ") + "; ".join(rest) if rest else head
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in folded)
