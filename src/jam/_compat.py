"""Warnings for jamlib-era names and configuration, attributed to the user's code.

A configuration is rewritten several calls deep inside `jam.Jam`; a
warning raised there with a fixed ``stacklevel`` would point at Jam itself,
where no one can act on it (and where the test suite turns it into an error).
`warn_jamlib` points it at the first frame outside the ``jam`` package.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

__all__ = ["warn_jamlib"]

_JAM_DIR = str(Path(__file__).resolve().parent)


def _outside_jam(filename: str) -> bool:
    try:
        resolved = str(Path(filename).resolve())
    except (OSError, ValueError):
        return True
    return resolved != _JAM_DIR and not resolved.startswith(_JAM_DIR + "/")


def warn_jamlib(message: str) -> None:
    """Emit a ``DeprecationWarning`` attributed to the nearest caller outside ``jam``.

    Example:
        >>> warn_jamlib('backend = "json" is deprecated; use "sqlite"')  # doctest: +SKIP
    """
    level = 2
    frame = sys._getframe(1)
    while frame.f_back is not None and not _outside_jam(frame.f_code.co_filename):
        frame = frame.f_back
        level += 1
    warnings.warn(message, DeprecationWarning, stacklevel=level)
