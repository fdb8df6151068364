"""The ``oauth2`` plugin: registers github, gitlab, google, yandex and the generic ``oidc``.

Cheap to import: records are plain data, behaviours are imported by their
factories, and nothing here imports httpx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jam.plugins import OAuth2ProviderRecord, hookimpl

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jam.protocols import OAuth2ProviderHooks

__all__ = ["jam_register_oauth2_providers"]


def _github() -> OAuth2ProviderHooks:
    from jam_oauth2._github import GitHubBehaviour

    return GitHubBehaviour()


def _gitlab() -> OAuth2ProviderHooks:
    from jam_oauth2._gitlab import GitLabBehaviour

    return GitLabBehaviour()


def _yandex() -> OAuth2ProviderHooks:
    from jam_oauth2._yandex import YandexBehaviour

    return YandexBehaviour()


# ruff's S106 mistakes every token_url below for a password: they are public endpoints.
@hookimpl
def jam_register_oauth2_providers() -> Iterable[OAuth2ProviderRecord]:
    """Register the built-in providers (endpoints current as of 2026)."""
    return [
        OAuth2ProviderRecord(
            name="github",
            authorize_url="https://github.com/login/oauth/authorize",
            token_url="https://github.com/login/oauth/access_token",  # noqa: S106
            userinfo_url="https://api.github.com/user",
            revocation_url="https://api.github.com/applications/{client_id}/token",
            device_authorization_url="https://github.com/login/device/code",
            default_scopes=("read:user", "user:email"),
            behaviour=_github,
            description="GitHub OAuth apps (no OIDC; e-mail from /user/emails)",
        ),
        OAuth2ProviderRecord(
            name="gitlab",
            authorize_url="https://gitlab.com/oauth/authorize",
            token_url="https://gitlab.com/oauth/token",  # noqa: S106
            userinfo_url="https://gitlab.com/oauth/userinfo",
            revocation_url="https://gitlab.com/oauth/revoke",
            jwks_url="https://gitlab.com/oauth/discovery/keys",
            device_authorization_url="https://gitlab.com/oauth/authorize_device",
            issuer="https://gitlab.com",
            id_token_algs=("RS256",),
            default_scopes=("openid", "profile", "email"),
            behaviour=_gitlab,
            description='GitLab.com (OIDC); self-managed: provider = "oidc" with its issuer',
        ),
        OAuth2ProviderRecord(
            name="google",
            authorize_url="https://accounts.google.com/o/oauth2/v2/auth",
            token_url="https://oauth2.googleapis.com/token",  # noqa: S106
            userinfo_url="https://openidconnect.googleapis.com/v1/userinfo",
            revocation_url="https://oauth2.googleapis.com/revoke",
            jwks_url="https://www.googleapis.com/oauth2/v3/certs",
            device_authorization_url="https://oauth2.googleapis.com/device/code",
            issuer="https://accounts.google.com",
            issuer_aliases=("accounts.google.com",),
            id_token_algs=("RS256",),
            default_scopes=("openid", "email", "profile"),
            description="Google (OIDC; ID tokens may say iss=accounts.google.com)",
        ),
        OAuth2ProviderRecord(
            name="yandex",
            authorize_url="https://oauth.yandex.ru/authorize",
            token_url="https://oauth.yandex.ru/token",  # noqa: S106
            userinfo_url="https://login.yandex.ru/info?format=json",
            revocation_url="https://oauth.yandex.ru/revoke_token",
            device_authorization_url="https://oauth.yandex.ru/device/code",
            behaviour=_yandex,
            description="Yandex ID (no OIDC; 'OAuth' authorization scheme, own device grant)",
        ),
        OAuth2ProviderRecord(
            name="oidc",
            default_scopes=("openid", "profile", "email"),
            description="any OpenID Connect issuer, by discovery (set issuer)",
        ),
    ]
