"""Helpers shared by the command-line tests (the fixtures are in ``conftest.py``)."""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
SCRIPT = shutil.which("jam", path=str(BIN))

PRIVATE_JWK_MEMBERS = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}


@dataclass
class Result:
    rc: int
    out: str
    err: str

    @property
    def error_line(self) -> str:
        """The one ``error:`` line; fails unless stderr has exactly one and no traceback."""
        assert "Traceback" not in self.err, self.err
        errors = [line for line in self.err.splitlines() if line.startswith("error:")]
        assert len(errors) == 1, self.err
        return errors[0]


Run = Callable[..., Result]


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TERM", "PYTHONPATH")
        and not key.startswith("JAM_")
    }
    env.update(extra)
    return env


def fake_site(root: Path, *, dist: str, entry: str, module: str, source: str) -> Path:
    """A folder with one fake installed distribution, to put on PYTHONPATH."""
    site = root / "site"
    site.mkdir(parents=True, exist_ok=True)
    info = site / f"{dist.replace('-', '_')}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[jam]\n{entry} = {module}\n")
    (site / f"{module}.py").write_text(textwrap.dedent(source))
    return site
