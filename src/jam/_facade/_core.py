"""What both facades are made of: configuration, plugins, and one engine per configured table.

`jam.Jam` and `jam.aio.Jam` both derive from `FacadeCore`
and the same method mixins (``_jwt.py``, ``_sessions.py``, ``_otp.py``). They
differ in one class attribute, `FacadeCore.asynchronous`, which picks
each capability's synchronous or asyncio engine, and in their lifecycle
(``close`` / ``aclose``).
"""

from __future__ import annotations

import importlib
import logging
import warnings
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from jam.config import load_config
from jam.exceptions import JamConfigError
from jam.plugins._manager import load_registry

if TYPE_CHECKING:
    from collections.abc import Callable

    from jam.config import ConfigSource, JamConfig
    from jam.plugins._manager import Registry

__all__ = [
    "CAPABILITIES",
    "AsyncMode",
    "FacadeCore",
    "SyncMode",
    "deprecated_alias",
    "warn_deprecated",
]

logger = logging.getLogger("jam")

F = TypeVar("F", bound="Callable[..., Any]")


class SyncMode:
    """Type-level marker of `jam.Jam`: methods return results."""


class AsyncMode:
    """Type-level marker of `jam.aio.Jam`: I/O methods return awaitables."""


ModeT = TypeVar("ModeT", SyncMode, AsyncMode)

CAPABILITIES = (
    ("jwt", "jwt", "jam.jwt"),
    ("otp", "otp", "jam.otp"),
    ("sessions", "session", "jam.sessions"),
    ("oauth2", "oauth2", "jam.oauth2"),
)
"""``(engine attribute, config table, package with build())`` per capability, in build order."""


class FacadeCore(Generic[ModeT]):
    """Loads configuration and plugins, and builds the engines the configuration asks for.

    ``ModeT`` (`SyncMode` or `AsyncMode`) exists for type
    checkers only: each I/O method has one ``@overload`` per mode.

    Attributes:
        config: The validated configuration (secrets redacted when printed).
        registry: What the loaded plugins registered.
    """

    asynchronous: ClassVar[bool] = False
    """True for `jam.aio.Jam`: every engine is built in its asyncio flavour."""

    config: JamConfig
    registry: Registry

    def __init__(self, config: ConfigSource = "pyproject.toml", pointer: str = "jam") -> None:
        """Load and validate ``config``, discover plugins, and build every configured engine.

        Args:
            config: The configuration table as a dict, a path to a TOML file
                (``pyproject.toml`` reads ``[tool.<pointer>]``), or a
                `jam.config.JamConfig`.
            pointer: The table's name.

        Raises:
            JamConfigError: The configuration is invalid.
            JamPluginError: A plugin failed to load, conflicts, or is missing.
        """
        self.config = load_config(config, pointer)
        self.registry = load_registry(self.config.plugins)
        self._engines: list[Any] = []
        for attribute, _table, _package in CAPABILITIES:
            setattr(self, attribute, None)
        try:
            for attribute, table, package in CAPABILITIES:
                settings = getattr(self.config, table)
                if settings is None:
                    continue
                builder = importlib.import_module(package).build
                engine = builder(settings, self.registry, asynchronous=self.asynchronous)
                setattr(self, attribute, engine)
                self._engines.append(engine)
        except BaseException:
            self._abandon()
            raise
        logger.debug(
            "Jam built: %s", ", ".join(name for name, _, _ in CAPABILITIES if getattr(self, name))
        )

    def _abandon(self) -> None:
        """Close what a failed build already opened, keeping the original error."""
        engines, self._engines = self._engines, []
        for engine in engines:
            try:
                engine.close()
            except Exception:  # noqa: S112  (the build error is the one to report)
                continue

    @property
    def module(self) -> Any:
        """Deprecated: jamlib's ``auth.module``, the JWT engine (the session engine without JWT).

        jamlib 2.5 set ``auth.module`` to its JWT module, so code such as
        ``auth.module.list.add(token)`` keeps working (see ``auth.jwt.list``).

        Raises:
            JamConfigError: Neither ``[jam.jwt]`` nor ``[jam.session]`` is configured.
        """
        warnings.warn(
            "Jam.module is deprecated (jamlib); use Jam.jwt (or Jam.sessions)",
            DeprecationWarning,
            stacklevel=2,
        )
        engine = getattr(self, "jwt", None)
        if engine is None:
            engine = getattr(self, "sessions", None)
        if engine is None:
            raise JamConfigError(
                "Jam.module (jamlib) is the JWT or session engine; this Jam has neither"
            )
        return engine

    @staticmethod
    def _missing(table: str, method: str) -> JamConfigError:
        """The error for calling ``method`` on a Jam built without ``[table]``."""
        return JamConfigError(
            f"{method}() needs a [{table}] table in the configuration; this Jam was built "
            "without one"
        )

    def __repr__(self) -> str:
        """Show which capabilities are configured (never secrets)."""
        parts = [name for name, _, _ in CAPABILITIES if getattr(self, name) is not None]
        return (
            f"{type(self).__module__}.{type(self).__qualname__}(capabilities=[{', '.join(parts)}])"
        )


def deprecated_alias(target: F, old: str) -> F:
    """Return a jamlib-era alias of the facade method ``target`` that warns once per call.

    The alias has ``target``'s signature and types (``F``); calling it warns
    with a ``DeprecationWarning`` attributed to the caller, then calls ``target``.

    Example:
        >>> create_session = deprecated_alias(session_create, "create_session")
    """
    import functools

    new = target.__name__

    @functools.wraps(target)
    def alias(*args: Any, **kwargs: Any) -> Any:
        warn_deprecated(old, new)
        return target(*args, **kwargs)

    alias.__name__ = old
    alias.__qualname__ = target.__qualname__.rpartition(".")[0] + "." + old
    alias.__doc__ = f"Deprecated alias of :meth:`{new}` (jamlib's name)."
    return alias  # type: ignore[return-value]


def warn_deprecated(old: str, new: str) -> None:
    """Warn that the facade method ``old`` is a jamlib-era name of ``new``.

    Call it from the alias itself: the warning is attributed to the alias's caller.
    """
    warnings.warn(
        f"Jam.{old}() is deprecated; use Jam.{new}() instead", DeprecationWarning, stacklevel=3
    )
