"""A plugin's answers are checked, never trusted for their truth value.

Only ``verify(...) is True`` means a valid signature; any other value, or an
exception, from an algorithm plugin is a failed verification (typed). A token
list's ``contains`` must answer exactly True or False. And a list never keys a
token on its signature, so an algorithm whose signatures can be re-encoded
(ECDSA's ``(r, n - s)``, or any malleable plugin) cannot bring a revoked
token back.
"""

from __future__ import annotations

import base64
import time
from typing import Any

import pytest

import jam
from jam.exceptions import InvalidSignature, JamPluginError, TokenInBlackList

PLUGIN = '''
import hmac

from jam import hookimpl
from jam.plugins import AlgorithmRecord, TokenListRecord

RESULT = {"value": True}


class Answering:
    """HS256 that answers RESULT["value"] for a bad MAC (a broken plugin)."""

    name = "XS256"

    def load_signing_key(self, material):
        return bytes(material)

    load_verifying_key = load_signing_key

    def public_key_of(self, key):
        return key

    def sign(self, key, message):
        return hmac.digest(key, message, "sha256")

    def verify(self, key, message, signature):
        if hmac.compare_digest(hmac.digest(key, message, "sha256"), signature):
            return True
        value = RESULT["value"]
        if isinstance(value, Exception):
            raise value
        return value


class Malleable(Answering):
    """HS256 that ignores bytes after the MAC: a signature with many valid encodings."""

    name = "MS256"

    def verify(self, key, message, signature):
        return hmac.compare_digest(hmac.digest(key, message, "sha256"), signature[:32])


class Yes:
    """A token list whose contains() answers a truthy non-bool."""

    def __init__(self, options):
        self.answer = "yes"

    def add(self, token_id, ttl):
        pass

    def add_if_absent(self, token_id, ttl):
        return True

    def contains(self, token_id):
        return self.answer

    def remove(self, token_id):
        pass

    def close(self):
        pass


@hookimpl
def jam_register_algorithms():
    return [
        AlgorithmRecord(name="XS256", factory=Answering, key_types=("oct",)),
        AlgorithmRecord(name="MS256", factory=Malleable, key_types=("oct",)),
    ]


@hookimpl
def jam_register_token_lists():
    return [TokenListRecord(name="yes", options=None, factory=Yes)]
'''

SECRET = "a-plugin-results-test-secret-32-bytes!"


@pytest.fixture
def plugin(fake_dist: Any) -> Any:
    fake_dist("jam-auth-odd", modules={"jam_odd": PLUGIN}, entry_points={"odd": "jam_odd"})
    import jam_odd  # type: ignore[import-not-found]

    return jam_odd


def forged(auth: jam.Jam) -> str:
    token = auth.jwt_create_token({"sub": "1", "exp": int(time.time()) + 60})
    header, payload, _ = token.split(".")
    return f"{header}.{payload}.{base64.urlsafe_b64encode(b'x' * 32).rstrip(b'=').decode()}"


@pytest.mark.parametrize("answer", [b"yes", 1, [1], "True", object()])
def test_only_true_from_verify_is_valid(plugin: Any, answer: object) -> None:
    auth = jam.Jam(config={"jwt": {"alg": "XS256", "secret_key": SECRET}})
    token = forged(auth)
    plugin.RESULT["value"] = answer
    with pytest.raises(JamPluginError, match="only True or False"):
        auth.jwt_verify_token(token)
    plugin.RESULT["value"] = False
    with pytest.raises(InvalidSignature):
        auth.jwt_verify_token(token)


@pytest.mark.parametrize("error", [ValueError("bad point"), KeyError("k"), RuntimeError("x")])
def test_an_exception_from_verify_is_a_failed_verification(plugin: Any, error: Exception) -> None:
    auth = jam.Jam(config={"jwt": {"alg": "XS256", "secret_key": SECRET}})
    plugin.RESULT["value"] = error
    with pytest.raises(InvalidSignature) as raised:
        auth.jwt_verify_token(forged(auth))
    assert raised.value.__cause__ is None  # the plugin's message is not passed on


def test_a_truthy_answer_from_a_list_is_refused(plugin: Any) -> None:
    auth = jam.Jam(
        config={
            "jwt": {
                "alg": "XS256",
                "secret_key": SECRET,
                "list": {"type": "white", "backend": "yes"},
            }
        }
    )
    token = auth.jwt_create_token(auth.jwt_make_payload(60, {}))
    with pytest.raises(JamPluginError, match="contains"):
        auth.jwt_verify_token(token)


def test_a_re_encoded_signature_does_not_escape_the_black_list(plugin: Any) -> None:
    auth = jam.Jam(
        config={"jwt": {"alg": "MS256", "secret_key": SECRET, "list": {"type": "black"}}}
    )
    token = auth.jwt_create_token({"sub": "1", "exp": int(time.time()) + 60})  # no jti
    auth.jwt_revoke_token(token)
    header, payload, signature = token.split(".")
    raw = base64.urlsafe_b64decode(signature + "==")
    for extra in (b"\x00", b"junk", b"\x01" * 16):
        reencoded = base64.urlsafe_b64encode(raw + extra).rstrip(b"=").decode()
        twin = f"{header}.{payload}.{reencoded}"
        assert twin != token
        assert auth.jwt_verify_token(twin, check_list=False)["sub"] == "1"  # it verifies...
        with pytest.raises(TokenInBlackList):  # ...and it is still the revoked token
            auth.jwt_verify_token(twin)
