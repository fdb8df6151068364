"""``jam plugins``: every distribution, its status under a configuration, and what it registered."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.support import Run, fake_site

from jam import __version__

KINDS = ["algorithms", "session_stores", "token_lists", "oauth2_providers"]
REQUIRED = {"distribution", "version", "entry_point", "enabled", "registered"}

MARKED = """
import os
from pathlib import Path
Path(os.environ["JAM_TEST_MARKER"]).write_text("imported")

from jam.plugins import AlgorithmRecord, hookimpl

def make():
    raise RuntimeError("never built in these tests")

@hookimpl
def jam_register_algorithms():
    return [AlgorithmRecord(name="XS256", factory=make, key_types=("oct",),
                            recommended=False, description="toy \\x1b[31mred\\x1b[0m algorithm")]
"""


def plugins_json(run: Run, *args: str, env: dict[str, str] | None = None) -> list[dict]:
    result = run("plugins", "--json", *args, env=env)
    assert result.rc == 0, result.err
    return json.loads(result.out)


def test_json_lists_every_distribution_with_the_required_keys(run: Run) -> None:
    found = {entry["name"]: entry for entry in plugins_json(run)}
    assert {"builtin", "jwa", "sqlite", "redis"} <= set(found)
    for entry in found.values():
        assert set(entry) >= REQUIRED
        assert sorted(entry["registered"]) == sorted(KINDS)
        assert all(isinstance(names, list) for names in entry["registered"].values())
    builtin, jwa = found["builtin"], found["jwa"]
    assert (builtin["distribution"], builtin["version"]) == ("jam-auth", __version__)
    assert builtin["entry_point"] == "jam.builtin.plugin"
    assert builtin["registered"]["algorithms"] == ["HS256", "HS384", "HS512"]
    assert builtin["registered"]["session_stores"] == ["memory"]
    assert (jwa["distribution"], jwa["entry_point"], jwa["enabled"]) == (
        "jam-auth-jwa",
        "jam_jwa.plugin",
        True,
    )
    assert {"ES256", "EdDSA", "RS256"} <= set(jwa["registered"]["algorithms"])
    assert found["sqlite"]["registered"]["token_lists"] == ["sqlite"]


def test_records_carry_description_and_recommended(run: Run) -> None:
    jwa = next(entry for entry in plugins_json(run) if entry["name"] == "jwa")
    records = {record["name"]: record for record in jwa["records"]}
    assert records["ES256"]["kind"] == "algorithm"
    assert records["ES256"]["description"] == "ECDSA P-256 with SHA-256"
    assert records["ES256"]["recommended"] is True
    assert records["ES256K"]["recommended"] is False
    assert records["ES256"]["key_types"] == ["EC"]
    sqlite = next(entry for entry in plugins_json(run) if entry["name"] == "sqlite")
    store = next(r for r in sqlite["records"] if r["kind"] == "session_store")
    assert (store["sync"], store["asyncio"]) == (True, True)
    assert "recommended" not in store


def test_text_shows_status_descriptions_and_recommendation(run: Run) -> None:
    out = run("plugins").out
    rows = {line.split()[0]: line.split() for line in out.splitlines()[1:5]}
    assert rows["jwa"] == ["jwa", "jam-auth-jwa", "0.1.0", "jam_jwa.plugin", "loaded"]
    assert "ES256K   not recommended  ECDSA secp256k1 with SHA-256" in out
    assert "ES256    recommended      ECDSA P-256 with SHA-256" in out
    assert "token list     memory" in out


def test_config_disable_blocks_and_lists_without_registrations(run: Run, write) -> None:
    config = write("jam.toml", '[jam.plugins]\ndisable = ["jwa"]\n')
    jwa = next(e for e in plugins_json(run, "--config", str(config)) if e["name"] == "jwa")
    assert (jwa["enabled"], jwa["status"]) == (False, "disabled")
    assert all(names == [] for names in jwa["registered"].values())


def test_a_plugin_allow_does_not_list_is_shown_refused_and_never_imported(
    run: Run, write, tmp_path: Path
) -> None:
    site = fake_site(tmp_path, dist="jam-auth-toy", entry="toy", module="jam_toy", source=MARKED)
    marker = tmp_path / "imported.txt"
    env = {"PYTHONPATH": str(site), "JAM_TEST_MARKER": str(marker)}
    config = write("jam.toml", '[jam.plugins]\nallow = ["jwa", "sqlite", "redis"]\n')
    toy = next(e for e in plugins_json(run, "--config", str(config), env=env) if e["name"] == "toy")
    assert toy["enabled"] is False
    assert toy["status"] == "refused: [jam.plugins] allow does not list it"
    assert not marker.exists()


def test_third_party_descriptions_cannot_reach_the_terminal_raw(run: Run, tmp_path: Path) -> None:
    site = fake_site(tmp_path, dist="jam-auth-toy", entry="toy", module="jam_toy", source=MARKED)
    env = {"PYTHONPATH": str(site), "JAM_TEST_MARKER": str(tmp_path / "m"), "FORCE_COLOR": "1"}
    result = run("plugins", env=env)
    assert result.rc == 0, result.err
    assert "\x1b[31mred" not in result.out
    assert "toy \\x1b[31mred" in result.out
    toy = next(e for e in plugins_json(run, env=env) if e["name"] == "toy")
    assert toy["records"][0]["description"] == "toy \x1b[31mred\x1b[0m algorithm"


def test_a_misspelt_name_is_an_error(run: Run, write) -> None:
    config = write("jam.toml", '[jam.plugins]\ndisable = ["jwaa"]\n')
    result = run("plugins", "--config", str(config))
    assert result.rc == 1
    assert "JamPluginNotFoundError" in result.error_line
    assert "did you mean 'jwa'?" in result.error_line
