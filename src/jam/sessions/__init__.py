"""Server-side sessions (placeholder: being built by the sessions work)."""

from __future__ import annotations

from typing import Any

__all__ = ["SessionEngine", "build_engine"]

SessionEngine = Any


def build_engine(settings: Any, registry: Any) -> Any:
    """Placeholder."""
    raise NotImplementedError
