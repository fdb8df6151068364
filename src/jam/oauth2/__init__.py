"""OAuth2 and OpenID Connect clients: the engines behind ``Jam.oauth2_*``.

Most applications use a facade (`jam.Jam`, `jam.aio.Jam`).
This package is public for provider plugins (`ProviderBehaviour`,
`HTTPRequest`, `HTTPResponse`, `parse_object`), for the
result types, and for frameworks that want an engine without the facade:
`build` makes one from ``[jam.oauth2]``.

HTTP goes through ``httpx`` (installed with ``jam-auth[oauth2]``, which also
brings the built-in providers of ``jam-auth-oauth2``).

Example:
    >>> from jam.oauth2 import generate_seal_key
    >>> len(generate_seal_key())  # put it in $JAM_OAUTH2_SEAL_KEY
    43
"""

from __future__ import annotations

import base64
import secrets
from typing import TYPE_CHECKING, Any, Literal, overload

from jam._lazy import lazy_attributes
from jam._public import rehome
from jam.config._base import known_keys, validate_section
from jam.exceptions import JamConfigError, JamPluginNotFoundError
from jam.oauth2._behaviour import (
    REQUEST_KINDS,
    ClientContext,
    ProviderBehaviour,
    standard_claims,
    with_form,
)
from jam.oauth2._http import (
    MAX_RESPONSE_BYTES,
    HTTPRequest,
    HTTPResponse,
    check_endpoint,
    parse_json_object,
    parse_object,
)
from jam.oauth2._types import AuthorizationRequest, DeviceAuthorization, TokenResult, UserInfo

if TYPE_CHECKING:
    import httpx

    from jam.config import OAuth2ProviderSettings, OAuth2Settings
    from jam.oauth2._async_engine import AsyncOAuth2Engine
    from jam.oauth2._client import ProviderClient
    from jam.oauth2._engine import OAuth2Engine
    from jam.plugins._manager import Registry
    from jam.plugins.records import OAuth2ProviderRecord

__all__ = [
    "MAX_RESPONSE_BYTES",
    "REQUEST_KINDS",
    "AsyncOAuth2Engine",
    "AuthorizationRequest",
    "ClientContext",
    "DeviceAuthorization",
    "HTTPRequest",
    "HTTPResponse",
    "OAuth2Engine",
    "ProviderBehaviour",
    "TokenResult",
    "UserInfo",
    "build",
    "check_endpoint",
    "generate_seal_key",
    "parse_json_object",
    "parse_object",
    "standard_claims",
    "with_form",
]


def generate_seal_key() -> str:
    """Return a new ``seal_key``: 32 random bytes as base64url text (no padding).

    Example:
        >>> key = generate_seal_key()
        >>> len(key), key.isascii()
        (43, True)
    """
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode("ascii")


@overload
def build(
    settings: OAuth2Settings,
    registry: Registry,
    *,
    asynchronous: Literal[False],
    transport: httpx.BaseTransport | None = None,
) -> OAuth2Engine: ...


@overload
def build(
    settings: OAuth2Settings,
    registry: Registry,
    *,
    asynchronous: Literal[True],
    transport: httpx.AsyncBaseTransport | None = None,
) -> AsyncOAuth2Engine: ...


def build(
    settings: OAuth2Settings,
    registry: Registry,
    *,
    asynchronous: bool,
    transport: Any = None,
) -> OAuth2Engine | AsyncOAuth2Engine:
    """Build the OAuth2 engine for ``[jam.oauth2]``: one client per provider table.

    Args:
        settings: The validated ``[jam.oauth2]`` table.
        registry: Loaded plugins (provider records, algorithms, token lists).
        asynchronous: Build the asyncio engine (``httpx.AsyncClient``, async
            state backend) instead of the synchronous one.
        transport: An ``httpx`` transport to send through instead of the
            network (tests use ``httpx.MockTransport``); still size-bounded.

    Raises:
        JamPluginNotFoundError: A table names a provider nobody registered and
            gives no endpoints of its own.
        JamConfigError: Bad keys, insecure endpoints, or no httpx.
    """
    try:
        from jam.oauth2 import _transport
    except ImportError as err:  # pragma: no cover  (httpx is a dependency of the extra)
        raise JamConfigError("[jam.oauth2] needs httpx: pip install 'jam-auth[oauth2]'") from err
    from jam.oauth2._core import OAuth2Core

    clients = {
        name: _make_client(name, table, settings, registry)
        for name, table in settings.providers.items()
    }
    core = OAuth2Core(settings, clients)
    states = None
    if settings.state_backend is not None:
        from jam._backends import build_token_list

        states = build_token_list(
            registry, settings.state_backend, settings, "jam.oauth2", asynchronous=asynchronous
        )
    if asynchronous:
        import asyncio

        from jam.oauth2._async_engine import AsyncOAuth2Engine

        return AsyncOAuth2Engine(
            core, _transport.async_client(settings.timeout, transport), states, asyncio.sleep
        )
    import time

    from jam.oauth2._engine import OAuth2Engine

    return OAuth2Engine(
        core, _transport.sync_client(settings.timeout, transport), states, time.sleep
    )


def _provider_record(
    name: str, table: OAuth2ProviderSettings, registry: Registry
) -> OAuth2ProviderRecord:
    from jam.plugins.records import OAuth2ProviderRecord

    wanted = table.provider or name
    try:
        return registry.oauth2_provider(wanted)
    except JamPluginNotFoundError:
        if (table.auth_url and table.token_url) or table.issuer:
            return OAuth2ProviderRecord(name=wanted, description="from configuration")
        raise


def _make_client(
    name: str, table: OAuth2ProviderSettings, settings: OAuth2Settings, registry: Registry
) -> ProviderClient:
    from jam.oauth2._client import ProviderClient

    record = _provider_record(name, table, registry)
    where = f"jam.oauth2.providers.{name}"
    extras = dict(table.model_extra or {})
    options = None
    if record.options is not None:
        options = validate_section(
            record.options, extras, where, extra_keys=known_keys(type(table))
        )
    elif extras:
        raise JamConfigError(
            f"{where}: unknown key(s) {', '.join(sorted(extras))}; provider {record.name!r} "
            f"takes no options (valid keys: {', '.join(known_keys(type(table)))})"
        )
    behaviour = record.behaviour() if record.behaviour is not None else ProviderBehaviour()
    return ProviderClient(name, table, record, behaviour, options, settings, registry)


__getattr__ = lazy_attributes(
    __name__,
    {"OAuth2Engine": "jam.oauth2._engine", "AsyncOAuth2Engine": "jam.oauth2._async_engine"},
)
"""The engines are imported on first use (they need httpx)."""

rehome(__name__, [n for n in __all__ if n in globals()], globals())
