"""Plugin supply chain: ``allow`` pins, shadowed distributions, names that are not installed."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

import jam
from jam.config import PluginPin, load_config
from jam.exceptions import (
    JamConfigError,
    JamPluginConflictError,
    JamPluginLoadError,
    JamPluginNotFoundError,
)

SECRET = "a-pinning-test-hs256-secret-of-64-bytes-0123456789abcdef0123456"

# Importing this module is the attack: it would patch the kernel. Pinned mode must refuse
# it before the import, so the marker below must never appear in sys.modules.
EVIL = """
import sys
sys.modules["jam_evil_was_imported"] = sys
from jam.plugins import hookimpl

@hookimpl
def jam_register_algorithms():
    return []
"""

HARMLESS = """
from jam.plugins import hookimpl

@hookimpl
def jam_register_algorithms():
    return []
"""


def jwt(**plugins: object) -> dict[str, object]:
    return {"plugins": plugins, "jwt": {"alg": "HS256", "secret_key": SECRET}}


@pytest.fixture(autouse=True)
def _forget_marker():
    yield
    sys.modules.pop("jam_evil_was_imported", None)


FIRST_PARTY = ["jwa", "sqlite", "redis", "oauth2"]


def pins_for_installed(**extra: str) -> list[str]:
    """Allow the first-party plugins (any version) plus ``extra`` (name=specifier)."""
    return FIRST_PARTY + [f"{name}{spec}" for name, spec in extra.items()]


def test_allow_refuses_an_unlisted_plugin_before_importing_it(fake_dist) -> None:
    fake_dist("jam-auth-evil", modules={"jam_evil": EVIL}, entry_points={"evil": "jam_evil"})
    with pytest.raises(JamPluginLoadError) as info:
        jam.Jam(config=jwt(allow=pins_for_installed()))
    message = str(info.value)
    assert "evil (jam-auth-evil 1.0)" in message
    assert "allow does not list it" in message
    assert "jam_evil_was_imported" not in sys.modules


def test_without_allow_the_same_plugin_is_imported(fake_dist) -> None:
    fake_dist("jam-auth-evil", modules={"jam_evil": EVIL}, entry_points={"evil": "jam_evil"})
    jam.Jam(config=jwt())
    assert "jam_evil_was_imported" in sys.modules


def test_allow_checks_the_version_before_importing(fake_dist) -> None:
    fake_dist(
        "jam-auth-evil",
        modules={"jam_evil": EVIL},
        entry_points={"evil": "jam_evil"},
        version="2.0",
    )
    with pytest.raises(JamPluginLoadError, match=r"evil==1\.\*") as info:
        jam.Jam(config=jwt(allow=pins_for_installed(evil="==1.*")))
    assert "jam-auth-evil 2.0" in str(info.value)
    assert "jam_evil_was_imported" not in sys.modules


def test_allow_loads_a_plugin_whose_version_matches(fake_dist) -> None:
    fake_dist("jam-auth-ok", modules={"jam_ok": HARMLESS}, entry_points={"ok": "jam_ok"})
    auth = jam.Jam(config=jwt(allow=pins_for_installed(ok=">=1.0,<2")))
    assert any(p.name == "ok" and p.loaded for p in auth.registry.plugins)


def test_allow_table_form_pins_the_distribution(fake_dist) -> None:
    fake_dist("jam-auth-impostor", modules={"jam_ok": HARMLESS}, entry_points={"ok": "jam_ok"})
    pin = {"name": "ok", "distribution": "jam-auth-ok", "version": "==1.0"}
    with pytest.raises(JamPluginLoadError, match="jam-auth-impostor"):
        jam.Jam(config=jwt(allow=[*pins_for_installed(), pin]))


def test_a_disabled_plugin_needs_no_pin(fake_dist) -> None:
    fake_dist("jam-auth-evil", modules={"jam_evil": EVIL}, entry_points={"evil": "jam_evil"})
    jam.Jam(config=jwt(allow=pins_for_installed(), disable=["evil"]))
    assert "jam_evil_was_imported" not in sys.modules


def test_builtin_is_always_allowed_and_may_be_pinned() -> None:
    jam.Jam(config={"plugins": {"allow": pins_for_installed()}}).close()
    with pytest.raises(JamPluginLoadError, match="built-in plugin"):
        jam.Jam(config={"plugins": {"allow": ["builtin==0.0.1", *FIRST_PARTY]}})


@pytest.mark.parametrize(
    "bad",
    [["jwa=>1"], ["jwa", "jwa==1"], [{"name": "jwa", "version": "nope"}], ["!jwa"]],
    ids=["bad-specifier", "twice", "bad-table-version", "bad-name"],
)
def test_malformed_allow_entries_are_config_errors(bad: list[object]) -> None:
    with pytest.raises(JamConfigError, match=r"jam\.plugins") as info:
        load_config({"plugins": {"allow": bad}})
    assert "unknown key" not in str(info.value)


def test_pin_parsing() -> None:
    pin = PluginPin.model_validate("redis >=0.1, <0.3")
    assert (pin.name, pin.version) == ("redis", ">=0.1, <0.3")
    assert pin.admits("jam-auth-redis", "0.2.9")
    assert not pin.admits("jam-auth-redis", "0.3.0")
    assert not pin.admits("jam-auth-redis", "not a version")
    assert PluginPin.model_validate("jwa").admits("anything", "0")


def _second_copy(site: Path, name: str, version: str, modules: dict[str, str]) -> None:
    dist_info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    )
    entry_points = "".join(f"{mod} = {mod}\n" for mod in modules)
    (dist_info / "entry_points.txt").write_text("[jam]\n" + entry_points)
    for module, source in modules.items():
        (site / f"{module}.py").write_text(textwrap.dedent(source))


def test_a_distribution_shadowing_an_installed_one_is_refused(fake_dist) -> None:
    """The review's case: a second jam-auth-jwa earlier on sys.path hid the real one."""
    fake_dist(
        "jam-auth-jwa",
        modules={"jam_fakejwa": EVIL},
        entry_points={"jwa": "jam_fakejwa"},
        version="0.1.0",
    )
    with pytest.raises(JamPluginConflictError) as info:
        jam.Jam(config=jwt())
    message = str(info.value)
    assert "jam-auth-jwa" in message and "installed 2 times" in message
    assert "jam_evil_was_imported" not in sys.modules


