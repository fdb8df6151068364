"""Options of the ``sqlite`` backend, shared by the session store and the token list.

Validated by the kernel from the backend keys of ``[jam.session]`` or
``[jam.jwt.list]``. Cheap to import (pydantic only).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, field_validator

from jam.config import Section

__all__ = ["DEFAULT_MAX_SESSIONS_PER_KEY", "DEFAULT_PATH", "SQLiteOptions"]

DEFAULT_PATH = "jam.db"
"""Database file used when ``path`` is not given, relative to the working directory."""

DEFAULT_MAX_SESSIONS_PER_KEY = 1000
"""Live sessions one key may hold; the same default on every first-party backend."""


class SQLiteOptions(Section):
    """Keys of the ``sqlite`` backend.

    Example:
        ```toml
        [tool.jam.session]
        backend = "sqlite"
        path = "var/sessions.db"
        timeout = 5.0
        ```
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

    After that the call raises `jam.exceptions.BackendUnavailable`.
    """
    synchronous: Literal["NORMAL", "FULL"] = "NORMAL"
    """SQLite ``synchronous`` pragma. ``NORMAL`` (with WAL) survives process
    crashes; ``FULL`` also survives power loss, at one fsync per write."""
    purge_interval: float = Field(default=60.0, ge=0)
    """Longest time between two sweeps of expired rows (0: every write sweeps).

    Sweeps are run by writes: every 100 writes of a store, and by the first
    write after ``purge_interval`` seconds without one.
    """
    max_sessions_per_key: int = Field(default=DEFAULT_MAX_SESSIONS_PER_KEY, ge=0)
    """Most live sessions of one key (session store only); a create beyond it
    deletes the key's sessions that expire soonest, in the same transaction
    (``0``: no limit)."""

    @field_validator("path")
    @classmethod
    def _not_in_memory(cls, value: Path) -> Path:
        text = str(value)
        if text in {":memory:", ""} or text.startswith("file:"):
            raise ValueError(
                'path must be a file path; for an in-process store use backend = "memory"'
            )
        if "\x00" in text:
            raise ValueError("path must not contain a NUL character")
        try:
            os.fsencode(text)
        except UnicodeEncodeError:
            raise ValueError("path has characters no file name can hold") from None
        return value
