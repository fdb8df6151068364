"""The plugin contract's structural rules: one module calls pluggy, hooks are documented."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import jam.protocols
from jam.plugins import _hookspecs

SRC = Path(__file__).resolve().parents[2] / "src" / "jam"


def test_only_the_manager_dispatches_hooks() -> None:
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if re.search(r"\.hook\.", path.read_text()) and path.name != "_manager.py"
    ]
    assert offenders == []


def test_only_the_plugins_package_imports_pluggy() -> None:
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if re.search(r"^\s*(import|from) pluggy", path.read_text(), re.M)
        and path.parent.name != "plugins"
    ]
    assert offenders == []


HOOKS = [name for name in dir(_hookspecs) if name.startswith("jam_register_")]


def test_there_are_four_registration_hooks() -> None:
    assert sorted(HOOKS) == [
        "jam_register_algorithms",
        "jam_register_oauth2_providers",
        "jam_register_session_stores",
        "jam_register_token_lists",
    ]


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_has_a_docstring_with_an_example(name: str) -> None:
    doc = inspect.getdoc(getattr(_hookspecs, name)) or ""
    assert "Example" in doc
    assert "Called once" in doc


PROTOCOLS = [
    obj
    for _, obj in inspect.getmembers(jam.protocols, inspect.isclass)
    if obj.__module__ == "jam.protocols"
]


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.__name__)
def test_every_protocol_and_method_is_documented(protocol: type) -> None:
    assert "Example" in (inspect.getdoc(protocol) or "")
    for name, member in vars(protocol).items():
        if callable(member) and not name.startswith("_"):
            assert inspect.getdoc(member), f"{protocol.__name__}.{name} has no docstring"
