"""``session_aes_secret``: strict base64url, refused when not random, decoded once."""

from __future__ import annotations

import base64

import pytest

import jam
from jam.config import SessionSettings, load_config
from jam.exceptions import JamConfigError
from jam.sessions import generate_session_secret

RANDOM = bytes(range(7, 39))  # 32 distinct bytes
GOOD = base64.urlsafe_b64encode(RANDOM).decode().rstrip("=")


def session(secret: object, **more: object) -> dict[str, object]:
    return {"session": {"backend": "memory", "is_session_crypt": True,
                        "session_aes_secret": secret, **more}}  # fmt: skip


@pytest.mark.parametrize(
    "bad",
    [
        GOOD[:20] + "!!!!" + GOOD[20:],  # characters outside the alphabet, once silently dropped
        GOOD[:20] + " \t. " + GOOD[20:],
        GOOD[:20] + "+" + GOOD[21:],  # standard base64, not base64url
        GOOD + "=" * 3,
        GOOD[:-1] + "B",  # non-canonical last character (its spare bits are not zero)
    ],
    ids=["bang", "space", "plus", "too-much-padding", "non-canonical"],
)
def test_text_outside_canonical_base64url_is_refused(bad: str) -> None:
    with pytest.raises(JamConfigError, match="session_aes_secret") as info:
        load_config(session(bad))
    assert bad not in str(info.value)


def test_padding_is_optional() -> None:
    for text in (GOOD, GOOD + "="):
        cfg = load_config(session(text))
        assert cfg.session is not None and cfg.session.session_secrets == [RANDOM]


@pytest.mark.parametrize(
    "raw",
    [bytes(32), b"\xff" * 32, b"ab" * 16, bytes(range(7)) * 4 + b"\0" * 4],
    ids=["zeros", "one-byte", "two-byte-pattern", "seven-values"],
)
def test_secrets_that_are_not_random_are_refused_unless_allowed(raw: bytes) -> None:
    text = base64.urlsafe_b64encode(raw).decode()
    with pytest.raises(JamConfigError, match="not random") as info:
        load_config(session(text))
    assert "allow_weak_secret" in str(info.value)
    cfg = load_config(session(text, allow_weak_secret=True))
    assert cfg.session is not None and cfg.session.session_secrets == [raw]


def test_a_weak_secret_in_a_rotation_list_is_refused() -> None:
    with pytest.raises(JamConfigError, match="not random"):
        load_config(session([GOOD, base64.urlsafe_b64encode(bytes(32)).decode()]))


def test_generated_secrets_pass() -> None:
    for _ in range(50):
        load_config(session(generate_session_secret()))


def test_secrets_are_decoded_once_at_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = SessionSettings.model_validate(
        {"is_session_crypt": True, "session_aes_secret": [GOOD, generate_session_secret()]}
    )
    calls = []

    def counting(*args: object, **kwargs: object) -> bytes:
        calls.append(1)
        return b""

    monkeypatch.setattr(base64, "urlsafe_b64decode", counting)
    for _ in range(3):
        assert settings.session_secrets[0] == RANDOM
    assert calls == []
    settings.session_secrets.clear()  # a copy: the cached keys cannot be changed from outside
    assert len(settings.session_secrets) == 2


def test_the_engine_uses_the_decoded_secret() -> None:
    auth = jam.Jam(config=session(GOOD))
    sid = auth.session_create("alice", {"n": 1})
    assert auth.session_get(sid) == {"n": 1}
    auth.close()
