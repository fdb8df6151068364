"""Yandex ID's differences: the ``OAuth`` scheme, its own profile, revocation and device grant.

* Profile: ``GET https://login.yandex.ru/info?format=json`` with
  ``Authorization: OAuth <token>``; ``id``, ``login``, ``default_email``,
  ``real_name``/``display_name`` and an avatar id.
* Revocation: ``POST /revoke_token`` with ``access_token`` (not ``token``).
* Device grant: polling sends ``grant_type=device_code`` and ``code`` (not
  RFC 8628's URN and ``device_code``); the answer says ``verification_url``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from jam.oauth2 import (
    ClientContext,
    HTTPRequest,
    HTTPResponse,
    ProviderBehaviour,
    parse_object,
)

__all__ = ["YandexBehaviour"]

AVATAR = "https://avatars.yandex.net/get-yapic/{avatar}/islands-200"


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


class YandexBehaviour(ProviderBehaviour):
    """Yandex ID (OAuth 2.0, no OIDC): profiles are asked with ``Authorization: OAuth <token>``."""

    userinfo_scheme = "OAuth"

    def normalize_userinfo(
        self, responses: list[HTTPResponse], context: ClientContext
    ) -> tuple[dict[str, Any], Any]:
        """``id`` -> ``sub``, ``login`` -> ``preferred_username``, ``default_email``."""
        profile = parse_object(responses[0])
        avatar = _text(profile.get("default_avatar_id"))
        picture = None
        if avatar is not None and profile.get("is_avatar_empty") is not True:
            picture = AVATAR.format(avatar=avatar)
        return {
            "sub": _text(profile.get("id")),
            "email": _text(profile.get("default_email")),
            "email_verified": False,
            "name": _text(profile.get("real_name")) or _text(profile.get("display_name")),
            "preferred_username": _text(profile.get("login")),
            "picture": picture,
        }, profile

    def customize_request(
        self, kind: str, request: HTTPRequest, context: ClientContext
    ) -> HTTPRequest:
        """Revocation sends ``access_token``; device polling sends ``code``."""
        form = dict(request.form or {})
        if kind == "revocation":
            form["access_token"] = form.pop("token", "")
            form.pop("token_type_hint", None)
            return replace(request, form=form)
        if kind == "device_code":
            form["code"] = form.pop("device_code", "")
            form["grant_type"] = "device_code"
            return replace(request, form=form)
        return request
