"""jamlib's ``jam.aio.jwt.lists.json.JSONList``: `jam.jwt.lists.json.JSONList`."""

from __future__ import annotations

from jam.jwt.lists.json import JSONList

__all__ = ["JSONList"]
