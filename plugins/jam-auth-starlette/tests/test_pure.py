"""The pure parts: credential parsing, the challenge table, the session layout."""

from __future__ import annotations

import pytest

from jam_starlette import AnonymousUser, Failure, insufficient_scope, refusal
from jam_starlette._credentials import (
    Absent,
    Ambiguous,
    Bearer,
    bearer_token,
    cookie_value,
    is_token68,
)
from jam_starlette._document import read_session, write_session


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ([], Absent()),
        (["Bearer abc.DEF-_~+/=="], Bearer("abc.DEF-_~+/==")),
        (["bearer   abc"], Bearer("abc")),
        (["Basic dTpw"], Absent()),
        (["Bearerabc"], Absent()),
        (["Bearer"], Ambiguous("Bearer without a token")),
        (["Bearer a b"], Bearer("a b")),  # not token68: is_token68 says so when Jam refuses it
        (["Bearer a", "Bearer a"], Ambiguous("more than one Authorization header")),
        (["Basic x", "Bearer a"], Ambiguous("more than one Authorization header")),
    ],
)
def test_bearer_token(headers: list[str], expected: object) -> None:
    assert bearer_token(headers) == expected


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ([], Absent()),
        (["a=1; sid=xyz; b=2"], Bearer("xyz")),
        (["a=1", "sid=xyz"], Bearer("xyz")),
        (["sid="], Absent()),
        (["SID=xyz; sidx=1; xsid=2"], Absent()),
        (["sid=1; sid=2"], Ambiguous("cookie sent more than once")),
        (["sid=1", "sid=1"], Ambiguous("cookie sent more than once")),
    ],
)
def test_cookie_value(headers: list[str], expected: object) -> None:
    assert cookie_value(headers, "sid") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a.b-c_d~e+f/g==", True),
        ("a b", False),
        ("a=b", False),
        ("<x>", False),
        ("t\u00e9", False),
        ("a,b", False),
        ("", False),
    ],
)
def test_is_token68(value: str, expected: bool) -> None:
    assert is_token68(value) is expected


def test_credentials_never_show_in_repr() -> None:
    assert "secret-token" not in repr(Bearer("secret-token"))


def test_challenges() -> None:
    assert refusal(AnonymousUser()).status == 401
    malformed = refusal(AnonymousUser(Failure.MALFORMED, "bearer"))
    assert malformed.headers["WWW-Authenticate"].startswith('Bearer error="invalid_request"')
    invalid = refusal(AnonymousUser(Failure.INVALID, "bearer"))
    assert invalid.headers["WWW-Authenticate"].startswith('Bearer error="invalid_token"')
    cookie = refusal(AnonymousUser(Failure.INVALID, "cookie"))
    assert (cookie.status, cookie.headers) == (401, {"WWW-Authenticate": "Bearer"})
    down = refusal(AnonymousUser(Failure.UNAVAILABLE, "cookie"))
    assert (down.status, down.headers) == (503, {"Retry-After": "5"})
    assert insufficient_scope(["b", "a"]).status == 403


def test_session_layout_round_trips_and_refuses_bad_scopes() -> None:
    stored = write_session("42", "42", ["write", "read", "read"], {"theme": "dark"})
    assert stored == {
        "owner": "42",
        "sub": "42",
        "scopes": ["read", "write"],
        "data": {"theme": "dark"},
    }
    view = read_session(stored)
    assert (view.identity, view.owner, view.scopes) == ("42", "42", frozenset({"read", "write"}))
    pending = read_session(write_session("42", None, (), {}))
    assert (pending.identity, pending.owner, pending.scopes) == (None, "42", frozenset())
    assert read_session({"scopes": ["admin"]}).scopes == frozenset()  # no login, no scopes
    assert read_session({"sub": "7", "data": ["not", "a", "dict"]}).data == {}
    with pytest.raises(ValueError, match="invalid scope"):
        write_session("42", "42", ["two words"], {})
    with pytest.raises(ValueError, match="owner"):
        write_session("", None, (), {})
