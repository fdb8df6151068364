"""Plugins registered from code for the Jams built inside a block: `extra_plugins`.

Installed plugins are found through entry points. Tests (``jam.testing``'s
``jam_with`` and ``register_plugin`` fixtures) and applications that keep a
plugin in their own code need another door: a plugin *object* (a module, a
class or an instance with ``@jam.hookimpl`` functions) given to
`extra_plugins`. Every registry built inside the ``with`` block, in the
same thread or asyncio task (the scope is a `contextvars` variable),
registers those objects next to the built-in plugin and the installed ones,
through the same checks. A ``Jam`` keeps the registry it was built with, so
one built inside the block keeps the plugins after the block ends; nothing is
shared with Jams built elsewhere.

Read by `jam.plugins._manager.load_registry`, which decides what an
extra plugin may do under ``[jam.plugins]``.
"""

from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["ExtraPlugins", "Scope", "current", "extra_plugins", "plugin_name"]


@dataclass(frozen=True, slots=True)
class Scope:
    """What the enclosing `extra_plugins` blocks add, as one registry build sees it.

    Attributes:
        plugins: ``(name, plugin object)`` pairs, outermost block first.
        entry_points: False when an ``exclusive`` block encloses the build:
            installed plugins are then not loaded (the built-in one still is).
    """

    plugins: tuple[tuple[str, object], ...] = ()
    entry_points: bool = True


class ExtraPlugins:
    """The plugins one `extra_plugins` block registers; `add` adds more.

    Example:
        >>> with jam.plugins.extra_plugins() as extra:
        ...     extra.add(my_plugin_module)
        ...     auth = jam.Jam(config={"session": {"backend": "mine"}})
    """

    __slots__ = ("_plugins", "exclusive")

    def __init__(self, exclusive: bool) -> None:
        """Start an empty set (use `extra_plugins` rather than calling this)."""
        self.exclusive = exclusive
        """True when installed plugins and enclosing blocks are ignored inside this block."""
        self._plugins: list[tuple[str, object]] = []

    def add(self, plugin: object, *, name: str | None = None) -> str:
        """Register ``plugin`` for every Jam built from now until the block ends.

        Args:
            plugin: A module, class or instance with ``@jam.hookimpl`` functions.
            name: The plugin's name, as ``[jam.plugins] disable`` and messages
                use it (default: the object's ``__name__``, or its class name).

        Returns:
            The name it was registered under.

        Raises:
            TypeError: ``plugin`` is ``None``, or ``name`` is not a non-empty string.
        """
        if plugin is None:
            raise TypeError("extra_plugins: a plugin object is required, got None")
        chosen = plugin_name(plugin) if name is None else name
        if not isinstance(chosen, str) or not chosen.strip():
            raise TypeError("extra_plugins: a plugin name must be a non-empty string")
        self._plugins.append((chosen, plugin))
        return chosen

    @property
    def plugins(self) -> tuple[tuple[str, object], ...]:
        """``(name, plugin object)`` pairs registered so far, in order."""
        return tuple(self._plugins)


@dataclass(frozen=True, slots=True)
class _Stack:
    blocks: tuple[ExtraPlugins, ...] = field(default_factory=tuple)


_ACTIVE: contextvars.ContextVar[_Stack] = contextvars.ContextVar("jam_extra_plugins")


@contextlib.contextmanager
def extra_plugins(*plugins: object, exclusive: bool = False) -> Iterator[ExtraPlugins]:
    """Register plugin objects for every Jam built inside the ``with`` block.

    For tests and for plugins kept in an application's own code. Each object
    is registered exactly as an installed plugin's module would be: through
    the same hooks, with the same checks (a duplicate name, a bad record, an
    unknown ``api_version`` are the usual typed errors). The block covers the
    current thread or asyncio task only (a `contextvars` scope); a Jam
    keeps the plugins it was built with after the block ends.

    Under ``[jam.plugins]``: ``disable`` blocks an extra plugin by name;
    ``autoload``/``enable`` concern installed plugins only (an extra plugin is
    enabled by the code that gives it); with ``allow`` set, an extra plugin
    must be listed by name, without a version or distribution pin (it has
    neither), or it is refused.

    Args:
        *plugins: Modules, classes or instances with ``@jam.hookimpl``
            functions, each named by its ``__name__`` (or class name).
        exclusive: True to load, inside the block, only the built-in plugin
            and these plugins: no installed plugin, and no plugin of an
            enclosing block.

    Yields:
        The block's [ExtraPlugins][jam.plugins.ExtraPlugins]: ``add()``
        registers one more plugin (with an explicit name if needed).

    Example:
        ```python
        import jam
        from jam.plugins import AlgorithmRecord, extra_plugins


        class Toy:
            @jam.hookimpl
            def jam_register_algorithms(self):
                return [AlgorithmRecord(name="TOY", factory=make_toy, key_types=("oct",))]


        with extra_plugins(Toy(), exclusive=True):
            auth = jam.Jam(config={"jwt": {"alg": "TOY", "secret_key": "..."}})
        ```
    """
    block = ExtraPlugins(exclusive)
    for plugin in plugins:
        block.add(plugin)
    outer = _ACTIVE.get(_Stack())
    token = _ACTIVE.set(_Stack((*outer.blocks, block)))
    try:
        yield block
    finally:
        _ACTIVE.reset(token)


def current() -> Scope:
    """What the enclosing blocks add to a registry built now (innermost exclusive block wins)."""
    blocks = _ACTIVE.get(_Stack()).blocks
    if not blocks:
        return Scope()
    start = max((i for i, block in enumerate(blocks) if block.exclusive), default=-1)
    chosen = blocks[start:] if start >= 0 else blocks
    plugins = tuple(pair for block in chosen for pair in block.plugins)
    return Scope(plugins=plugins, entry_points=start < 0)


def plugin_name(plugin: object) -> str:
    """The default name of a plugin object: its ``__name__``, or its class's name."""
    name = getattr(plugin, "__name__", None)
    if isinstance(name, str) and name:
        return name
    return type(plugin).__name__
