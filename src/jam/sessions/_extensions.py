"""Optional store capabilities the session engine uses when a store offers them.

Defined in `jam.protocols` with the other contracts; re-exported here for
the session engine and existing imports.
"""

from __future__ import annotations

from jam.protocols import (
    AsyncSupportsGetAndTouch,
    AsyncSupportsRoutedIds,
    SupportsGetAndTouch,
    SupportsRoutedIds,
)

__all__ = [
    "AsyncSupportsGetAndTouch",
    "AsyncSupportsRoutedIds",
    "SupportsGetAndTouch",
    "SupportsRoutedIds",
]
