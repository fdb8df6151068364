"""The ``jam`` command line."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from jam import __version__
from jam.cli import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["version"]) == 0
    assert capsys.readouterr().out.strip() == __version__


def test_plugins_lists_distributions_entry_points_and_registrations(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert "builtin  jam-auth" in out
    assert "jwa  jam-auth-jwa 0.1.0  (jam_jwa.plugin)  loaded" in out
    assert "algorithms: ES256, ES256K, ES384" in out
    assert "token lists: memory" in out


def test_plugins_honours_the_config_plugins_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "jam.toml"
    config.write_text('[jam.plugins]\ndisable = ["jwa"]\n')
    assert main(["plugins", "--config", str(config)]) == 0
    assert "jwa  jam-auth-jwa 0.1.0  (jam_jwa.plugin)  blocked" in capsys.readouterr().out


def test_plugins_reports_config_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "jam.toml"
    config.write_text('[jam.plugins]\ndisabel = ["jwa"]\n')
    assert main(["plugins", "--config", str(config)]) == 1
    assert "did you mean 'disable'" in capsys.readouterr().err


@pytest.mark.parametrize(("kind", "size"), [("hs256", 32), ("hs512", 64), ("session", 32)])
def test_secret_has_the_size_the_kind_needs(
    kind: str, size: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["secret", "--kind", kind]) == 0
    text = capsys.readouterr().out.strip()
    assert len(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))) == size
