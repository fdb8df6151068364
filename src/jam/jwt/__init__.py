"""JSON Web Tokens: the engines behind ``Jam.jwt_*`` and ``jam.aio.Jam.jwt_*``.

Most applications use a facade (:class:`jam.Jam`, :class:`jam.aio.Jam`);
:class:`JWTEngine` and :class:`AsyncJWTEngine` are public for frameworks that
want an engine without the facade.
"""

from __future__ import annotations

from jam.jwt._async_engine import AsyncJWTEngine
from jam.jwt._engine import JWTEngine
from jam.jwt._lists import AsyncTokenListPolicy, ListRules, TokenListPolicy, token_id

__all__ = [
    "AsyncJWTEngine",
    "AsyncTokenListPolicy",
    "JWTEngine",
    "ListRules",
    "TokenListPolicy",
    "token_id",
]
