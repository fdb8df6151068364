"""Hook specifications: the four registration hooks every Jam plugin can implement.

Hooks only *register*: each returns an iterable of typed records and never
decides anything. They are called once, when `jam.Jam` is built, by
`jam.plugins._manager` (the only module that calls ``pm.hook``). Ordering
options (``tryfirst``, ``trylast``, wrappers) are refused: registration order
never matters, because a name registered twice is an error.

Hook specs evolve by addition only: a new hook, or a new optional argument.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jam.plugins.records import (
        AlgorithmRecord,
        OAuth2ProviderRecord,
        SessionStoreRecord,
        TokenListRecord,
    )

PROJECT_NAME = "jam"
"""pluggy project name, which is also the entry-point group plugins register under."""

hookspec = pluggy.HookspecMarker(PROJECT_NAME)


@hookspec
def jam_register_algorithms() -> Iterable[AlgorithmRecord]:  # type: ignore[empty-body]
    """Register JWS signing algorithms.

    Called once per `jam.Jam` construction. Return one record per
    ``alg``; names are case-sensitive JOSE names and ``none`` is refused.

    Example:
        ```python
        @jam.hookimpl
        def jam_register_algorithms():
            return [AlgorithmRecord(name="HS1024", factory=HS1024, key_types=("oct",))]
        ```
    """


@hookspec
def jam_register_session_stores() -> Iterable[SessionStoreRecord]:  # type: ignore[empty-body]
    """Register session storage backends.

    Called once per `jam.Jam` construction. The ``[jam.session]``
    table's ``backend`` picks one record by name.

    Example:
        ```python
        @jam.hookimpl
        def jam_register_session_stores():
            return [SessionStoreRecord(name="dynamo", factory=DynamoStore, options=Opts)]
        ```
    """


@hookspec
def jam_register_token_lists() -> Iterable[TokenListRecord]:  # type: ignore[empty-body]
    """Register token black/white list backends.

    Called once per `jam.Jam` construction. ``[jam.jwt.list] backend``
    (and OTP ``replay_backend``) pick one record by name.

    Example:
        ```python
        @jam.hookimpl
        def jam_register_token_lists():
            return [TokenListRecord(name="dynamo", factory=DynamoList, options=Opts)]
        ```
    """


@hookspec
def jam_register_oauth2_providers() -> Iterable[OAuth2ProviderRecord]:  # type: ignore[empty-body]
    """Register OAuth2 / OpenID Connect provider descriptions.

    Called once per `jam.Jam` construction. A table
    ``[jam.oauth2.providers.<name>]`` picks the record named ``<name>``
    (or the one its ``provider`` key names).

    Example:
        ```python
        @jam.hookimpl
        def jam_register_oauth2_providers():
            return [OAuth2ProviderRecord(name="acme", authorize_url=..., token_url=...)]
        ```
    """
