"""``jam token create | verify | inspect`` with real configurations."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import jwt as pyjwt
import pytest
from tests.cli.support import Run

import jam

SECRET = "cli-token-tests-hs256-secret-0123456789"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "jam.toml"
    path.write_text(
        f'[jam.jwt]\nsecret_key = "{SECRET}"\nissuer = "https://api.example"\n'
        'audience = "api"\n\n[jam.jwt.list]\ntype = "black"\nbackend = "sqlite"\n'
        f'path = "{tmp_path / "lists.db"}"\n'
    )
    path.chmod(0o600)
    return path


def create(run: Run, config: Path, *args: str, stdin: str | None = None) -> str:
    result = run("token", "create", "--config", str(config), *args, stdin=stdin)
    assert result.rc == 0, result.err
    assert SECRET not in result.out + result.err
    return result.out.strip()


def test_create_takes_claims_as_json_on_stdin_and_as_options(run: Run, config: Path) -> None:
    token = create(
        run, config, "-", "--claim", "sub=42", "-c", "n:=7", "--exp", "600", stdin='{"role": "a"}'
    )
    claims = pyjwt.decode(
        token, SECRET, algorithms=["HS256"], audience="api", issuer="https://api.example"
    )
    assert (claims["sub"], claims["n"], claims["role"]) == ("42", 7, "a")
    assert claims["exp"] - claims["iat"] == 600
    assert len(claims["jti"]) >= 32


def test_create_json_shows_header_and_claims(run: Run, config: Path) -> None:
    result = run("token", "create", "--config", str(config), '{"sub": "x"}', "--json")
    data = json.loads(result.out)
    assert data["header"] == {"alg": "HS256", "typ": "JWT"}
    assert data["claims"]["sub"] == "x"
    assert data["token"].count(".") == 2


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("-",), '{"exp": 1}', "sets exp itself; give the lifetime with --exp"),
        (("-",), '{"a": 1, "a": 2}', "names 'a' twice"),
        (("-",), "[1]", "must be a JSON object"),
        (("--claim", "novalue"), None, "--claim takes NAME=TEXT or NAME:=JSON"),
        (("--claim", "n:=NaN"), None, "NaN, which is not valid JSON"),
    ],
)
def test_create_refuses_bad_claims(
    run: Run, config: Path, args: tuple[str, ...], stdin: str | None, message: str
) -> None:
    result = run("token", "create", "--config", str(config), *args, stdin=stdin)
    assert result.rc == 1
    assert message in result.error_line


def test_verify_prints_the_claims_and_accepts_stdin(run: Run, config: Path) -> None:
    token = create(run, config, "-c", "sub=42")
    result = run("token", "verify", "--config", str(config), "-", stdin=token + "\n")
    assert result.rc == 0, result.err
    assert json.loads(result.out)["sub"] == "42"
    assert result.err.startswith("verified (HS256)")
    data = json.loads(run("token", "verify", "--config", str(config), token, "--json").out)
    assert data["verified"] is True and data["claims"]["aud"] == "api"


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda t: t[:-2] + ("A" if t[-2] != "A" else "B") + t[-1], "InvalidSignature"),
        (lambda t: t.split(".")[0] + ".e30." + t.split(".")[2], "InvalidSignature"),
        (lambda t: "x" + t, "MalformedToken"),
        (lambda t: "a.b", "MalformedToken"),
    ],
)
def test_verify_fails_with_the_error_class_and_status_1(
    run: Run, config: Path, change, error: str
) -> None:
    token = create(run, config)
    result = run("token", "verify", "--config", str(config), change(token))
    assert result.rc == 1
    assert result.error_line.startswith(f"error: {error}: ")
    assert result.out == ""


def test_verify_refuses_a_peer_token_without_audience_and_expired_ones(
    run: Run, config: Path
) -> None:
    now = int(time.time())
    stale = pyjwt.encode(
        {
            "sub": "1",
            "exp": now - 100,
            "iat": now - 200,
            "aud": "api",
            "iss": "https://api.example",
        },
        SECRET,
    )
    expired = run("token", "verify", "--config", str(config), stale)
    assert expired.rc == 1 and "TokenLifeTimeExpired" in expired.error_line
    lenient = run("token", "verify", "--config", str(config), stale, "--no-check-exp")
    assert lenient.rc == 1 and "TokenLifeTimeExpired" in lenient.error_line  # the list's rule
    other = pyjwt.encode({"exp": now + 100, "aud": "billing", "iss": "https://api.example"}, SECRET)
    refused = run("token", "verify", "--config", str(config), other)
    assert refused.rc == 1 and "InvalidAudience" in refused.error_line


def test_verify_checks_the_configured_list(run: Run, config: Path, tmp_path: Path) -> None:
    token = create(run, config)
    assert run("token", "verify", "--config", str(config), token).rc == 0
    auth = jam.Jam(config=str(config))
    try:
        auth.jwt_revoke_token(token)
    finally:
        auth.close()
    revoked = run("token", "verify", "--config", str(config), token)
    assert revoked.rc == 1 and "TokenInBlackList" in revoked.error_line
    unlisted = run("token", "verify", "--config", str(config), token, "--no-check-list")
    assert unlisted.rc == 0


def test_inspect_says_not_verified_first(run: Run, config: Path) -> None:
    token = create(run, config, "-c", "sub=42")
    forged = token[:-4] + "AAAA"
    result = run("token", "inspect", forged)
    assert result.rc == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith("NOT VERIFIED: decoded only.")
    assert '"sub": "42"' in result.out
    assert any(line.split()[:1] == ["exp"] and "(in " in line for line in lines)
    data = json.loads(run("token", "inspect", "-", "--json", stdin=forged).out)
    assert data["verified"] is False and data["warning"].startswith("NOT VERIFIED")
    assert data["claims"]["sub"] == "42" and data["signature_bytes"] == 32


def test_inspect_refuses_what_is_not_a_jws(run: Run) -> None:
    jwe = "a.b.c.d.e"
    assert "this is a JWE" in run("token", "inspect", jwe).error_line
    bad = base64.urlsafe_b64encode(b'{"alg":"HS256","alg":"none"}').rstrip(b"=").decode()
    duplicate = run("token", "inspect", f"{bad}.e30.")
    assert duplicate.rc == 1 and "MalformedToken" in duplicate.error_line


def test_token_input_is_bounded(run: Run) -> None:
    result = run("token", "inspect", "-", stdin="a" * (1 << 20) + "bb")
    assert result.rc == 1
    assert "larger than 1048576 bytes" in result.error_line
