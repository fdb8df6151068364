"""``jam keys generate`` and ``jam keys jwks``: every algorithm, safe files, usable output."""

from __future__ import annotations

import json
import os
import stat
import tomllib
from pathlib import Path
from typing import Any

import jwt as pyjwt
import pytest
from joserfc import jwt as jose_jwt
from joserfc.jwk import KeySet
from tests.cli.support import PRIVATE_JWK_MEMBERS, Run, fake_site

import jam
from jam.cli import main
from jam.plugins._manager import ALGORITHMS as ALGORITHM_KIND

ALGORITHMS = jam.Jam(config={}).registry.names(ALGORITHM_KIND)
ONE_PER_FAMILY = ["HS256", "RS256", "ES256K", "EdDSA", "Ed448"]

NO_KEYGEN = """
from jam.plugins import AlgorithmRecord, hookimpl

class XS256:
    name = "XS256"
    def load_signing_key(self, material): return bytes(material)
    def load_verifying_key(self, material): return bytes(material)
    def public_key_of(self, key): return key
    def sign(self, key, message): return b"x"
    def verify(self, key, message, signature): return False

@hookimpl
def jam_register_algorithms():
    return [AlgorithmRecord(name="XS256", factory=XS256, key_types=("RSA",))]
"""


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def round_trip(jwt_table: dict[str, Any]) -> None:
    auth = jam.Jam(config={"jwt": jwt_table})
    token = auth.jwt_create_token(auth.jwt_make_payload(exp=60, data={"sub": "42"}))
    assert auth.jwt_verify_token(token)["sub"] == "42"


