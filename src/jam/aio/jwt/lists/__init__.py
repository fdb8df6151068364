"""jamlib's ``jam.aio.jwt.lists``: the same deprecated classes as `jam.jwt.lists`.

A list object only describes a ``[jam.jwt.list]`` table, which serves the
synchronous and the asyncio facade alike, so there is one class for both.
"""

from __future__ import annotations

from jam.jwt.lists import JamlibList

__all__ = ["JamlibList"]
