"""The registry: every fuzz target, one line each.

A target is a name, a ``setup(folder) -> state`` that builds what it fuzzes
and holds ``state.seeds`` (real inputs made by Jam at run time), and a
``one(state, data)`` that runs one input. ``one`` may return, raise a
``JamError`` subclass (allowed), or raise :class:`~bench.fuzz._common.Finding`;
anything else is a crash. The driver, the CI run and the tests read only
:data:`TARGETS`.

To add a target, write its ``one`` function (and a setup that makes seeds)
next to the others and add one line below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Target:
    """One fuzz target."""

    name: str
    setup: Callable[[Path], Any]
    one: Callable[[Any, bytes], None]
    about: str
    weight: float = 1.0
    """Share of ``--executions`` (by expected speed: building Jam per input is slow)."""


def _jwt(family: str) -> Callable[[Path], Any]:
    def setup(folder: Path) -> Any:
        from bench.fuzz._jwt import token_state

        return token_state(family)

    return setup


def _lazy(module: str, name: str, *args: Any) -> Callable[..., Any]:
    """``module.name`` imported on first call (the worker imports Jam under instrumentation)."""

    def call(*more: Any) -> Any:
        import importlib

        function = getattr(importlib.import_module(f"bench.fuzz.{module}"), name)
        return function(*args, *more)

    return call


def _otp_uri_setup(folder: Path) -> Any:
    from bench.fuzz._otp import otp_state, uri_seeds

    state = otp_state()
    state.seeds = uri_seeds(state)
    return state


TARGETS: dict[str, Target] = {
    target.name: target
    for target in (
        Target(
            "jwt-hs", _jwt("hs"), _lazy("_jwt", "fuzz_token"), "HS256/384/512 tokens, lists", 1.5
        ),
        Target("jwt-rsa", _jwt("rsa"), _lazy("_jwt", "fuzz_token"), "RS*/PS* tokens, lists"),
        Target("jwt-ec", _jwt("ec"), _lazy("_jwt", "fuzz_token"), "ES256/384/512/256K, lists"),
        Target("jwt-eddsa", _jwt("eddsa"), _lazy("_jwt", "fuzz_token"), "EdDSA, Ed25519, Ed448"),
        Target(
            "jwt-claims",
            lambda folder: _lazy("_jwt", "claims_state")(),
            _lazy("_jwt", "fuzz_claims"),
            "signed hostile header/payload JSON: claim rules, black list",
        ),
        Target(
            "sessions",
            lambda folder: _lazy("_sessions", "session_state")(),
            _lazy("_sessions", "fuzz_session"),
            "hostile ids: plain, crypt, routed",
        ),
        Target(
            "otp",
            lambda folder: _lazy("_otp", "otp_state")(),
            _lazy("_otp", "fuzz_otp"),
            "codes, secrets, factors, windows vs RFC 4226",
        ),
        Target(
            "otp-uri",
            _otp_uri_setup,
            _lazy("_otp", "fuzz_uri"),
            "otpauth:// URIs with hostile names, issuers, counters",
        ),
        Target(
            "otp-secret",
            _otp_uri_setup,
            _lazy("_otp", "fuzz_secret"),
            "jam.otp.parse_secret vs base64.b32decode",
            weight=2.0,
        ),
        Target(
            "config",
            _lazy("_config", "config_state"),
            _lazy("_config", "fuzz_config"),
            "TOML text and dicts: load_config, Jam(config=...)",
            weight=0.05,
        ),
        Target(
            "oauth2-callback",
            lambda folder: _lazy("_oauth2", "callback_state")(),
            _lazy("_oauth2", "fuzz_callback"),
            "hostile OAuth2 callbacks and sealed requests, up to the token request",
        ),
    )
}
"""Every target, by name, in the order the driver runs them."""
