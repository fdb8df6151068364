"""``jam config check``: validation, the redacted configuration, and the security audit."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from tests.cli.support import Run

INLINE_SECRET = "inline-hs256-secret-for-the-audit-0123456789"
SESSION_KEY = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA"
CLIENT_SECRET = "oauth2-client-secret-never-shown"


def check(run: Run, config: Path, *args: str, **kwargs: Any) -> tuple[int, dict[str, Any], str]:
    result = run("config", "check", "--config", str(config), "--json", *args, **kwargs)
    assert "Traceback" not in result.err
    return result.rc, json.loads(result.out), result.err


def found(data: dict[str, Any]) -> dict[str, str]:
    return {finding["id"]: finding["severity"] for finding in data["findings"]}


def pem_file(path: Path, key: Any, *, private: bool = True, mode: int = 0o600) -> Path:
    if private:
        data = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    else:
        data = key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    path.write_bytes(data)
    path.chmod(mode)
    return path


@pytest.fixture
def good(run: Run, tmp_path: Path) -> Path:
    """A configuration the audit has nothing to say about."""
    pem_file(tmp_path / "es256.pem", ec.generate_private_key(ec.SECP256R1()))
    lock = run("plugins", "lock").out
    pins = tomllib.loads(lock)["jam"]["plugins"]["allow"]
    allow = ", ".join(
        "{ " + ", ".join(f'{k} = "{v}"' for k, v in pin.items()) + " }" for pin in pins
    )
    path = tmp_path / "jam.toml"
    path.write_text(
        f"""
[jam.plugins]
allow = [{allow}]

[jam.jwt]
alg = "ES256"
private_key = {{ file = "es256.pem" }}
issuer = "https://api.example"
audience = "api"
expire = 900

[jam.jwt.list]
type = "black"
backend = "sqlite"
path = "{tmp_path / "lists.db"}"

[jam.session]
backend = "sqlite"
path = "{tmp_path / "sessions.db"}"
is_session_crypt = true
session_aes_secret = {{ env = "JAM_TEST_SESSION_KEY" }}
idle_ttl = 1800

