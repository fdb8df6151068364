"""The device authorization grant (RFC 8628), pure: requests to send and answers to read.

Inherited by :class:`jam.oauth2._core.OAuth2Core`; the drivers send what
these methods build and sleep for as long as :meth:`DeviceRules.device_wait_time`
says. ``slow_down`` adds 5 seconds to the interval; ``authorization_pending``
keeps polling; ``access_denied`` and ``expired_token`` end the wait with a
typed error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from jam.exceptions import (
    OAuth2AuthorizationPendingError,
    OAuth2DeviceExpiredError,
    OAuth2InvalidResponseError,
    OAuth2StateError,
)
from jam.oauth2._http import HTTPRequest, HTTPResponse, form_fields, parse_object
from jam.oauth2._types import DeviceAuthorization, TokenResult

if TYPE_CHECKING:
    from jam.oauth2._client import ProviderClient

__all__ = ["DEVICE_GRANT", "DeviceRules"]

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
"""``grant_type`` of RFC 8628 polling."""

_SLOW_DOWN_STEP = 5.0


class DeviceRules:
    """What the device grant sends and how its answers are read (no I/O)."""

    def device_request(
        self, client: ProviderClient, scope: Any, extra: Mapping[str, Any], now: float
    ) -> HTTPRequest:
        """RFC 8628 §3.1 device authorization request."""
        scopes = list(scope or client.settings.scopes or client.record.default_scopes)
        form = form_fields(extra)
        if scopes:
            form = {"scope": " ".join(scopes), **form}
        request = client.token_post(
            "device authorization endpoint", form, client.endpoint("device"), now
        )
        return client.behaviour.customize_request(
            "device_authorization", request, client.context(now)
        )

    def device(
        self, client: ProviderClient, response: HTTPResponse, now: float
    ) -> DeviceAuthorization:
        """Read a device authorization answer.

        Raises:
            OAuth2ProviderError: An error answer.
            OAuth2InvalidResponseError: Required members missing.
        """
        data = parse_object(response)
        interval, expires = data.get("interval", 5), data.get("expires_in")
        try:
            return DeviceAuthorization(
                device_code=_member(data, "device_code"),
                user_code=_member(data, "user_code"),
                verification_uri=_member(data, "verification_uri", "verification_url"),
                verification_uri_complete=data.get("verification_uri_complete")
                if isinstance(data.get("verification_uri_complete"), str)
                else None,
                expires_at=now + float(expires),  # type: ignore[arg-type]
                interval=max(1.0, float(interval)),
                provider=client.name,
            )
        except (TypeError, ValueError):
            raise OAuth2InvalidResponseError(
                "device authorization endpoint answered without usable expires_in/interval"
            ) from None

    def device_poll(
        self, client: ProviderClient, device: DeviceAuthorization, now: float
    ) -> HTTPRequest:
        """The next polling request.

        Raises:
            OAuth2DeviceExpiredError: The codes expired (no request is made).
            OAuth2StateError: ``device`` belongs to another provider.
        """
        if device.provider != client.name:
            raise OAuth2StateError("the device authorization was started for another provider")
        if now >= device.expires_at:
            raise OAuth2DeviceExpiredError(
                "the device code expired before the user approved", error="expired_token"
            )
        form = {"grant_type": DEVICE_GRANT, "device_code": device.device_code}
        return client.token_request("device_code", form, now)

    def device_result(
        self,
        client: ProviderClient,
        device: DeviceAuthorization,
        response: HTTPResponse,
        now: float,
    ) -> TokenResult | None:
        """Read a poll answer: a token, or ``None`` while pending (``slow_down`` adds 5 s).

        Raises:
            OAuth2AccessDeniedError: The user refused.
            OAuth2DeviceExpiredError: The codes expired.
        """
        try:
            return client.token_result(response, now, strict=True)
        except OAuth2AuthorizationPendingError as pending:
            if pending.error == "slow_down":
                device.interval += _SLOW_DOWN_STEP
            return None

    def device_wait_time(self, device: DeviceAuthorization, now: float, deadline: float) -> float:
        """Seconds to sleep before the next poll.

        Raises:
            OAuth2DeviceExpiredError: The codes (or the caller's ``timeout``) run out first.
        """
        if now + device.interval >= min(deadline, device.expires_at):
            raise OAuth2DeviceExpiredError(
                "the device code expired (or the wait timed out) before the user approved",
                error="expired_token",
            )
        return device.interval


def _member(data: Mapping[str, Any], *names: str) -> str:
    for name in names:
        value = data.get(name)
        if isinstance(value, str) and value:
            return value
    raise OAuth2InvalidResponseError(f"device authorization answer has no {names[0]}")
