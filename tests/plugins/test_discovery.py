"""Plugin discovery through entry points, using fake installed distributions."""

from __future__ import annotations

import pytest

import jam
from jam.exceptions import (
    JamPluginApiVersionError,
    JamPluginConflictError,
    JamPluginError,
    JamPluginLoadError,
    JamPluginNotFoundError,
    JamPluginRegistrationError,
)

SECRET = "k3J9xQ2mV7pL0aZ8rT5wN1cB6yH4dF2sG9uE3oI7jK0lM5nP8qR1tU4vW6xY2zA"

TOY_ALGORITHM = """
import hmac
from jam.plugins import AlgorithmRecord, hookimpl

CALLS = {"register": 0}

class Toy:
    name = "{name}"
    def load_signing_key(self, material):
        return bytes(material)
    def load_verifying_key(self, material):
        return bytes(material)
    def public_key_of(self, key):
        return key
    def sign(self, key, message):
        return hmac.digest(key, message, "sha3_256")
    def verify(self, key, message, signature):
        return hmac.compare_digest(self.sign(key, message), signature)

@hookimpl
def jam_register_algorithms():
    CALLS["register"] += 1
    return [AlgorithmRecord(name="{name}", factory=Toy, key_types=("oct",){extra})]
"""


def toy(name: str = "HS3-256", extra: str = "") -> str:
    return TOY_ALGORITHM.replace("{name}", name).replace("{extra}", extra)


def jwt_config(alg: str, **plugins: object) -> dict[str, object]:
    config: dict[str, object] = {"jwt": {"alg": alg, "secret_key": SECRET}}
    if plugins:
        config["plugins"] = plugins
    return config


def test_third_party_algorithm_is_discovered_and_selected(fake_dist) -> None:
    fake_dist("jam-auth-toy", modules={"jam_toy": toy()}, entry_points={"toy": "jam_toy"})
    auth = jam.Jam(config=jwt_config("HS3-256"))
    token = auth.jwt_create_token(auth.jwt_make_payload(60, {"sub": "1"}))
    assert auth.jwt_verify_token(token)["sub"] == "1"
    import jam_toy  # type: ignore[import-not-found]

    assert jam_toy.CALLS["register"] == 1


def test_registration_hooks_are_not_called_on_the_hot_path(fake_dist) -> None:
    fake_dist("jam-auth-toy", modules={"jam_toy": toy()}, entry_points={"toy": "jam_toy"})
    auth = jam.Jam(config=jwt_config("HS3-256"))
    import jam_toy  # type: ignore[import-not-found]

    before = jam_toy.CALLS["register"]
    for _ in range(50):
        auth.jwt_verify_token(auth.jwt_create_token(auth.jwt_make_payload(60, {})))
    assert jam_toy.CALLS["register"] == before


def test_disable_blocks_a_plugin_and_the_error_says_so(fake_dist) -> None:
    fake_dist("jam-auth-toy", modules={"jam_toy": toy()}, entry_points={"toy": "jam_toy"})
    with pytest.raises(JamPluginNotFoundError) as info:
        jam.Jam(config=jwt_config("HS3-256", disable=["toy"]))
    message = str(info.value)
    assert "'HS3-256'" in message
    assert "toy (jam-auth-toy 1.0)" in message
    assert "[jam.plugins]" in message


def test_autoload_false_loads_only_enabled_plugins(fake_dist) -> None:
    fake_dist("jam-auth-toy", modules={"jam_toy": toy()}, entry_points={"toy": "jam_toy"})
    auth = jam.Jam(config=jwt_config("HS3-256", autoload=False, enable=["toy"]))
    loaded = {p.name for p in auth.registry.plugins if p.loaded}
    assert loaded == {"builtin", "toy"}
    with pytest.raises(JamPluginNotFoundError, match="RS256"):
        jam.Jam(config=jwt_config("RS256", autoload=False, enable=["toy"]))


def test_enable_naming_a_missing_plugin_fails(fake_dist) -> None:
    with pytest.raises(JamPluginNotFoundError, match="not installed: 'nope'"):
        jam.Jam(config=jwt_config("HS256", autoload=False, enable=["nope"]))


def test_duplicate_names_list_every_provider(fake_dist) -> None:
    fake_dist(
        "jam-auth-evil", modules={"jam_evil": toy("HS256")}, entry_points={"evil": "jam_evil"}
    )
    with pytest.raises(JamPluginConflictError) as info:
        jam.Jam(config=jwt_config("HS256"))
    message = str(info.value)
    assert "builtin (jam-auth " in message
    assert "evil (jam-auth-evil 1.0)" in message
    assert "'HS256'" in message


def test_conflict_is_resolved_by_disabling_one_provider(fake_dist) -> None:
    fake_dist(
        "jam-auth-evil", modules={"jam_evil": toy("HS256")}, entry_points={"evil": "jam_evil"}
    )
    auth = jam.Jam(config=jwt_config("HS256", disable=["evil"]))
    provided = [p for p in auth.registry.provided(_kind()) if p.record.name == "HS256"]
    assert [p.plugin.distribution for p in provided] == ["jam-auth"]