def test_two_copies_in_one_folder_are_refused(fake_dist, tmp_path: Path) -> None:
    site = fake_dist(
        "jam-auth-twice", modules={"jam_twice": HARMLESS}, entry_points={"twice": "jam_twice"}
    ).parent
    _second_copy(site, "jam-auth-twice", "2.0", {"jam_twice": HARMLESS})
    with pytest.raises(JamPluginConflictError, match="installed 2 times"):
        jam.Jam(config=jwt(disable=["twice"]))


def test_one_folder_listed_twice_on_sys_path_is_not_a_duplicate(
    fake_dist, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = fake_dist(
        "jam-auth-once", modules={"jam_once": HARMLESS}, entry_points={"once": "jam_once"}
    ).parent
    monkeypatch.syspath_prepend(str(site) + "/.")
    auth = jam.Jam(config=jwt())
    assert [p.name for p in auth.registry.plugins].count("once") == 1


def test_two_distributions_with_one_entry_point_name_conflict_even_when_disabled(
    fake_dist,
) -> None:
    fake_dist("jam-auth-one", modules={"jam_one": HARMLESS}, entry_points={"same": "jam_one"})
    fake_dist("jam-auth-two", modules={"jam_two": HARMLESS}, entry_points={"same": "jam_two"})
    with pytest.raises(JamPluginConflictError, match="entry-point name 'same'"):
        jam.Jam(config=jwt(disable=["same"]))


def test_a_typo_in_disable_is_an_error_with_a_suggestion() -> None:
    with pytest.raises(JamPluginNotFoundError) as info:
        jam.Jam(config=jwt(disable=["reddis"]))
    message = str(info.value)
    assert "disable" in message and "'reddis'" in message
    assert "did you mean 'redis'?" in message


def test_a_typo_in_enable_is_an_error_with_a_suggestion() -> None:
    with pytest.raises(JamPluginNotFoundError, match="did you mean 'sqlite'"):
        jam.Jam(config=jwt(autoload=False, enable=["sqlight"]))


def test_builtin_can_be_named_in_disable() -> None:
    auth = jam.Jam(config={"plugins": {"disable": ["builtin"]}})
    assert any(p.name == "builtin" and not p.loaded for p in auth.registry.plugins)
