"""Encrypted sessions: AES-256-GCM at rest, authenticated ids, forged ids, key rotation."""

from __future__ import annotations

import base64
import json
import re
import secrets
from typing import TYPE_CHECKING, Any

import pytest

from jam import Jam
from jam.exceptions import JamConfigError, SessionNotFound
from jam.sessions import generate_session_secret

if TYPE_CHECKING:
    from collections.abc import Callable

URLSAFE_86 = re.compile(r"^[A-Za-z0-9_-]{86}$")


def _raw(jam: Jam, sid: str) -> bytes:
    engine = jam.sessions
    assert engine is not None
    return engine.store._entries[sid].data  # type: ignore[attr-defined,no-any-return]


def _crypt(make_jam: Callable[..., Jam], secrets_: str | list[str]) -> Jam:
    return make_jam(is_session_crypt=True, session_aes_secret=secrets_)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "==")


def test_generated_secret_is_32_bytes_base64url() -> None:
    secret = generate_session_secret()
    assert len(_unb64(secret)) == 32
    assert secret != generate_session_secret()


def test_data_is_encrypted_at_rest(make_jam: Callable[..., Jam], secret: str) -> None:
    jam = _crypt(make_jam, secret)
    sid = jam.session_create("alice@example.org", {"card": "4111-1111"})
    raw = _raw(jam, sid)
    assert b"4111" not in raw and b"card" not in raw and b"alice" not in raw
    assert jam.session_get(sid) == {"card": "4111-1111"}
    assert URLSAFE_86.match(sid)


def test_forged_ids_are_rejected_without_store_call(
    make_jam: Callable[..., Jam], spy_on: Callable[[Jam], Any], secret: str
) -> None:
    jam = _crypt(make_jam, secret)
    real = jam.session_create("alice", {})
    spy = spy_on(jam)
    raw = bytearray(_unb64(real))
    raw[-1] ^= 1  # flip one tag bit
    forged = [
        _b64(secrets.token_bytes(64)),  # right shape, wrong tag
        _b64(bytes(raw)),
        real[:-1] + ("A" if real[-1] != "A" else "Q"),  # non-canonical or other tag
        secrets.token_urlsafe(32),  # a plain-mode id
    ]
    for sid in forged:
        assert jam.session_get(sid) is None
        with pytest.raises(SessionNotFound):
            jam.session_update(sid, {})
        with pytest.raises(SessionNotFound):
            jam.session_rework(sid)
        jam.session_delete(sid)
    assert spy.calls == []


def test_ids_from_another_secret_are_forged(make_jam: Callable[..., Jam]) -> None:
    one = _crypt(make_jam, generate_session_secret())
    other = _crypt(make_jam, generate_session_secret())
    assert other.session_get(one.session_create("alice", {})) is None


def test_ciphertext_is_bound_to_its_session(make_jam: Callable[..., Jam], secret: str) -> None:
    """Copying one session's ciphertext onto another id does not decrypt."""
    jam = _crypt(make_jam, secret)
    admin = jam.session_create("admin", {"role": "admin"})
    mine = jam.session_create("mallory", {"role": "user"})
    engine = jam.sessions
    assert engine is not None
    engine.store._entries[mine].data = _raw(jam, admin)  # type: ignore[attr-defined]
    assert jam.session_get(mine) is None


def test_tampered_ciphertext_reads_as_missing(make_jam: Callable[..., Jam], secret: str) -> None:
    jam = _crypt(make_jam, secret)
    sid = jam.session_create("alice", {"a": 1})
    engine = jam.sessions
    assert engine is not None
    entry = engine.store._entries[sid]  # type: ignore[attr-defined]
    entry.data = entry.data[:-1] + bytes([entry.data[-1] ^ 1])
    assert jam.session_get(sid) is None


def test_rework_keeps_encrypted_data_readable(make_jam: Callable[..., Jam], secret: str) -> None:
    jam = _crypt(make_jam, secret)
    old = jam.session_create("alice", {"a": 1})
    new = jam.session_rework(old)
    assert jam.session_get(old) is None
    assert jam.session_get(new) == {"a": 1}
    jam.session_update(new, {"a": 2})
    assert jam.session_get(jam.session_rework(new)) == {"a": 2}


def test_key_rotation_newest_first(make_jam: Callable[..., Jam]) -> None:
    old_key, new_key = generate_session_secret(), generate_session_secret()
    jam = _crypt(make_jam, old_key)
    before = jam.session_create("alice", {"v": "old"})
    engine = jam.sessions
    assert engine is not None
    store = engine.store

    rotated = _crypt(make_jam, [new_key, old_key])
    assert rotated.sessions is not None
    rotated.sessions.store = store
    assert rotated.session_get(before) == {"v": "old"}  # old key still decrypts
    after = rotated.session_create("alice", {"v": "new"})

    only_new = _crypt(make_jam, [new_key])
    assert only_new.sessions is not None
    only_new.sessions.store = store
    assert only_new.session_get(after) == {"v": "new"}  # encrypted with the newest key
    assert only_new.session_get(before) is None  # old key retired: old sessions end


def test_plain_sessions_store_json(make_jam: Callable[..., Jam]) -> None:
    jam = make_jam()
    sid = jam.session_create("alice", {"a": 1})
    assert json.loads(_raw(jam, sid)) == {"d": {"a": 1}, "x": None}


def test_crypt_without_secret_is_a_config_error() -> None:
    with pytest.raises(JamConfigError, match="generate_session_secret"):
        Jam(config={"session": {"backend": "memory", "is_session_crypt": True}})


@pytest.mark.parametrize("bad", ["too-short", _b64(b"x" * 31), "!!!not base64!!!" * 3])
def test_bad_secret_is_a_config_error_that_hides_it(bad: str) -> None:
    with pytest.raises(JamConfigError, match="session_aes_secret") as caught:
        Jam(
            config={
                "session": {
                    "backend": "memory",
                    "is_session_crypt": True,
                    "session_aes_secret": bad,
                }
            }
        )
    assert bad not in str(caught.value)


def test_secret_from_environment(monkeypatch: pytest.MonkeyPatch, secret: str) -> None:
    monkeypatch.setenv("JAM_SESSION_KEY", secret)
    jam = Jam(
        config={
            "session": {
                "backend": "memory",
                "is_session_crypt": True,
                "session_aes_secret": "$JAM_SESSION_KEY",
            }
        }
    )
    assert jam.session_get(jam.session_create("alice", {"a": 1})) == {"a": 1}
    assert secret not in repr(jam.config)
    jam.close()