def _kind():
    from jam.plugins._manager import ALGORITHMS

    return ALGORITHMS


def test_plugin_that_fails_to_import_names_distribution_and_entry_point(fake_dist) -> None:
    fake_dist(
        "jam-auth-broken",
        modules={"jam_broken": "import does_not_exist_anywhere\n"},
        entry_points={"broken": "jam_broken"},
    )
    with pytest.raises(JamPluginLoadError) as info:
        jam.Jam(config=jwt_config("HS256"))
    message = str(info.value)
    assert "broken (jam-auth-broken 1.0)" in message
    assert "jam_broken" in message
    assert "disable" in message
    assert isinstance(info.value.__cause__, ModuleNotFoundError)


def test_broken_plugin_can_be_disabled(fake_dist) -> None:
    fake_dist(
        "jam-auth-broken",
        modules={"jam_broken": "raise RuntimeError('boom')\n"},
        entry_points={"broken": "jam_broken"},
    )
    auth = jam.Jam(config=jwt_config("HS256", disable=["broken"]))
    assert any(p.name == "broken" and not p.loaded for p in auth.registry.plugins)


def test_unknown_api_version_is_refused(fake_dist) -> None:
    fake_dist(
        "jam-auth-future",
        modules={"jam_future": toy("X1", ", api_version=99")},
        entry_points={"future": "jam_future"},
    )
    with pytest.raises(JamPluginApiVersionError, match="api_version 99"):
        jam.Jam(config=jwt_config("HS256"))


def test_none_algorithm_can_never_be_registered(fake_dist) -> None:
    fake_dist(
        "jam-auth-none", modules={"jam_none": toy("None")}, entry_points={"nonealg": "jam_none"}
    )
    with pytest.raises(JamPluginRegistrationError, match="'none'"):
        jam.Jam(config=jwt_config("HS256"))


WRONG_TYPE = """
from jam.plugins import hookimpl, TokenListRecord
@hookimpl
def jam_register_algorithms():
    return [TokenListRecord(name="x", options=None, factory=object)]
"""

ORDERING = """
from jam.plugins import hookimpl
@hookimpl(tryfirst=True)
def jam_register_algorithms():
    return []
"""

RAISES = """
from jam.plugins import hookimpl
@hookimpl
def jam_register_token_lists():
    raise RuntimeError("database exploded")
"""

BAD_HOOK_NAME = """
from jam.plugins import hookimpl
@hookimpl
def jam_register_algorithm():
    return []
"""


@pytest.mark.parametrize(
    ("source", "error", "match"),
    [
        (WRONG_TYPE, JamPluginRegistrationError, "expected AlgorithmRecord"),
        (ORDERING, JamPluginRegistrationError, "tryfirst"),
        (RAISES, JamPluginLoadError, "database exploded"),
        (BAD_HOOK_NAME, JamPluginRegistrationError, "hook specs"),
    ],
    ids=["wrong-record-type", "ordering-option", "hook-raises", "misspelled-hook"],
)
def test_contract_violations_fail_loudly(fake_dist, source, error, match) -> None:
    fake_dist("jam-auth-bad", modules={"jam_bad": source}, entry_points={"bad": "jam_bad"})
    with pytest.raises(error, match=match) as info:
        jam.Jam(config=jwt_config("HS256"))
    assert "bad (jam-auth-bad 1.0)" in str(info.value)


def test_unknown_backend_lists_valid_names_and_suggests() -> None:
    with pytest.raises(JamPluginNotFoundError) as info:
        jam.Jam(
            config={
                "jwt": {
                    "alg": "HS256",
                    "secret_key": SECRET,
                    "list": {"type": "black", "backend": "memroy"},
                }
            }
        )
    message = str(info.value)
    assert "unknown token list 'memroy'" in message
    assert "memory [jam-auth]" in message
    assert "Did you mean 'memory'?" in message


def test_algorithm_names_are_case_sensitive_with_a_hint() -> None:
    with pytest.raises(JamPluginNotFoundError, match="case-sensitive: did you mean 'HS256'"):
        jam.Jam(config={"jwt": {"alg": "hs256", "secret_key": SECRET}})


def test_plugin_errors_are_jam_errors() -> None:
    assert issubclass(JamPluginNotFoundError, JamPluginError)
    assert issubclass(JamPluginError, jam.JamError)
    assert issubclass(JamPluginNotFoundError, jam.JamConfigError)


def test_two_jam_objects_never_share_registries_or_lists() -> None:
    config = {"jwt": {"alg": "HS256", "secret_key": SECRET, "list": {"type": "black"}}}
    first, second = jam.Jam(config=config), jam.Jam(config=config)
    assert first.registry is not second.registry
    token = first.jwt_create_token(first.jwt_make_payload(60, {}))
    first.jwt_revoke_token(token)
    with pytest.raises(jam.TokenInBlackList):
        first.jwt_verify_token(token)
    assert second.jwt_verify_token(token)["jti"]
