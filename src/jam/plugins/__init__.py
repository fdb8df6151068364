"""The plugin system: hook marker, record types, and the registry a Jam builds from them.

Plugins are modules (or objects) with functions marked ``@jam.hookimpl``,
advertised through the ``jam`` entry-point group:

```toml
[project.entry-points.jam]
mything = "jam_mything.plugin"
```

or, for tests and plugins kept in an application's own code, registered for
the Jams built inside a block with `extra_plugins`. See `docs/plugins/` for a
walkthrough.
"""

from __future__ import annotations

import pluggy

from jam._public import rehome
from jam.plugins._adapters import inline_async, threaded_async
from jam.plugins._extra import ExtraPlugins, extra_plugins
from jam.plugins._registry import PluginInfo, Registry
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
    "ExtraPlugins",
    "OAuth2ProviderRecord",
    "PluginInfo",
    "Record",
    "Registry",
    "SessionStoreRecord",
    "TokenListRecord",
    "extra_plugins",
    "hookimpl",
    "inline_async",
    "threaded_async",
]

hookimpl = pluggy.HookimplMarker("jam")
"""Marker for hook implementations: ``@jam.hookimpl def jam_register_algorithms(): ...``."""

rehome(__name__, __all__, globals())
