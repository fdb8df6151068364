"""``jam otp``: codes pyotp agrees with, secrets kept off the command line."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
from tests.cli.support import Run

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def test_secret_is_160_random_bits(run: Run) -> None:
    first, second = run("otp", "secret").out.strip(), run("otp", "secret").out.strip()
    assert len(first) == 32 and first != second
    assert len(json.loads(run("otp", "secret", "--json").out)["secret"]) == 32


@pytest.mark.parametrize("source", ["option", "env", "stdin"])
def test_code_matches_pyotp_from_every_secret_source(run: Run, source: str) -> None:
    at = "1700000000"
    args, env, stdin = ["otp", "code", "--time", at], {}, None
    if source == "option":
        args += ["--secret", SECRET]
    elif source == "env":
        env = {"JAM_OTP_SECRET": SECRET}
    else:
        args += ["--secret", "-"]
        stdin = SECRET + "\n"
    result = run(*args, env=env, stdin=stdin)
    assert result.rc == 0, result.err
    assert result.out.strip() == pyotp.TOTP(SECRET).at(1700000000)


def test_code_json_hotp_and_config_parameters(run: Run, write) -> None:
    data = json.loads(run("otp", "code", "--secret", SECRET, "--time", "1700000020", "--json").out)
    assert data == {
        "code": pyotp.TOTP(SECRET).at(1700000020),
        "type": "totp",
        "digits": 6,
        "step": 1700000020 // 30,
        "valid_for": 20,
    }
    config = write("jam.toml", '[jam.otp]\ntype = "hotp"\ndigits = 8\ndigest = "sha256"\n')
    hotp = run("otp", "code", "--config", str(config), "--secret", SECRET, "--counter", "5")
    expected = pyotp.HOTP(SECRET, digits=8, digest="sha256").at(5)
    assert hotp.out.strip() == expected
    missing = run("otp", "code", "--config", str(config), "--secret", SECRET)
    assert missing.rc == 1 and "HOTP codes need --counter" in missing.error_line


def test_errors_never_show_the_secret(run: Run) -> None:
    weak = run("otp", "code", "--secret", "JBSWY3DPEHPK3PXP")
    assert weak.rc == 1 and "WeakSecret" in weak.error_line
    assert "JBSWY3DPEHPK3PXP" not in weak.err
    bad = run("otp", "code", "--secret", "not base32 at all !!")
    assert bad.rc == 1 and "OTPError" in bad.error_line and "base32 at all" not in bad.err
    none = run("otp", "code")
    assert none.rc == 1 and "--secret -" in none.error_line and "JAM_OTP_SECRET" in none.error_line


def test_uri_enrols_what_pyotp_reads(run: Run) -> None:
    result = run(
        "otp",
        "uri",
        "--name",
        "alice@example.com",
        "--issuer",
        "Example",
        env={"JAM_OTP_SECRET": SECRET},
    )
    assert result.rc == 0, result.err
    parsed = pyotp.parse_uri(result.out.strip())
    assert parsed.secret == SECRET and parsed.name == "alice@example.com"
    query = parse_qs(urlsplit(result.out.strip()).query)
    assert query["issuer"] == ["Example"]


def test_qr_draws_in_the_terminal_and_writes_private_images(run: Run, tmp_path: Path) -> None:
    env = {"JAM_OTP_SECRET": SECRET}
    text = run("otp", "qr", "--name", "alice", env=env)
    assert text.rc == 0, text.err
    assert "█" in text.out or "▀" in text.out
    svg = run("otp", "qr", "--name", "alice", "--out", "qr.svg", env=env)
    assert svg.rc == 0, svg.err
    assert (tmp_path / "qr.svg").read_text().startswith("<?xml")
    assert stat.S_IMODE((tmp_path / "qr.svg").stat().st_mode) == 0o600
    assert run("otp", "qr", "--name", "alice", "--out", "qr.png", env=env).rc == 0
    assert (tmp_path / "qr.png").read_bytes().startswith(b"\x89PNG")
    again = run("otp", "qr", "--name", "alice", "--out", "qr.png", env=env)
    assert again.rc == 1 and "refusing to overwrite" in again.error_line
    unknown = run("otp", "qr", "--name", "alice", "--out", "qr.gif", env=env)
    assert unknown.rc == 1 and "end it in .svg or .png" in unknown.error_line


def test_qr_without_segno_is_one_clear_line(run: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "blocked"
    blocker.mkdir()
    (blocker / "segno.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'segno'\", name='segno')\n"
    )
    env = {"JAM_OTP_SECRET": SECRET, "PYTHONPATH": str(blocker)}
    result = run("otp", "qr", "--name", "alice", env=env)
    assert result.rc == 1
    assert result.error_line == (
        "error: JamError: QR codes need the optional 'qr' extra: "
        "pip install 'jam-auth[qr]' (installs segno)"
    )
