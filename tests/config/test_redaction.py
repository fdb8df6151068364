"""Every secret is redacted everywhere, whichever plugin declares it.

Checked through the configuration object (repr, str, model_dump, model_dump_json),
the facade (repr(Jam), Jam.config), the library's DEBUG logs, and the whole
exception chain of configuration errors.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

import jam
from jam.config import BackendKeys, Section, load_config, redact_url
from jam.exceptions import JamConfigError

REDIS_PASSWORD = "hunter2-redis-pw"
PASSWORD = "pw-9f8e7d6c5b4a"
ROUTE_SECRET = "route-secret-0123456789abcdef"
API_KEY = "ak-live-5f4dcc3b5aa765d61d83"

VAULT = """
from jam.builtin._memory_sessions import AsyncMemorySessionStore, MemorySessionStore
from jam.builtin._memory_lists import AsyncMemoryTokenList, MemoryTokenList
from jam.config import SecretText, Section
from jam.plugins import SessionStoreRecord, TokenListRecord, hookimpl

SEEN = []

class VaultOptions(Section):
    endpoint: str = "https://vault.example"
    api_key: SecretText
    namespace: str = "jam"

def _store(options):
    SEEN.append(options)
    return MemorySessionStore()

def _list(options):
    SEEN.append(options)
    return MemoryTokenList()

@hookimpl
def jam_register_session_stores():
    return [SessionStoreRecord(name="vault", options=VaultOptions, factory=_store,
                               async_factory=lambda o: AsyncMemorySessionStore())]

@hookimpl
def jam_register_token_lists():
    return [TokenListRecord(name="vault", options=VaultOptions, factory=_list,
                            async_factory=lambda o: AsyncMemoryTokenList())]
