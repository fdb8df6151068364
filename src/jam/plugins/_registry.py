"""What the loaded plugins registered: `Registry`, `PluginInfo` and the kinds.

Built once per `jam.Jam` by `jam.plugins._manager.load_registry`
and read when the engines are built; nothing here touches pluggy. The one
table of first-party plugin names (`_INSTALL_HINTS`) lives here too: it
turns "unknown session store 'redis'" into the exact ``pip install`` line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from jam._text import excerpt
from jam.exceptions import JamPluginNotFoundError
from jam.plugins.records import (
    AlgorithmRecord,
    OAuth2ProviderRecord,
    SessionStoreRecord,
    TokenListRecord,
)

__all__ = [
    "ALGORITHMS",
    "KINDS",
    "OAUTH2_PROVIDERS",
    "SESSION_STORES",
    "TOKEN_LISTS",
    "Kind",
    "PluginInfo",
    "Provided",
    "Registry",
]

RecordT = TypeVar(
    "RecordT", AlgorithmRecord, SessionStoreRecord, TokenListRecord, OAuth2ProviderRecord
)

_JWA = ("jam-auth-jwa", "jwa")
_SQLITE = ("jam-auth-sqlite", "sqlite")
_REDIS = ("jam-auth-redis", "redis")
_OAUTH2 = ("jam-auth-oauth2", "oauth2")

_INSTALL_HINTS: dict[str, dict[str, tuple[str, str]]] = {
    "algorithm": dict.fromkeys(
        (
            "RS256",
            "RS384",
            "RS512",
            "PS256",
            "PS384",
            "PS512",
            "ES256",
            "ES384",
            "ES512",
            "ES256K",
            "EdDSA",
            "Ed25519",
            "Ed448",
        ),
        _JWA,
    ),
    "session store": {"sqlite": _SQLITE, "redis": _REDIS},
    "token list": {"sqlite": _SQLITE, "redis": _REDIS},
    "OAuth2 provider": dict.fromkeys(("github", "gitlab", "google", "yandex", "oidc"), _OAUTH2),
}
"""First-party capability names -> (distribution, ``jam-auth`` extra that installs it).

