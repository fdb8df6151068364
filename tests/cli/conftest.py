"""Run the installed ``jam`` console script in a subprocess, as a user would.

Every test here goes through the real script (``<venv>/bin/jam``), in a clean
environment (no NO_COLOR, FORCE_COLOR or JAM_* variables from the caller),
in a temporary working folder.
"""

from __future__ import annotations

import os
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.cli.support import BIN, SCRIPT, Result, Run, clean_env


@pytest.fixture
def jam_script() -> Path:
    assert SCRIPT is not None, f"the jam console script is not installed in {BIN}"
    return Path(SCRIPT)


@pytest.fixture
def run(jam_script: Path, tmp_path: Path) -> Run:
    """``run("plugins", "--json", stdin="...", env={...}, cwd=...) -> Result``."""

    def invoke(
        *args: str,
        stdin: str | bytes | None = None,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        umask: int = 0o022,
    ) -> Result:
        data = stdin.encode() if isinstance(stdin, str) else stdin
        done = subprocess.run(
            [str(jam_script), *args],
            input=data if data is not None else b"",
            capture_output=True,
            env=clean_env(**(env or {})),
            cwd=cwd or tmp_path,
            timeout=120,
            check=False,
            preexec_fn=lambda: os.umask(umask),
        )
        return Result(done.returncode, done.stdout.decode(), done.stderr.decode())

    return invoke


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a dedented file into the test's folder, mode 0600, and return its path."""

    def make(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
        path.chmod(0o600)
        return path

    return make
