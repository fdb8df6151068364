"""The fuzz harness itself: every target runs its seeds clean, and every oracle catches a bug.

These run in-process without libFuzzer (a few seconds). The coverage-guided
run is ``python -m bench.fuzz --ci`` (about a minute); one short worker run
at the end checks the driver end to end.
"""

from __future__ import annotations

import contextlib
import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bench.fuzz._common import Finding, Reader, seed
from bench.fuzz._targets import TARGETS, Target
from bench.fuzz._worker import Recorder

from jam.exceptions import JamConfigError, JamError, OAuth2StateError

ROOT = Path(__file__).resolve().parents[2]
MUTATIONS = 150


def run(target: Target, state: Any, data: bytes) -> None:
    """What the worker does with one input: JamError is allowed, everything else escapes."""
    with contextlib.suppress(JamError):
        target.one(state, data)


def mutate(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """One libFuzzer-like mutation: flip, insert, erase, duplicate or splice."""
    raw = bytearray(data)
    where = rng.randrange(len(raw) + 1)
    choice = rng.randrange(5)
    if choice == 0 and raw:
        raw[min(where, len(raw) - 1)] ^= 1 << rng.randrange(8)
    elif choice == 1:
        raw[where:where] = bytes([rng.randrange(256)])
    elif choice == 2:
        del raw[where : where + rng.randrange(1, 8)]
    elif choice == 3:
        raw[where:where] = raw[where : where + rng.randrange(1, 16)]
    else:
        raw[where:] = other[rng.randrange(len(other) + 1) :]
    return bytes(raw)


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Every target's state, built once (RSA keys take a moment)."""
    import os

    cwd, built = Path.cwd(), {}
    saved = os.environ.get("JAM_FUZZ_SESSION_KEY")
    try:
        for name, target in TARGETS.items():
            built[name] = target.setup(tmp_path_factory.mktemp(name))
        yield built
    finally:
        os.chdir(cwd)  # the config target works in its scratch folder
        for state in built.values():
            state.close()
        if saved is None:
            os.environ.pop("JAM_FUZZ_SESSION_KEY", None)


@pytest.mark.parametrize("name", list(TARGETS))
def test_every_seed_runs_without_a_finding(states: dict[str, Any], name: str) -> None:
    state = states[name]
    assert len(state.seeds) >= 5
    for data in state.seeds:
        run(TARGETS[name], state, data)


@pytest.mark.parametrize("name", list(TARGETS))
def test_mutated_seeds_run_without_a_finding(states: dict[str, Any], name: str) -> None:
    state, rng = states[name], random.Random(f"jam-fuzz-{name}")
    for _ in range(MUTATIONS):
        data = rng.choice(state.seeds)
        for _ in range(rng.randrange(1, 4)):
            data = mutate(rng, data, rng.choice(state.seeds))
        run(TARGETS[name], state, data)


def test_reader_reads_what_seed_writes() -> None:
    reader = Reader(seed(3, 300, "abc", b"\x00\xff", last="rest"))
    assert (reader.byte(), reader.byte(), reader.chunk(), reader.chunk()) == (
        3,
        44,
        b"abc",
        b"\0\xff",
    )
    assert reader.rest() == b"rest"
    assert reader.byte() == 0 and reader.chunk() == b""


# -- each oracle catches the bug it exists for ----------------------------------------------------


def _token_input(state: Any, name: str, token: str, op: int = 0) -> bytes:
    index = next(i for i, item in enumerate(state.instances) if item.name == name)
    return seed(index, op, last=token)


def test_the_forgery_oracle_catches_a_verifier_that_accepts_anything(
    states: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    state = states["jwt-hs"]
    instance = state.instances[0]
    monkeypatch.setattr(instance.jam, "jwt_verify_token", lambda token, **_: {"sub": "42"})
    with pytest.raises(Finding, match="never issued"):
        TARGETS["jwt-hs"].one(state, _token_input(state, instance.name, "a.b.c"))


def test_the_list_oracle_catches_a_black_list_that_forgets(
    states: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    state = states["jwt-ec"]
    instance = next(item for item in state.instances if item.mode == "black")
    revoked = next(t for t, i in state.issued.items() if i.signing_input in instance.revoked)
    real = instance.jam.jwt_verify_token

    def forgetful(token: Any, check_exp: bool = True, check_list: bool = True) -> Any:
        return real(token, check_exp=check_exp, check_list=False)

    monkeypatch.setattr(instance.jam, "jwt_verify_token", forgetful)
    with pytest.raises(Finding, match="revoked token verified"):
        TARGETS["jwt-ec"].one(state, _token_input(state, instance.name, revoked))


def test_the_ecdsa_twin_verifies_as_the_same_token_and_nothing_else_does(
    states: dict[str, Any],
) -> None:
    from jam.exceptions import TokenError

    state = states["jwt-ec"]
    instance = next(item for item in state.instances if item.mode == "none")
    issued = next(
        i for i in state.issued.values()
        if i.key_id == instance.key_id and i.alg == instance.alg and not i.expired
        and "nbf" not in i.claims
    )  # fmt: skip
    original, twin = issued.forms
    for form in (original, twin):  # both verify, to the same claims, through the oracle
        TARGETS["jwt-ec"].one(state, _token_input(state, instance.name, form))
    head, _, signature = original.rpartition(".")
    for other in (signature[:-2] + "AA", signature + "AA", ""):
        with pytest.raises(TokenError):
            instance.jam.jwt_verify_token(f"{head}.{other}")


def test_the_claims_oracle_catches_an_expired_token_accepted(
    states: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    state = states["jwt-claims"]
    _, auth, _ = state.instances[0]
    real = auth.jwt_verify_token
    monkeypatch.setattr(auth, "jwt_verify_token", lambda token, **_: real(token, check_exp=False))
    data = seed(0, 0, '{"alg":"HS256"}', last='{"exp":1000}')
    with pytest.raises(Finding, match="'exp' rule"):
        TARGETS["jwt-claims"].one(state, data)


def test_the_session_oracle_catches_a_store_that_answers_unknown_ids(
    states: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    state = states["sessions"]
    item = state.engines[0]
    monkeypatch.setattr(item.engine, "get", lambda session_id: {"user": "alice"})
    with pytest.raises(Finding, match="get returned data"):
        TARGETS["sessions"].one(state, seed(0, 0, 0, last="x" * 43))


def test_the_signed_id_oracle_catches_an_id_check_that_lets_forgeries_through(
    states: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    state = states["sessions"]
    index, item = next((i, e) for i, e in enumerate(state.engines) if e.signed)
    monkeypatch.setattr(item.engine.codec.ids, "valid", lambda session_id: True)
    with pytest.raises(Finding, match="never issued"):
        TARGETS["sessions"].one(state, seed(index, 0, 0, last="A" * 86))


def test_the_otp_oracle_catches_a_verifier_that_accepts_wrong_codes(
    states: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    state = states["otp"]
    instance = state.instances[0]
    monkeypatch.setattr(instance.jam, "otp_verify_code", lambda *args: True)
    code = (
        "000000" if instance.jam.otp_code(instance.secret, 1_700_000_000) != "000000" else "1" * 6
    )
    with pytest.raises(Finding, match="reference does not compute"):
        TARGETS["otp"].one(state, seed(0, 0, 0, b"", 1, 0, last=code))


def test_the_replay_oracle_catches_a_code_accepted_twice(
    states: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    state = states["otp"]
    index, instance = next(
        (i, x)
        for i, x in enumerate(state.instances)
        if x.hotp and x.config.get("replay_protection")
    )
    code = instance.jam.otp_code(instance.secret, 1000)
    data = seed(index, 1, 0, b"", 1, 0, last=code)
    TARGETS["otp"].one(state, data)  # accepted once (or already used by an earlier test)
    with pytest.raises(JamError):  # the real engine refuses the second use: check_code says so
        instance.jam.otp_check_code(instance.secret, code, 1000, 0)
    monkeypatch.setattr(instance.jam, "otp_verify_counter", lambda *args: 1000)
    with pytest.raises(Finding, match="accepted again"):
        TARGETS["otp"].one(state, data)


def test_the_uri_oracle_catches_a_label_that_reads_back_wrong(
    states: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    state = states["otp-uri"]
    instance = state.instances[0]
    real = instance.jam.otp_uri
    monkeypatch.setattr(
        instance.jam,
        "otp_uri",
        lambda secret, name, issuer, counter: real(secret, "mallory", issuer),
    )
    with pytest.raises(Finding, match="label"):
        TARGETS["otp-uri"].one(state, seed(0, 0, 0, "alice", last="Example"))


def test_the_config_oracle_catches_a_secret_in_an_error_message(
    states: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import jam.config

    secret = "S3cret-Value-0123456789"

    def leaky(config: Any, pointer: str = "jam") -> Any:
        raise JamConfigError(f"bad secret_key {secret}")

    monkeypatch.setattr(jam.config, "load_config", leaky)
    with pytest.raises(Finding, match="shows a secret"):
        TARGETS["config"].one(
            states["config"], seed(0, last=f'[jam.jwt]\nsecret_key = "{secret}"\n')
        )


def test_the_recorder_keeps_one_input_per_finding_and_no_message_of_a_crash(tmp_path: Path) -> None:
    recorder = Recorder(tmp_path, "t")
    for data in (b"one", b"two"):
        try:
            "\ud800-secret-text".encode()
        except UnicodeEncodeError as error:
            recorder.add(error, data)
    recorder.add(Finding("x: a forgery verified"), b"three")
    recorder.save()
    summary = json.loads((tmp_path / "t.findings.json").read_text())
    assert [(f["kind"], f["count"]) for f in summary] == [("crash", 2), ("property", 1)]
    assert "secret" not in json.dumps(summary)
    assert (tmp_path / summary[0]["input"]).read_bytes() == b"one"


def test_the_driver_runs_a_target_under_libfuzzer_and_reports(tmp_path: Path) -> None:
    out = tmp_path / "fuzz.json"
    process = subprocess.run(
        [sys.executable, "-m", "bench.fuzz", "--only", "otp-secret", "--seconds", "2",
         "--jobs", "1", "--json", str(out), "--findings", str(tmp_path / "findings")],
        cwd=ROOT, capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    assert process.returncode == 0, process.stdout[-2000:] + process.stderr[-2000:]
    (result,) = json.loads(out.read_text())["targets"]
    assert result["target"] == "otp-secret" and result["exit_code"] == 0
    assert result["executions"] > 1000 and result["ft"] > 10 and result["findings"] == []
    assert "otp-secret" in process.stdout and "total" in process.stdout


def test_a_secret_also_written_in_a_plain_value_is_not_a_leak(states: dict[str, Any]) -> None:
    """The long run's one finding was the oracle's: the fuzzer had copied the secret into alg."""
    secret = "AsA12RRxUUzQ5nzTBpHb8o_ITy3J0KEuE"
    doc = f'[[jam.jwt.keys]]\nkid = "a"\nalg = "HS512{secret}"\nsecret_key = "{secret}"\n'
    run(TARGETS["config"], states["config"], seed(0, last=doc))


def test_the_callback_oracle_catches_a_state_check_that_passes_anything(
    states: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from urllib.parse import urlencode

    from jam.oauth2 import _core

    state = states["oauth2-callback"]
    sealed = state.sealed["plain"]
    query = urlencode({"state": "not-the-state", "code": "c"})
    data = seed(0, 0, 0, sealed, last=query)
    with pytest.raises(OAuth2StateError):  # the real check refuses it
        TARGETS["oauth2-callback"].one(state, data)
    monkeypatch.setattr(_core, "_same", lambda a, b: True)
    with pytest.raises(Finding, match="another state"):
        TARGETS["oauth2-callback"].one(state, data)
