"""GitLab's differences: its userinfo calls the login ``nickname``.

GitLab.com is an OpenID Connect provider (issuer ``https://gitlab.com``);
endpoints are registered explicitly so no discovery round trip is needed.
For a self-managed instance use ``provider = "oidc"`` with its issuer.
"""

from __future__ import annotations

from typing import Any

from jam.oauth2 import ClientContext, HTTPResponse, ProviderBehaviour, parse_object, standard_claims

__all__ = ["GitLabBehaviour"]


class GitLabBehaviour(ProviderBehaviour):
    """GitLab (OIDC, with ``nickname`` as the username)."""

    def normalize_userinfo(
        self, responses: list[HTTPResponse], context: ClientContext
    ) -> tuple[dict[str, Any], Any]:
        """Standard claims; ``preferred_username`` falls back to ``nickname``."""
        profile = parse_object(responses[0])
        claims = standard_claims(profile)
        nickname = profile.get("nickname")
        if claims["preferred_username"] is None and isinstance(nickname, str) and nickname:
            claims["preferred_username"] = nickname
        return claims, profile
