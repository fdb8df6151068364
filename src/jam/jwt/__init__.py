"""JSON Web Tokens: the engine behind ``Jam.jwt_*``.

Most applications use the facade (:class:`jam.Jam`); :class:`JWTEngine` is
public for frameworks that want the engine without the facade.
"""

from __future__ import annotations

from jam.jwt._engine import JWTEngine
from jam.jwt._lists import TokenListPolicy, token_id

__all__ = ["JWTEngine", "TokenListPolicy", "token_id"]
