r"""The ``oauth2_*`` methods of both facades, written once.

Each method delegates to ``self.oauth2``: a `jam.oauth2.OAuth2Engine`
on `jam.Jam`, a `jam.oauth2.AsyncOAuth2Engine` on
`jam.aio.Jam`, whose methods return awaitables. The two ``@overload``\\ s
of each method say so to type checkers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from typing import TYPE_CHECKING, Any, overload

from jam._facade._core import AsyncMode, FacadeCore, ModeT, SyncMode

if TYPE_CHECKING:
    from jam.oauth2 import (
        AsyncOAuth2Engine,
        AuthorizationRequest,
        DeviceAuthorization,
        OAuth2Engine,
        TokenResult,
        UserInfo,
    )

__all__ = ["OAuth2Methods"]


class OAuth2Methods(FacadeCore[ModeT]):
    """``oauth2_*`` methods, available when the configuration has ``[jam.oauth2]``."""

    oauth2: OAuth2Engine | AsyncOAuth2Engine | None
    """The OAuth2 engine (``[jam.oauth2]``), or ``None``."""

    def _oauth2(self, method: str) -> Any:
        engine = self.oauth2
        if engine is None:
            raise self._missing("jam.oauth2", method)
        return engine

    @overload
    def oauth2_get_authorized_url(
        self: OAuth2Methods[SyncMode], provider: str, scope: list[str], **extra_params: Any
    ) -> str: ...
    @overload
    def oauth2_get_authorized_url(
        self: OAuth2Methods[AsyncMode], provider: str, scope: list[str], **extra_params: Any
    ) -> Awaitable[str]: ...
    def oauth2_get_authorized_url(
        self, provider: str, scope: list[str], **extra_params: Any
    ) -> Any:
        """Return the provider's authorization URL, exactly as jamlib built it.

        The query is ``client_id``, ``redirect_uri``, ``response_type=code`` and
        ``scope``, then ``extra_params`` as given: nothing is added (no state,
        no PKCE). Prefer `oauth2_begin`, which adds both and checks them.

        Raises:
            OAuth2ConfigError: Unknown provider, or a ``redirect_uri`` that is not configured.
        """
        return self._oauth2("oauth2_get_authorized_url").get_authorized_url(
            provider, scope, **extra_params
        )

    @overload
    def oauth2_fetch_token(
        self: OAuth2Methods[SyncMode],
        provider: str,
        code: str,
        grant_type: str = "authorization_code",
        **extra_params: Any,
    ) -> TokenResult: ...
    @overload
    def oauth2_fetch_token(
        self: OAuth2Methods[AsyncMode],
        provider: str,
        code: str,
        grant_type: str = "authorization_code",
        **extra_params: Any,
    ) -> Awaitable[TokenResult]: ...
    def oauth2_fetch_token(
        self, provider: str, code: str, grant_type: str = "authorization_code", **extra_params: Any
    ) -> Any:
        """Exchange an authorization code for tokens, exactly as jamlib did (no checks added).

        Sends ``code``, ``redirect_uri``, ``grant_type`` and ``extra_params``
        (``code_verifier=...`` if you did PKCE yourself) with the client's
        authentication. Prefer `oauth2_complete`.

        Returns:
            The token response: a dict, with typed attributes.

        Raises:
            OAuth2ProviderError: The provider refused (``error.error`` says why).
            OAuth2TransportError: Unreachable, too slow, too large, or not OAuth2.
        """
        return self._oauth2("oauth2_fetch_token").fetch_token(
            provider, code, grant_type, **extra_params
        )

    @overload
    def oauth2_refresh_token(
        self: OAuth2Methods[SyncMode],
        provider: str,
        refresh_token: str,
        grant_type: str = "refresh_token",
        **extra_params: Any,
    ) -> TokenResult: ...
    @overload
    def oauth2_refresh_token(
        self: OAuth2Methods[AsyncMode],
        provider: str,
        refresh_token: str,
        grant_type: str = "refresh_token",
        **extra_params: Any,
    ) -> Awaitable[TokenResult]: ...
    def oauth2_refresh_token(
        self,
        provider: str,
        refresh_token: str,
        grant_type: str = "refresh_token",
        **extra_params: Any,
    ) -> Any:
        """Use a refresh token for new tokens (``extra_params`` are sent as given).

        Raises:
            OAuth2ProviderError: The provider refused (``invalid_grant``...).
            OAuth2TransportError: Unreachable, too slow, too large, or not OAuth2.
        """
        return self._oauth2("oauth2_refresh_token").refresh_token(
            provider, refresh_token, grant_type, **extra_params
        )

    @overload
    def oauth2_client_credentials_flow(
        self: OAuth2Methods[SyncMode],
        provider: str,
        scope: list[str] | None = None,
        **extra_params: Any,
    ) -> TokenResult: ...
    @overload
    def oauth2_client_credentials_flow(
        self: OAuth2Methods[AsyncMode],
        provider: str,
        scope: list[str] | None = None,
        **extra_params: Any,
    ) -> Awaitable[TokenResult]: ...
    def oauth2_client_credentials_flow(
        self, provider: str, scope: list[str] | None = None, **extra_params: Any
    ) -> Any:
        """Get a token for the client itself (client credentials grant, no user).

        Raises:
            OAuth2ProviderError: The provider refused.
            OAuth2TransportError: Unreachable, too slow, too large, or not OAuth2.
        """
        return self._oauth2("oauth2_client_credentials_flow").client_credentials_flow(
            provider, scope, **extra_params
        )

    @overload
    def oauth2_begin(
        self: OAuth2Methods[SyncMode],
        provider: str,
        scope: list[str] | None = None,
        **extra_params: Any,
    ) -> AuthorizationRequest: ...
    @overload
    def oauth2_begin(
        self: OAuth2Methods[AsyncMode],
        provider: str,
        scope: list[str] | None = None,
        **extra_params: Any,
    ) -> Awaitable[AuthorizationRequest]: ...
    def oauth2_begin(
        self, provider: str, scope: list[str] | None = None, **extra_params: Any
    ) -> Any:
        """Start an authorization-code flow: new ``state``, PKCE (S256) and an OIDC ``nonce``.

        Send the user to ``request.url`` and keep the request (in the session,
        as ``to_dict()``, or ``seal()`` in a cookie) for `oauth2_complete`.

        Args:
            provider: The ``[jam.oauth2.providers.<name>]`` table.
            scope: Scopes; default the table's ``scopes``, else the provider's.
            **extra_params: More authorization parameters (``prompt``,
                ``login_hint``, ``redirect_uri`` if it is configured). ``state``,
                ``nonce`` and the PKCE parameters are refused: Jam sets them.

        Raises:
            OAuth2ConfigError: Unknown provider, reserved parameter, redirect not configured.
        """
        return self._oauth2("oauth2_begin").begin(provider, scope, **extra_params)

    @overload
    def oauth2_complete(
        self: OAuth2Methods[SyncMode],
        provider: str,
        request: AuthorizationRequest | Mapping[str, Any] | str,
        callback: str | Mapping[str, Any],
    ) -> TokenResult: ...
    @overload
    def oauth2_complete(
        self: OAuth2Methods[AsyncMode],
        provider: str,
        request: AuthorizationRequest | Mapping[str, Any] | str,
        callback: str | Mapping[str, Any],
    ) -> Awaitable[TokenResult]: ...
    def oauth2_complete(
        self,
        provider: str,
        request: AuthorizationRequest | Mapping[str, Any] | str,
        callback: str | Mapping[str, Any],
    ) -> Any:
        """Finish the flow: check the callback, then exchange the code (with the PKCE verifier).

        Before any token request: ``state`` must match (constant time), the
        request must be this provider's and younger than ``max_age``, RFC 9207
        ``iss`` must name this provider, an ``error=`` callback raises, and with
        ``state_backend`` a request completes only once. An ID token that comes
        back is verified (signature, ``iss``, ``aud``, ``nonce``...).

        Args:
            provider: The provider the flow was started with.
            request: The `AuthorizationRequest`, its
                ``to_dict()``, or its ``seal()``.
            callback: The full callback URL, or its query parameters.

        Raises:
            OAuth2StateError: Wrong/missing state, expired, replayed, mix-up, tampered.
            OAuth2CallbackError: A malformed callback.
            OAuth2AccessDeniedError: The user refused (other ``error=``: OAuth2ProviderError).
            OAuth2IDTokenError: The ID token did not verify.
        """
        return self._oauth2("oauth2_complete").complete(provider, request, callback)

    @overload
    def oauth2_userinfo(
        self: OAuth2Methods[SyncMode], provider: str, access_token: str
    ) -> UserInfo: ...
    @overload
    def oauth2_userinfo(
        self: OAuth2Methods[AsyncMode], provider: str, access_token: str
    ) -> Awaitable[UserInfo]: ...
    def oauth2_userinfo(self, provider: str, access_token: str) -> Any:
        """Fetch the user's profile, normalised to OIDC standard claims (the answer in ``.raw``).

        GitHub's profile includes the verified primary e-mail from ``/user/emails``.

        Raises:
            OAuth2ProviderError: The token was refused.
            OAuth2ConfigError: The provider has no userinfo endpoint.
        """
        return self._oauth2("oauth2_userinfo").userinfo(provider, access_token)

    @overload
    def oauth2_revoke_token(
        self: OAuth2Methods[SyncMode], provider: str, token: str, token_type_hint: str | None = None
    ) -> None: ...
    @overload
    def oauth2_revoke_token(
        self: OAuth2Methods[AsyncMode],
        provider: str,
        token: str,
        token_type_hint: str | None = None,
    ) -> Awaitable[None]: ...
    def oauth2_revoke_token(
        self, provider: str, token: str, token_type_hint: str | None = None
    ) -> Any:
        """Revoke an access or refresh token (RFC 7009).

        Raises:
            OAuth2ProviderError: The provider refused.
            OAuth2ConfigError: The provider has no revocation endpoint.
        """
        return self._oauth2("oauth2_revoke_token").revoke_token(provider, token, token_type_hint)

    @overload
    def oauth2_verify_id_token(
        self: OAuth2Methods[SyncMode], provider: str, id_token: str, nonce: str | None = None
    ) -> dict[str, Any]: ...
    @overload
    def oauth2_verify_id_token(
        self: OAuth2Methods[AsyncMode], provider: str, id_token: str, nonce: str | None = None
    ) -> Awaitable[dict[str, Any]]: ...
    def oauth2_verify_id_token(self, provider: str, id_token: str, nonce: str | None = None) -> Any:
        """Verify an OpenID Connect ID token and return its claims.

        Checks the signature with the provider's JWKS (cached), an ``alg`` the
        provider advertises, ``iss``, ``aud``, ``azp``, ``exp``, ``iat`` and,
        when given, ``nonce``.

        Raises:
            OAuth2IDTokenError: Naming the check that failed (also a ``ValueError``).
        """
        return self._oauth2("oauth2_verify_id_token").verify_id_token(provider, id_token, nonce)

    @overload
    def oauth2_device_begin(
        self: OAuth2Methods[SyncMode],
        provider: str,
        scope: list[str] | None = None,
        **extra_params: Any,
    ) -> DeviceAuthorization: ...
    @overload
    def oauth2_device_begin(
        self: OAuth2Methods[AsyncMode],
        provider: str,
        scope: list[str] | None = None,
        **extra_params: Any,
    ) -> Awaitable[DeviceAuthorization]: ...
    def oauth2_device_begin(
        self, provider: str, scope: list[str] | None = None, **extra_params: Any
    ) -> Any:
        """Start a device authorization grant (RFC 8628); show ``user_code`` and the URI.

        Raises:
            OAuth2ConfigError: The provider has no device authorization endpoint.
            OAuth2ProviderError: The provider refused.
        """
        return self._oauth2("oauth2_device_begin").device_begin(provider, scope, **extra_params)

    @overload
    def oauth2_device_poll(
        self: OAuth2Methods[SyncMode], provider: str, device: DeviceAuthorization
    ) -> TokenResult | None: ...
    @overload
    def oauth2_device_poll(
        self: OAuth2Methods[AsyncMode], provider: str, device: DeviceAuthorization
    ) -> Awaitable[TokenResult | None]: ...
    def oauth2_device_poll(self, provider: str, device: DeviceAuthorization) -> Any:
        """Poll once: the tokens, or ``None`` while the user has not finished.

        ``slow_down`` adds 5 seconds to ``device.interval``.

        Raises:
            OAuth2AccessDeniedError: The user refused.
            OAuth2DeviceExpiredError: The codes expired.
        """
        return self._oauth2("oauth2_device_poll").device_poll(provider, device)

    @overload
    def oauth2_device_wait(
        self: OAuth2Methods[SyncMode],
        provider: str,
        device: DeviceAuthorization,
        timeout: float | None = None,
    ) -> TokenResult: ...
    @overload
    def oauth2_device_wait(
        self: OAuth2Methods[AsyncMode],
        provider: str,
        device: DeviceAuthorization,
        timeout: float | None = None,
    ) -> Awaitable[TokenResult]: ...
    def oauth2_device_wait(
        self, provider: str, device: DeviceAuthorization, timeout: float | None = None
    ) -> Any:
        """Poll every ``device.interval`` seconds until the user finishes.

        Raises:
            OAuth2AccessDeniedError: The user refused.
            OAuth2DeviceExpiredError: The codes (or ``timeout`` seconds) ran out.
        """
        return self._oauth2("oauth2_device_wait").device_wait(provider, device, timeout)
