"""``plugins/_template`` is a working plugin: built in its own venv, its tests pass there.

The template is copied out of the repository (as its README says to do),
installed with pip next to the kernel (built from this repository) in a
fresh ``python -m venv``, and its own test suite, the contract suites of
``jam.testing`` and the fixtures, runs there. ``jam plugins --json`` lists it.
It is not a workspace member and the root test run does not collect it.
"""

from __future__ import annotations

import shutil
import tomllib

import pytest
from tests.kit._venv import REPO, kernel_dependencies, make_venv

TEMPLATE = REPO / "plugins" / "_template"

pytestmark = pytest.mark.slow


def test_the_template_installs_passes_its_tests_and_is_listed(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    work = tmp_path_factory.mktemp("template")
    plugin = work / "jam-auth-template"
    shutil.copytree(TEMPLATE, plugin, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    venv = make_venv(work / "venv")
    extras = tomllib.loads((plugin / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    venv.uv_install(
        *kernel_dependencies(), *extras["test"], "hatchling>=1.25", "editables", cwd=work
    )
    venv.pip_install(REPO, "-e", plugin, cwd=work)
    check = venv.run(venv.python, "-m", "pip", "check", cwd=work)
    assert check.returncode == 0, check.stdout

    tests = venv.run(venv.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=plugin)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    summary = tests.stdout.strip().splitlines()[-1]
    assert " failed" not in summary
    assert int(summary.split(" passed")[0].split()[-1]) >= 90, summary

    listed = {entry["name"]: entry for entry in venv.plugins_json(cwd=work)}
    assert set(listed) == {"builtin", "template"}
    template = listed["template"]
    assert template["distribution"] == "jam-auth-template"
    assert template["status"] == "loaded"
    assert template["registered"] == {
        "algorithms": ["HS3-384"],
        "session_stores": ["template"],
        "token_lists": ["template"],
        "oauth2_providers": ["template"],
    }


def test_the_template_declares_what_a_plugin_must() -> None:
    project = tomllib.loads((TEMPLATE / "pyproject.toml").read_text())["project"]
    assert project["name"] == "jam-auth-template"
    assert project["dependencies"] == ["jam-auth>=0.1,<1"]
    assert project["entry-points"]["jam"] == {"template": "jam_template.plugin"}
    assert (TEMPLATE / "src" / "jam_template" / "py.typed").is_file()
    assert (TEMPLATE / "README.md").is_file()
    assert sorted(p.name for p in (TEMPLATE / "tests").glob("test_*.py")) == [
        "test_contracts.py",
        "test_plugin.py",
    ]


def test_the_template_is_not_a_workspace_member_nor_collected_by_the_root_run() -> None:
    root = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert "plugins/_template" in root["tool"]["uv"]["workspace"]["exclude"]
    assert "jam-auth-template" not in (REPO / "uv.lock").read_text()
    assert "--ignore=plugins/_template" in root["tool"]["pytest"]["ini_options"]["addopts"]


def test_the_template_uses_public_jam_modules_only() -> None:
    public = ("jam", "jam.config", "jam.exceptions", "jam.oauth2", "jam.plugins", "jam.protocols")
    public += ("jam.testing", "jam.aio")
    for path in TEMPLATE.rglob("*.py"):
        for line in path.read_text().splitlines():
            words = line.split()
            if len(words) >= 2 and words[0] in {"import", "from"} and words[1].startswith("jam."):
                assert words[1] in public, f"{path.relative_to(TEMPLATE)}: {line.strip()}"