"""


@pytest.fixture
def vault(fake_dist):
    fake_dist("jam-auth-vault", modules={"jam_vault": VAULT}, entry_points={"vault": "jam_vault"})
    import jam_vault  # type: ignore[import-not-found]

    return jam_vault


def redis_config() -> dict[str, object]:
    return {
        "session": {
            "backend": "redis",
            "redis_uri": f"redis://app:{REDIS_PASSWORD}@cache:6379/0",
            "password": PASSWORD,
            "route_secret": ROUTE_SECRET,
        },
        "jwt": {
            "secret_key": "a-redaction-test-hs256-secret-32-bytes",
            "list": {"type": "black", "backend": "redis", "redis_uri": f"redis://:{PASSWORD}@c/1"},
        },
        "otp": {"replay_protection": True, "replay_backend": "redis", "password": PASSWORD},
    }


def vault_config(api_key: str = API_KEY) -> dict[str, object]:
    return {
        "session": {"backend": "vault", "api_key": api_key},
        "jwt": {
            "secret_key": "a-redaction-test-hs256-secret-32-bytes",
            "list": {"type": "black", "backend": "vault", "api_key": api_key},
        },
    }


def renderings(obj: object) -> str:
    text = repr(obj) + "\n" + str(obj)
    dump = getattr(obj, "model_dump", None)
    if dump is not None:
        text += "\n" + str(dump()) + "\n" + obj.model_dump_json()  # type: ignore[attr-defined]
    return text


def chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    stack: list[BaseException | None] = [error]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack.extend([current.__cause__, current.__context__])


def assert_hidden(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text


def test_first_party_backend_secrets_are_redacted_in_the_config_object() -> None:
    cfg = load_config(redis_config())
    text = renderings(cfg)
    assert_hidden(text, REDIS_PASSWORD, PASSWORD, ROUTE_SECRET)
    assert "redis_uri" in text and "route_secret" in text  # the keys still show
    assert "**********" in text


def test_first_party_secrets_are_redacted_through_the_facade(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    config = redis_config()
    del config["otp"]
    auth = jam.Jam(config=config)  # builds without connecting
    try:
        text = renderings(auth) + renderings(auth.config)
        text += "\n".join(r.getMessage() + repr(r.args) for r in caplog.records)
        assert_hidden(text, REDIS_PASSWORD, PASSWORD, ROUTE_SECRET)
    finally:
        auth.close()


def test_third_party_secret_is_redacted_in_config_and_facade(vault) -> None:
    auth = jam.Jam(config=vault_config())
    text = renderings(auth.config) + renderings(auth) + renderings(auth.config.session)
    assert_hidden(text, API_KEY)
    assert "api_key" in text
    options = vault.SEEN[0]
    assert options.api_key.reveal() == API_KEY  # the plugin still gets the value
    assert_hidden(renderings(options), API_KEY)


def test_backend_keys_reach_the_plugin_unredacted_only_through_reveal() -> None:
    cfg = load_config(redis_config())
    assert cfg.session is not None
    keys = cfg.session.backend_keys
    assert isinstance(keys, BackendKeys)
    assert keys.names == ("password", "redis_uri", "route_secret")
    assert keys.reveal()["password"] == PASSWORD
    assert PASSWORD not in repr(keys)


def test_debug_logs_never_contain_a_secret(vault, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    auth = jam.Jam(config=vault_config())
    auth.session_create("alice", {})
    logged = "\n".join(record.getMessage() + repr(record.args) for record in caplog.records)
    assert caplog.records, "construction logs at DEBUG"
    assert_hidden(logged, API_KEY)


def test_config_error_chains_never_contain_a_secret(vault) -> None:
    config = vault_config()
    config["session"]["namespace"] = 12  # type: ignore[index]
    config["session"]["endpont"] = "x"  # type: ignore[index]
    with pytest.raises(JamConfigError) as info:
        jam.Jam(config=config)
    for error in chain(info.value):
        assert_hidden(str(error) + repr(error) + repr(error.args), API_KEY)
    assert "did you mean 'endpoint'" in str(info.value)


def test_invalid_secret_in_a_plain_model_is_not_chained(fake_dist) -> None:
    plain = VAULT.replace(
        "class VaultOptions(Section):",
        "from pydantic import BaseModel, ConfigDict\nclass VaultOptions(BaseModel):\n"
        '    model_config = ConfigDict(extra="forbid")',
    ).replace("api_key: SecretText", "api_key: int")
    fake_dist("jam-auth-vault", modules={"jam_vault": plain}, entry_points={"vault": "jam_vault"})
    with pytest.raises(JamConfigError) as info:
        jam.Jam(config=vault_config())
    for error in chain(info.value):
        assert_hidden(str(error) + repr(error), API_KEY)


def test_kernel_key_errors_do_not_chain_the_table() -> None:
    config = redis_config()
    config["session"]["default_ttl"] = "soon"  # type: ignore[index]
    with pytest.raises(JamConfigError) as info:
        load_config(config)
    errors = list(chain(info.value))
    assert len(errors) == 1
    assert_hidden(str(errors[0]), PASSWORD, REDIS_PASSWORD)


class WithUrl(Section):
    url: str
    mirrors: tuple[str, ...] = ()


def test_url_credentials_are_redacted_in_any_text_option() -> None:
    options = WithUrl(
        url=f"https://deploy:{PASSWORD}@git.example/repo?token={API_KEY}&ref=main",
        mirrors=(f"https://{API_KEY}@mirror.example/",),
    )
    text = renderings(options)
    assert_hidden(text, PASSWORD, API_KEY)
    assert "deploy:**********@git.example" in text
    assert "ref=main" in text
    assert options.url.endswith("ref=main")  # the attribute keeps the real value


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://app:pw@h:1/0", "redis://app:**********@h:1/0"),
        ("redis://pw@h/0", "redis://**********@h/0"),
        ("https://h/x?password=pw&a=1", "https://h/x?password=**********&a=1"),
        ("https://h/x", "https://h/x"),
        ("user@example.org", "user@example.org"),
        ("var/jam.db", "var/jam.db"),
    ],
)
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown


def test_kernel_url_options_are_redacted_too() -> None:
    cfg = load_config(
        {
            "jwt": {
                "secret_key": "a-redaction-test-hs256-secret-32-bytes",
                "issuer": f"https://a:{PASSWORD}@idp/",
            }
        }
    )
    assert_hidden(renderings(cfg), PASSWORD)
