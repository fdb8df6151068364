"""The per-engine cache of prepared secrets: bounded, optional, cleared on close."""

from __future__ import annotations

import threading

import pytest

from jam.exceptions import OTPError, WeakSecret
from jam.otp import generate_secret, hotp, parse_secret
from jam.otp._keys import KeyCache

T = 1_700_000_020


def test_cached_and_uncached_engines_agree(make_engine):
    cached, uncached = make_engine(), make_engine(key_cache_size=0)
    for _ in range(20):
        secret = generate_secret()
        code = cached.code(secret, T)
        assert code == uncached.code(secret, T) == hotp(parse_secret(secret), T // 30)
        assert cached.verify(secret, code, T)
        assert uncached.verify(secret, code, T)
    assert len(cached.core._keys) == 20
    assert len(uncached.core._keys) == 0


def test_cache_is_bounded_oldest_first():
    cache = KeyCache("sha1", allow_weak=False, size=3)
    secrets = [generate_secret() for _ in range(5)]
    for secret in secrets:
        cache.get(secret)
    assert len(cache) == 3
    assert list(cache._entries) == secrets[2:]


def test_bad_and_weak_secrets_are_never_cached(make_engine):
    engine = make_engine()
    for _ in range(2):
        with pytest.raises(WeakSecret):
            engine.code(b"short", T)
        with pytest.raises(OTPError):
            engine.code("!!", T)
    assert len(engine.core._keys) == 0


def test_unhashable_secrets_work_without_the_cache(make_engine):
    engine = make_engine()
    key = bytearray(b"12345678901234567890")
    assert engine.code(key, 59) == engine.code(bytes(key), 59)
    assert len(engine.core._keys) == 1


@pytest.mark.parametrize("size", [-1, 1_000_001])
def test_cache_size_is_validated(make_jam, size):
    from jam.exceptions import JamConfigError

    with pytest.raises(JamConfigError, match="key_cache_size"):
        make_jam(key_cache_size=size)


def test_close_forgets_prepared_secrets(make_engine):
    engine = make_engine()
    engine.code(generate_secret(), T)
    engine.close()
    assert len(engine.core._keys) == 0


def test_threads_sharing_the_cache_get_right_answers(make_engine):
    engine = make_engine(key_cache_size=4)
    secrets = [generate_secret() for _ in range(16)]
    expected = {s: hotp(parse_secret(s), T // 30) for s in secrets}
    errors: list[str] = []

    def work(offset: int) -> None:
        for i in range(400):
            secret = secrets[(i + offset) % len(secrets)]
            if not engine.verify(secret, expected[secret], T):
                errors.append(secret)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(engine.core._keys) <= 4 + 8
