"""Replay protection: an accepted step/counter is used once, atomically, keyed by a hash."""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from jam.config import OTPSettings
from jam.exceptions import BackendError, JamConfigError, JamPluginNotFoundError, OTPReplayed
from jam.otp import AsyncOTPEngine, OTPEngine, build, hotp, parse_secret, replay_key
from jam.plugins._manager import TOKEN_LISTS

SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
OTHER = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"
KEY = parse_secret(SECRET)
T = 1_700_000_020  # 10 s into its 30 s step
STEP = T // 30


class RecordingList:
    """A TokenList that remembers what it was asked to store."""

    def __init__(self) -> None:
        self.entries: dict[str, int | None] = {}
        self.closed = False

    def add(self, token_id: str, ttl: int | None) -> None:
        self.entries[token_id] = ttl

    def add_if_absent(self, token_id: str, ttl: int | None) -> bool:
        if token_id in self.entries:
            return False
        self.entries[token_id] = ttl
        return True

    def contains(self, token_id: str) -> bool:
        return token_id in self.entries

    def remove(self, token_id: str) -> None:
        self.entries.pop(token_id, None)

    def close(self) -> None:
        self.closed = True


class BrokenList(RecordingList):
    def add_if_absent(self, token_id: str, ttl: int | None) -> bool:
        raise BackendError("backend down")


def recording_engine(**options):
    backend = RecordingList()
    settings = OTPSettings(replay_protection=True, **options)
    return OTPEngine(settings, backend), backend


def test_a_code_is_accepted_once(make_jam):
    jam = make_jam(replay_protection=True)
    code = jam.otp_code(SECRET, T)
    assert jam.otp_verify_code(SECRET, code, T)
    assert not jam.otp_verify_code(SECRET, code, T)
    assert not jam.otp_verify_code(SECRET, code, T + 20)
    assert jam.otp_verify_counter(SECRET, code, T) is None
    with pytest.raises(OTPReplayed, match="already been used"):
        jam.otp_check_code(SECRET, code, T)


def test_without_replay_protection_codes_can_be_reused(make_jam):
    jam = make_jam()
    code = jam.otp_code(SECRET, T)
    assert all(jam.otp_verify_code(SECRET, code, T) for _ in range(3))


def test_other_secrets_and_other_steps_are_independent(make_jam):
    jam = make_jam(replay_protection=True)
    assert jam.otp_verify_code(SECRET, jam.otp_code(SECRET, T), T)
    assert jam.otp_verify_code(OTHER, jam.otp_code(OTHER, T), T)
    assert jam.otp_verify_code(SECRET, jam.otp_code(SECRET, T + 30), T + 30)


def test_a_used_step_stays_used_from_the_next_step(make_jam):
    jam = make_jam(replay_protection=True)
    code = jam.otp_code(SECRET, T)
    assert jam.otp_verify_code(SECRET, code, T)
    assert not jam.otp_verify_code(SECRET, code, T + 30, look_ahead=1)


def test_wrong_codes_do_not_burn_anything():
    engine, backend = recording_engine()
    assert not engine.verify(SECRET, "000000" if hotp(KEY, STEP) != "000000" else "111111", T)
    assert backend.entries == {}


def test_stored_id_is_a_hash_never_the_secret_or_code():
    engine, backend = recording_engine()
    code = engine.code(SECRET, T)
    assert engine.verify(SECRET, code, T)
    (stored,) = backend.entries
    assert stored == replay_key("totp", KEY, STEP)
    assert SECRET not in stored
    assert SECRET.lower() not in stored
    assert KEY.hex() not in stored
    assert code not in stored.rsplit(":", 1)[0]
    assert stored.endswith(f":{STEP}")
    assert replay_key("totp", KEY, STEP) == replay_key("totp", bytes(KEY), STEP)
    assert replay_key("totp", KEY, STEP) != replay_key("totp", parse_secret(OTHER), STEP)


@pytest.mark.parametrize(
    ("offset", "look_ahead"), [(0, 1), (-1, 1), (1, 1), (0, 0), (2, 2), (-2, 2)]
)
def test_totp_entries_live_until_the_widest_window_has_passed(offset, look_ahead):
    # Whatever window accepted the code, its step stays claimed until no window
    # up to max_look_ahead (10 steps by default) could accept it again.
    engine, backend = recording_engine()
    assert engine.verify_counter(SECRET, hotp(KEY, STEP + offset), T, look_ahead) == STEP + offset
    ttl = (STEP + offset + 10 + 1) * 30 - T
    assert backend.entries == {replay_key("totp", KEY, STEP + offset): ttl}


