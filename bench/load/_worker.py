"""One load process: a mixed workload against Jam on Redis and on SQLite, then its ledger.

Every operation is timed (``perf_counter_ns``) per backend and kind. What was
acknowledged is written to a ledger the parent checks after every process
has stopped: tokens revoked, sessions alive (with their data), ids deleted
or replaced by a rework, and OTP counters accepted. The ledger holds tokens
and ids, so it only ever travels through a pipe to the parent and is never
printed.
"""

from __future__ import annotations

import random
import time
from array import array
from dataclasses import dataclass, field
from typing import Any

KINDS = ("verify", "revoke", "session create", "session get", "session rework",
         "session delete", "otp verify")  # fmt: skip
WEIGHTS = (40, 4, 10, 22, 5, 4, 15)
"""How often each kind runs, out of 100: reads dominate, as in a real service."""
POOL = 200
"""Tokens each process signs up front (verify and revoke draw from them)."""


@dataclass
class Ledger:
    """What one process was told succeeded, per backend."""

    revoked: list[str] = field(default_factory=list)
    alive: dict[str, dict[str, Any]] = field(default_factory=dict)
    gone: list[str] = field(default_factory=list)
    otp: list[tuple[str, int, str]] = field(default_factory=list)


def config(backend: str, settings: dict[str, Any]) -> dict[str, Any]:
    """The Jam configuration of ``backend`` (``redis`` or ``sqlite``) for this run."""
    if backend == "redis":
        store = {"redis_uri": settings["redis_url"], "prefix": settings["prefix"]}
    else:
        store = {"path": settings["sqlite_path"], "timeout": 10.0}
    listing = {"type": "black", "backend": backend, **store}
    return {
        "jwt": {"secret_key": settings["jwt_secret"], "list": listing},
        "session": {"backend": backend, "default_ttl": 3600, **store},
        "otp": {"type": "hotp", "replay_protection": True, "replay_backend": backend, **store},
    }  # fmt: skip


class Mix:
    """The workload on one backend inside one process."""

    def __init__(self, backend: str, settings: dict[str, Any], number: int) -> None:
        """Build Jam and sign a token pool."""
        import jam

        self.backend = backend
        self.auth = jam.Jam(config=config(backend, settings))
        self.ledger = Ledger()
        self.samples = {kind: array("q") for kind in KINDS}
        self.errors: dict[str, int] = {}
        self.user = f"load-{number}"
        self.tokens = [
            self.auth.jwt_create_token(self.auth.jwt_make_payload(3600, {"sub": self.user}))
            for _ in range(POOL)
        ]
        self.revoked: set[str] = set()
        self.sessions: list[str] = []
        self.secret = self.auth.otp_generate_secret()
        self.counter = 0
        self.rng = random.Random(number)

    def step(self) -> None:
        """Run one operation chosen by :data:`WEIGHTS`; time it; count unexpected outcomes."""
        kind = self.rng.choices(KINDS, WEIGHTS)[0]
        if kind.startswith("session ") and kind != "session create" and not self.sessions:
            kind = "session create"
        started = time.perf_counter_ns()
        try:
            ok = getattr(self, "_" + kind.replace("session ", "s_").replace(" ", "_"))()
        except Exception as err:  # every failure is counted, none is fatal
            ok = False
            name = f"{kind}: {type(err).__name__}"
            self.errors[name] = self.errors.get(name, 0) + 1
        else:
            if not ok:
                name = f"{kind}: wrong answer"
                self.errors[name] = self.errors.get(name, 0) + 1
        self.samples[kind].append(time.perf_counter_ns() - started)

    def _verify(self) -> bool:
        from jam.exceptions import TokenInBlackList

        token = self.rng.choice(self.tokens)
        try:
            claims = self.auth.jwt_verify_token(token)
        except TokenInBlackList:
            return token in self.revoked
        return token not in self.revoked and claims["sub"] == self.user

    def _revoke(self) -> bool:
        token = self.rng.choice(self.tokens)
        self.auth.jwt_revoke_token(token)
        self.revoked.add(token)
        self.ledger.revoked.append(token)
        return True

    def _s_create(self) -> bool:
        data = {"user": self.user, "n": self.rng.randrange(10**9)}
        sid = self.auth.session_create(self.user, data)
        self.sessions.append(sid)
        self.ledger.alive[sid] = data
        return True

    def _s_get(self) -> bool:
        sid = self.rng.choice(self.sessions)
        return bool(self.auth.session_get(sid) == self.ledger.alive[sid])

    def _s_rework(self) -> bool:
        index = self.rng.randrange(len(self.sessions))
        old = self.sessions[index]
        new = self.auth.session_rework(old)
        self.sessions[index] = new
        self.ledger.alive[new] = self.ledger.alive.pop(old)
        self.ledger.gone.append(old)
        return new != old

    def _s_delete(self) -> bool:
        sid = self.sessions.pop(self.rng.randrange(len(self.sessions)))
        self.auth.session_delete(sid)
        del self.ledger.alive[sid]
        self.ledger.gone.append(sid)
        return True

    def _otp_verify(self) -> bool:
        code = self.auth.otp_code(self.secret, self.counter)
        accepted = self.auth.otp_verify_counter(self.secret, code, self.counter, 0)
        if accepted == self.counter:
            self.ledger.otp.append((self.secret, self.counter, code))
        self.counter += 1
        return accepted == self.counter - 1


def run(number: int, settings: dict[str, Any], start_at: float, stop_at: float) -> dict[str, Any]:
    """Load both backends, alternating, from ``start_at`` until ``stop_at`` (wall clock)."""
    mixes = [Mix(backend, settings, number) for backend in settings["backends"]]
    while time.time() < start_at:
        time.sleep(0.01)
    operations = 0
    while time.time() < stop_at:
        for mix in mixes:
            mix.step()
        operations += len(mixes)
    result = {
        mix.backend: {
            "samples": {kind: mix.samples[kind].tobytes() for kind in KINDS},
            "errors": mix.errors,
            "ledger": mix.ledger,
        }
        for mix in mixes
    }
    for mix in mixes:
        mix.auth.close()
    return {"operations": operations, "backends": result}
