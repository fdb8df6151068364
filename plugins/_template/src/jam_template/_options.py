"""The options model: the keys a ``backend = "template"`` table may hold besides Jam's own.

Derived from `jam.config.Section`, so an unknown or misspelt key is refused
with a suggestion (a model that accepts unknown keys is refused when the
plugin registers). Type secrets as `jam.config.SecretText` and key material
as `jam.config.KeyMaterialField`.
"""

from __future__ import annotations

from pydantic import Field

from jam.config import Section

__all__ = ["TemplateOptions"]


class TemplateOptions(Section):
    """Keys of ``[jam.session]`` / ``[jam.jwt.list]`` with ``backend = "template"``.

    Example:
        ```toml
        [jam.session]
        backend = "template"
        purge_every = 500
        ```
    """

    purge_every: int = Field(default=1024, ge=1, le=1_000_000)
    """Writes between two sweeps that drop expired entries (memory stays bounded)."""