def generated(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["keys", "generate", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_every_first_party_algorithm_is_registered() -> None:
    assert {"HS256", "RS256", "PS512", "ES256", "ES256K", "EdDSA", "Ed25519", "Ed448"} <= set(
        ALGORITHMS
    )


@pytest.mark.parametrize("alg", ALGORITHMS)
def test_every_registered_algorithm_makes_a_pem_key_jam_signs_with(
    alg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data = generated(capsys, "--alg", alg)
    assert (data["alg"], data["format"]) == (alg, "pem")
    if alg.startswith("HS"):
        assert data["public"] is None
        round_trip({"alg": alg, "secret_key": data["private"]})
        return
    assert data["private"].startswith("-----BEGIN PRIVATE KEY-----")
    assert data["public"].startswith("-----BEGIN PUBLIC KEY-----")
    round_trip({"alg": alg, "private_key": data["private"], "public_key": data["public"]})


@pytest.mark.parametrize("alg", ONE_PER_FAMILY)
def test_jwk_exports_load_and_the_public_one_has_no_private_member(
    alg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data = generated(capsys, "--alg", alg, "--format", "jwk", "--kid", "k1")
    assert data["private"]["kid"] == "k1" and data["private"]["alg"] == alg
    if alg.startswith("HS"):
        assert data["public"] is None
        round_trip({"alg": alg, "secret_key": data["private"]})
        return
    assert not PRIVATE_JWK_MEMBERS & set(data["public"])
    round_trip({"alg": alg, "private_key": data["private"], "public_key": data["public"]})


def test_files_are_0600_and_0644_and_the_snippet_uses_them(run: Run, tmp_path: Path) -> None:
    result = run("keys", "generate", "--alg", "ES256", "--kid", "2026-11", "--out", "keys")
    assert result.rc == 0, result.err
    private, public = tmp_path / "keys" / "2026-11.pem", tmp_path / "keys" / "2026-11.pub.pem"
    assert (mode(private), mode(public), mode(tmp_path / "keys")) == (0o600, 0o644, 0o700)
    assert private.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert "BEGIN PRIVATE KEY" not in result.out
    assert "wrote keys/2026-11.pem (private key, mode 0600)" in result.out
    snippet = result.out.split("relative to the configuration file):", 1)[1]
    table = tomllib.loads(snippet)["jam"]["jwt"]
    assert table["keys"] == [
        {
            "kid": "2026-11",
            "private_key": {"file": "keys/2026-11.pem"},
            "public_key": {"file": "keys/2026-11.pub.pem"},
        }
    ]


def test_the_private_file_is_0600_whatever_the_umask(run: Run, tmp_path: Path) -> None:
    assert run("keys", "generate", "--alg", "EdDSA", "--out", "k", umask=0).rc == 0
    assert mode(tmp_path / "k" / "eddsa.pem") == 0o600
    assert mode(tmp_path / "k" / "eddsa.pub.pem") == 0o644


def test_private_files_are_created_0600_never_chmod_afterwards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("chmod called")

    for name in ("chmod", "fchmod", "lchmod"):
        monkeypatch.setattr(os, name, refuse, raising=False)
    monkeypatch.setattr(Path, "chmod", refuse)
    old = tmp_path / "es256.pem"
    old.write_text("old, world-readable")
    assert mode(old) & 0o044
    assert main(["keys", "generate", "--alg", "ES256", "--out", str(tmp_path), "--force"]) == 0
    assert mode(old) == 0o600
    assert old.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    capsys.readouterr()


def test_existing_files_are_never_overwritten_without_force(run: Run, tmp_path: Path) -> None:
    assert run("keys", "generate", "--alg", "HS256", "--out", ".").rc == 0
    secret = tmp_path / "hs256.secret"
    before = secret.read_bytes()
    again = run("keys", "generate", "--alg", "HS256", "--out", ".")
    assert again.rc == 1
    assert "refusing to overwrite" in again.error_line and "--force" in again.error_line
    assert secret.read_bytes() == before
    assert run("keys", "generate", "--alg", "HS256", "--out", ".", "--force").rc == 0
    assert secret.read_bytes() != before
    assert mode(secret) == 0o600


def test_a_refused_pair_writes_neither_half(run: Run, tmp_path: Path) -> None:
    (tmp_path / "es256.pub.pem").write_text("taken")
    assert run("keys", "generate", "--alg", "ES256", "--out", ".").rc == 1
    assert not (tmp_path / "es256.pem").exists()


def test_hmac_writes_one_secret_file_that_configures_and_round_trips(
    run: Run, tmp_path: Path
) -> None:
    result = run("keys", "generate", "--alg", "HS512", "--out", "keys")
    assert result.rc == 0, result.err
    secret = (tmp_path / "keys" / "hs512.secret").read_text()
    assert secret not in result.out
    assert sorted(p.name for p in (tmp_path / "keys").iterdir()) == ["hs512.secret"]
    snippet = result.out.split("relative to the configuration file):", 1)[1]
    (tmp_path / "jam.toml").write_text(snippet + 'audience = "api"\n')
    token = run("token", "create", "--config", "jam.toml", "--claim", "sub=7")
    assert token.rc == 0, token.err
    verified = run("token", "verify", "--config", "jam.toml", "-", "--json", stdin=token.out)
    assert verified.rc == 0, verified.err
    assert json.loads(verified.out)["claims"]["sub"] == "7"
    assert secret not in token.out + token.err + verified.out + verified.err


def test_jwk_files_and_the_inline_snippet(run: Run, tmp_path: Path) -> None:
    result = run("keys", "generate", "--alg", "ES256", "--format", "jwk", "--out", "k")
    assert result.rc == 0, result.err
    private = json.loads((tmp_path / "k" / "es256.jwk.json").read_text())
    public = json.loads((tmp_path / "k" / "es256.pub.jwk.json").read_text())
    assert mode(tmp_path / "k" / "es256.jwk.json") == 0o600
    assert "d" in private and not PRIVATE_JWK_MEMBERS & set(public)
    assert private["d"] not in result.out
    snippet = result.out.split("relative to the configuration file):", 1)[1]
    table = tomllib.loads(snippet)["jam"]["jwt"]
    assert table["public_key"] == public
    assert "<d from k/es256.jwk.json>" in snippet
    round_trip({"alg": "ES256", "private_key": private, "public_key": table["public_key"]})


def test_without_out_the_key_is_printed(run: Run) -> None:
    result = run("keys", "generate", "--alg", "EdDSA", "--kid", "any/kid")
    assert result.rc == 0, result.err
    assert result.out.count("-----BEGIN PRIVATE KEY-----") == 1
    assert result.out.count("-----BEGIN PUBLIC KEY-----") == 1


def test_a_kid_that_is_no_file_name_needs_name(run: Run, tmp_path: Path) -> None:
    result = run("keys", "generate", "--alg", "ES256", "--kid", "../up", "--out", ".")
    assert result.rc == 1 and "cannot be a file name" in result.error_line
    ok = run("keys", "generate", "--alg", "ES256", "--kid", "../up", "--out", ".", "--name", "up")
    assert ok.rc == 0 and (tmp_path / "up.pem").exists()


def test_an_unknown_algorithm_is_one_line(run: Run) -> None:
    result = run("keys", "generate", "--alg", "ES257")
    assert result.rc == 1
    assert "JamPluginNotFoundError: unknown algorithm 'ES257'" in result.error_line
    assert "Did you mean 'ES256'?" in result.error_line


def test_an_algorithm_without_key_generation_is_a_clear_error(run: Run, tmp_path: Path) -> None:
    site = fake_site(tmp_path, dist="jam-auth-xs", entry="xs", module="jam_xs", source=NO_KEYGEN)
    result = run("keys", "generate", "--alg", "XS256", env={"PYTHONPATH": str(site)})
    assert result.rc == 1
    line = result.error_line
    assert "'XS256' of plugin xs (jam-auth-xs 1.0) cannot generate keys" in line
    assert "SupportsKeyGeneration" in line


# -- the whole path: generate, configure, sign, verify, publish -----------------------------


def test_generate_configure_create_verify_and_verify_elsewhere_with_the_jwks(
    run: Run, tmp_path: Path
) -> None:
    for kid in ("2026-05", "2026-11"):
        made = run("keys", "generate", "--alg", "ES256", "--kid", kid, "--out", "keys")
        assert made.rc == 0, made.err
    config = tmp_path / "jam.toml"
    config.write_text(
        '[jam.jwt]\nalg = "ES256"\naudience = "api"\n\n'
        '[[jam.jwt.keys]]\nkid = "2026-11"\nprivate_key = { file = "keys/2026-11.pem" }\n\n'
        '[[jam.jwt.keys]]\nkid = "2026-05"\npublic_key = { file = "keys/2026-05.pub.pem" }\n'
    )
    token = run("token", "create", "--config", str(config), "-c", "sub=42", "-c", "admin:=true")
    assert token.rc == 0, token.err
    text = token.out.strip()
    verified = run("token", "verify", "--config", str(config), text, "--json")
    assert verified.rc == 0, verified.err
    assert json.loads(verified.out)["header"]["kid"] == "2026-11"

    jwks = run("keys", "jwks", "--config", str(config))
    assert jwks.rc == 0, jwks.err
    document = json.loads(jwks.out)
    assert [key["kid"] for key in document["keys"]] == ["2026-11", "2026-05"]
    for key in document["keys"]:
        assert key["alg"] == "ES256" and key["use"] == "sig"
        assert not PRIVATE_JWK_MEMBERS & set(key)

    signing = pyjwt.PyJWKSet.from_dict(document)["2026-11"]
    claims = pyjwt.decode(text, signing.key, algorithms=["ES256"], audience="api")
    assert (claims["sub"], claims["admin"]) == ("42", True)
    decoded = jose_jwt.decode(text, KeySet.import_key_set(document), algorithms=["ES256"])
    assert decoded.claims["sub"] == "42"


def test_jwks_of_rsa_keys_verifies_with_pyjwt(run: Run, tmp_path: Path) -> None:
    assert run("keys", "generate", "--alg", "PS256", "--out", ".").rc == 0
    config = tmp_path / "jam.toml"
    config.write_text('[jam.jwt]\nalg = "PS256"\nprivate_key = { file = "ps256.pem" }\n')
    token = run("token", "create", "--config", str(config)).out.strip()
    result = run("keys", "jwks", "--config", str(config))
    document = json.loads(result.out)
    assert len(document["keys"]) == 1 and "kid" not in document["keys"][0]
    assert "have no kid" in result.err
    key = pyjwt.PyJWK.from_dict(document["keys"][0]).key
    assert "exp" in pyjwt.decode(token, key, algorithms=["PS256"])


def test_jwks_never_publishes_hmac_secrets(run: Run, tmp_path: Path) -> None:
    secret = "an-hs256-secret-that-must-stay-private!!"
    assert run("keys", "generate", "--alg", "EdDSA", "--out", ".").rc == 0
    config = tmp_path / "jam.toml"
    config.write_text(
        '[jam.jwt]\nalg = "EdDSA"\n\n'
        '[[jam.jwt.keys]]\nkid = "ed"\nprivate_key = { file = "eddsa.pem" }\n\n'
        f'[[jam.jwt.keys]]\nkid = "mac"\nalg = "HS256"\nsecret_key = "{secret}"\n'
    )
    result = run("keys", "jwks", "--config", str(config))
    assert result.rc == 0, result.err
    assert [key["kid"] for key in json.loads(result.out)["keys"]] == ["ed"]
    assert "HS256 key 'mac' not published" in result.err
    assert secret not in result.out + result.err
    only_hmac = tmp_path / "hs.toml"
    only_hmac.write_text(f'[jam.jwt]\nsecret_key = "{secret}"\n')
    refused = run("keys", "jwks", "--config", str(only_hmac))
    assert refused.rc == 1 and "nothing to publish" in refused.error_line
    assert refused.out == "" and secret not in refused.err
