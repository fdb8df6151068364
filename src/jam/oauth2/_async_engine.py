"""The asyncio OAuth2 driver: `jam.oauth2._engine` with ``await``, over ``httpx.AsyncClient``.

Kept an exact twin of the synchronous driver (``tests/oauth2/test_twins.py``):
decisions live in `jam.oauth2._core`, this file only awaits the I/O.
Public coroutines return `jam._awaitables.Pending`, which refuses ``bool()``.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from jam._awaitables import pending
from jam.exceptions import OAuth2TransportError
from jam.oauth2._transport import ERRORS, options, response_of, transport_error

if TYPE_CHECKING:
    from collections.abc import Callable

    import httpx

    from jam.oauth2._client import ProviderClient
    from jam.oauth2._core import OAuth2Core
    from jam.oauth2._http import HTTPRequest, HTTPResponse
    from jam.oauth2._types import AuthorizationRequest, DeviceAuthorization, TokenResult, UserInfo
    from jam.protocols import AsyncTokenList

__all__ = ["AsyncOAuth2Engine"]

logger = logging.getLogger("jam.oauth2")


class AsyncOAuth2Engine:
    """OAuth2 / OpenID Connect client flows over a pooled ``httpx.AsyncClient``.

    Example:
        >>> engine = jam.oauth2.build(settings, registry, asynchronous=True)  # doctest: +SKIP
        >>> request = await engine.begin("github")  # doctest: +SKIP
    """

    def __init__(
        self,
        core: OAuth2Core,
        http: httpx.AsyncClient,
        states: AsyncTokenList | None,
        sleep: Callable[[float], Any],
    ) -> None:
        """Drive ``core`` with ``http``; ``states`` makes requests single-use."""
        self.core = core
        """The pure core (every decision)."""
        self.http = http
        """The pooled HTTP client."""
        self.states = states
        """The ``state_backend`` token list, or ``None``."""
        self.sealer = core.sealer
        """Seals and opens authorization requests (``None`` without ``seal_key``)."""
        self._sleep = sleep

    # -- I/O -----------------------------------------------------------------------------

    async def _send(self, request: HTTPRequest) -> HTTPResponse:
        try:
            response = await self.http.request(**options(request))
        except ERRORS as err:
            raise transport_error(request, err) from None
        logger.debug("%r -> HTTP %d", request, response.status_code)
        return response_of(request, response)

    async def _try(self, request: HTTPRequest) -> HTTPResponse | None:
        try:
            return await self._send(request)
        except OAuth2TransportError:
            return None

    async def _client(self, provider: str) -> ProviderClient:
        client = self.core.client(provider)
        request = client.discovery_request()
        if request is not None:
            client.accept_discovery(await self._send(request))
        return client

    async def _verified(
        self, client: ProviderClient, id_token: str, nonce: str | None
    ) -> dict[str, Any]:
        parsed = client.id_tokens.parse(id_token, client.id_token_algs())
        now = time.time()
        request = client.jwks.request(parsed.kid, now)
        if request is not None:
            client.jwks.accept(await self._try(request), time.time())
        return client.id_tokens.check(parsed, client.jwks, nonce, now)

    async def _token(
        self, client: ProviderClient, request: HTTPRequest, nonce: str | None
    ) -> TokenResult:
        result = client.token_result(await self._send(request), time.time(), strict=True)
        self.core.expected_nonce(client, result, nonce)
        if result.id_token is not None and client.issuer is not None:
            result.id_token_claims = await self._verified(client, result.id_token, nonce)
        return result

    # -- jamlib-era methods: literal -------------------------------------------------------

    @pending
    async def get_authorized_url(self, provider: str, scope: list[str], **extra_params: Any) -> str:
        """See `jam.Jam.oauth2_get_authorized_url`."""
        return self.core.authorized_url(await self._client(provider), scope, extra_params)

    @pending
    async def fetch_token(
        self,
        provider: str,
        code: str,
        grant_type: str = "authorization_code",
        **extra_params: Any,
    ) -> TokenResult:
        """See `jam.Jam.oauth2_fetch_token`."""
        client = await self._client(provider)
        form = {"code": code, "redirect_uri": client.redirect(None), "grant_type": grant_type}
        request = self.core.literal_token_request(client, form, extra_params, time.time())
        return client.token_result(await self._send(request), time.time(), strict=False)

    @pending
    async def refresh_token(
        self,
        provider: str,
        refresh_token: str,
        grant_type: str = "refresh_token",
        **extra_params: Any,
    ) -> TokenResult:
        """See `jam.Jam.oauth2_refresh_token`."""
        client = await self._client(provider)
        form = {"refresh_token": refresh_token, "grant_type": grant_type}
        request = self.core.literal_token_request(client, form, extra_params, time.time())
        return client.token_result(await self._send(request), time.time(), strict=False)

    @pending
    async def client_credentials_flow(
        self, provider: str, scope: list[str] | None = None, **extra_params: Any
    ) -> TokenResult:
        """See `jam.Jam.oauth2_client_credentials_flow`."""
        client = await self._client(provider)
        form = {"grant_type": "client_credentials", "scope": " ".join(scope or ())}
        request = self.core.literal_token_request(client, form, extra_params, time.time())
        return client.token_result(await self._send(request), time.time(), strict=False)

    # -- the safe flow ---------------------------------------------------------------------

    @pending
    async def begin(
        self, provider: str, scope: list[str] | None = None, **extra_params: Any
    ) -> AuthorizationRequest:
        """See `jam.Jam.oauth2_begin`."""
        return self.core.begin(await self._client(provider), scope, extra_params, time.time())

    @pending
    async def complete(self, provider: str, request: Any, callback: Any) -> TokenResult:
        """See `jam.Jam.oauth2_complete`."""
        client = await self._client(provider)
        flow = self.core.completion(client, request, callback, time.time())
        if self.states is not None:
            self.core.claimed(await self.states.add_if_absent(flow.claim_key, flow.claim_ttl))
        exchange = self.core.code_exchange(client, flow, time.time())
        return await self._token(client, exchange, flow.request.nonce)

    @pending
    async def userinfo(self, provider: str, access_token: str) -> UserInfo:
        """See `jam.Jam.oauth2_userinfo`."""
        client = await self._client(provider)
        requests = self.core.userinfo_requests(client, access_token, time.time())
        responses = [await self._send(request) for request in requests]
        return self.core.userinfo(client, responses, time.time())

    @pending
    async def revoke_token(
        self, provider: str, token: str, token_type_hint: str | None = None
    ) -> None:
        """See `jam.Jam.oauth2_revoke_token`."""
        client = await self._client(provider)
        request = self.core.revocation(client, token, token_type_hint, time.time())
        self.core.revoked(await self._send(request))

    @pending
    async def verify_id_token(
        self, provider: str, id_token: str, nonce: str | None = None
    ) -> dict[str, Any]:
        """See `jam.Jam.oauth2_verify_id_token`."""
        return await self._verified(await self._client(provider), id_token, nonce)

    # -- device authorization grant (RFC 8628) ---------------------------------------------

    @pending
    async def device_begin(
        self, provider: str, scope: list[str] | None = None, **extra_params: Any
    ) -> DeviceAuthorization:
        """See `jam.Jam.oauth2_device_begin`."""
        client = await self._client(provider)
        request = self.core.device_request(client, scope, extra_params, time.time())
        return self.core.device(client, await self._send(request), time.time())

    @pending
    async def device_poll(self, provider: str, device: DeviceAuthorization) -> TokenResult | None:
        """See `jam.Jam.oauth2_device_poll`."""
        client = await self._client(provider)
        request = self.core.device_poll(client, device, time.time())
        result = self.core.device_result(client, device, await self._send(request), time.time())
        if result is not None and result.id_token is not None and client.issuer is not None:
            result.id_token_claims = await self._verified(client, result.id_token, None)
        return result

    @pending
    async def device_wait(
        self, provider: str, device: DeviceAuthorization, timeout: float | None = None
    ) -> TokenResult:
        """See `jam.Jam.oauth2_device_wait`."""
        deadline = time.time() + (timeout if timeout is not None else float("inf"))
        while True:
            await self._sleep(self.core.device_wait_time(device, time.time(), deadline))
            result = await self.device_poll(provider, device)
            if result is not None:
                return result

    # -- lifecycle ---------------------------------------------------------------------------

    @pending
    async def close(self) -> None:
        """Close the connection pool and the state backend. Idempotent."""
        await self.http.aclose()
        if self.states is not None:
            await self.states.close()
