"""jamlib 2.5 asyncio code that checks an OTP code without ``await`` raises on Jam.

In jamlib 2.5, ``jam.aio.Jam.otp_verify_code`` was a plain method returning a
bool, so jamlib's documentation and its users wrote ``if
jam.otp_verify_code(secret, code):`` in asyncio code. On :class:`jam.aio.Jam`
the method can touch the replay backend, so it returns an awaitable; an
awaitable is truthy, and that line would accept every code. Jam's awaitables
refuse ``bool()``: the snippet raises ``TypeError`` instead of logging anyone in.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest

from jam.aio import Jam

# A forgotten ``await`` also leaves a coroutine that Python reports as never awaited.
pytestmark = pytest.mark.filterwarnings("ignore:coroutine .* was never awaited:RuntimeWarning")

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
WRONG = "000000"

# A jamlib 2.5 asyncio view, written as jamlib's docs wrote it: no ``await``.
JAMLIB_SNIPPET = """
async def login(jam, secret, code):
    if jam.otp_verify_code(secret=secret, code=code):
        return "logged in"
    return "denied"
"""


def _jamlib_login() -> Any:
    namespace: dict[str, Any] = {}
    exec(JAMLIB_SNIPPET, namespace)  # noqa: S102  (our own literal: jamlib-style code under test)
    return namespace["login"]


def _wrong_code(jam: Jam) -> str:
    code = jam.otp_code(SECRET)
    return WRONG if code != WRONG else "111111"


@pytest.fixture
async def jam() -> Any:
    auth = Jam(config={"otp": {"type": "totp", "digits": 6, "digest": "sha1", "interval": 30}})
    yield auth
    await auth.aclose()


async def test_the_jamlib_snippet_raises_instead_of_accepting_a_wrong_code(jam: Jam) -> None:
    login = _jamlib_login()
    with pytest.raises(TypeError, match="await"):
        await login(jam, SECRET, _wrong_code(jam))


async def test_the_jamlib_snippet_raises_for_the_right_code_too(jam: Jam) -> None:
    login = _jamlib_login()
    with pytest.raises(TypeError, match="await"):
        await login(jam, SECRET, jam.otp_code(SECRET))


@pytest.mark.parametrize(
    "condition",
    [
        "not jam.otp_verify_code(secret, code)",
        "jam.otp_verify_code(secret, code) and True",
        "bool(jam.verify_otp_code(secret, code))",
        "jam.otp_verify_counter(secret, code)",
    ],
)
async def test_every_truth_test_of_a_forgotten_await_raises(jam: Jam, condition: str) -> None:
    source = f"async def check(jam, secret, code):\n    return 'yes' if {condition} else 'no'\n"
    namespace: dict[str, Any] = {}
    exec(source, namespace)  # noqa: S102  (our own literal)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # verify_otp_code is jamlib's alias
        with pytest.raises(TypeError, match="await"):
            await namespace["check"](jam, SECRET, _wrong_code(jam))


async def test_with_await_the_same_code_answers_correctly(jam: Jam) -> None:
    assert await jam.otp_verify_code(SECRET, _wrong_code(jam)) is False
    assert await jam.otp_verify_code(SECRET, jam.otp_code(SECRET)) is True
