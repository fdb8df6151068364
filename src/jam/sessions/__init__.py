"""Server-side sessions: opaque ids, JSON data, optional AES-256-GCM, pluggable stores.

The engines here hold the protocol logic; bytes live in a session store
plugin (``memory``, ``sqlite``, ``redis``...) picked by ``[jam.session]
backend``. :class:`jam.Jam` builds a :class:`SessionEngine`,
:class:`jam.aio.Jam` an :class:`AsyncSessionEngine`.

Example:
    >>> from jam.sessions import generate_session_secret
    >>> secret = generate_session_secret()  # put it in $JAM_SESSION_KEY
    >>> len(secret)
    43
"""

from __future__ import annotations

import base64
import secrets
from typing import TYPE_CHECKING, Any

from jam.config._session import SESSION_SECRET_BYTES
from jam.sessions._async_engine import AsyncSessionEngine
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
    "SessionEngine",
    "SupportsGetAndTouch",
    "SupportsRoutedIds",
    "build_async_engine",
    "build_codec",
    "build_engine",
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


def build_engine(settings: SessionSettings, registry: Registry) -> SessionEngine:
    """Build the synchronous engine for ``[jam.session]`` with the configured store.

    Raises:
        JamPluginNotFoundError: No store of that name is registered.
        JamConfigError: Bad backend options, or the store cannot serve ``idle_ttl``.
    """
    store = _store(settings, registry, asynchronous=False)
    try:
        return SessionEngine(
            store,
            build_codec(settings),
            settings.default_ttl,
            settings.idle_ttl,
            settings.backend,
        )
    except BaseException:
        store.close()
        raise


def build_async_engine(settings: SessionSettings, registry: Registry) -> AsyncSessionEngine:
    """Build the asyncio engine for ``[jam.session]`` with the configured async store.

    The store's ``close`` is a coroutine: call :meth:`AsyncSessionEngine.close`.

    Raises:
        JamPluginNotFoundError: No store of that name is registered.
        JamConfigError: Bad options, no asyncio flavour, or ``idle_ttl`` unsupported.
    """
    store = _store(settings, registry, asynchronous=True)
    return AsyncSessionEngine(
        store,
        build_codec(settings),
        settings.default_ttl,
        settings.idle_ttl,
        settings.backend,
    )


def _store(settings: SessionSettings, registry: Registry, *, asynchronous: bool) -> Any:
    from jam._backends import build_session_store

    return build_session_store(
        registry, settings.backend, settings, "jam.session", asynchronous=asynchronous
    )
