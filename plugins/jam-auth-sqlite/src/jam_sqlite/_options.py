"""Options of the ``sqlite`` backend, shared by the session store and the token list.

Validated by the kernel from the backend keys of ``[jam.session]`` or
``[jam.jwt.list]``. Cheap to import (pydantic only).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, field_validator

from jam.config import Section

__all__ = ["DEFAULT_PATH", "SQLiteOptions"]

DEFAULT_PATH = "jam.db"
"""Database file used when ``path`` is not given, relative to the working directory."""


class SQLiteOptions(Section):
    """Keys of the ``sqlite`` backend.

    Example:
        .. code-block:: toml

            [tool.jam.session]
            backend = "sqlite"
            path = "var/sessions.db"
            timeout = 5.0
    """

    path: Path = Field(
        default=Path(DEFAULT_PATH),
        validation_alias=AliasChoices("path", "session_path", "sessions_path"),
    )
    """Database file; created (mode 0600, missing parent directories 0700) if absent.

    Sessions and token lists may share one file. Relative paths are resolved
    against the working directory when the store is built.
    """
    timeout: float = Field(default=5.0, gt=0, le=600)
    """Seconds a call waits for a lock held by another thread or process.

    After that the call raises :class:`jam.exceptions.BackendUnavailable`.
    """
    synchronous: Literal["NORMAL", "FULL"] = "NORMAL"
    """SQLite ``synchronous`` pragma. ``NORMAL`` (with WAL) survives process
    crashes; ``FULL`` also survives power loss, at one fsync per write."""
    purge_interval: float = Field(default=60.0, ge=0)
    """Seconds between sweeps of expired rows (run by a write; 0: on every write)."""

    @field_validator("path")
    @classmethod
    def _not_in_memory(cls, value: Path) -> Path:
        if str(value) in {":memory:", ""} or str(value).startswith("file:"):
            raise ValueError(
                'path must be a file path; for an in-process store use backend = "memory"'
            )
        return value
