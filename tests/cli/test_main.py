"""The command as a whole: the real script, exit statuses, one-line errors, --json, colour."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.cli.support import Result, Run, clean_env

from jam import __version__
from jam.cli import main

ESC = "\x1b["


def test_the_console_script_is_installed_and_prints_the_version(run: Run) -> None:
    result = run("version")
    assert (result.rc, result.out.strip(), result.err) == (0, __version__, "")
    assert json.loads(run("version", "--json").out) == {
        "distribution": "jam-auth",
        "version": __version__,
    }
    assert run("--version").out.strip() == __version__


def test_python_dash_m_runs_the_same_command(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "jam.cli", "version"],
        capture_output=True,
        text=True,
        env=clean_env(),
        cwd=tmp_path,
        check=False,
    )
    assert (done.returncode, done.stdout.strip()) == (0, __version__)


def test_help_lists_every_command(run: Run) -> None:
    result = run("--help")
    assert result.rc == 0
    for command in ("config", "keys", "otp", "plugins", "secret", "token", "version"):
        assert f"\n  {command} " in result.out


@pytest.mark.parametrize(
    "args",
    [
        ("plugins", "lock"),
        ("config", "check"),
        ("keys", "generate"),
        ("keys", "jwks"),
        ("token", "create"),
        ("token", "verify"),
        ("token", "inspect"),
        ("otp", "secret"),
        ("otp", "code"),
        ("otp", "uri"),
        ("otp", "qr"),
        ("secret",),
        ("version",),
        ("plugins",),
    ],
)
def test_every_command_takes_json_and_debug(args: tuple[str, ...]) -> None:
    from jam.cli._app import cli

    command = cli
    for name in args:
        command = command.commands[name]  # type: ignore[attr-defined]
    options = {opt for param in command.params for opt in param.opts}
    assert {"--json", "--debug"} <= options


def test_a_wrong_command_line_is_one_line_with_status_2(run: Run) -> None:
    result = run("token", "verify", "--frobnicate", "x")
    assert result.rc == 2
    assert "No such option" in result.error_line and "--frobnicate" in result.error_line
    assert "jam token verify --help" in result.error_line
    assert result.out == ""


def test_a_failed_command_is_one_line_on_stderr_with_status_1(run: Run, write) -> None:
    config = write("jam.toml", '[jam.jwt]\nalg = "HS256"\nexpires = 3\nsecrets_key = "x"\n')
    result = run("config", "check", "--config", str(config))
    assert result.rc == 1
    line = result.error_line
    assert line.startswith("error: JamConfigError: invalid configuration (2 problems):")
    assert "did you mean 'expire'?" in line and "did you mean 'secret_key'?" in line
    assert len(result.err.strip().splitlines()) == 1


def test_debug_shows_the_traceback(run: Run, write) -> None:
    config = write("jam.toml", '[jam.jwt]\nalg = "HS256"\nexpires = 3\n')
    quiet = run("config", "check", "--config", str(config), "--json")
    loud = run("--debug", "token", "create", "--config", str(config))
    assert "Traceback" not in quiet.err
    assert loud.rc == 1
    assert "Traceback (most recent call last)" in loud.err
    assert loud.err.rstrip().splitlines()[-1].startswith("error: JamConfigError:")
    also = run("token", "create", "--config", str(config), "--debug")
    assert "Traceback (most recent call last)" in also.err


def test_a_missing_configuration_names_the_file(run: Run) -> None:
    result = run("token", "verify", "x.y.z")
    assert result.rc == 1
    assert "configuration file 'pyproject.toml' not found" in result.error_line


@pytest.mark.parametrize(
    ("kind", "size"), [("hs256", 32), ("hs384", 48), ("hs512", 64), ("session", 32)]
)
def test_secret_has_the_size_the_kind_needs(run: Run, kind: str, size: int) -> None:
    text = run("secret", "--kind", kind).out.strip()
    assert len(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))) == size
    data = json.loads(run("secret", "--kind", kind, "--json").out)
    assert (data["kind"], data["bytes"]) == (kind, size)


def test_importing_jam_does_not_import_the_command_line() -> None:
    code = "import jam, sys; print(sorted(m for m in sys.modules if m in ('click', 'jam.cli')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_main_runs_in_process_and_returns_the_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["version"]) == 0
    assert capsys.readouterr().out.strip() == __version__
    assert main(["token", "inspect", "not-a-token"]) == 1
    assert capsys.readouterr().err.startswith("error: not a compact JWS")


# -- colour -------------------------------------------------------------------------------


def test_piped_output_has_no_colour_and_no_boxes(run: Run) -> None:
    result = run("plugins")
    assert ESC not in result.out
    assert not set("─│┌┐└┘╭╮╰╯━┃") & set(result.out)
    assert result.out.splitlines()[0].split() == [
        "PLUGIN", "DISTRIBUTION", "VERSION", "ENTRY", "POINT", "STATUS"
    ]  # fmt: skip


def test_force_color_colours_and_no_color_wins(run: Run) -> None:
    assert ESC in run("plugins", env={"FORCE_COLOR": "1"}).out
    assert ESC not in run("plugins", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).out


def _on_a_terminal(jam_script: Path, *args: str, **env: str) -> str:
    """Run the script with stdout and stderr on a pseudo-terminal; return what it showed."""
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [str(jam_script), *args],
            stdin=subprocess.DEVNULL,
            stdout=follower,
            stderr=follower,
            env=clean_env(TERM="xterm", **env),
            timeout=120,
            check=False,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal closed
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    assert done.returncode == 0
    return b"".join(chunks).decode()


def test_a_terminal_gets_colour_unless_no_color(jam_script: Path) -> None:
    assert ESC in _on_a_terminal(jam_script, "plugins")
    plain = _on_a_terminal(jam_script, "plugins", NO_COLOR="1")
    assert ESC not in plain
    assert "jam-auth" in plain


def test_json_never_has_colour(jam_script: Path) -> None:
    shown = _on_a_terminal(jam_script, "plugins", "--json")
    assert ESC not in shown
    assert isinstance(json.loads(shown), list)


def test_result_error_line_helper_rejects_tracebacks() -> None:
    with pytest.raises(AssertionError):
        _ = Result(1, "", "Traceback (most recent call last):\nerror: x\n").error_line
