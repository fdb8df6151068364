"""Construction of the facade: configuration, plugins, and one engine per configured table."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from jam.config import load_config
from jam.exceptions import JamConfigError
from jam.plugins._manager import load_registry

if TYPE_CHECKING:
    from types import TracebackType

    from jam.config import ConfigSource, JamConfig
    from jam.plugins._manager import Registry

__all__ = ["JamBase", "deprecated"]

logger = logging.getLogger("jam")


def deprecated(old: str, new: str) -> None:
    """Warn that ``old`` is a jamlib-era alias of ``new``."""
    import warnings

    warnings.warn(
        f"Jam.{old}() is deprecated; use Jam.{new}() instead", DeprecationWarning, stacklevel=3
    )


class JamBase:
    """Loads configuration and plugins, and builds the engines the configuration asks for.

    Attributes:
        config: The validated configuration (secrets redacted when printed).
        registry: What the loaded plugins registered.
    """

    config: JamConfig
    registry: Registry

    def __init__(self, config: ConfigSource = "pyproject.toml", pointer: str = "jam") -> None:
        """Load and validate ``config``, discover plugins, and build every configured engine.

        Args:
            config: The configuration table as a dict, a path to a TOML file
                (``pyproject.toml`` reads ``[tool.<pointer>]``), or a
                :class:`jam.config.JamConfig`.
            pointer: The table's name.

        Raises:
            JamConfigError: The configuration is invalid.
            JamPluginError: A plugin failed to load, conflicts, or is missing.
        """
        self.config = load_config(config, pointer)
        self.registry = load_registry(self.config.plugins)
        self._closers: list[Any] = []
        try:
            self._build()
        except BaseException:
            self._abandon()
            raise
        logger.debug(
            "Jam built: jwt=%s session=%s otp=%s",
            self.config.jwt is not None,
            self.config.session is not None,
            self.config.otp is not None,
        )

    def _build(self) -> None:
        """Build engines; each mixin extends this and calls ``super()._build()``."""

    def _abandon(self) -> None:
        """Close what a failed ``_build`` already opened, keeping the original error."""
        closers, self._closers = self._closers, []
        for close in closers:
            try:
                close()
            except Exception:  # noqa: S112  (the build error is the one to report)
                continue

    def _missing(self, table: str, method: str) -> JamConfigError:
        return JamConfigError(
            f"{method}() needs a [{table}] table in the configuration; this Jam was built "
            "without one"
        )

    def close(self) -> None:
        """Close every backend (connections, files). Idempotent."""
        closers, self._closers = self._closers, []
        for close in closers:
            close()

    def __enter__(self) -> JamBase:
        """Use as a context manager that closes backends on exit."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close backends."""
        self.close()

    def __repr__(self) -> str:
        """Show which capabilities are configured (never secrets)."""
        parts = [
            name
            for name in ("jwt", "session", "otp", "oauth2")
            if getattr(self.config, name) is not None
        ]
        return f"{type(self).__name__}(capabilities=[{', '.join(parts)}])"
