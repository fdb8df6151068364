"""Test helpers for Jam and its plugins: contract suites and pytest fixtures.

A plugin author subclasses a contract class in a test module and provides
one fixture; pytest runs every inherited ``test_*`` method against the
plugin's implementation, the way SQLAlchemy's dialect suite works.

| Contract | Fixture to provide | Protocol |
| --- | --- | --- |
| `SigningAlgorithmContract` | `algorithm_record` | `jam.protocols.SigningAlgorithm` |
| `SessionStoreContract` | `store` | `jam.protocols.SessionStore` |
| `AsyncSessionStoreContract` | `async_store` | `jam.protocols.AsyncSessionStore` |
| `TokenListContract` | `token_list` | `jam.protocols.TokenList` |
| `AsyncTokenListContract` | `async_token_list` | `jam.protocols.AsyncTokenList` |
| `OAuth2ProviderContract` | `provider_record` | `jam.plugins.OAuth2ProviderRecord` |
| `SessionLimitContract` | `limited_store` | `max_sessions_per_key` (`LIMIT`) |

Each store or list fixture yields a fresh, empty instance and closes it
afterwards (`limited_store`: built with `max_sessions_per_key = LIMIT`). The
async suites need pytest-asyncio. Expiry tests sleep about a second each.
Every store and list suite also holds the store to odd keys and ids (empty,
long, NUL, newline, wildcards, separators, non-ASCII) and to refusing text
that is not valid UTF-8 with `jam.exceptions.BackendError`.

The `jam` pytest plugin (`jam.testing.pytest_plugin`, loaded automatically)
adds three fixtures: `jam_with` (a Jam with only the plugins you give),
`jam_config_file` (a configuration table written as TOML) and
`register_plugin` (a plugin object registered for one test). Their types
are `JamWith`, `JamConfigFile` and `RegisterPlugin`.

Example:
    ```python
    import pytest
    from jam.testing import SessionStoreContract


    class TestMyStore(SessionStoreContract):
        @pytest.fixture
        def store(self, tmp_path):
            store = MyStore(MyOptions(path=tmp_path / "s.db"))
            yield store
            store.close()
    ```

Names are imported lazily, so the ``jam`` pytest plugin stays cheap and can
register the suites for assertion rewriting before they are imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jam._lazy import lazy_attributes

if TYPE_CHECKING:
    from jam.testing._algorithms import SigningAlgorithmContract
    from jam.testing._async_sessions import AsyncSessionStoreContract
    from jam.testing._fixtures import JamConfigFile, JamWith, RegisterPlugin
    from jam.testing._limits import LIMIT, SessionLimitContract
    from jam.testing._providers import OAuth2ProviderContract
    from jam.testing._sessions import SessionStoreContract
    from jam.testing._token_lists import AsyncTokenListContract, TokenListContract

__all__ = [
    "LIMIT",
    "AsyncSessionStoreContract",
    "AsyncTokenListContract",
    "JamConfigFile",
    "JamWith",
    "OAuth2ProviderContract",
    "RegisterPlugin",
    "SessionLimitContract",
    "SessionStoreContract",
    "SigningAlgorithmContract",
    "TokenListContract",
]

__getattr__ = lazy_attributes(
    __name__,
    {
        "AsyncSessionStoreContract": "jam.testing._async_sessions",
        "AsyncTokenListContract": "jam.testing._token_lists",
        "JamConfigFile": "jam.testing._fixtures",
        "JamWith": "jam.testing._fixtures",
        "RegisterPlugin": "jam.testing._fixtures",
        "SigningAlgorithmContract": "jam.testing._algorithms",
        "OAuth2ProviderContract": "jam.testing._providers",
        "LIMIT": "jam.testing._limits",
        "SessionLimitContract": "jam.testing._limits",
        "SessionStoreContract": "jam.testing._sessions",
        "TokenListContract": "jam.testing._token_lists",
    },
)
