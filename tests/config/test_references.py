"""The environment-reference rule, and the warnings for exposed configuration files."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from jam.config import PROCESS_VARIABLES, KeySource, load_config
from jam.exceptions import JamConfigError

SECRET = "correct-horse-battery-staple-0123456789"


@pytest.mark.parametrize("name", ["PATH", "HOME", "USER", "SHELL", "LC_ALL", "XDG_RUNTIME_DIR"])
def test_bare_reference_to_a_process_variable_is_refused(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv(name, SECRET)
    with pytest.raises(JamConfigError) as info:
        load_config({"jwt": {"secret_key": f"${name}"}})
    message = str(info.value)
    assert "jam.jwt.secret_key" in message
    assert f'"$${name}"' in message and f'"${{{name}}}"' in message
    assert SECRET not in message


def test_every_secret_field_follows_the_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", SECRET)
    for table in (
        {"session": {"session_aes_secret": "$HOME"}},
        {"oauth2": {"providers": {"x": {"client_id": "i", "client_secret": "$HOME",
                                        "redirect_url": "https://a/cb"}}}},
        {"session": {"backend": "redis", "password": "$HOME"}},
    ):  # fmt: skip
        with pytest.raises(JamConfigError, match="a variable every process has"):
            load_config(table)


def test_explicit_forms_read_any_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", SECRET)
    for reference in ("${HOME}", {"env": "HOME"}):
        cfg = load_config({"jwt": {"secret_key": reference}})
        assert cfg.jwt is not None and cfg.jwt.secret_key == KeySource(SECRET.encode())


def test_bare_form_keeps_working_for_application_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JAM_SECRET", SECRET)
    cfg = load_config({"jwt": {"secret_key": "$JAM_SECRET"}})
    assert cfg.jwt is not None and cfg.jwt.secret_key == KeySource(SECRET.encode())


def test_double_dollar_is_the_literal() -> None:
    cfg = load_config({"jwt": {"secret_key": "$$PATH-and-more-characters-to-be-long"}})
    assert cfg.jwt is not None
    assert cfg.jwt.secret_key == KeySource(b"$PATH-and-more-characters-to-be-long")


def test_the_list_of_process_variables_is_upper_case() -> None:
    assert "PATH" in PROCESS_VARIABLES
    assert all(name == name.upper() for name in PROCESS_VARIABLES)


@pytest.fixture
def jam_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.WARNING, logger="jam")
    return caplog


def write(path: Path, text: str, mode: int) -> Path:
    path.write_text(text)
    os.chmod(path, mode)
    return path


posix = pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")


@posix
def test_world_writable_file_with_an_inline_secret_warns(
    tmp_path: Path, jam_logs: pytest.LogCaptureFixture
) -> None:
    path = write(tmp_path / "jam.toml", f'[jam.jwt]\nsecret_key = "{SECRET}"\n', 0o666)
    load_config(path)
    warnings = [r for r in jam_logs.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    message = warnings[0].getMessage()
    assert "writable by every user" in message
    assert "jam.jwt.secret_key" in message
    assert SECRET not in message


@posix
def test_world_writable_file_warns_even_without_secrets(
    tmp_path: Path, jam_logs: pytest.LogCaptureFixture
) -> None:
    path = write(tmp_path / "jam.toml", '[jam.session]\nbackend = "memory"\n', 0o646)
    load_config(path)
    assert any("writable by every user" in r.getMessage() for r in jam_logs.records)


@posix
def test_world_readable_file_with_inline_secrets_warns(
    tmp_path: Path, jam_logs: pytest.LogCaptureFixture
) -> None:
    text = (
        f'[jam.jwt]\nsecret_key = "{SECRET}"\n'
        '[jam.session]\nbackend = "memory"\nis_session_crypt = true\n'
        'session_aes_secret = ["AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"]\n'
    )
    path = write(tmp_path / "jam.toml", text, 0o644)
    load_config(path)
    (record,) = jam_logs.records
    message = record.getMessage()
    assert "readable by every user" in message
    assert "jam.jwt.secret_key" in message and "jam.session.session_aes_secret[0]" in message
    assert SECRET not in message


@posix
@pytest.mark.parametrize("mode", [0o600, 0o640])
def test_private_file_or_referenced_secrets_do_not_warn(
    tmp_path: Path, jam_logs: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, mode: int
) -> None:
    private = write(tmp_path / "private.toml", f'[jam.jwt]\nsecret_key = "{SECRET}"\n', mode)
    load_config(private)
    monkeypatch.setenv("JAM_SECRET", SECRET)
    (tmp_path / "hs.key").write_text(SECRET)
    public = write(
        tmp_path / "public.toml",
        '[jam.jwt]\nsecret_key = { env = "JAM_SECRET" }\n'
        '[[jam.jwt.keys]]\nkid = "a"\nsecret_key = { file = "hs.key" }\n',
        0o644,
    )
    with pytest.raises(JamConfigError, match="either 'keys'"):
        load_config(public)  # invalid, but the check ran first
    assert jam_logs.records == []


def test_dict_configurations_are_not_checked(jam_logs: pytest.LogCaptureFixture) -> None:
    load_config({"jwt": {"secret_key": SECRET}})
    assert jam_logs.records == []