The only place the kernel knows plugin names; HS256/384/512 are built in.
"""


@dataclass(frozen=True, slots=True)
class PluginInfo:
    """A plugin that was considered at load time.

    Attributes:
        name: Entry-point name (``"jwa"``), or ``"builtin"``.
        distribution: Distribution that ships it (``"jam-auth-jwa"``).
        version: That distribution's version.
        value: Entry-point target (``"jam_jwa.plugin"``).
        loaded: False when blocked by ``[jam.plugins]``.

    Example:
        >>> info = PluginInfo("jwa", "jam-auth-jwa", "0.1.0", "jam_jwa.plugin", loaded=True)
        >>> info.label
        'jwa (jam-auth-jwa 0.1.0)'
    """

    name: str
    distribution: str
    version: str
    value: str
    loaded: bool

    @property
    def label(self) -> str:
        """``"<name> (<distribution> <version>)"``, for messages (parts cut if long)."""
        return f"{_short(self.name)} ({_short(self.distribution)} {_short(self.version)})"


@dataclass(frozen=True, slots=True)
class Provided(Generic[RecordT]):
    """A record together with the plugin that registered it."""

    record: RecordT
    plugin: PluginInfo


@dataclass(frozen=True, slots=True)
class Kind(Generic[RecordT]):
    """One capability family: its hook, record type and human name."""

    hook: str
    record_type: type[RecordT]
    noun: str


ALGORITHMS = Kind("jam_register_algorithms", AlgorithmRecord, "algorithm")
SESSION_STORES = Kind("jam_register_session_stores", SessionStoreRecord, "session store")
TOKEN_LISTS = Kind("jam_register_token_lists", TokenListRecord, "token list")
OAUTH2_PROVIDERS = Kind("jam_register_oauth2_providers", OAuth2ProviderRecord, "OAuth2 provider")
KINDS: tuple[Kind[Any], ...] = (ALGORITHMS, SESSION_STORES, TOKEN_LISTS, OAUTH2_PROVIDERS)


class Registry:
    """Everything the loaded plugins registered, by capability and name.

    Built once per `jam.Jam` (``auth.registry``); two Jam objects never
    share one, and nothing in it changes after it is built.

    Example:
        >>> auth = jam.Jam(config={"session": {"backend": "memory"}})
        >>> auth.registry.session_store("memory").name
        'memory'
        >>> "builtin" in [p.name for p in auth.registry.plugins if p.loaded]
        True
    """

    def __init__(
        self,
        plugins: Iterable[PluginInfo],
        provided: dict[str, dict[str, Provided[Any]]],
    ) -> None:
        """Wrap collected records; use `load_registry` instead of calling this."""
        self.plugins: tuple[PluginInfo, ...] = tuple(sorted(plugins, key=lambda p: p.name))
        """Every plugin considered, loaded or blocked, sorted by name."""
        self._provided = provided

    def algorithm(self, name: str) -> AlgorithmRecord:
        """Return the algorithm record called ``name`` (case-sensitive JOSE name)."""
        return self.provider(ALGORITHMS, name).record

    def session_store(self, name: str) -> SessionStoreRecord:
        """Return the session store record called ``name``."""
        return self.provider(SESSION_STORES, name).record

    def token_list(self, name: str) -> TokenListRecord:
        """Return the token-list record called ``name``."""
        return self.provider(TOKEN_LISTS, name).record

    def oauth2_provider(self, name: str) -> OAuth2ProviderRecord:
        """Return the OAuth2 provider record called ``name``."""
        return self.provider(OAUTH2_PROVIDERS, name).record

    def provider(self, kind: Kind[RecordT], name: str) -> Provided[RecordT]:
        """Return the record called ``name`` of one kind, with the plugin that registered it.

        Raises:
            JamPluginNotFoundError: Nobody registered that name; the message
                lists the registered names, suggests a close one, and names
                the distribution to install for a first-party capability.
        """
        found = self._provided[kind.hook].get(name)
        if found is None:
            raise JamPluginNotFoundError(self._not_found_message(kind, name))
        provided: Provided[RecordT] = found
        return provided

    def provided(self, kind: Kind[RecordT]) -> list[Provided[RecordT]]:
        """Every record of one kind with its provider, sorted by name."""
        table = self._provided[kind.hook]
        return [table[name] for name in sorted(table)]

    def names(self, kind: Kind[Any]) -> list[str]:
        """Sorted names registered for one kind."""
        return sorted(self._provided[kind.hook])

    def _not_found_message(self, kind: Kind[Any], name: object) -> str:
        table = self._provided[kind.hook]
        valid = ", ".join(
            f"{_short(n)} [{_short(table[n].plugin.distribution)}]" for n in sorted(table)
        )
        lines = [f"unknown {kind.noun} {excerpt(name)}; registered: {valid or 'none'}."]
        if isinstance(name, str):
            lines.extend(_suggestions(kind, name, list(table)))
        blocked = [p.label for p in self.plugins if not p.loaded]
        if blocked:
            lines.append(f"Plugins not loaded because of [jam.plugins]: {', '.join(blocked)}.")
        return " ".join(lines)


def _suggestions(kind: Kind[Any], name: str, registered: list[str]) -> list[str]:
    lines = []
    case_match = [n for n in registered if n.lower() == name.lower()]
    close = difflib.get_close_matches(name, registered, n=1, cutoff=0.6)
    if case_match:
        lines.append(f"Names are case-sensitive: did you mean {excerpt(case_match[0])}?")
    elif close:
        lines.append(f"Did you mean {excerpt(close[0])}?")
    hint = _INSTALL_HINTS.get(kind.noun, {}).get(name)
    if hint is not None:
        distribution, extra = hint
        lines.append(f"{name!r} is provided by {distribution}: pip install 'jam-auth[{extra}]'")
    return lines


def _short(text: str) -> str:
    """Plugin metadata is third-party text: cut and escape it when it is not plain."""
    if len(text) <= 60 and text.isprintable():
        return text
    return excerpt(text, 60)
