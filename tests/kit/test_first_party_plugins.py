"""Every first-party plugin distribution is publishable the way docs/plugins/publishing.md says.

For each folder under ``plugins/`` (``_template`` has its own test): a README,
tests, ``py.typed`` in the import package, the ``jam-auth-<x>`` / ``jam_<x>``
names, an entry point into its own package (when it registers anything), a
kernel range ``jam-auth>=X.Y,<X+1`` that admits this kernel with ``X`` its
major version, and a place in the workspace and in mypy's files.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

import jam

REPO = Path(__file__).resolve().parents[2]
ROOT = tomllib.loads((REPO / "pyproject.toml").read_text())
PLUGINS = sorted(
    p for p in (REPO / "plugins").iterdir() if p.is_dir() and not p.name.startswith("_")
)
KERNEL = Version(jam.__version__)


def test_there_are_first_party_plugins() -> None:
    assert {p.name for p in PLUGINS} >= {"jam-auth-jwa", "jam-auth-sqlite", "jam-auth-redis"}


@pytest.mark.parametrize("folder", PLUGINS, ids=lambda p: p.name)
def test_readme_tests_and_py_typed(folder: Path) -> None:
    project = tomllib.loads((folder / "pyproject.toml").read_text())
    name = project["project"]["name"]
    assert name == folder.name
    assert name.startswith("jam-auth-")
    package = "jam_" + name.removeprefix("jam-auth-").replace("-", "_")
    assert project["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == [f"src/{package}"]
    readme = folder / "README.md"
    assert readme.is_file()
    assert len(readme.read_text().split()) > 20, "the README says what the plugin is"
    assert project["project"].get("readme") == "README.md"
    assert list((folder / "tests").glob("test_*.py")), "no tests"
    assert (folder / "src" / package / "py.typed").is_file()
    for entry_point in project["project"].get("entry-points", {}).get("jam", {}).values():
        assert entry_point.split(".")[0] == package


@pytest.mark.parametrize("folder", PLUGINS, ids=lambda p: p.name)
def test_kernel_range_admits_this_kernel_up_to_the_next_major(folder: Path) -> None:
    project = tomllib.loads((folder / "pyproject.toml").read_text())["project"]
    kernel = [Requirement(r) for r in project["dependencies"] if Requirement(r).name == "jam-auth"]
    assert len(kernel) == 1, "declare jam-auth once, with a range"
    specifiers = {spec.operator: Version(spec.version) for spec in kernel[0].specifier}
    shown = f"jam-auth{kernel[0].specifier}"
    assert set(specifiers) == {">=", "<"}, f"{folder.name}: {shown} is not jam-auth>=X.Y,<X+1"
    lower, upper = specifiers[">="], specifiers["<"]
    assert len(lower.release) == 2, f"{folder.name}: the lower bound is X.Y, got {lower}"
    assert upper.release in {(lower.major + 1,), (lower.major + 1, 0)}, (
        f"{folder.name}: {shown} must stop at the next major release"
    )
    assert lower.major == KERNEL.major, f"{folder.name}: written for another major kernel version"
    assert lower <= KERNEL, f"{folder.name}: needs a newer kernel than {KERNEL}"
    assert kernel[0].specifier.contains(KERNEL)


@pytest.mark.parametrize("folder", PLUGINS, ids=lambda p: p.name)
def test_in_the_workspace_and_type_checked(folder: Path) -> None:
    assert ROOT["tool"]["uv"]["sources"][folder.name] == {"workspace": True}
    assert f"plugins/{folder.name}/src" in ROOT["tool"]["mypy"]["files"]