[jam.otp]
replay_protection = true
replay_backend = "sqlite"
path = "{tmp_path / "otp.db"}"
"""
    )
    path.chmod(0o600)
    return path


def test_a_careful_configuration_is_valid_and_has_no_findings(
    run: Run, good: Path, tmp_path: Path
) -> None:
    env = {"JAM_TEST_SESSION_KEY": SESSION_KEY}
    rc, data, err = check(run, good, env=env)
    assert rc == 0, err
    assert (data["valid"], data["errors"], data["table"]) == (True, [], "jam")
    assert data["findings"] == []
    assert data["summary"] == {"high": 0, "medium": 0, "low": 0}
    assert data["config"]["jwt"]["private_key"] == "**********"
    assert data["config"]["session"]["session_aes_secret"] == "**********"
    assert data["config"]["jwt"]["audience"] == "api"
    assert not list(tmp_path.glob("*.db")), "config check opened a backend"
    text = run("config", "check", "--config", str(good), env=env)
    assert text.rc == 0
    assert text.out.startswith(f"{good} [jam]: valid")
    assert "Security audit: 0 high, 0 medium, 0 low" in text.out
    assert (
        tomllib.loads(text.out.split("\n", 1)[1].split("Security audit")[0])["jam"]["jwt"]["alg"]
        == "ES256"
    )


def test_secrets_are_never_printed(run: Run, write) -> None:
    config = write(
        "jam.toml",
        f"""
        [jam.jwt]
        secret_key = "{INLINE_SECRET}"

        [jam.session]
        backend = "memory"
        is_session_crypt = true
        session_aes_secret = "{SESSION_KEY}"

        [jam.oauth2.providers.corp]
        client_id = "app"
        client_secret = "{CLIENT_SECRET}"
        redirect_url = "https://app.example/cb"
        auth_url = "https://corp.example/authorize"
        token_url = "https://corp.example/token"
        """,
    )
    config.chmod(0o644)
    for args in ((), ("--json",)):
        result = run("config", "check", "--config", str(config), *args)
        assert result.rc == 0, result.err
        shown = result.out + result.err
        for secret in (INLINE_SECRET, SESSION_KEY, CLIENT_SECRET):
            assert secret not in shown
    data = json.loads(result.out)
    assert data["config"]["oauth2"]["providers"]["corp"]["client_secret"] == "**********"
    readable = next(f for f in data["findings"] if f["id"] == "file.world-readable-secrets")
    assert readable["severity"] == "high"
    assert "jam.jwt.secret_key" in readable["message"]
    assert "jam.oauth2.providers.corp.client_secret" in readable["message"]


def test_risky_settings_are_findings_with_severity_place_and_fix(run: Run, write) -> None:
    config = write(
        "jam.toml",
        """
        [jam.jwt]
        secret_key = { env = "JAM_TEST_WEAK" }
        allow_weak_secret = true
        expire = 5184000

        [jam.jwt.list]
        type = "white"
        backend = "memory"

        [jam.session]
        backend = "memory"
        default_ttl = 86400

        [jam.otp]
        allow_weak_secrets = true

        [jam.oauth2.providers.legacy]
        client_id = "app"
        redirect_url = "http://app.example/callback"
        auth_url = "https://legacy.example/authorize"
        token_url = "https://legacy.example/token"
        """,
    )
    rc, data, _ = check(run, config, env={"JAM_TEST_WEAK": "short"})
    assert rc == 0 and data["valid"] is True
    assert found(data) == {
        "jwt.allow-weak-secret": "high",
        "jwt.weak-secret": "high",
        "jwt.long-expiry": "high",
        "jwt.no-audience": "medium",
        "jwt.list-memory": "medium",
        "session.memory": "medium",
        "otp.no-replay-protection": "medium",
        "plugins.unpinned": "medium",
        "otp.allow-weak-secrets": "high",
        "oauth2.plain-http": "high",
        "jwt.no-issuer": "low",
        "jwt.shared-secret": "low",
        "session.not-encrypted": "low",
        "session.no-idle-timeout": "low",
    }
    severities = [finding["severity"] for finding in data["findings"]]
    assert severities == sorted(severities, key=["high", "medium", "low"].index)
    by_id = {finding["id"]: finding for finding in data["findings"]}
    assert by_id["jwt.no-audience"]["where"] == "jam.jwt.audience"
    assert "audience =" in by_id["jwt.no-audience"]["fix"]
    assert by_id["jwt.long-expiry"]["message"].startswith("tokens live 60 days")
    assert "every token" in by_id["jwt.list-memory"]["message"]
    assert by_id["oauth2.plain-http"]["where"] == "jam.oauth2.providers.legacy.redirect_url"
    assert "shorter than 32 bytes" in by_id["jwt.weak-secret"]["message"]
    assert all(f["message"] and f["fix"] for f in data["findings"])
    assert "short" not in json.dumps(data["config"])


def test_otp_replay_in_memory_and_weak_session_secrets(run: Run, write) -> None:
    config = write(
        "pyproject.toml",
        """
        [tool.jam.session]
        backend = "sqlite"
        path = "s.db"
        is_session_crypt = true
        session_aes_secret = { env = "JAM_TEST_KEY" }
        allow_weak_secret = true
        idle_ttl = 600

        [tool.jam.otp]
        replay_protection = true
        """,
    )
    rc, data, _ = check(run, config, env={"JAM_TEST_KEY": "A" * 43})
    assert rc == 0
    assert data["table"] == "tool.jam"
    assert found(data)["session.allow-weak-secret"] == "high"
    assert found(data)["otp.replay-memory"] == "medium"
    assert "session.not-encrypted" not in found(data)
    assert all(f["where"].startswith("tool.jam.") for f in data["findings"])


def test_file_permissions(run: Run, write, tmp_path: Path) -> None:
    key = pem_file(tmp_path / "rs.pem", rsa.generate_private_key(65537, 2048), mode=0o644)
    public = pem_file(tmp_path / "ec.pub.pem", ec.generate_private_key(ec.SECP256R1()),
                      private=False, mode=0o666)  # fmt: skip
    config = write(
        "jam.toml",
        """
        [jam.jwt]
        alg = "RS256"
        algorithms = ["RS256", "ES256"]

        [[jam.jwt.keys]]
        kid = "rsa"
        private_key = { file = "rs.pem" }

        [[jam.jwt.keys]]
        kid = "ec"
        alg = "ES256"
        public_key = { file = "ec.pub.pem" }
        """,
    )
    config.chmod(0o666)
    rc, data, _ = check(run, config)
    assert rc == 0
    findings = found(data)
    assert findings["file.world-writable"] == "high"
    assert findings["file.key-readable"] == "high"
    assert findings["file.key-writable"] == "high"
    assert findings["jwt.rsa-key-size"] == "low"
    places = {f["id"]: f["where"] for f in data["findings"]}
    assert places["file.key-readable"] == "jam.jwt.keys[0].private_key"
    assert places["file.key-writable"] == "jam.jwt.keys[1].public_key"
    assert places["jwt.rsa-key-size"] == "jam.jwt.keys[kid=rsa]"
    assert str(key) in json.dumps(data) and str(public) in json.dumps(data)


def test_inline_secrets_in_a_private_file_are_low(run: Run, write) -> None:
    config = write("jam.toml", f'[jam.jwt]\nsecret_key = "{INLINE_SECRET}"\n')
    assert found(check(run, config)[1])["file.inline-secrets"] == "low"
    config.chmod(0o640)
    assert found(check(run, config)[1])["file.group-readable-secrets"] == "low"


@pytest.mark.parametrize(
    ("table", "error", "words"),
    [
        ('[jam.jwt]\nalg = "RS256"\nprivate_key = { file = "rsa1024.pem" }\n', "InvalidKey",
         "2048"),
        ('[jam.jwt]\nsecret_key = "short"\n', "InvalidKey", "allow_weak_secret"),
        ('[jam.session]\nbackend = "memcached"\n', "JamPluginNotFoundError", "memcached"),
        ('[jam.session]\nbackend = "sqlite"\npaht = "x.db"\n', "JamConfigError",
         "did you mean 'path'?"),
        ('[jam.otp]\nreplay_protection = true\nreplay_backend = "sqlite"\nfile = 3\n',
         "JamConfigError", "jam.otp.file: unknown key"),
        ('[jam.jwt]\nalg = "HS256"\nexpire = true\n', "JamConfigError", "not true/false"),
    ],
)  # fmt: skip
def test_what_the_kernel_refuses_is_an_error_not_a_finding(  # noqa: PLR0917  (fixtures)
    run: Run, write, tmp_path: Path, table: str, error: str, words: str
) -> None:
    weak = rsa.generate_private_key(65537, 1024)  # noqa: S505  (the key the kernel must refuse)
    pem_file(tmp_path / "rsa1024.pem", weak)
    config = write("jam.toml", table)
    result = run("config", "check", "--config", str(config))
    assert result.rc == 1
    assert result.error_line.startswith(f"error: {error}: ")
    assert words in result.error_line
    assert "INVALID" in result.out
    rc, data, _ = check(run, config)
    assert (rc, data["valid"]) == (1, False)
    assert data["errors"][0]["type"] == error
    assert not (tmp_path / "x.db").exists()
    assert "jwt.rsa-key-size" not in found(data)


def test_fail_on_turns_findings_into_status_1(run: Run, write) -> None:
    config = write("jam.toml", '[jam.session]\nbackend = "memory"\n')
    assert run("config", "check", "--config", str(config)).rc == 0
    assert run("config", "check", "--config", str(config), "--fail-on", "high").rc == 0
    assert run("config", "check", "--config", str(config), "--fail-on", "medium").rc == 1


def test_text_output_shows_each_finding_with_its_fix(run: Run, write) -> None:
    config = write("jam.toml", '[jam.otp]\ntype = "totp"\n')
    out = run("config", "check", "--config", str(config)).out
    assert "MEDIUM  otp.no-replay-protection  jam.otp.replay_protection" in out
    assert "fix: set replay_protection = true" in out


def test_the_default_configuration_is_pyproject(run: Run, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.jam.jwt]\nsecret_key = { env = "K" }\n')
    os.chmod(tmp_path / "pyproject.toml", 0o600)
    result = run("config", "check", "--json", env={"K": INLINE_SECRET})
    assert result.rc == 0, result.err
    assert json.loads(result.out)["file"] == "pyproject.toml"
