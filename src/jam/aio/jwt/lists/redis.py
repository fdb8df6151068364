"""jamlib's ``jam.aio.jwt.lists.redis.RedisList``: `jam.jwt.lists.redis.RedisList`."""

from __future__ import annotations

from jam.jwt.lists.redis import RedisList

__all__ = ["RedisList"]
