"""The synchronous OAuth2 driver: asks `jam.oauth2._core`, sends with ``httpx.Client``.

Every method reads as: ask the core what to send, send it, hand the answer
back to the core. Decisions live in the core, so this file and its asyncio
twin (`jam.oauth2._async_engine`) stay identical but for ``await``.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from jam.exceptions import OAuth2TransportError
from jam.oauth2._transport import ERRORS, options, response_of, transport_error

if TYPE_CHECKING:
    from collections.abc import Callable

    import httpx

    from jam.oauth2._client import ProviderClient
    from jam.oauth2._core import OAuth2Core
    from jam.oauth2._http import HTTPRequest, HTTPResponse
    from jam.oauth2._types import AuthorizationRequest, DeviceAuthorization, TokenResult, UserInfo
    from jam.protocols import TokenList

__all__ = ["OAuth2Engine"]

logger = logging.getLogger("jam.oauth2")


class OAuth2Engine:
    """OAuth2 / OpenID Connect client flows over a pooled ``httpx.Client``.

    Example:
        >>> engine = jam.oauth2.build(settings, registry, asynchronous=False)  # doctest: +SKIP
        >>> request = engine.begin("github")  # doctest: +SKIP
    """

    def __init__(
        self,
        core: OAuth2Core,
        http: httpx.Client,
        states: TokenList | None,
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

    def _send(self, request: HTTPRequest) -> HTTPResponse:
        try:
            response = self.http.request(**options(request))
        except ERRORS as err:
            raise transport_error(request, err) from None
        logger.debug("%r -> HTTP %d", request, response.status_code)
        return response_of(request, response)

    def _try(self, request: HTTPRequest) -> HTTPResponse | None:
        try:
            return self._send(request)
        except OAuth2TransportError:
            return None

    def _client(self, provider: str) -> ProviderClient:
        client = self.core.client(provider)
        request = client.discovery_request()
        if request is not None:
            client.accept_discovery(self._send(request))
        return client

    def _verified(self, client: ProviderClient, id_token: str, nonce: str | None) -> dict[str, Any]:
        parsed = client.id_tokens.parse(id_token, client.id_token_algs())
        now = time.time()
        request = client.jwks.request(parsed.kid, now)
        if request is not None:
            client.jwks.accept(self._try(request), time.time())
        return client.id_tokens.check(parsed, client.jwks, nonce, now)

    def _token(
        self, client: ProviderClient, request: HTTPRequest, nonce: str | None
    ) -> TokenResult:
        result = client.token_result(self._send(request), time.time(), strict=True)
        self.core.expected_nonce(client, result, nonce)
        if result.id_token is not None and client.issuer is not None:
            result.id_token_claims = self._verified(client, result.id_token, nonce)
        return result

    # -- jamlib-era methods: literal -------------------------------------------------------

    def get_authorized_url(self, provider: str, scope: list[str], **extra_params: Any) -> str:
        """See `jam.Jam.oauth2_get_authorized_url`."""
        return self.core.authorized_url(self._client(provider), scope, extra_params)

    def fetch_token(
        self,
        provider: str,
        code: str,
        grant_type: str = "authorization_code",
        **extra_params: Any,
    ) -> TokenResult:
        """See `jam.Jam.oauth2_fetch_token`."""
        client = self._client(provider)
        form = {"code": code, "redirect_uri": client.redirect(None), "grant_type": grant_type}
        request = self.core.literal_token_request(client, form, extra_params, time.time())
        return client.token_result(self._send(request), time.time(), strict=False)

    def refresh_token(
        self,
        provider: str,
        refresh_token: str,
        grant_type: str = "refresh_token",
        **extra_params: Any,
    ) -> TokenResult:
        """See `jam.Jam.oauth2_refresh_token`."""
        client = self._client(provider)
        form = {"refresh_token": refresh_token, "grant_type": grant_type}
        request = self.core.literal_token_request(client, form, extra_params, time.time())
        return client.token_result(self._send(request), time.time(), strict=False)

    def client_credentials_flow(
        self, provider: str, scope: list[str] | None = None, **extra_params: Any
    ) -> TokenResult:
        """See `jam.Jam.oauth2_client_credentials_flow`."""
        client = self._client(provider)
        form = {"grant_type": "client_credentials", "scope": " ".join(scope or ())}
        request = self.core.literal_token_request(client, form, extra_params, time.time())
        return client.token_result(self._send(request), time.time(), strict=False)

    # -- the safe flow ---------------------------------------------------------------------

    def begin(
        self, provider: str, scope: list[str] | None = None, **extra_params: Any
    ) -> AuthorizationRequest:
        """See `jam.Jam.oauth2_begin`."""
        return self.core.begin(self._client(provider), scope, extra_params, time.time())

    def complete(self, provider: str, request: Any, callback: Any) -> TokenResult:
        """See `jam.Jam.oauth2_complete`."""
        client = self._client(provider)
        flow = self.core.completion(client, request, callback, time.time())
        if self.states is not None:
            self.core.claimed(self.states.add_if_absent(flow.claim_key, flow.claim_ttl))
        exchange = self.core.code_exchange(client, flow, time.time())
        return self._token(client, exchange, flow.request.nonce)

    def userinfo(self, provider: str, access_token: str) -> UserInfo:
        """See `jam.Jam.oauth2_userinfo`."""
        client = self._client(provider)
        requests = self.core.userinfo_requests(client, access_token, time.time())
        responses = [self._send(request) for request in requests]
        return self.core.userinfo(client, responses, time.time())

    def revoke_token(self, provider: str, token: str, token_type_hint: str | None = None) -> None:
        """See `jam.Jam.oauth2_revoke_token`."""
        client = self._client(provider)
        request = self.core.revocation(client, token, token_type_hint, time.time())
        self.core.revoked(self._send(request))

    def verify_id_token(
        self, provider: str, id_token: str, nonce: str | None = None
    ) -> dict[str, Any]:
        """See `jam.Jam.oauth2_verify_id_token`."""
        return self._verified(self._client(provider), id_token, nonce)

    # -- device authorization grant (RFC 8628) ---------------------------------------------

    def device_begin(
        self, provider: str, scope: list[str] | None = None, **extra_params: Any
    ) -> DeviceAuthorization:
        """See `jam.Jam.oauth2_device_begin`."""
        client = self._client(provider)
        request = self.core.device_request(client, scope, extra_params, time.time())
        return self.core.device(client, self._send(request), time.time())

    def device_poll(self, provider: str, device: DeviceAuthorization) -> TokenResult | None:
        """See `jam.Jam.oauth2_device_poll`."""
        client = self._client(provider)
        request = self.core.device_poll(client, device, time.time())
        result = self.core.device_result(client, device, self._send(request), time.time())
        if result is not None and result.id_token is not None and client.issuer is not None:
            result.id_token_claims = self._verified(client, result.id_token, None)
        return result

    def device_wait(
        self, provider: str, device: DeviceAuthorization, timeout: float | None = None
    ) -> TokenResult:
        """See `jam.Jam.oauth2_device_wait`."""
        deadline = time.time() + (timeout if timeout is not None else float("inf"))
        while True:
            self._sleep(self.core.device_wait_time(device, time.time(), deadline))
            result = self.device_poll(provider, device)
            if result is not None:
                return result

    # -- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection pool and the state backend. Idempotent."""
        self.http.close()
        if self.states is not None:
            self.states.close()
