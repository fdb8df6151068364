"""JSON Web Tokens: the engines behind ``Jam.jwt_*`` and ``jam.aio.Jam.jwt_*``.

Most applications use a facade; its engine is public as ``auth.jwt`` for
frameworks and for code that wants more than the facade (``auth.jwt.core``
signs and verifies without any list; ``auth.jwt.backend`` is the token list).
`build` makes one from a ``[jam.jwt]`` table.

The layout is the one every capability follows (CONTRIBUTING.md): the pure
`JWTCore` (keys, claims, the JWS codec) and `ListRules` decide;
`JWTEngine` and `AsyncJWTEngine` only add the one call to the
token list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, overload

from jam._public import rehome
from jam.jwt._async_engine import AsyncJWTEngine
from jam.jwt._base import JWTEngineBase, Listing
from jam.jwt._core import JWTCore
from jam.jwt._engine import JWTEngine
from jam.jwt._lists import ListRules, token_id

if TYPE_CHECKING:
    from jam.config import JWTSettings
    from jam.plugins._manager import Registry

__all__ = [
    "AsyncJWTEngine",
    "JWTCore",
    "JWTEngine",
    "JWTEngineBase",
    "ListRules",
    "Listing",
    "build",
    "token_id",
]


@overload
def build(
    settings: JWTSettings, registry: Registry, *, asynchronous: Literal[False]
) -> JWTEngine: ...
@overload
def build(
    settings: JWTSettings, registry: Registry, *, asynchronous: Literal[True]
) -> AsyncJWTEngine: ...
def build(
    settings: JWTSettings, registry: Registry, *, asynchronous: bool
) -> JWTEngine | AsyncJWTEngine:
    """Build the engine for a ``[jam.jwt]`` table: keys loaded once, list opened.

    Args:
        settings: The validated ``[jam.jwt]`` table.
        registry: Loaded plugins (algorithms and the token-list backend are looked up once).
        asynchronous: Build the asyncio engine (its list is the backend's asyncio flavour).

    Raises:
        JamConfigError: A key or a list option is missing or invalid.
        JamPluginError: An algorithm or the list backend is not registered, or broken.
    """
    core = JWTCore(settings, registry)
    table = settings.token_list
    if table is None:
        return AsyncJWTEngine(core, None) if asynchronous else JWTEngine(core, None)
    from jam._backends import build_token_list

    rules = ListRules(
        table.type, table.entry_ttl, settings.leeway, table.revocation_grace, table.backend
    )
    backend = build_token_list(
        registry, table.backend, table, "jam.jwt.list", asynchronous=asynchronous
    )
    if asynchronous:
        return AsyncJWTEngine(core, Listing(rules, backend))
    return JWTEngine(core, Listing(rules, backend))


rehome(__name__, __all__, globals())
