"""The shared core's pure parts: credential parsing, challenges, the session document, settings."""

from __future__ import annotations

import doctest
import importlib

import pytest

from jam.web import (
    Absent,
    Ambiguous,
    AnonymousUser,
    Bearer,
    CookiePolicy,
    Failure,
    bearer_token,
    cookie_value,
    insufficient_scope,
    is_token68,
    read_session,
    refusal,
    write_session,
)

PURE = ["_credentials", "_users", "_challenge", "_document", "_cookies", "_judge", "_settings"]


@pytest.mark.parametrize("module", PURE)
def test_doctests(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"jam.web.{module}"))
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
        (["Bearer a b"], Bearer("a b")),  # not token68: is_token68 says so when Jam refuses it
        (["Basic x", "Bearer a"], Ambiguous("more than one Authorization header")),
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
        (["a=1; sid=xyz; b=2"], Bearer("xyz")),
        (["a=1", "sid=xyz"], Bearer("xyz")),
        (["sid=1; sid=2"], Ambiguous("cookie sent more than once")),
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


def test_set_cookie_formats_every_attribute_and_refuses_unsafe_values() -> None:
    policy = CookiePolicy(name="sid", domain="app.example", max_age=60, samesite="strict")
    assert policy.set_cookie("abc", "https", "app.example") == (
        "sid=abc; Path=/; Domain=app.example; Max-Age=60; HttpOnly; Secure; SameSite=Strict"
    )
    assert policy.clear_cookie("https", "app.example") == (
        "sid=; Path=/; Domain=app.example; Max-Age=0; HttpOnly; Secure; SameSite=Strict"
    )
    for value in ("", "abc; Domain=evil.example", "a b", "a\r\nSet-Cookie: x=1"):
        with pytest.raises(ValueError, match="separators or controls"):
            policy.set_cookie(value, "https", "app.example")


@pytest.mark.parametrize(
    ("allow", "scheme", "host", "secure"),
    [
        (False, "http", "127.0.0.1:8000", True),
        (True, "http", "127.0.0.1:8000", False),
        (True, "http", "localhost", False),
        (True, "http", "[::1]:8000", False),
        (True, "https", "127.0.0.1", True),
        (True, "http", "127.0.0.1.evil.example", True),
        (True, "http", "app.example", True),
    ],
)
def test_secure_is_dropped_only_for_opted_in_plain_http_loopback(
    allow: bool, scheme: str, host: str, secure: bool
) -> None:
    cookie = CookiePolicy(allow_insecure_loopback=allow).set_cookie("abc", scheme, host)
    assert ("; Secure" in cookie) is secure
