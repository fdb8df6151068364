"""Registered claims: what ``jwt_make_payload`` sets and what ``jwt_verify_token`` checks."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any

import jwt as pyjwt
import pytest

import jam
from jam.exceptions import (
    InvalidAudience,
    InvalidIssuer,
    InvalidPayload,
    MalformedToken,
    NotFoundSomeInPayload,
    TokenLifeTimeExpired,
    TokenNotYetValid,
)
from jam.jwt import _core, _engine

NOW = 1_900_000_000


class Clock:
    """Stands in for the ``time`` module inside the JWT core and engine."""

    def __init__(self) -> None:
        self.now = float(NOW)

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(_core, "time", fake)
    monkeypatch.setattr(_engine, "time", fake)
    return fake


def sign(keys: Any, payload: dict[str, Any]) -> str:
    """HS256 over exactly these claims (PyJWT refuses some of the odd values tested here)."""
    signing_input = ".".join(
        base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()
        for part in ({"alg": "HS256"}, payload)
    )
    mac = hmac.new(keys.secret, signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


# -- jwt_make_payload ------------------------------------------------------------------------


def test_make_payload_sets_integer_iat_and_exp(hs256: jam.Jam, clock: Clock) -> None:
    clock.now = NOW + 0.75
    payload = hs256.jwt_make_payload(600, {"sub": "42"})
    assert payload["sub"] == "42"
    assert type(payload["iat"]) is int
    assert type(payload["exp"]) is int
    assert payload["iat"] == NOW
    assert payload["exp"] == NOW + 600


def test_make_payload_jti_is_random_with_at_least_128_bits(hs256: jam.Jam) -> None:
    jtis = [hs256.jwt_make_payload(60, {})["jti"] for _ in range(200)]
    assert len(set(jtis)) == len(jtis)
    for jti in jtis:
        assert isinstance(jti, str)
        raw = base64.urlsafe_b64decode(jti + "=" * (-len(jti) % 4))
        assert len(raw) * 8 >= 128


def test_make_payload_without_exp_uses_the_configured_expire(
    make_jam: Callable[..., jam.Jam], keys: Any, clock: Clock
) -> None:
    j = make_jam(keys.jwt_table("HS256", expire=90))
    payload = j.jwt_make_payload(None, {})
    assert payload["exp"] - payload["iat"] == 90


@pytest.mark.parametrize("claim", ["iat", "exp", "jti"])
def test_make_payload_refuses_data_that_sets_its_claims(claim: str, hs256: jam.Jam) -> None:
    with pytest.raises(InvalidPayload, match=claim) as info:
        hs256.jwt_make_payload(60, {claim: 1, "sub": "x"})
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("exp", [0, -5, 1.5, True, "60"])
def test_make_payload_refuses_a_lifetime_that_is_not_a_positive_integer(
    exp: Any, hs256: jam.Jam
) -> None:
    with pytest.raises(InvalidPayload):
        hs256.jwt_make_payload(exp, {})


def test_make_payload_does_not_mutate_data(hs256: jam.Jam) -> None:
    data = {"sub": "42"}
    hs256.jwt_make_payload(60, data)
    assert data == {"sub": "42"}


def test_made_payload_round_trips(hs256: jam.Jam) -> None:
    payload = hs256.jwt_make_payload(60, {"sub": "42", "roles": ["a", "b"], "n": 1.5})
    assert hs256.jwt_verify_token(hs256.jwt_create_token(payload)) == payload


# -- create ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        ["not", "a", "mapping"],
        "text",
        {"x": b"bytes"},
        {"x": float("nan")},
        {"x": {1, 2}},
        {1: "int key"},
    ],
)
def test_create_refuses_payloads_that_cannot_be_a_claim_set(payload: Any, hs256: jam.Jam) -> None:
    with pytest.raises(InvalidPayload) as info:
        hs256.jwt_create_token(payload)
    assert isinstance(info.value, ValueError)


def test_create_refuses_deeply_nested_payload_with_a_typed_error(hs256: jam.Jam) -> None:
    deep: dict[str, Any] = {}
    for _ in range(100_000):
        deep = {"a": deep}
    with pytest.raises(InvalidPayload):
        hs256.jwt_create_token(deep)


def test_create_writes_a_compact_header(hs256: jam.Jam) -> None:
    token = hs256.jwt_create_token({"sub": "42"})
    assert pyjwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT"}
    assert token.split(".")[0] == "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"


# -- issuer and audience ---------------------------------------------------------------------


@pytest.fixture
def scoped(make_jam: Callable[..., jam.Jam], keys: Any) -> jam.Jam:
    return make_jam(keys.jwt_table("HS256", issuer="https://api.example", audience="my-app"))


def test_issuer_and_audience_are_added_on_create(scoped: jam.Jam, keys: Any) -> None:
    token = scoped.jwt_create_token(scoped.jwt_make_payload(60, {"sub": "42"}))
    claims = pyjwt.decode(
        token, keys.secret, algorithms=["HS256"], audience="my-app", issuer="https://api.example"
    )
    assert claims["iss"] == "https://api.example"
    assert claims["aud"] == "my-app"
    assert scoped.jwt_verify_token(token)["sub"] == "42"


@pytest.mark.parametrize("iss", ["https://evil.example", "", None, 1, ["https://api.example"]])
def test_wrong_or_missing_issuer_is_rejected(iss: Any, scoped: jam.Jam, keys: Any) -> None:
    payload = {"exp": int(time.time()) + 60, "aud": "my-app"}
    if iss is not None:
        payload["iss"] = iss
    with pytest.raises(InvalidIssuer):
        scoped.jwt_verify_token(sign(keys, payload))


@pytest.mark.parametrize("aud", ["other-app", ["a", "b"], [], None])
def test_wrong_or_missing_audience_is_rejected(aud: Any, scoped: jam.Jam, keys: Any) -> None:
    payload = {"exp": int(time.time()) + 60, "iss": "https://api.example"}
    if aud is not None:
        payload["aud"] = aud
    with pytest.raises(InvalidAudience):
        scoped.jwt_verify_token(sign(keys, payload))


@pytest.mark.parametrize("aud", [1, {"a": 1}, ["my-app", 2], True])
def test_audience_of_the_wrong_type_is_malformed(aud: Any, scoped: jam.Jam, keys: Any) -> None:
    payload = {"exp": int(time.time()) + 60, "iss": "https://api.example", "aud": aud}
    with pytest.raises((MalformedToken, InvalidAudience)):
        scoped.jwt_verify_token(sign(keys, payload))


def test_audience_array_matches_when_one_entry_is_ours(scoped: jam.Jam, keys: Any) -> None:
    payload = {"exp": int(time.time()) + 60, "iss": "https://api.example", "aud": ["x", "my-app"]}
    assert scoped.jwt_verify_token(sign(keys, payload))["aud"] == ["x", "my-app"]


def test_configured_audience_list_accepts_any_of_them(
    make_jam: Callable[..., jam.Jam], keys: Any
) -> None:
    j = make_jam(keys.jwt_table("HS256", audience=["web", "mobile"]))
    token = sign(keys, {"exp": int(time.time()) + 60, "aud": "mobile"})
    assert j.jwt_verify_token(token)["aud"] == "mobile"
    created = j.jwt_create_token({"sub": "1"})
    assert pyjwt.decode(created, keys.secret, algorithms=["HS256"], audience="web")["aud"] == [
        "web",
        "mobile",
    ]


def test_audience_present_but_none_configured_is_rejected(hs256: jam.Jam, keys: Any) -> None:
    token = sign(keys, {"exp": int(time.time()) + 60, "aud": "somebody-else"})
    with pytest.raises(InvalidAudience):
        hs256.jwt_verify_token(token)


# -- exp, nbf, iat and leeway ----------------------------------------------------------------


def test_missing_exp_is_reported_when_exp_is_checked(hs256: jam.Jam, keys: Any) -> None:
    token = sign(keys, {"sub": "42"})
    with pytest.raises(NotFoundSomeInPayload):
        hs256.jwt_verify_token(token)
    assert hs256.jwt_verify_token(token, check_exp=False) == {"sub": "42"}


def test_expired_token_is_rejected_and_accepted_without_exp_check(
    hs256: jam.Jam, keys: Any, clock: Clock
) -> None:
    token = sign(keys, {"exp": NOW - 1})
    with pytest.raises(TokenLifeTimeExpired):
        hs256.jwt_verify_token(token)
    assert hs256.jwt_verify_token(token, check_exp=False) == {"exp": NOW - 1}


def test_exp_edge_without_leeway(hs256: jam.Jam, keys: Any, clock: Clock) -> None:
    """RFC 7519 §4.1.4: the token must not be accepted on or after ``exp``."""
    with pytest.raises(TokenLifeTimeExpired):
        hs256.jwt_verify_token(sign(keys, {"exp": NOW}))
    assert hs256.jwt_verify_token(sign(keys, {"exp": NOW + 1}))
    clock.now = NOW + 0.999
    assert hs256.jwt_verify_token(sign(keys, {"exp": NOW + 1}))


@pytest.fixture
def lenient(make_jam: Callable[..., jam.Jam], keys: Any) -> jam.Jam:
    return make_jam(keys.jwt_table("HS256", leeway=10))


def test_exp_edge_with_leeway(lenient: jam.Jam, keys: Any, clock: Clock) -> None:
    assert lenient.jwt_verify_token(sign(keys, {"exp": NOW - 9}))
    with pytest.raises(TokenLifeTimeExpired):
        lenient.jwt_verify_token(sign(keys, {"exp": NOW - 10}))


def test_nbf_edges(hs256: jam.Jam, lenient: jam.Jam, keys: Any, clock: Clock) -> None:
    exp = NOW + 60
    assert hs256.jwt_verify_token(sign(keys, {"exp": exp, "nbf": NOW}))
    with pytest.raises(TokenNotYetValid):
        hs256.jwt_verify_token(sign(keys, {"exp": exp, "nbf": NOW + 1}))
    with pytest.raises(TokenNotYetValid):  # nbf is checked even without the exp check
        hs256.jwt_verify_token(sign(keys, {"nbf": NOW + 1}), check_exp=False)
    assert lenient.jwt_verify_token(sign(keys, {"exp": exp, "nbf": NOW + 10}))
    with pytest.raises(TokenNotYetValid):
        lenient.jwt_verify_token(sign(keys, {"exp": exp, "nbf": NOW + 11}))


def test_iat_in_the_future_is_rejected(
    hs256: jam.Jam, lenient: jam.Jam, keys: Any, clock: Clock
) -> None:
    exp = NOW + 60
    assert hs256.jwt_verify_token(sign(keys, {"exp": exp, "iat": NOW}))
    with pytest.raises(TokenNotYetValid, match="iat"):
        hs256.jwt_verify_token(sign(keys, {"exp": exp, "iat": NOW + 1}))
    assert lenient.jwt_verify_token(sign(keys, {"exp": exp, "iat": NOW + 10}))
    with pytest.raises(TokenNotYetValid):
        lenient.jwt_verify_token(sign(keys, {"exp": exp, "iat": NOW + 11}))


def test_float_numeric_dates_are_accepted(hs256: jam.Jam, keys: Any, clock: Clock) -> None:
    assert hs256.jwt_verify_token(sign(keys, {"exp": NOW + 0.5, "iat": NOW - 0.5}))
    with pytest.raises(TokenLifeTimeExpired):
        hs256.jwt_verify_token(sign(keys, {"exp": NOW - 0.5}))


@pytest.mark.parametrize("value", ["1900000000", True, None, [1], {"t": 1}])
def test_numeric_dates_of_the_wrong_type_are_malformed(
    value: Any, hs256: jam.Jam, keys: Any
) -> None:
    for claim in ("exp", "nbf", "iat"):
        payload = {"exp": int(time.time()) + 60, claim: value}
        if value is None and claim == "exp":
            continue  # a null exp is a missing exp, covered above
        if value is None:
            assert hs256.jwt_verify_token(sign(keys, payload))
            continue
        with pytest.raises(MalformedToken):
            hs256.jwt_verify_token(sign(keys, payload))


def test_leeway_is_bounded_in_config(make_jam: Callable[..., jam.Jam], keys: Any) -> None:
    with pytest.raises(jam.JamConfigError):
        make_jam(keys.jwt_table("HS256", leeway=-1))
    with pytest.raises(jam.JamConfigError):
        make_jam(keys.jwt_table("HS256", leeway=86400))
