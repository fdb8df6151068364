"""The ``[jam.plugins]`` table: which installed plugins are loaded."""

from __future__ import annotations

from pydantic import Field, model_validator

from jam.config._base import Section

__all__ = ["PluginSettings"]


class PluginSettings(Section):
    """Plugin discovery settings.

    By default every entry point in the ``jam`` group is loaded. ``disable``
    blocks plugins by entry-point name; ``autoload = false`` loads only the
    names in ``enable``. The in-tree ``builtin`` plugin (memory backends) is
    always loaded unless it is disabled by name.
    """

    autoload: bool = True
    """Load every installed plugin (True) or only those in ``enable`` (False)."""
    enable: list[str] = Field(default_factory=list)
    """Entry-point names to load when ``autoload`` is false."""
    disable: list[str] = Field(default_factory=list)
    """Entry-point names never to load."""

    @model_validator(mode="after")
    def _consistent(self) -> PluginSettings:
        both = sorted(set(self.enable) & set(self.disable))
        if both:
            raise ValueError(f"plugins both enabled and disabled: {', '.join(both)}")
        if self.autoload and self.enable:
            raise ValueError("'enable' only applies with autoload = false")
        return self

    def wants(self, name: str) -> bool:
        """Return True when the entry point called ``name`` should be loaded."""
        if name in self.disable:
            return False
        return self.autoload or name in self.enable
