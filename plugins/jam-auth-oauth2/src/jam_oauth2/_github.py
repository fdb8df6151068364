"""GitHub's differences: a second profile request for e-mail, and a non-RFC revocation.

* GitHub OAuth apps have no OpenID Connect: the profile is ``GET /user``,
  and the verified primary e-mail comes from ``GET /user/emails`` (needs the
  ``user:email`` scope; without it the e-mail is left out, never guessed).
* Token errors come back with HTTP 200 and, without ``Accept: application/json``,
  form-encoded: the kernel's response parsing handles both.
* Revocation is ``DELETE /applications/{client_id}/token`` with Basic
  authentication and a JSON body, answered ``204``.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from jam.oauth2 import (
    ClientContext,
    HTTPRequest,
    HTTPResponse,
    ProviderBehaviour,
    parse_object,
)

__all__ = ["GitHubBehaviour"]


def _emails(response: HTTPResponse) -> list[Any]:
    if response.status != 200:
        return []
    try:
        value = json.loads(response.body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return []
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


class GitHubBehaviour(ProviderBehaviour):
    """GitHub OAuth apps (also GitHub Enterprise: set ``userinfo_url`` and the other URLs)."""

    def userinfo_requests(
        self, url: str, access_token: str, context: ClientContext
    ) -> list[HTTPRequest]:
        """``GET /user`` and ``GET /user/emails``."""
        headers = {"Authorization": f"Bearer {access_token}"}
        return [
            context.request(
                "GET", url, "userinfo endpoint", headers=headers, secrets=(access_token,)
            ),
            context.request(
                "GET",
                url.rstrip("/") + "/emails",
                "user e-mails endpoint",
                headers=headers,
                secrets=(access_token,),
            ),
        ]

    def normalize_userinfo(
        self, responses: list[HTTPResponse], context: ClientContext
    ) -> tuple[dict[str, Any], Any]:
        """``id`` -> ``sub``, ``login`` -> ``preferred_username``; the verified primary e-mail."""
        profile = parse_object(responses[0])
        emails = _emails(responses[1]) if len(responses) > 1 else []
        primary = next(
            (
                item["email"]
                for item in emails
                if isinstance(item, dict)
                and item.get("primary") is True
                and item.get("verified") is True
                and isinstance(item.get("email"), str)
            ),
            None,
        )
        ident = profile.get("id")
        claims = {
            "sub": str(ident) if isinstance(ident, int) and not isinstance(ident, bool) else None,
            "email": primary,
            "email_verified": primary is not None,
            "name": _text(profile.get("name")),
            "preferred_username": _text(profile.get("login")),
            "picture": _text(profile.get("avatar_url")),
        }
        return claims, {"user": profile, "emails": emails}

    def customize_request(
        self, kind: str, request: HTTPRequest, context: ClientContext
    ) -> HTTPRequest:
        """Revocation: ``DELETE .../applications/{client_id}/token`` with a JSON body."""
        if kind != "revocation":
            return request
        token = (request.form or {}).get("token", "")
        secret = self.client_secret(context) or ""
        pair = f"{context.client_id}:{secret}".encode()
        url = request.url.replace("{client_id}", context.client_id)
        return context.request(
            "DELETE",
            url,
            "revocation endpoint",
            headers={"Authorization": "Basic " + base64.b64encode(pair).decode()},
            json={"access_token": token},
            secrets=(token, secret),
        )
