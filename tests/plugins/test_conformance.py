"""What a backend factory returns is checked against its Protocol when Jam is built."""

from __future__ import annotations

import pytest

import jam
import jam.aio
from jam.exceptions import (
    BackendUnavailable,
    JamPluginError,
    JamPluginLoadError,
    JamPluginRegistrationError,
)
from jam.plugins._conformance import check_conforms
from jam.protocols import OAuth2Provider, SigningAlgorithm

STORES = """
from jam.builtin._memory_sessions import AsyncMemorySessionStore, MemorySessionStore
from jam.builtin._memory_lists import AsyncMemoryTokenList, MemoryTokenList
from jam.exceptions import BackendUnavailable
from jam.plugins import SessionStoreRecord, TokenListRecord, hookimpl

CLOSED = []

class NoDelete(MemorySessionStore):
    delete = None          # present but not callable

class Missing:
    def __init__(self, options):
        pass
    def get(self, session_id):
        return None
    def close(self):
        CLOSED.append(self)

class SyncPretendingAsync(MemorySessionStore):
    pass

def _none(options):
    return None

def _boom(options):
    raise RuntimeError("cannot parse redis://app:hunter2@cache:6379/0")

def _down(options):
    raise BackendUnavailable("cache unreachable")

@hookimpl
def jam_register_session_stores():
    return [
        SessionStoreRecord(name="none", options=None, factory=_none),
        SessionStoreRecord(name="nodelete", options=None, factory=lambda o: NoDelete()),
        SessionStoreRecord(name="missing", options=None, factory=Missing),
        SessionStoreRecord(
            name="swapped", options=None,
            factory=lambda o: AsyncMemorySessionStore(),
            async_factory=lambda o: SyncPretendingAsync(),
        ),
        SessionStoreRecord(name="boom", options=None, factory=_boom),
        SessionStoreRecord(name="down", options=None, factory=_down),
    ]

class HalfList(MemoryTokenList):
    add_if_absent = 3

@hookimpl
def jam_register_token_lists():
    return [TokenListRecord(name="half", options=None, factory=lambda o: HalfList())]
"""


@pytest.fixture
def stores(fake_dist):
    fake_dist("jam-auth-odd", modules={"jam_odd": STORES}, entry_points={"odd": "jam_odd"})
    import jam_odd  # type: ignore[import-not-found]

    return jam_odd


def session(backend: str) -> dict[str, object]:
    return {"session": {"backend": backend}}


def test_factory_returning_none_fails_at_construction(stores) -> None:
    with pytest.raises(JamPluginRegistrationError) as info:
        jam.Jam(config=session("none"))
    message = str(info.value)
    assert "odd (jam-auth-odd 1.0)" in message
    assert "session store 'none'" in message
    assert "returned None" in message


def test_store_without_a_callable_delete_names_the_method(stores) -> None:
    with pytest.raises(JamPluginRegistrationError) as info:
        jam.Jam(config=session("nodelete"))
    message = str(info.value)
    assert "odd (jam-auth-odd 1.0)" in message
    assert "delete is not callable" in message
    assert "jam.protocols.SessionStore" in message


def test_every_missing_method_is_listed_and_the_object_is_closed(stores) -> None:
    with pytest.raises(JamPluginRegistrationError) as info:
        jam.Jam(config=session("missing"))
    message = str(info.value)
    for name in ("create", "update", "delete", "clear", "rework", "list"):
        assert f"{name} is missing" in message
    assert "get is missing" not in message
    assert len(stores.CLOSED) == 1


def test_asyncio_store_must_have_coroutine_methods(stores) -> None:
    with pytest.raises(JamPluginRegistrationError, match="not a coroutine function"):
        jam.aio.Jam(config=session("swapped"))


def test_sync_store_must_not_have_coroutine_methods(stores) -> None:
    with pytest.raises(JamPluginRegistrationError, match="get is a coroutine function"):
        jam.Jam(config=session("swapped"))


def test_token_list_is_checked_too(stores) -> None:
    config = {
        "jwt": {
            "secret_key": "a-redaction-test-hs256-secret-32-bytes",
            "list": {"type": "black", "backend": "half"},
        }
    }
    with pytest.raises(JamPluginRegistrationError, match="add_if_absent is not callable"):
        jam.Jam(config=config)


def test_factory_that_raises_is_a_typed_error_that_does_not_copy_its_text(stores) -> None:
    with pytest.raises(JamPluginLoadError) as info:
        jam.Jam(config=session("boom"))
    message = str(info.value)
    assert "odd (jam-auth-odd 1.0)" in message
    assert "RuntimeError" in message
    assert "hunter2" not in message
    assert isinstance(info.value.__cause__, RuntimeError)


def test_typed_errors_from_a_factory_pass_through(stores) -> None:
    with pytest.raises(BackendUnavailable, match="cache unreachable"):
        jam.Jam(config=session("down"))


class _Algorithm:
    name = "HS1"

    def load_signing_key(self, material: bytes) -> bytes:
        return material

    def load_verifying_key(self, material: bytes) -> bytes:
        return material

    def public_key_of(self, key: bytes) -> bytes:
        return key

    def sign(self, key: bytes, message: bytes) -> bytes:
        return b""

    def verify(self, key: bytes, message: bytes, signature: bytes) -> bool:
        return False


def test_checker_accepts_a_complete_algorithm() -> None:
    check_conforms(_Algorithm(), SigningAlgorithm, "algorithm 'HS1'")


def test_checker_checks_attribute_types() -> None:
    broken = _Algorithm()
    broken.name = 256  # type: ignore[assignment]
    with pytest.raises(JamPluginRegistrationError, match="name has type int, expected str"):
        check_conforms(broken, SigningAlgorithm, "algorithm 'HS1'")


def test_checker_reports_missing_attributes_and_methods() -> None:
    class NoName:
        def sign(self, key: bytes, message: bytes) -> bytes:
            return b""

    with pytest.raises(JamPluginError) as info:
        check_conforms(NoName(), SigningAlgorithm, "plugin toy (jam-auth-toy 1.0): algorithm")
    message = str(info.value)
    assert message.startswith("plugin toy (jam-auth-toy 1.0): algorithm")
    assert "name is missing" in message and "verify is missing" in message
    assert "sign is" not in message


def test_checker_handles_optional_attribute_types() -> None:
    class Provider:
        name = "acme"
        authorize_url: str | None = None
        token_url = "https://acme.example/token"
        userinfo_url = None
        revocation_url = None
        jwks_url = 42
        issuer = None
        default_scopes = ("openid",)
        client_auth_method = "client_secret_post"
        supports_pkce = True

    with pytest.raises(JamPluginRegistrationError) as info:
        check_conforms(Provider(), OAuth2Provider, "provider 'acme'")
    assert "jwks_url has type int" in str(info.value)
    assert "token_url" not in str(info.value)


def test_checker_sees_through_wrapping_decorators() -> None:
    from jam._awaitables import pending
    from jam.protocols import AsyncTokenList

    class Wrapped:
        @pending
        async def add(self, token_id: str, ttl: int | None) -> None:
            return None

        @pending
        async def add_if_absent(self, token_id: str, ttl: int | None) -> bool:
            return True

        @pending
        async def contains(self, token_id: str) -> bool:
            return False

        @pending
        async def remove(self, token_id: str) -> None:
            return None

        async def close(self) -> None:
            return None

    check_conforms(Wrapped(), AsyncTokenList, "list")
