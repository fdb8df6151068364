"""The ``[jam.plugins]`` table: which installed plugins are loaded, and which may be."""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field, field_validator, model_validator

from jam._text import excerpt
from jam.config._base import Section

__all__ = ["PluginPin", "PluginSettings", "normalize_distribution"]

_PIN = re.compile(r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?P<spec>.*?)\s*$", re.S)
_NAME = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


def normalize_distribution(name: str) -> str:
    """Return a distribution name in canonical form (``Jam_Auth.JWA`` -> ``jam-auth-jwa``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


class PluginPin(Section):
    """One entry of ``[jam.plugins] allow``: a plugin that may be loaded, and which versions.

    Written as a string, an entry-point name with an optional PEP 440 version
    specifier of its distribution (``"jwa"``, ``"jwa==0.2.*"``,
    ``"redis>=0.1,<0.3"``), or as a table that can also pin the distribution
    (``{ name = "jwa", distribution = "jam-auth-jwa", version = "==0.2.3" }``),
    the form a lock file would write.

    Example:
        >>> pin = PluginPin.model_validate("jwa==0.2.*")
        >>> (pin.name, pin.version, pin.admits("jam-auth-jwa", "0.2.5"))
        ('jwa', '==0.2.*', True)
    """

    name: str = Field(pattern=_NAME, max_length=100)
    """Entry-point name (``jwa``; ``builtin`` for the kernel's own plugin)."""
    version: str | None = Field(default=None, max_length=200)
    """Version specifier the plugin's distribution must satisfy; ``None``: any version."""
    distribution: str | None = Field(default=None, pattern=_NAME, max_length=100)
    """Distribution that must provide the entry point (``jam-auth-jwa``); ``None``: any."""

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if not isinstance(data, str):
            return data
        match = _PIN.match(data)
        if match is None:
            raise ValueError(
                f"{excerpt(data)} is not '<entry point>' or '<entry point><version specifier>' "
                "(for example 'jwa==0.2.*')"
            )
        return {"name": match["name"], "version": match["spec"] or None}

    @field_validator("version")
    @classmethod
    def _is_a_specifier(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from packaging.specifiers import InvalidSpecifier, SpecifierSet

        try:
            SpecifierSet(value)
        except InvalidSpecifier:
            raise ValueError(
                f"{excerpt(value)} is not a PEP 440 version specifier (for example '==0.2.*' "
                "or '>=0.2,<0.3')"
            ) from None
        return value

    def admits(self, distribution: str, version: str) -> bool:
        """Return True when ``distribution`` at ``version`` satisfies this pin."""
        if self.distribution is not None and normalize_distribution(
            self.distribution
        ) != normalize_distribution(distribution):
            return False
        if self.version is None:
            return True
        from packaging.specifiers import SpecifierSet
        from packaging.version import InvalidVersion, Version

        try:
            return SpecifierSet(self.version).contains(Version(version), prereleases=True)
        except InvalidVersion:
            return False

    def __str__(self) -> str:
        """The pin as it would be written in ``allow``."""
        text = f"{self.name}{self.version or ''}"
        return f"{text} from {self.distribution}" if self.distribution else text


class PluginSettings(Section):
    """Plugin discovery settings.

    By default every entry point in the ``jam`` group is loaded. ``disable``
    blocks plugins by entry-point name; ``autoload = false`` loads only the
    names in ``enable``. ``allow`` pins the set: an installed plugin it does
    not list, or whose distribution's version it does not admit, is refused
    before it is imported. The in-tree ``builtin`` plugin (memory backends and
    the HMAC algorithms) is always loaded unless it is disabled by name.
    Every name must be an installed plugin (or ``builtin``): a typo is an
    error with a suggestion, when Jam is built.
    """

    autoload: bool = True
    """Load every installed plugin (True) or only those in ``enable`` (False)."""
    enable: list[str] = Field(default_factory=list)
    """Entry-point names to load when ``autoload`` is false."""
    disable: list[str] = Field(default_factory=list)
    """Entry-point names never to load."""
    allow: list[PluginPin] | None = None
    """Pinned mode: the only plugins that may be imported, with version specifiers."""

    @model_validator(mode="after")
    def _consistent(self) -> PluginSettings:
        both = sorted(set(self.enable) & set(self.disable))
        if both:
            raise ValueError(
                f"plugins both enabled and disabled: {', '.join(excerpt(n) for n in both)}"
            )
        if self.autoload and self.enable:
            raise ValueError("'enable' only applies with autoload = false")
        if self.allow is not None:
            names = [pin.name for pin in self.allow]
            twice = sorted({name for name in names if names.count(name) > 1})
            if twice:
                raise ValueError(f"allow lists a plugin more than once: {', '.join(twice)}")
            unlisted = sorted(set(self.enable) - set(names))
            if unlisted:
                raise ValueError(
                    "enable names plugins that allow does not list: "
                    + ", ".join(excerpt(name) for name in unlisted)
                )
        return self

    def wants(self, name: str) -> bool:
        """Return True when the entry point called ``name`` should be loaded."""
        if name in self.disable:
            return False
        return self.autoload or name in self.enable

    def pin(self, name: str) -> PluginPin | None:
        """Return the ``allow`` entry for ``name`` (``None`` when absent or not pinned)."""
        for pin in self.allow or ():
            if pin.name == name:
                return pin
        return None
