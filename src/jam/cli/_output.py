"""Where the ``jam`` command writes: JSON for scripts, aligned plain text for people.

Colour is used only where a person reads it, with the conventions other tools
follow: ``NO_COLOR`` (any non-empty value) turns it off, ``FORCE_COLOR``
turns it on when output is not a terminal, ``TERM=dumb`` turns it off, and
otherwise stdout (or stderr, for messages) must be a terminal. No mode draws
boxes or rules: piped text is plain columns a script can cut. Text that
plugins or users wrote (descriptions, names) is escaped before it reaches a
terminal, so it cannot carry escape sequences.

Used by every command module of `jam.cli`.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import IO, Any

import click

from jam._text import excerpt

__all__ = ["SEVERITY_COLORS", "Output", "safe", "use_color"]

SEVERITY_COLORS = {"high": "red", "medium": "yellow", "low": "cyan"}
"""Colour of each audit severity (``jam config check``)."""

Paint = Callable[[int, int, str], str]
"""``(row, column, padded text) -> styled text`` for `Output.table`."""


def use_color(stream: IO[str]) -> bool:
    """Return True when text written to ``stream`` may carry ANSI colour.

    Example:
        >>> import io
        >>> use_color(io.StringIO())  # not a terminal (and FORCE_COLOR unset)
        False
    """
    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR")
    if force and force != "0":
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a replaced or closed stream
        return False


def safe(text: str, limit: int = 200) -> str:
    r"""Return third-party text fit for a terminal: as it is when plain, else cut and escaped.

    Example:
        >>> safe("ECDSA P-256 with SHA-256")
        'ECDSA P-256 with SHA-256'
        >>> safe("evil\\x1b[2J")
        "'evil\\\\x1b[2J'"
    """
    if len(text) <= limit and text.isprintable():
        return text
    return excerpt(text, limit)


class Output:
    """The output of one command: JSON or text, colour decided once per stream.

    Attributes:
        json_mode: True when ``--json`` was given.
        color: Whether stdout may carry colour.
        err_color: Whether stderr may carry colour.
    """

    def __init__(self, *, json_mode: bool = False) -> None:
        """Decide colour for stdout and stderr from the environment and the streams."""
        self.json_mode = json_mode
        self.color = use_color(sys.stdout)
        self.err_color = use_color(sys.stderr)

    def json(self, value: Any) -> None:
        """Print ``value`` as indented JSON (ASCII only, so any terminal shows it)."""
        click.echo(json.dumps(value, indent=2, ensure_ascii=True), color=False)

    def line(self, text: str = "", *, err: bool = False) -> None:
        """Print one line (styles are stripped when the stream may not carry colour)."""
        click.echo(text, err=err, color=self.err_color if err else self.color)

    def note(self, text: str) -> None:
        """Print a ``note:`` line on stderr (never data a script would parse)."""
        self.line(click.style("note:", fg="blue", bold=True) + " " + text, err=True)

    def binary(self, data: bytes) -> None:
        """Write bytes to stdout as they are (a PNG, for example)."""
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()

    def table(
        self,
        rows: Sequence[Sequence[str]],
        *,
        header: Sequence[str] | None = None,
        indent: int = 0,
        paint: Paint | None = None,
    ) -> None:
        """Print rows in aligned columns, two spaces apart, without borders.

        Args:
            rows: Plain text cells (already made safe).
            header: Column titles, printed first in bold.
            indent: Spaces before every line.
            paint: Styles one padded cell; called with its row and column index.
        """
        every = [list(header)] if header else []
        every += [list(row) for row in rows]
        if not every:
            return
        widths = [
            max(len(row[col]) for row in every if col < len(row))
            for col in range(max(len(row) for row in every))
        ]
        for index, row in enumerate(every):
            cells = []
            for col, text in enumerate(row):
                last = col == len(row) - 1
                padded = text if last else text.ljust(widths[col])
                if header and index == 0:
                    padded = click.style(padded, bold=True)
                elif paint is not None:
                    padded = paint(index - (1 if header else 0), col, padded)
                cells.append(padded)
            self.line(" " * indent + "  ".join(cells).rstrip())
