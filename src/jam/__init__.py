"""Jam: authentication for Python as one facade over a plugin framework.

Example:
    >>> import jam
    >>> auth = jam.Jam(config="pyproject.toml")  # reads [tool.jam]

``Jam`` and ``hookimpl`` are imported lazily so ``import jam`` stays cheap.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from jam import exceptions as _exceptions
from jam._lazy import lazy_attributes
from jam._version import __version__
from jam.exceptions import *  # noqa: F403  (every exception is public at the top level too)

if TYPE_CHECKING:
    from jam._facade import Jam
    from jam.plugins import hookimpl

__all__ = ["Jam", "__version__", "hookimpl"]
__all__ += _exceptions.__all__

logging.getLogger(__name__).addHandler(logging.NullHandler())


__getattr__ = lazy_attributes(__name__, {"Jam": "jam._facade", "hookimpl": "jam.plugins"})