def test_ttl_follows_the_interval():
    engine, backend = recording_engine(interval=60)
    now = (T // 60) * 60 + 10
    assert engine.verify(SECRET, engine.code(SECRET, now), now)
    assert list(backend.entries.values()) == [(10 + 1) * 60 - 10]


def test_hotp_counters_are_remembered_for_the_configured_time():
    engine, backend = recording_engine(type="hotp")
    assert engine.verify(SECRET, hotp(KEY, 5), 3, look_ahead=5)
    assert backend.entries == {replay_key("hotp", KEY, 5): None}
    assert not engine.verify(SECRET, hotp(KEY, 5), 3, look_ahead=5)
    engine, backend = recording_engine(type="hotp", hotp_replay_ttl=3600)
    assert engine.verify(SECRET, hotp(KEY, 5), 5)
    assert list(backend.entries.values()) == [3600]


def test_a_backend_failure_is_raised_never_accepted():
    settings = OTPSettings(replay_protection=True)
    engine = OTPEngine(settings, BrokenList())
    with pytest.raises(BackendError):
        engine.verify(SECRET, engine.code(SECRET, T), T)


def test_close_closes_the_backend():
    engine, backend = recording_engine()
    engine.close()
    assert backend.closed


def race_threads(jam, code: str, moment: int, threads: int = 16) -> list[bool]:
    barrier = threading.Barrier(threads)
    results: list[bool] = []
    lock = threading.Lock()

    def attempt() -> None:
        barrier.wait()
        ok = jam.otp_verify_code(SECRET, code, moment)
        with lock:
            results.append(ok)

    workers = [threading.Thread(target=attempt) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results


def test_threads_racing_with_the_same_code_exactly_one_wins(make_jam):
    jam = make_jam(replay_protection=True)
    for round_ in range(5):
        moment = T + 30 * round_
        results = race_threads(jam, jam.otp_code(SECRET, moment), moment)
        assert sorted(results) == [False] * 15 + [True]


async def test_async_engine_uses_the_async_backend(make_jam):
    registry = make_jam().registry
    engine = build(OTPSettings(replay_protection=True), registry, asynchronous=True)
    assert isinstance(engine, AsyncOTPEngine)
    assert engine.replay is not None
    code = engine.code(SECRET, T)
    results = await asyncio.gather(*(engine.verify(SECRET, code, T) for _ in range(8)))
    assert sorted(results) == [False] * 7 + [True]
    with pytest.raises(OTPReplayed):
        await engine.check(SECRET, code, T)
    assert await engine.verify_counter(SECRET, engine.code(SECRET, T + 30), T + 30) == STEP + 1
    await engine.close()


async def test_async_methods_without_replay():
    engine = AsyncOTPEngine(OTPSettings())
    code = engine.code(SECRET, T)
    assert await engine.verify(SECRET, code, T)
    assert await engine.verify(SECRET, code, T)
    assert not await engine.verify(SECRET, "12a456", T)


# -- configuration ----------------------------------------------------------------------------


def test_backend_keys_without_replay_protection_are_rejected(make_jam):
    with pytest.raises(JamConfigError, match="replay_protection = true"):
        make_jam(path="otp.db")


def test_unknown_keys_are_rejected_with_a_suggestion(make_jam):
    with pytest.raises(JamConfigError, match="digits"):
        make_jam(digitz=6)
    with pytest.raises(JamConfigError, match="unknown key"):
        make_jam(replay_protection=True, pth="x.db")


def test_unknown_replay_backend_names_the_choices(make_jam):
    with pytest.raises(JamPluginNotFoundError, match="memory"):
        make_jam(replay_protection=True, replay_backend="nope")


# -- several processes sharing one backend ----------------------------------------------------

WORKER = """
import json, sys, time
from jam import Jam
config, secret, code, moment, start = json.loads(sys.argv[1])
jam = Jam(config={"otp": config})
while time.time() < start:
    time.sleep(0.0005)
print(json.dumps(jam.otp_verify_code(secret, code, moment)))
jam.close()
"""


def registered(name: str) -> bool:
    from jam.config import PluginSettings
    from jam.plugins._manager import load_registry

    return name in load_registry(PluginSettings()).names(TOKEN_LISTS)


@pytest.fixture
def redis_uri(tmp_path: Path):
    server = shutil.which("redis-server")
    if server is None or not registered("redis"):
        pytest.skip("needs redis-server and the jam-auth-redis plugin")
    pytest.importorskip("redis")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("redis-server did not start")
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)


def race(tmp_path: Path, config: dict, processes: int = 8) -> list[bool]:
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    code = hotp(KEY, STEP)
    start = time.time() + 3
    argument = json.dumps([config, SECRET, code, T, start])
    workers = [
        subprocess.Popen([sys.executable, str(script), argument], stdout=subprocess.PIPE, text=True)
        for _ in range(processes)
    ]
    outputs = [worker.communicate(timeout=60)[0] for worker in workers]
    assert all(worker.returncode == 0 for worker in workers)
    return [json.loads(out) for out in outputs]


@pytest.mark.redis
def test_processes_racing_on_redis_exactly_one_wins(tmp_path, redis_uri):
    config = {"replay_protection": True, "replay_backend": "redis", "redis_uri": redis_uri}
    assert sorted(race(tmp_path, config)) == [False] * 7 + [True]


@pytest.mark.slow
def test_processes_racing_on_sqlite_exactly_one_wins(tmp_path):
    if not registered("sqlite"):
        pytest.skip("jam-auth-sqlite does not register a token list yet")
    config = {
        "replay_protection": True,
        "replay_backend": "sqlite",
        "path": str(tmp_path / "otp.db"),
    }
    assert sorted(race(tmp_path, config)) == [False] * 7 + [True]
