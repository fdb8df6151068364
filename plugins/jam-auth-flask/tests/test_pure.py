"""The pure parts: credential parsing, the challenge table, settings; and every doctest."""

from __future__ import annotations

import doctest
import importlib

import pytest

from jam_flask._credentials import Absent, Ambiguous, Bearer, bearer_token, cookie_value

PURE = ["_credentials", "_users", "_challenge", "_document", "_cookies", "_judge", "_settings"]


@pytest.mark.parametrize("module", PURE)
def test_doctests(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"jam_flask.{module}"))
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ([], Absent()),
        ([""], Absent()),
        (["Bearer abc.DEF-_~+/=="], Bearer("abc.DEF-_~+/==")),
        (["bearer   abc"], Bearer("abc")),
        (["Basic dTpw"], Absent()),
        (["Bearerabc"], Absent()),
        (['Digest username="a", realm="b"'], Absent()),
        (["Bearer"], Ambiguous("Bearer without a token")),
        (["Bearer a", "Bearer a"], Ambiguous("more than one Authorization header")),
        (["Bearer a, Bearer a"], Ambiguous("more than one credential")),  # a WSGI join
        (["Basic x,Bearer a"], Ambiguous("more than one credential")),
        (["Bearer a,b"], Ambiguous("more than one credential")),
    ],
)
def test_bearer_token(headers: list[str], expected: object) -> None:
    assert bearer_token(headers) == expected


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ([], Absent()),
        (["sid="], Absent()),
        (["SID=abc"], Absent()),
        (["xsid=abc; sidx=abc"], Absent()),
        ([" sid = abc "], Bearer("abc")),
        (["sid=abc", "sid=abc"], Ambiguous("cookie sent more than once")),
    ],
)
def test_cookie_value(headers: list[str], expected: object) -> None:
    assert cookie_value(headers, "sid") == expected
