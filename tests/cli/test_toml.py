"""The small TOML writer the command uses: everything it writes reads back the same."""

from __future__ import annotations

import tomllib

import pytest

from jam.cli import _toml


@pytest.mark.parametrize(
    "text",
    ["plain", 'quote " and \\ backslash', "tab\tnew\nline", "\x00\x1b\x7f", "ünï €", "\ufeff"],
)
def test_strings_read_back(text: str) -> None:
    assert tomllib.loads(f"v = {_toml.value(text)}")["v"] == text


def test_a_lone_surrogate_becomes_a_replacement_character() -> None:
    written = _toml.value("a\ud800b")
    assert tomllib.loads("v = " + written)["v"] == "a\ufffdb"


def test_tables_keys_and_values_read_back() -> None:
    content = {
        "alg": "ES256",
        "n": 3,
        "f": 1.5,
        "on": True,
        "list": ["a", 1],
        "empty": {},
        "weird key": "x",
        "skip": None,
        "allow": [{"name": "jwa", "version": "==0.1.0"}, {"name": "x y"}],
        "sub": {"type": "black", "deeper": {"k": "v"}},
    }
    text = "\n".join(_toml.table(["tool", "my.app", "jwt"], content))
    read = tomllib.loads(text)["tool"]["my.app"]["jwt"]
    expected = {key: value for key, value in content.items() if value is not None}
    assert read == expected


def test_values_without_a_toml_form_are_refused() -> None:
    with pytest.raises(TypeError):
        _toml.value(None)
