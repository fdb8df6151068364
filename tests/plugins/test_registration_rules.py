"""Registration: options models must refuse unknown keys, and only JamErrors leave loading."""

from __future__ import annotations

import pytest

import jam
from jam.exceptions import (
    JamError,
    JamPluginError,
    JamPluginLoadError,
    JamPluginNotFoundError,
    JamPluginRegistrationError,
)

SECRET = "a-registration-test-hs256-secret-64-bytes-0123456789abcdef012345"

OPTIONS = """
from pydantic import BaseModel, ConfigDict
from jam.builtin._memory_lists import MemoryTokenList
from jam.plugins import TokenListRecord, hookimpl

class Options(BaseModel):
    {body}

@hookimpl
def jam_register_token_lists():
    return [TokenListRecord(name="loose", options={options}, factory=lambda o: MemoryTokenList())]
"""


def options_plugin(fake_dist, body: str, options: str = "Options") -> None:
    source = OPTIONS.replace("{body}", body).replace("{options}", options)
    fake_dist("jam-auth-loose", modules={"jam_loose": source}, entry_points={"loose": "jam_loose"})


def listed(**keys: object) -> dict[str, object]:
    return {"jwt": {"secret_key": SECRET, "list": {"type": "black", "backend": "loose", **keys}}}


def test_options_model_that_ignores_unknown_keys_is_refused(fake_dist) -> None:
    options_plugin(fake_dist, "size: int = 10")
    with pytest.raises(JamPluginRegistrationError) as info:
        jam.Jam(config=listed(szie=5))
    message = str(info.value)
    assert "loose (jam-auth-loose 1.0)" in message
    assert "Options" in message
    assert "jam.config.Section" in message and "extra='forbid'" in message


def test_plain_model_that_forbids_extra_keys_is_accepted(fake_dist) -> None:
    options_plugin(fake_dist, 'model_config = ConfigDict(extra="forbid")\n    size: int = 10')
    with pytest.raises(jam.JamConfigError, match="did you mean 'size'"):
        jam.Jam(config=listed(szie=5))
    jam.Jam(config=listed(size=5)).close()


def test_options_that_are_not_a_model_class_are_refused(fake_dist) -> None:
    options_plugin(fake_dist, "size: int = 10", options="dict")
    with pytest.raises(JamPluginRegistrationError, match="must be a pydantic model class"):
        jam.Jam(config={})


GENERATOR_RAISES = """
from jam.plugins import AlgorithmRecord, hookimpl

@hookimpl
def jam_register_algorithms():
    yield from ()
    raise KeyError("half way")
"""

GETATTR_RAISES = """
class Plugin:
    def __dir__(self):
        raise RuntimeError("nobody home")

PLUGIN = Plugin()
"""

EXITS = """
import sys
sys.exit(3)
"""

NOT_ITERABLE_ITER = """
from jam.plugins import hookimpl

class Bad:
    def __iter__(self):
        raise ZeroDivisionError

@hookimpl
def jam_register_session_stores():
    return Bad()
"""


@pytest.mark.parametrize(
    ("source", "cause"),
    [
        (GENERATOR_RAISES, KeyError),
        (GETATTR_RAISES, RuntimeError),
        (EXITS, SystemExit),
        (NOT_ITERABLE_ITER, ZeroDivisionError),
    ],
    ids=["generator-raises-mid-iteration", "dir-raises", "sys-exit", "iter-raises"],
)
def test_anything_a_plugin_raises_while_loading_is_a_typed_error(
    fake_dist, source: str, cause: type[BaseException]
) -> None:
    target = "jam_bad:PLUGIN" if "PLUGIN" in source else "jam_bad"
    fake_dist("jam-auth-bad", modules={"jam_bad": source}, entry_points={"bad": target})
    with pytest.raises(JamPluginLoadError) as info:
        jam.Jam(config={})
    assert "bad (jam-auth-bad 1.0)" in str(info.value)
    assert isinstance(info.value.__cause__, cause)


def test_public_registry_types() -> None:
    from jam.plugins import PluginInfo, Registry

    auth = jam.Jam(config={})
    assert isinstance(auth.registry, Registry)
    assert all(isinstance(info, PluginInfo) for info in auth.registry.plugins)
    assert Registry.__module__ == "jam.plugins"
    assert PluginInfo.__module__ == "jam.plugins"
    assert Registry.__doc__ and PluginInfo.__doc__


@pytest.mark.parametrize(
    ("config", "line"),
    [
        (
            {"session": {"backend": "sqlite"}},
            "'sqlite' is provided by jam-auth-sqlite: pip install 'jam-auth[sqlite]'",
        ),
        (
            {"otp": {"replay_protection": True, "replay_backend": "redis"}},
            "'redis' is provided by jam-auth-redis: pip install 'jam-auth[redis]'",
        ),
        (
            {"jwt": {"alg": "ES256", "private_key": SECRET}},
            "'ES256' is provided by jam-auth-jwa: pip install 'jam-auth[jwa]'",
        ),
    ],
    ids=["sqlite", "redis", "jwa"],
)
def test_missing_first_party_plugin_names_the_exact_install_line(config, line: str) -> None:
    blocked = {"plugins": {"disable": ["jwa", "sqlite", "redis"]}, **config}
    with pytest.raises(JamPluginNotFoundError) as info:
        jam.Jam(config=blocked)
    message = str(info.value)
    assert line in message
    assert "..." not in message
    assert "\n" not in message


def test_hmac_algorithms_are_not_advertised_as_plugin_provided() -> None:
    from jam.plugins._registry import _INSTALL_HINTS

    assert not {"HS256", "HS384", "HS512"} & set(_INSTALL_HINTS["algorithm"])


def test_loading_errors_are_jam_errors() -> None:
    assert issubclass(JamPluginLoadError, JamPluginError)
    assert issubclass(JamPluginError, JamError)
