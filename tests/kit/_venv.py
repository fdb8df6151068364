"""Fresh virtual environments for the kit's tests: ``python -m venv``, packages from uv's cache.

A plugin author's setup, reproduced: a venv with pip (``python -m venv``),
the kernel installed from this repository, and a plugin installed next to
it. Third-party dependencies come from uv's cache when it has them
(``--offline``), else from the package index.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def kernel_dependencies() -> list[str]:
    """The kernel's own requirements, from its pyproject.toml."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    return list(project["dependencies"])


@dataclass(frozen=True)
class Venv:
    """A venv made by ``python -m venv``."""

    root: Path

    @property
    def python(self) -> Path:
        return self.root / "bin" / "python"

    @property
    def bin(self) -> Path:
        return self.root / "bin"

    def run(
        self, *args: str | Path, cwd: Path, timeout: float = 600
    ) -> subprocess.CompletedProcess[str]:
        """Run a command from the venv's ``bin`` (or the venv's python), with the venv's PATH."""
        env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
        env["PATH"] = f"{self.bin}{os.pathsep}{env.get('PATH', '')}"
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        return subprocess.run(
            [str(arg) for arg in args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def uv_install(self, *requirements: str, cwd: Path) -> None:
        """Install with ``uv pip`` into this venv: offline from uv's cache when possible."""
        uv = shutil.which("uv")
        assert uv is not None, "uv is needed to fill the venv from its cache"
        base = [uv, "pip", "install", "--quiet", "--python", str(self.python)]
        done = self.run(*base, "--offline", *requirements, cwd=cwd)
        if done.returncode != 0:
            done = self.run(*base, *requirements, cwd=cwd)
        assert done.returncode == 0, done.stderr

    def pip_install(self, *args: str | Path, cwd: Path) -> None:
        """``python -m pip install``, no index, no build isolation (dependencies preinstalled)."""
        done = self.run(
            self.python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--no-index",
            "--no-build-isolation",
            "--no-deps",
            *args,
            cwd=cwd,
        )
        assert done.returncode == 0, done.stdout + done.stderr

    def plugins_json(self, cwd: Path) -> list[dict[str, object]]:
        """What ``jam plugins --json`` prints in this venv."""
        done = self.run(self.bin / "jam", "plugins", "--json", cwd=cwd)
        assert done.returncode == 0, done.stdout + done.stderr
        listed: list[dict[str, object]] = json.loads(done.stdout)
        return listed


def make_venv(root: Path) -> Venv:
    """Create a venv with ``python -m venv`` (so it has pip) at ``root``."""
    subprocess.run([sys.executable, "-m", "venv", str(root)], check=True, capture_output=True)
    return Venv(root)
