"""The ``template`` OAuth2 provider's behaviour: a profile that is not OpenID Connect.

Many providers answer the userinfo request with their own JSON (``id``,
``login``, ``mail``). `normalize_userinfo` maps it to OIDC standard claims;
every other step (authorization URL, PKCE, token exchange, errors) is the RFCs
as `jam.oauth2.ProviderBehaviour` implements them. Behaviours are pure: they
build requests and read responses, the engine does the I/O.
"""

from __future__ import annotations

from typing import Any

from jam.oauth2 import ClientContext, HTTPResponse, ProviderBehaviour, parse_object

__all__ = ["TemplateBehaviour"]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


class TemplateBehaviour(ProviderBehaviour):
    """Reads ``{"id": 42, "login": "alice", "mail": "...", "mail_verified": true}``.

    Example:
        >>> claims, raw = TemplateBehaviour().normalize_userinfo([response], context)
        >>> claims["sub"]
        '42'
    """

    def normalize_userinfo(
        self, responses: list[HTTPResponse], context: ClientContext
    ) -> tuple[dict[str, Any], Any]:
        """``id`` -> ``sub`` (as text), ``login`` -> ``preferred_username``, ``mail`` -> ``email``.

        Raises:
            OAuth2InvalidResponseError: The answer is not a JSON object (from
                `jam.oauth2.parse_object`).
        """
        profile = parse_object(responses[0])
        ident = profile.get("id")
        sub = str(ident) if isinstance(ident, int | str) and not isinstance(ident, bool) else None
        return {
            "sub": sub or None,
            "email": _text(profile.get("mail")),
            "email_verified": profile.get("mail_verified") is True,
            "name": _text(profile.get("name")),
            "preferred_username": _text(profile.get("login")),
            "picture": None,
        }, profile
