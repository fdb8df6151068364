"""Configuration: sources, pointers, references, validation messages and redaction."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import jam
from jam.config import KeySource, SecretValue, load_config
from jam.exceptions import JamConfigError

SECRET = "correct-horse-battery-staple-0123456789"
AES_SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"  # bytes 0..31, base64url


def write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_dict_config_is_the_table_itself() -> None:
    cfg = load_config({"jwt": {"alg": "HS512", "secret_key": SECRET}})
    assert cfg.jwt is not None
    assert cfg.jwt.alg == "HS512"
    assert cfg.session is None and cfg.otp is None


def test_pyproject_reads_tool_pointer(tmp_path: Path) -> None:
    path = write(
        tmp_path / "pyproject.toml",
        f'[project]\nname = "x"\n[tool.auth.jwt]\nsecret_key = "{SECRET}"\n',
    )
    cfg = load_config(path, pointer="auth")
    assert cfg.jwt is not None and cfg.jwt.secret_key == KeySource(SECRET.encode())


def test_pyproject_falls_back_to_top_level_pointer(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", f'[jam.jwt]\nsecret_key = "{SECRET}"\n')
    assert load_config(path).jwt is not None


def test_other_toml_files_read_the_pointer_table(tmp_path: Path) -> None:
    path = write(tmp_path / "auth.toml", f'[jam.jwt]\nsecret_key = "{SECRET}"\n')
    assert load_config(str(path)).jwt is not None


def test_missing_table_names_what_was_expected(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    with pytest.raises(JamConfigError, match=r"no \[tool.jam\] or \[jam\] table"):
        load_config(path)


def test_missing_file_and_bad_toml_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(JamConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")
    bad = write(tmp_path / "bad.toml", "[jam\n")
    with pytest.raises(JamConfigError, match="not valid TOML"):
        load_config(bad)


@pytest.mark.parametrize("reference", ["$JAM_TEST_SECRET", "${JAM_TEST_SECRET}"])
def test_environment_references(monkeypatch: pytest.MonkeyPatch, reference: str) -> None:
    monkeypatch.setenv("JAM_TEST_SECRET", SECRET)
    cfg = load_config({"jwt": {"secret_key": reference}})
    assert cfg.jwt is not None and cfg.jwt.secret_key == KeySource(SECRET.encode())


def test_env_table_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAM_TEST_SECRET", SECRET)
    cfg = load_config({"jwt": {"secret_key": {"env": "JAM_TEST_SECRET"}}})
    assert cfg.jwt is not None and cfg.jwt.secret_key == KeySource(SECRET.encode())


def test_double_dollar_escapes_a_literal_dollar() -> None:
    cfg = load_config({"jwt": {"secret_key": "$$" + SECRET}})
    assert cfg.jwt is not None and cfg.jwt.secret_key == KeySource(("$" + SECRET).encode())


def test_missing_variable_names_key_and_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JAM_TEST_UNSET", raising=False)
    with pytest.raises(JamConfigError) as info:
        load_config({"jwt": {"secret_key": "$JAM_TEST_UNSET"}})
    assert "jam.jwt.secret_key" in str(info.value)
    assert "JAM_TEST_UNSET" in str(info.value)


def test_file_reference_is_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / "hs.key").write_bytes(SECRET.encode())
    path = write(tmp_path / "jam.toml", '[jam.jwt]\nsecret_key = { file = "keys/hs.key" }\n')
    cfg = load_config(path)
    assert cfg.jwt is not None and cfg.jwt.secret_key == KeySource(SECRET.encode())


def test_missing_file_reference_names_key_and_path(tmp_path: Path) -> None:
    path = write(tmp_path / "jam.toml", '[jam.jwt]\nprivate_key = { file = "nope.pem" }\n')
    with pytest.raises(
        JamConfigError, match=r"jam\.jwt\.private_key: cannot read file .*nope\.pem"
    ):
        load_config(path)


def test_unknown_key_is_rejected_with_a_suggestion() -> None:
    with pytest.raises(JamConfigError) as info:
        load_config({"jwt": {"secret_key": SECRET, "expires": 10}})
    message = str(info.value)
    assert "jam.jwt.expires: unknown key; did you mean 'expire'?" in message


def test_unknown_top_level_table_is_rejected() -> None:
    with pytest.raises(JamConfigError, match="did you mean 'session'"):
        load_config({"sesion": {}})


def test_unknown_key_in_a_nested_table_suggests_from_that_table() -> None:
    with pytest.raises(JamConfigError, match="did you mean 'kid'"):
        load_config({"jwt": {"keys": [{"kidd": "a", "secret_key": SECRET}]}})


def test_unknown_backend_key_is_rejected_at_construction() -> None:
    with pytest.raises(JamConfigError, match=r"jwt\.list"):
        jam.Jam(
            config={
                "jwt": {
                    "secret_key": SECRET,
                    "list": {"type": "black", "backend": "memory", "pth": "x"},
                }
            }
        )


def test_invalid_values_are_reported_without_echoing_them() -> None:
    with pytest.raises(JamConfigError) as info:
        load_config({"jwt": {"secret_key": SECRET, "expire": -5, "leeway": "soon"}})
    message = str(info.value)
    assert "2 problems" in message
    assert "jam.jwt.expire" in message and "jam.jwt.leeway" in message
    assert "soon" not in message


def test_secrets_are_redacted_in_repr_and_dumps(monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = load_config(
        {
            "jwt": {"secret_key": SECRET},
            "session": {"backend": "memory", "session_aes_secret": AES_SECRET},
        }
    )
    text = repr(cfg) + str(cfg) + str(cfg.model_dump()) + cfg.model_dump_json()
    assert SECRET not in text
    assert AES_SECRET not in text
    assert "**********" in text
    assert repr(SecretValue(SECRET)) == "SecretValue('**********')"


def test_secrets_never_reach_validation_errors() -> None:
    with pytest.raises(JamConfigError) as info:
        load_config(
            {
                "jwt": {"secret_key": SECRET, "algorithms": [SECRET]},
                "session": {"session_aes_secret": 12345},
            }
        )
    assert SECRET not in str(info.value)
    assert info.value.__cause__ is None and info.value.__context__ is None


def test_none_algorithm_cannot_be_configured() -> None:
    with pytest.raises(JamConfigError, match="'none'"):
        load_config({"jwt": {"alg": "none", "secret_key": SECRET}})
    with pytest.raises(JamConfigError, match="'none'"):
        load_config({"jwt": {"secret_key": SECRET, "algorithms": ["HS256", "NONE"]}})


class TestJamlibAliases:
    def test_sessions_type_and_session_ttl(self) -> None:
        cfg = load_config({"session": {"sessions_type": "memory", "session_ttl": 60}})
        assert cfg.session is not None
        assert (cfg.session.backend, cfg.session.default_ttl) == ("memory", 60)

    def test_session_type(self) -> None:
        cfg = load_config({"session": {"session_type": "memory"}})
        assert cfg.session is not None and cfg.session.backend == "memory"

    def test_in_list_life_time(self) -> None:
        cfg = load_config(
            {"jwt": {"secret_key": SECRET, "list": {"type": "black", "in_list_life_time": 99}}}
        )
        assert cfg.jwt is not None and cfg.jwt.token_list is not None
        assert cfg.jwt.token_list.entry_ttl == 99

    @pytest.mark.parametrize("key", ["redirect_uri", "redirect_url"])
    def test_redirect_aliases(self, key: str) -> None:
        cfg = load_config(
            {
                "oauth2": {
                    "providers": {
                        "github": {
                            "client_id": "id",
                            "client_secret": "secret",
                            key: "https://app/cb",
                        }
                    }
                }
            }
        )
        assert cfg.oauth2 is not None
        assert cfg.oauth2.providers["github"].redirect_url == "https://app/cb"

    def test_flat_jamlib_layout_with_auth_type(self) -> None:
        cfg = load_config(
            {
                "auth_type": "jwt",
                "alg": "HS256",
                "secret_key": SECRET,
                "expire": 120,
                "otp": {"type": "totp"},
            }
        )
        assert cfg.jwt is not None and cfg.jwt.expire == 120
        assert cfg.otp is not None

    def test_flat_layout_rejects_unknown_auth_type(self) -> None:
        with pytest.raises(JamConfigError, match="auth_type"):
            load_config({"auth_type": "kerberos"})


def test_config_without_jwt_builds_and_jwt_calls_say_why() -> None:
    auth = jam.Jam(config={})
    with pytest.raises(JamConfigError, match=r"\[jam.jwt\]"):
        auth.jwt_create_token({"sub": "x"})
    with pytest.raises(JamConfigError, match=r"\[jam.jwt\]"):
        auth.jwt_verify_token("a.b.c")


def test_default_config_path_is_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", f'[tool.jam.jwt]\nsecret_key = "{SECRET}"\n')
    monkeypatch.chdir(tmp_path)
    auth = jam.Jam()
    assert auth.config.jwt is not None
    assert os.fspath(tmp_path) == os.getcwd()
