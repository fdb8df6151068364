"""The entry point (``[project.entry-points.jam] template``): registers one record of each kind.

Hooks only register: each returns records and decides nothing. The module is
cheap to import: implementations are imported by the factories, which Jam
calls only when a configuration selects the name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jam.plugins import (
    AlgorithmRecord,
    OAuth2ProviderRecord,
    SessionStoreRecord,
    TokenListRecord,
    hookimpl,
)
from jam_template._options import TemplateOptions

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jam.protocols import (
        AsyncSessionStore,
        AsyncTokenList,
        SessionStore,
        SigningAlgorithm,
        TokenList,
    )
    from jam_template._provider import TemplateBehaviour

__all__ = [
    "jam_register_algorithms",
    "jam_register_oauth2_providers",
    "jam_register_session_stores",
    "jam_register_token_lists",
]


def _algorithm() -> SigningAlgorithm:
    from jam_template._algorithm import HS3_384

    return HS3_384()


def _store(options: TemplateOptions) -> SessionStore:
    from jam_template._store import TemplateSessionStore

    return TemplateSessionStore(options)


def _async_store(options: TemplateOptions) -> AsyncSessionStore:
    from jam_template._store import AsyncTemplateSessionStore

    store: AsyncSessionStore = AsyncTemplateSessionStore(options)
    return store


def _tokens(options: TemplateOptions) -> TokenList:
    from jam_template._tokens import TemplateTokenList

    return TemplateTokenList(options)


def _async_tokens(options: TemplateOptions) -> AsyncTokenList:
    from jam_template._tokens import AsyncTemplateTokenList

    tokens: AsyncTokenList = AsyncTemplateTokenList(options)
    return tokens


def _behaviour() -> TemplateBehaviour:
    from jam_template._provider import TemplateBehaviour

    return TemplateBehaviour()


@hookimpl
def jam_register_algorithms() -> Iterable[AlgorithmRecord]:
    """Register ``HS3-384`` (HMAC-SHA3-384), selected by ``[jam.jwt] alg = "HS3-384"``."""
    return [
        AlgorithmRecord(
            name="HS3-384",
            factory=_algorithm,
            key_types=("oct",),
            recommended=False,  # not a registered JOSE algorithm
            description="HMAC with SHA3-384 (template plugin)",
        )
    ]


@hookimpl
def jam_register_session_stores() -> Iterable[SessionStoreRecord]:
    """Register the ``template`` session store (sync and asyncio)."""
    return [
        SessionStoreRecord(
            name="template",
            options=TemplateOptions,
            factory=_store,
            async_factory=_async_store,
            description="in-process dict (template plugin)",
        )
    ]


@hookimpl
def jam_register_token_lists() -> Iterable[TokenListRecord]:
    """Register the ``template`` token list (sync and asyncio)."""
    return [
        TokenListRecord(
            name="template",
            options=TemplateOptions,
            factory=_tokens,
            async_factory=_async_tokens,
            description="in-process dict (template plugin)",
        )
    ]


@hookimpl
def jam_register_oauth2_providers() -> Iterable[OAuth2ProviderRecord]:
    """Register the ``template`` provider, selected by ``[jam.oauth2.providers.template]``."""
    return [
        OAuth2ProviderRecord(
            name="template",
            authorize_url="https://auth.template.example/oauth/authorize",
            token_url="https://auth.template.example/oauth/token",  # noqa: S106  (a URL)
            userinfo_url="https://api.template.example/user",
            revocation_url="https://auth.template.example/oauth/revoke",
            default_scopes=("profile", "email"),
            client_auth_method="client_secret_basic",
            behaviour=_behaviour,
            description="example provider (template plugin)",
        )
    ]
