"""The ``[jam.oauth2]`` table: OAuth2 / OpenID Connect client settings."""

from __future__ import annotations

from pydantic import AliasChoices, Field

from jam.config._base import Section
from jam.config._types import SecretText

__all__ = ["OAuth2ProviderSettings", "OAuth2Settings"]


class OAuth2ProviderSettings(Section):
    """One ``[jam.oauth2.providers.<name>]`` table."""

    provider: str | None = None
    """Registered provider to use; defaults to the table name."""
    client_id: str = Field(min_length=1)
    """OAuth2 client id."""
    client_secret: SecretText | None = None
    """OAuth2 client secret (public clients with PKCE may omit it)."""
    redirect_url: str = Field(validation_alias=AliasChoices("redirect_url", "redirect_uri"))
    """Where the provider sends the user back (alias ``redirect_uri``)."""
    scopes: list[str] | None = None
    """Scopes to request; defaults to the provider's."""
    issuer: str | None = None
    """OIDC issuer for discovery."""
    auth_url: str | None = None
    """Authorization endpoint (explicit URLs need no provider plugin)."""
    token_url: str | None = None
    """Token endpoint."""
    userinfo_url: str | None = None
    """UserInfo endpoint."""


class OAuth2Settings(Section):
    """``[jam.oauth2]``."""

    providers: dict[str, OAuth2ProviderSettings] = Field(default_factory=dict)
    """Provider tables by name."""
