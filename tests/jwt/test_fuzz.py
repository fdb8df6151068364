"""Bounded, seeded fuzzing: nothing but JamError subclasses may escape ``jwt_verify_token``."""

from __future__ import annotations

import base64
import random
import string
from collections.abc import Callable
from typing import Any

import pytest

import jam
from jam.exceptions import JamError

ITERATIONS = 300
ALPHABET = string.ascii_letters + string.digits + '-_.=+/ \n\t\x00é{}[]":,'


def verify_only_typed_errors(j: jam.Jam, token: Any) -> None:
    try:
        j.jwt_verify_token(token)
    except JamError as error:
        if not isinstance(error, ValueError):
            pytest.fail(f"{type(error).__name__} is not a ValueError")
    # A valid result is fine too (a mutation may be a no-op).


@pytest.fixture(params=["HS256", "ES256", "EdDSA", "PS256"])
def target(request: pytest.FixtureRequest, make_jam: Callable[..., jam.Jam], keys: Any) -> Any:
    j = make_jam(keys.jwt_table(request.param))
    token = j.jwt_create_token(j.jwt_make_payload(600, {"sub": "42", "roles": ["a"]}))
    return j, token


def test_random_strings_and_bytes(target: Any) -> None:
    j, _ = target
    rng = random.Random(1234)
    for _ in range(ITERATIONS):
        size = rng.randrange(0, 200)
        verify_only_typed_errors(j, "".join(rng.choices(ALPHABET, k=size)))
        verify_only_typed_errors(j, rng.randbytes(size))
        dots = ".".join(
            base64.urlsafe_b64encode(rng.randbytes(rng.randrange(0, 40))).rstrip(b"=").decode()
            for _ in range(3)
        )
        verify_only_typed_errors(j, dots)


def test_mutated_valid_tokens(target: Any) -> None:
    j, token = target
    assert j.jwt_verify_token(token)["sub"] == "42"
    rng = random.Random(5678)
    segments = token.split(".")
    for _ in range(ITERATIONS):
        index = rng.randrange(3)
        parts = list(segments)
        seg = parts[index]
        operation = rng.randrange(4)
        position = rng.randrange(len(seg) + 1)
        if operation == 0 and seg:  # flip one character
            position = min(position, len(seg) - 1)
            seg = seg[:position] + rng.choice(ALPHABET) + seg[position + 1 :]
        elif operation == 1:  # insert
            seg = seg[:position] + rng.choice(ALPHABET) + seg[position:]
        elif operation == 2:  # delete
            seg = seg[:position] + seg[position + 1 :]
        else:  # swap in another segment
            seg = segments[rng.randrange(3)]
        parts[index] = seg
        mutated = ".".join(parts)
        if mutated == token:
            continue
        try:
            claims = j.jwt_verify_token(mutated)
        except JamError:
            continue
        # Only a change that decodes to the same bytes may pass: never a forged claim set.
        assert claims == j.jwt_verify_token(token)


def test_mutated_json_inside_a_valid_signature(make_jam: Callable[..., jam.Jam], keys: Any) -> None:
    """Signed garbage: the MAC is right, so every parser path past the signature is reached."""
    import hashlib
    import hmac

    j = make_jam(keys.jwt_table("HS256"))
    rng = random.Random(91011)
    pieces = ['{"exp":', "1e999", "-", "[", "]", "{", "}", '"', "null", ",", ":", "9" * 30,
              "true", '"aud"', '"iat"', '"nbf"', "0.5", "\\u0000", "\\ud800", "NaN"]  # fmt: skip

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header = b64(b'{"alg":"HS256"}')
    for _ in range(ITERATIONS):
        payload = "".join(rng.choices(pieces, k=rng.randrange(1, 12))).encode()
        signing_input = f"{header}.{b64(payload)}"
        mac = hmac.new(keys.secret, signing_input.encode(), hashlib.sha256).digest()
        verify_only_typed_errors(j, f"{signing_input}.{b64(mac)}")
