"""Public names are public: they live in public modules and report them.

A class exported from a public module must say so in ``__module__`` (reprs,
tracebacks, pickles, documentation and ``help()`` show it), never a private
``_module`` path that users must not import from.
"""

from __future__ import annotations

import importlib
import inspect

import pytest

PUBLIC_MODULES = (
    "jam",
    "jam.aio",
    "jam.config",
    "jam.exceptions",
    "jam.jwt",
    "jam.oauth2",
    "jam.otp",
    "jam.plugins",
    "jam.protocols",
    "jam.sessions",
    "jam.testing",
)


def _exported_classes(module_name: str) -> list[tuple[str, type]]:
    module = importlib.import_module(module_name)
    found = []
    for name in module.__all__:
        value = getattr(module, name)
        if inspect.isclass(value) and value.__module__.startswith("jam"):
            found.append((name, value))
    return found


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_every_exported_class_reports_a_public_module(module_name: str) -> None:
    private = {
        name: cls.__module__
        for name, cls in _exported_classes(module_name)
        if any(part.startswith("_") for part in cls.__module__.split("."))
    }
    assert not private, f"{module_name} exports classes that report private modules: {private}"


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_a_class_can_be_found_where_it_says_it_lives(module_name: str) -> None:
    for name, cls in _exported_classes(module_name):
        home = importlib.import_module(cls.__module__)
        assert getattr(home, cls.__name__, None) is cls, (name, cls.__module__)


def test_the_facades_report_their_public_homes() -> None:
    import jam
    import jam.aio

    assert jam.Jam.__module__ == "jam"
    assert jam.aio.Jam.__module__ == "jam.aio"
    assert repr(jam.Jam(config={})).startswith("jam.Jam(")


def test_every_jamlib_exception_name_has_a_pep8_alias() -> None:
    import jam.exceptions as errors

    for name in errors.__all__:
        cls = getattr(errors, name)
        if inspect.isclass(cls) and issubclass(cls, Exception) and not name.endswith("Error"):
            alias = getattr(errors, f"{name}Error", None)
            if name.startswith("Emtpy"):  # jamlib's typo: the alias is of the right spelling
                alias = getattr(errors, name.replace("Emtpy", "Empty") + "Error")
            assert alias is cls, name
            assert f"{name}Error" in errors.__all__ or name.startswith("Emtpy")


def test_both_spellings_catch_the_same_error() -> None:
    import jam

    auth = jam.Jam(config={"jwt": {"secret_key": "an-hs256-test-secret-of-32-bytes+!"}})
    token = auth.jwt_create_token({"exp": 1})
    with pytest.raises(jam.TokenLifeTimeExpiredError):
        auth.jwt_verify_token(token)
    with pytest.raises(jam.TokenLifeTimeExpired):
        auth.jwt_verify_token(token)


def test_every_protocol_is_exported() -> None:
    import typing

    import jam.protocols

    declared = {
        name
        for name, value in vars(jam.protocols).items()
        if inspect.isclass(value)
        and value.__module__ == "jam.protocols"
        and getattr(value, "_is_protocol", False)
        and value is not typing.Protocol
    }
    assert declared
    assert declared <= set(jam.protocols.__all__), declared - set(jam.protocols.__all__)
