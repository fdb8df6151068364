"""Server-side sessions: opaque ids, JSON data, optional AES-256-GCM, pluggable stores.

The pure `SessionCore` decides (ids, bytes, expiry, the store's
answers); `SessionEngine` and `AsyncSessionEngine` only call the
session store plugin (``memory``, ``sqlite``, ``redis``...) picked by
``[jam.session] backend``. `build` makes one; a facade's engine is
public as ``auth.sessions``.

Example:
    >>> from jam.sessions import generate_session_secret
    >>> secret = generate_session_secret()  # put it in $JAM_SESSION_KEY
    >>> len(secret)
    43
"""

from __future__ import annotations

import base64
import secrets
from typing import TYPE_CHECKING, Literal, overload

from jam._public import rehome
from jam.config._session import SESSION_SECRET_BYTES
from jam.sessions._async_engine import AsyncSessionEngine
from jam.sessions._base import SessionEngineBase
from jam.sessions._core import SessionCore
from jam.sessions._engine import SessionEngine
from jam.sessions._extensions import (
    AsyncSupportsGetAndTouch,
    AsyncSupportsRoutedIds,
    SupportsGetAndTouch,
    SupportsRoutedIds,
)

if TYPE_CHECKING:
    from jam.config import SessionSettings
    from jam.plugins._manager import Registry
    from jam.sessions._codec import SessionCodec

__all__ = [
    "AsyncSessionEngine",
    "AsyncSupportsGetAndTouch",
    "AsyncSupportsRoutedIds",
    "SessionCore",
    "SessionEngine",
    "SessionEngineBase",
    "SupportsGetAndTouch",
    "SupportsRoutedIds",
    "build",
    "build_codec",
    "generate_session_secret",
]


def generate_session_secret() -> str:
    """Return a new ``session_aes_secret``: 32 random bytes as base64url text (no padding).

    Example:
        >>> secret = generate_session_secret()
        >>> len(secret), secret.isascii()
        (43, True)
    """
    raw = secrets.token_bytes(SESSION_SECRET_BYTES)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def build_codec(settings: SessionSettings) -> SessionCodec:
    """Return the id format and serialiser that ``settings`` ask for.

    Plain ids and JSON when ``is_session_crypt`` is false; authenticated ids
    and AES-256-GCM (keys from ``session_aes_secret``, newest first) when true.
    """
    from jam.sessions._codec import SessionCodec
    from jam.sessions._ids import PlainIds, SignedIds

    if not settings.is_session_crypt:
        return SessionCodec(PlainIds(), None)
    from jam.sessions._crypt import Sealer, derive_key

    keys = [derive_key(secret) for secret in settings.session_secrets]
    return SessionCodec(SignedIds([key.mac_key for key in keys]), Sealer(keys))


@overload
def build(
    settings: SessionSettings, registry: Registry, *, asynchronous: Literal[False]
) -> SessionEngine: ...
@overload
def build(
    settings: SessionSettings, registry: Registry, *, asynchronous: Literal[True]
) -> AsyncSessionEngine: ...
@overload
def build(
    settings: SessionSettings, registry: Registry, *, asynchronous: bool
) -> SessionEngine | AsyncSessionEngine: ...
def build(
    settings: SessionSettings, registry: Registry, *, asynchronous: bool
) -> SessionEngine | AsyncSessionEngine:
    """Build the engine for ``[jam.session]`` over the configured store.

    Args:
        settings: The validated ``[jam.session]`` table.
        registry: Loaded plugins (the store is looked up once).
        asynchronous: Build the asyncio engine over the store's asyncio flavour
            (its ``close`` is then a coroutine).

    Raises:
        JamPluginNotFoundError: No store of that name is registered.
        JamConfigError: Bad backend options, no flavour of that kind, or a
            store that cannot serve ``idle_ttl``.
    """
    from jam._backends import build_session_store

    store = build_session_store(
        registry, settings.backend, settings, "jam.session", asynchronous=asynchronous
    )
    engine_class = AsyncSessionEngine if asynchronous else SessionEngine
    try:
        return engine_class(
            store, build_codec(settings), settings.default_ttl, settings.idle_ttl, settings.backend
        )
    except BaseException:
        if not asynchronous:
            store.close()
        raise


rehome(__name__, __all__, globals())
