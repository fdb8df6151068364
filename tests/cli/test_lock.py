"""``jam plugins lock``: a pinned allow list that loads, and refuses what was installed later."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.cli.support import Run, clean_env, fake_site

from jam import __version__

TOY = """
import os
from pathlib import Path
Path(os.environ["JAM_TEST_MARKER"]).write_text("imported")
"""


def test_lock_pins_every_installed_plugin_exactly(run: Run) -> None:
    result = run("plugins", "lock")
    assert result.rc == 0, result.err
    table = tomllib.loads(result.out)["jam"]["plugins"]
    pins = {pin["name"]: pin for pin in table["allow"]}
    assert pins["builtin"] == {
        "name": "builtin",
        "distribution": "jam-auth",
        "version": f"=={__version__}",
    }
    assert pins["jwa"] == {"name": "jwa", "distribution": "jam-auth-jwa", "version": "==0.1.0"}
    assert {"sqlite", "redis"} <= set(pins)
    assert result.out.startswith("# Pinned by `jam plugins lock`")


def test_the_lock_loads_and_then_refuses_a_plugin_installed_later(run: Run, tmp_path: Path) -> None:
    lock = tmp_path / "plugins.toml"
    result = run("plugins", "lock", "--out", str(lock))
    assert result.rc == 0, result.err
    assert "plugins pinned" in result.out

    check = run("config", "check", "--config", str(lock), "--json")
    assert check.rc == 0, check.err
    assert json.loads(check.out)["valid"] is True
    code = "import jam, sys; jam.Jam(config=sys.argv[1]); print('loaded')"
    done = subprocess.run(
        [sys.executable, "-c", code, str(lock)],
        capture_output=True,
        text=True,
        env=clean_env(),
        check=False,
    )
    assert done.stdout.strip() == "loaded", done.stderr

    site = fake_site(tmp_path, dist="jam-auth-toy", entry="toy", module="jam_toy", source=TOY)
    marker = tmp_path / "imported.txt"
    env = {"PYTHONPATH": str(site), "JAM_TEST_MARKER": str(marker)}
    refused = run("config", "check", "--config", str(lock), env=env)
    assert refused.rc == 1
    assert "JamPluginLoadError" in refused.error_line
    assert "allow does not list it" in refused.error_line
    assert not marker.exists()
    done = subprocess.run(
        [sys.executable, "-c", code, str(lock)],
        capture_output=True,
        text=True,
        env=clean_env(**env),
        check=False,
    )
    assert done.returncode == 1 and "JamPluginLoadError" in done.stderr
    assert not marker.exists()


def test_lock_keeps_disable_and_leaves_disabled_plugins_out(run: Run, write) -> None:
    config = write("pyproject.toml", '[tool.jam.plugins]\ndisable = ["redis"]\n')
    table = tomllib.loads(run("plugins", "lock", "--config", str(config)).out)
    plugins = table["tool"]["jam"]["plugins"]
    assert plugins["disable"] == ["redis"]
    assert "redis" not in {pin["name"] for pin in plugins["allow"]}


def test_lock_json(run: Run) -> None:
    data = json.loads(run("plugins", "lock", "--json").out)
    assert data["table"] == "jam.plugins"
    assert tomllib.loads(data["toml"])["jam"]["plugins"]["allow"] == data["allow"]


def test_lock_replaces_an_earlier_lock_but_no_other_file(run: Run, tmp_path: Path) -> None:
    lock = tmp_path / "plugins.toml"
    assert run("plugins", "lock", "--out", str(lock)).rc == 0
    assert run("plugins", "lock", "--out", str(lock)).rc == 0
    project = tmp_path / "pyproject.toml"
    project.write_text('[project]\nname = "mine"\n')
    result = run("plugins", "lock", "--out", str(project))
    assert result.rc == 1
    assert "is not a lock written by `jam plugins lock`" in result.error_line
    assert project.read_text() == '[project]\nname = "mine"\n'
    assert run("plugins", "lock", "--out", str(project), "--force").rc == 0
    assert "allow" in tomllib.loads(project.read_text())["jam"]["plugins"]
