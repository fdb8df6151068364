"""Bounded, seeded fuzzing: hostile callbacks and requests only ever raise JamError subclasses."""

from __future__ import annotations

import contextlib
import random
import string
import time
from typing import Any

import pytest

from jam.exceptions import JamError, OAuth2CallbackError
from jam.oauth2 import AuthorizationRequest, generate_seal_key
from jam.oauth2._callback import parse_callback

KEY_H = generate_seal_key()

ALPHABET = string.printable + "é\x00\ud800%&=?#;+"
ITERATIONS = 500


def hostile(rng: random.Random) -> Any:  # noqa: PLR0911  (one return per kind of junk)
    kind = rng.randrange(7)
    text = "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 120)))
    if kind == 0:
        return text
    if kind == 1:
        return "https://app.example/cb?" + text
    if kind == 2:
        return {text[:5]: text[5:]} if text else {}
    if kind == 3:
        return {"state": [text, text], "code": rng.randrange(9)}
    if kind == 4:
        return "&".join(f"state={text}" for _ in range(rng.randrange(1, 4)))
    if kind == 5:
        return "code=" + "%" * rng.randrange(1, 9) + "&state=%ff%fe"
    return rng.choice([None, 3, b"state=x", ["state", "x"], "x" * 20000, {1: 2}])


def test_parse_callback_raises_only_callback_errors() -> None:
    rng = random.Random(9207)
    for _ in range(ITERATIONS * 4):
        with contextlib.suppress(OAuth2CallbackError):
            parse_callback(hostile(rng))


def test_complete_on_hostile_input_raises_only_jam_errors(make_engine: Any) -> None:
    engine = make_engine("sync", shared={"seal_key": KEY_H})
    request = AuthorizationRequest(
        "",
        "s" * 43,
        "v" * 64,
        None,
        "corp",
        "https://app.example/callback",
        time.time(),
        engine.sealer,
    )
    rng = random.Random(6749)
    candidates: list[Any] = [request, request.to_dict(), request.seal()]
    for _ in range(ITERATIONS):
        kept = rng.choice(
            [
                *candidates,
                hostile(rng),
                {**request.to_dict(), "v": hostile(rng)},
                {**request.to_dict(), "created_at": hostile(rng)},
            ]
        )
        try:
            engine.complete("corp", kept, hostile(rng))
        except JamError:
            continue
        pytest.fail("a hostile callback completed")


@pytest.mark.parametrize("control", ["\n", "\t", "\r", "\x00", "\x1f", "\x7f"])
@pytest.mark.parametrize("prefix", ["https://app.example/cb?", "?", ""])
def test_a_callback_with_a_raw_control_character_is_refused(prefix: str, control: str) -> None:
    # Found by the long fuzz run (oauth2-callback target): urllib.parse drops tabs and
    # newlines from URLs, so "iss=https://login.exa\n\nmple" read as the real issuer.
    # A request line cannot carry a raw control character: refuse instead of guessing.
    callback = f"{prefix}state=abc&code=the-code&iss=https%3A%2F%2Flogin.exa{control}mple"
    with pytest.raises(OAuth2CallbackError, match="control character"):
        parse_callback(callback)
    assert parse_callback(callback.replace(control, ""))["iss"] == "https://login.example"


def test_a_callback_that_is_not_valid_text_is_refused() -> None:
    # The long fuzz run's second finding: junk with lone surrogates before "?" read as
    # a URL whose path is ignored. Nothing a request line carries is a lone surrogate.
    with pytest.raises(OAuth2CallbackError, match="not valid text"):
        parse_callback("\udcff\udcff?state=abc&code=the-code")
    assert parse_callback("/callback?state=abc&code=the-code")["state"] == "abc"
