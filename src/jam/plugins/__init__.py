"""The plugin system: hook marker, record types and the registry.

Plugins are modules (or objects) with functions marked ``@jam.hookimpl``,
advertised through the ``jam`` entry-point group::

    [project.entry-points.jam]
    mything = "jam_mything.plugin"

See ``docs/plugins/`` for a walkthrough.
"""

from __future__ import annotations

import pluggy

from jam.plugins._adapters import inline_async, threaded_async
from jam.plugins.records import (
    API_VERSION,
    SUPPORTED_API_VERSIONS,
    AlgorithmRecord,
    OAuth2ProviderRecord,
    Record,
    SessionStoreRecord,
    TokenListRecord,
)

__all__ = [
    "API_VERSION",
    "SUPPORTED_API_VERSIONS",
    "AlgorithmRecord",
    "OAuth2ProviderRecord",
    "Record",
    "SessionStoreRecord",
    "TokenListRecord",
    "hookimpl",
    "inline_async",
    "threaded_async",
]

hookimpl = pluggy.HookimplMarker("jam")
"""Marker for hook implementations: ``@jam.hookimpl def jam_register_algorithms(): ...``."""
