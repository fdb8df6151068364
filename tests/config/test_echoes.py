"""Error messages quote user-controlled text (keys, names, algorithms) cut and escaped."""

from __future__ import annotations

import pytest

import jam
from jam.exceptions import JamError

HUGE = "A" * 12_000
SECRET = "a-config-test-hs256-secret-32-bytes!"

CASES = {
    "unknown-key": {"jwt": {"secret_key": SECRET, HUGE: 1}},
    "unknown-nested-key": {"jwt": {"keys": [{"kid": "a", "secret_key": SECRET, HUGE: 1}]}},
    "provider-table-name": {"oauth2": {"providers": {HUGE: {"client_id": 1}}}},
    "alg": {"jwt": {"alg": HUGE, "secret_key": SECRET}},
    "algorithms": {"jwt": {"alg": "HS256", "algorithms": [HUGE], "secret_key": SECRET}},
    "session-backend": {"session": {"backend": HUGE}},
    "list-backend": {"jwt": {"secret_key": SECRET, "list": {"type": "black", "backend": HUGE}}},
    "backend-key": {"session": {"backend": "memory", HUGE: 1}},
    "otp-backend-key": {"otp": {HUGE: 1}},
    "disable": {"plugins": {"disable": [HUGE]}},
    "enable": {"plugins": {"autoload": False, "enable": [HUGE]}},
    "enable-and-disable": {"plugins": {"autoload": False, "enable": [HUGE], "disable": [HUGE]}},
    "allow": {"plugins": {"allow": [HUGE]}},
    "allow-version": {"plugins": {"allow": ["jwa==" + HUGE]}},
    "auth-type": {"auth_type": HUGE},
    "env-name": {"jwt": {"secret_key": {"env": "X" + HUGE}}},
    "env-reference": {"jwt": {"secret_key": "$XDG_" + HUGE}},
    "file-name": {"jwt": {"secret_key": {"file": "/nonexistent/" + HUGE}}},
}


@pytest.mark.parametrize("config", list(CASES.values()), ids=list(CASES))
def test_user_text_is_cut_in_messages(config: dict[str, object]) -> None:
    with pytest.raises(JamError) as info:
        jam.Jam(config=config)
    message = str(info.value)
    assert "A" * 300 not in message
    assert len(message) < 3000
