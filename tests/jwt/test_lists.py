"""Black and white token lists on the built-in memory backend: ids, TTLs and semantics."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

import jwt as pyjwt
import pytest

import jam
from jam.exceptions import JamConfigError, TokenInBlackList, TokenNotInWhiteList


class Spy:
    """Records every ``add``/``remove`` the engine sends to the backend."""

    def __init__(self, backend: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        self.added: list[tuple[str, int | None]] = []
        self.removed: list[str] = []
        add, remove = backend.add, backend.remove

        def spy_add(token_id: str, ttl: int | None) -> None:
            self.added.append((token_id, ttl))
            add(token_id, ttl)

        def spy_remove(token_id: str) -> None:
            self.removed.append(token_id)
            remove(token_id)

        monkeypatch.setattr(backend, "add", spy_add)
        monkeypatch.setattr(backend, "remove", spy_remove)


def listed(make_jam: Callable[..., jam.Jam], keys: Any, kind: str, **extra: Any) -> jam.Jam:
    return make_jam(keys.jwt_table("HS256", list={"type": kind, "backend": "memory"}, **extra))


@pytest.fixture
def black(make_jam: Callable[..., jam.Jam], keys: Any) -> jam.Jam:
    return listed(make_jam, keys, "black")


@pytest.fixture
def white(make_jam: Callable[..., jam.Jam], keys: Any) -> jam.Jam:
    return listed(make_jam, keys, "white")


def test_check_list_without_a_list_is_a_no_op(hs256: jam.Jam) -> None:
    token = hs256.jwt_create_token(hs256.jwt_make_payload(60, {"sub": "42"}))
    assert hs256.jwt_list is None
    assert hs256.jwt_verify_token(token, check_list=True)["sub"] == "42"


def test_revoke_without_a_list_is_a_config_error(hs256: jam.Jam) -> None:
    token = hs256.jwt_create_token(hs256.jwt_make_payload(60, {}))
    with pytest.raises(JamConfigError, match="list"):
        hs256.jwt_revoke_token(token)


def test_black_list_rejects_a_revoked_token_only(black: jam.Jam) -> None:
    first = black.jwt_create_token(black.jwt_make_payload(60, {"sub": "1"}))
    second = black.jwt_create_token(black.jwt_make_payload(60, {"sub": "2"}))
    assert black.jwt_verify_token(first)["sub"] == "1"
    black.jwt_revoke_token(first)
    with pytest.raises(TokenInBlackList) as info:
        black.jwt_verify_token(first)
    assert isinstance(info.value, ValueError)
    assert black.jwt_verify_token(first, check_list=False)["sub"] == "1"
    assert black.jwt_verify_token(second)["sub"] == "2"


def test_black_list_stores_the_jti_with_the_remaining_lifetime(
    black: jam.Jam, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy(black.jwt_list, monkeypatch)
    payload = black.jwt_make_payload(120, {"sub": "1"})
    token = black.jwt_create_token(payload)
    assert spy.added == []  # a black list stores nothing on create
    black.jwt_revoke_token(token)
    ((token_id, ttl),) = spy.added
    assert token_id == "jti:" + payload["jti"]
    assert token not in token_id
    assert ttl is not None
    assert 118 <= ttl <= 120
    assert black.jwt_list is not None
    assert black.jwt_list.contains(token_id)
    assert not black.jwt_list.contains(token)


def test_list_ttl_includes_leeway(
    make_jam: Callable[..., jam.Jam], keys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    j = listed(make_jam, keys, "black", leeway=30)
    spy = Spy(j.jwt_list, monkeypatch)
    token = j.jwt_create_token(j.jwt_make_payload(100, {}))
    j.jwt_revoke_token(token)
    ((_, ttl),) = spy.added
    assert ttl is not None
    assert 128 <= ttl <= 130


def test_token_without_jti_is_stored_as_the_sha256_of_its_signing_input(
    black: jam.Jam, keys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy(black.jwt_list, monkeypatch)
    token = pyjwt.encode({"exp": int(time.time()) + 60}, keys.secret, algorithm="HS256")
    black.jwt_revoke_token(token)
    ((token_id, _),) = spy.added
    signing_input = token.rpartition(".")[0]
    assert token_id == "jws:" + hashlib.sha256(signing_input.encode()).hexdigest()
    with pytest.raises(TokenInBlackList):
        black.jwt_verify_token(token)


def test_revoking_an_expired_token_stores_nothing(
    black: jam.Jam, keys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy(black.jwt_list, monkeypatch)
    token = pyjwt.encode({"exp": int(time.time()) - 10, "jti": "x"}, keys.secret)
    black.jwt_revoke_token(token)
    assert spy.added == []


def test_revoke_requires_a_valid_signature(black: jam.Jam, other_keys: Any) -> None:
    forged = pyjwt.encode({"exp": int(time.time()) + 60, "jti": "x"}, other_keys.secret)
    with pytest.raises(jam.InvalidSignature):
        black.jwt_revoke_token(forged)


def test_revoke_accepts_bytes(black: jam.Jam) -> None:
    token = black.jwt_create_token(black.jwt_make_payload(60, {}))
    black.jwt_revoke_token(token.encode("ascii"))
    with pytest.raises(TokenInBlackList):
        black.jwt_verify_token(token)


def test_white_list_accepts_tokens_it_created(
    white: jam.Jam, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy(white.jwt_list, monkeypatch)
    payload = white.jwt_make_payload(300, {"sub": "1"})
    token = white.jwt_create_token(payload)
    ((token_id, ttl),) = spy.added
    assert token_id == "jti:" + payload["jti"]
    assert ttl is not None
    assert 298 <= ttl <= 300
    assert white.jwt_verify_token(token)["sub"] == "1"


def test_white_list_rejects_valid_tokens_it_did_not_issue(white: jam.Jam, keys: Any) -> None:
    token = pyjwt.encode({"exp": int(time.time()) + 60, "jti": "foreign"}, keys.secret)
    with pytest.raises(TokenNotInWhiteList) as info:
        white.jwt_verify_token(token)
    assert isinstance(info.value, ValueError)
    assert white.jwt_verify_token(token, check_list=False)["jti"] == "foreign"


def test_white_list_revoke_removes_the_token(
    white: jam.Jam, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy(white.jwt_list, monkeypatch)
    payload = white.jwt_make_payload(60, {})
    token = white.jwt_create_token(payload)
    white.jwt_revoke_token(token)
    assert spy.removed == ["jti:" + payload["jti"]]
    with pytest.raises(TokenNotInWhiteList):
        white.jwt_verify_token(token)


def test_white_list_entry_removed_from_the_backend_fails(white: jam.Jam) -> None:
    payload = white.jwt_make_payload(60, {})
    token = white.jwt_create_token(payload)
    assert white.jwt_list is not None
    white.jwt_list.remove("jti:" + payload["jti"])
    with pytest.raises(TokenNotInWhiteList):
        white.jwt_verify_token(token)


def test_lists_never_store_the_raw_token(
    black: jam.Jam, white: jam.Jam, keys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    spies = [Spy(black.jwt_list, monkeypatch), Spy(white.jwt_list, monkeypatch)]
    tokens = []
    for j in (black, white):
        for payload in (j.jwt_make_payload(60, {}), {"exp": int(time.time()) + 60}):
            token = j.jwt_create_token(payload)
            tokens.append(token)
            j.jwt_revoke_token(token)
    ids = [i for spy in spies for i, _ in spy.added] + [i for spy in spies for i in spy.removed]
    assert len(ids) == 6  # black: 2 adds; white: 2 adds + 2 removes
    for token_id in ids:
        assert token_id.startswith(("jti:", "jws:"))
        assert all(
            token not in token_id and token.split(".")[2] not in token_id for token in tokens
        )


def test_two_jams_never_share_a_memory_list(make_jam: Callable[..., jam.Jam], keys: Any) -> None:
    first, second = listed(make_jam, keys, "black"), listed(make_jam, keys, "black")
    token = first.jwt_create_token(first.jwt_make_payload(60, {}))
    first.jwt_revoke_token(token)
    assert second.jwt_verify_token(token)
