"""Attacks on the client, each refused with a typed error (and before any token request)."""

from __future__ import annotations

import logging
import secrets
import socket
import time
import traceback
import urllib.parse
from typing import Any

import pytest
from jam_tests_oauth2_server import authorize, call, corp_table
from joserfc import jwt
from joserfc.jwk import ECKey, OctKey, RSAKey

from jam.exceptions import (
    OAuth2ConfigError,
    OAuth2IDTokenError,
    OAuth2InsecureEndpointError,
    OAuth2InvalidResponseError,
    OAuth2MixUpError,
    OAuth2ProviderError,
    OAuth2RequestExpiredError,
    OAuth2RequestReplayedError,
    OAuth2ResponseTooLargeError,
    OAuth2StateError,
    OAuth2TimeoutError,
    OAuth2UnreachableError,
)
from jam.oauth2 import generate_seal_key

KEY_C = generate_seal_key()
KEY_D = generate_seal_key()
KEY_E = generate_seal_key()
KEY_F = generate_seal_key()
KEY_G = generate_seal_key()

SEAL = {"seal_key": KEY_C}


def with_params(callback: str, **changes: str | None) -> str:
    parts = urllib.parse.urlsplit(callback)
    query = dict(urllib.parse.parse_qsl(parts.query))
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return parts._replace(query=urllib.parse.urlencode(query)).geturl()


async def started(engine: Any, provider: str = "corp") -> tuple[Any, str]:
    request = await call(engine.begin(provider, ["openid"]))
    return request, authorize(request.url)


# -- state -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [{"state": None}, {"state": "forged"}, {"state": ""}],
    ids=["missing", "wrong", "empty"],
)
async def test_bad_state_refused_before_token_request(
    flavour: str, make_engine: Any, oidc: Any, change: dict[str, Any]
) -> None:
    engine = make_engine(flavour)
    request, callback = await started(engine)
    before = oidc.state.token_requests
    with pytest.raises(OAuth2StateError):
        await call(engine.complete("corp", request, with_params(callback, **change)))
    assert oidc.state.token_requests == before


async def test_state_from_another_flow(flavour: str, make_engine: Any, oidc: Any) -> None:
    engine = make_engine(flavour)
    mine, _ = await started(engine)
    _, theirs = await started(engine)
    before = oidc.state.token_requests
    with pytest.raises(OAuth2StateError):
        await call(engine.complete("corp", mine, theirs))
    assert oidc.state.token_requests == before


async def test_replayed_request_refused(flavour: str, make_engine: Any, oidc: Any) -> None:
    engine = make_engine(flavour, shared={"state_backend": "memory"})
    request, callback = await started(engine)
    await call(engine.complete("corp", request, callback))
    before = oidc.state.token_requests
    with pytest.raises(OAuth2RequestReplayedError):
        await call(engine.complete("corp", request, callback))
    assert oidc.state.token_requests == before


async def test_expired_request_refused(flavour: str, make_engine: Any, oidc: Any) -> None:
    engine = make_engine(flavour, shared={"max_age": 60})
    request, callback = await started(engine)
    old = {**request.to_dict(), "created_at": time.time() - 61}
    before = oidc.state.token_requests
    with pytest.raises(OAuth2RequestExpiredError):
        await call(engine.complete("corp", old, callback))
    assert oidc.state.token_requests == before


# -- sealed requests ---------------------------------------------------------------------------


async def test_tampered_sealed_request(flavour: str, make_engine: Any) -> None:
    engine = make_engine(flavour, shared=SEAL)
    request, callback = await started(engine)
    sealed = request.seal()
    for index in (0, 10, len(sealed) // 2, len(sealed) - 1):
        flipped = sealed[:index] + ("A" if sealed[index] != "A" else "B") + sealed[index + 1 :]
        with pytest.raises(OAuth2StateError):
            await call(engine.complete("corp", flipped, callback))
    for junk in ("", "x" * 5000, "not base64!", "é"):
        with pytest.raises(OAuth2StateError):
            await call(engine.complete("corp", junk, callback))


async def test_sealed_request_moved_to_another_provider(
    flavour: str, make_engine: Any, oidc: Any
) -> None:
    engine = make_engine(
        flavour, providers={"corp": corp_table(oidc), "other": corp_table(oidc)}, shared=SEAL
    )
    request, callback = await started(engine)
    with pytest.raises(OAuth2StateError, match="another provider"):
        await call(engine.complete("other", request.seal(), callback))


async def test_sealed_under_another_key(flavour: str, make_engine: Any, oidc: Any) -> None:
    first = make_engine(flavour, shared=SEAL)
    request, callback = await started(first)
    second = make_engine(flavour, shared={"seal_key": KEY_D})
    with pytest.raises(OAuth2StateError, match="not authentic"):
        await call(second.complete("corp", request.seal(), callback))


def test_sealed_key_rotation(make_engine: Any) -> None:
    old = make_engine("sync", shared={"seal_key": KEY_E})
    request = AuthorizationRequestFactory.make(old)
    rotated = make_engine("sync", shared={"seal_key": [KEY_F, KEY_E]})
    assert rotated.sealer.unseal(old.sealer.seal(request)).state == request.state
    assert rotated.sealer.seal(request) != old.sealer.seal(request)


class AuthorizationRequestFactory:
    @staticmethod
    def make(engine: Any) -> Any:
        from jam.oauth2 import AuthorizationRequest

        return AuthorizationRequest(
            "", "s" * 43, "v" * 64, None, "corp", "https://a/cb", time.time()
        )


# -- RFC 9207 mix-up ---------------------------------------------------------------------------


@pytest.mark.parametrize("iss", ["https://evil.example", None], ids=["other", "missing"])
async def test_mix_up_refused(flavour: str, make_engine: Any, oidc: Any, iss: str | None) -> None:
    engine = make_engine(flavour)
    request, callback = await started(engine)
    assert "iss=" in callback  # the server sends RFC 9207 iss and advertises it
    before = oidc.state.token_requests
    with pytest.raises(OAuth2MixUpError):
        await call(engine.complete("corp", request, with_params(callback, iss=iss)))
    assert oidc.state.token_requests == before


# -- ID tokens ---------------------------------------------------------------------------------


def mint(
    oidc: Any,
    client_id: str,
    *,
    alg: str = "RS256",
    key: Any = None,
    kid: str = "rsa-1",
    **claims: Any,
) -> str:
    now = int(time.time())
    body = {
        "iss": oidc.base,
        "aud": client_id,
        "sub": "alice-1",
        "iat": now,
        "exp": now + 300,
        "nonce": "n-1",
        **claims,
    }
    body = {k: v for k, v in body.items() if v is not None}
    signing = key if key is not None else oidc.state.rsa_jwk
    return jwt.encode({"alg": alg, "kid": kid}, body, signing, algorithms=[alg])


async def test_valid_id_token_rs256_and_es256(flavour: str, make_engine: Any, oidc: Any) -> None:
    engine = make_engine(flavour)
    client_id = engine.core.client("corp").settings.client_id
    claims = await call(engine.verify_id_token("corp", mint(oidc, client_id), nonce="n-1"))
    assert claims["sub"] == "alice-1"
    es = mint(oidc, client_id, alg="ES256", key=oidc.state.ec_jwk, kid="ec-1")
    assert (await call(engine.verify_id_token("corp", es)))["aud"] == client_id


BAD_CLAIMS = {
    "wrong nonce": ({"nonce": "other"}, "n-1"),
    "missing nonce": ({"nonce": None}, "n-1"),
    "wrong aud": ({"aud": "someone-else"}, None),
    "wrong iss": ({"iss": "https://evil.example"}, None),
    "expired": ({"exp": int(time.time()) - 3600}, None),
    "future iat": ({"iat": int(time.time()) + 3600}, None),
    "several audiences without azp": ({"aud": ["CLIENT", "other"]}, None),
    "azp of another client": ({"aud": ["CLIENT", "other"], "azp": "other"}, None),
    "no sub": ({"sub": None}, None),
}


@pytest.mark.parametrize("case", list(BAD_CLAIMS))
async def test_bad_id_token_claims(flavour: str, make_engine: Any, oidc: Any, case: str) -> None:
    engine = make_engine(flavour)
    client_id = engine.core.client("corp").settings.client_id
    changes, nonce = BAD_CLAIMS[case]
    changes = {
        k: (
            [client_id if a == "CLIENT" else a for a in v]
            if k == "aud" and isinstance(v, list)
            else v
        )
        for k, v in changes.items()
    }
    with pytest.raises(OAuth2IDTokenError):
        await call(engine.verify_id_token("corp", mint(oidc, client_id, **changes), nonce=nonce))


async def test_several_audiences_with_azp_accepted(
    flavour: str, make_engine: Any, oidc: Any
) -> None:
    engine = make_engine(flavour)
    client_id = engine.core.client("corp").settings.client_id
    token = mint(oidc, client_id, aud=[client_id, "api"], azp=client_id)
    assert (await call(engine.verify_id_token("corp", token)))["azp"] == client_id


async def test_hs256_keyed_with_client_secret_refused(
    flavour: str, make_engine: Any, oidc: Any
) -> None:
    engine = make_engine(flavour)
    settings = engine.core.client("corp").settings
    secret_key = OctKey.import_key(settings.client_secret.reveal())
    token = mint(oidc, settings.client_id, alg="HS256", key=secret_key)
    with pytest.raises(OAuth2IDTokenError, match="not allowed"):
        await call(engine.verify_id_token("corp", token))


async def test_hs256_only_when_configured(flavour: str, make_engine: Any, oidc: Any) -> None:
    table = corp_table(oidc, allow_hs_id_tokens=True, id_token_algs=["HS256"])
    engine = make_engine(flavour, table)
    key = OctKey.import_key(table["client_secret"])
    claims = await call(
        engine.verify_id_token("corp", mint(oidc, table["client_id"], alg="HS256", key=key))
    )
    assert claims["sub"] == "alice-1"


@pytest.mark.parametrize("alg", ["none", "PS256", "RS512"])
async def test_algorithms_the_provider_does_not_advertise(
    flavour: str, make_engine: Any, oidc: Any, alg: str
) -> None:
    engine = make_engine(flavour)
    client_id = engine.core.client("corp").settings.client_id
    if alg == "none":
        token = mint(oidc, client_id).rsplit(".", 2)
        header = jwt_header({"alg": "none", "kid": "rsa-1"})
        forged = header + "." + token[1] + "."
    else:
        forged = mint(oidc, client_id, alg=alg)
    with pytest.raises(OAuth2IDTokenError, match="not allowed"):
        await call(engine.verify_id_token("corp", forged))


def jwt_header(header: dict[str, str]) -> str:
    import base64
    import json

    return base64.urlsafe_b64encode(json.dumps(header).encode()).rstrip(b"=").decode()


async def test_signature_by_an_unknown_key(flavour: str, make_engine: Any, oidc: Any) -> None:
    engine = make_engine(flavour)
    client_id = engine.core.client("corp").settings.client_id
    stranger = RSAKey.generate_key(2048, {"kid": "rsa-1"})
    with pytest.raises(OAuth2IDTokenError, match="signature"):
        await call(engine.verify_id_token("corp", mint(oidc, client_id, key=stranger)))


async def test_jwks_flood_refetches_at_most_once_per_cooldown(
    flavour: str, make_engine: Any, oidc: Any
) -> None:
    engine = make_engine(flavour, shared={"jwks_cooldown": 3600})
    client_id = engine.core.client("corp").settings.client_id
    await call(engine.verify_id_token("corp", mint(oidc, client_id)))  # primes the cache
    before = oidc.state.jwks_fetches
    stranger = ECKey.generate_key("P-256")
    for _ in range(1000):
        token = mint(oidc, client_id, alg="ES256", key=stranger, kid=secrets.token_hex(8))
        with pytest.raises(OAuth2IDTokenError):
            await call(engine.verify_id_token("corp", token))
    assert oidc.state.jwks_fetches - before <= 1


async def test_failed_refetch_keeps_the_last_good_keys(
    flavour: str, make_engine: Any, oidc: Any
) -> None:
    engine = make_engine(flavour, shared={"jwks_cooldown": 0, "jwks_ttl": 0.001})
    client_id = engine.core.client("corp").settings.client_id
    await call(engine.verify_id_token("corp", mint(oidc, client_id)))
    engine.core.client("corp").jwks.url = oidc.base + "/html"  # the next refetch fails
    time.sleep(0.01)
    claims = await call(engine.verify_id_token("corp", mint(oidc, client_id)))
    assert claims["sub"] == "alice-1"


async def test_oversized_jwks_refused(flavour: str, make_engine: Any, oidc: Any) -> None:
    engine = make_engine(flavour, corp_table(oidc, jwks_url=oidc.base + "/big"))
    client_id = engine.core.client("corp").settings.client_id
    with pytest.raises(OAuth2IDTokenError, match="no provider key"):
        await call(engine.verify_id_token("corp", mint(oidc, client_id)))


# -- transport ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/big", "/streamed-big"])
async def test_oversized_response(flavour: str, make_engine: Any, oidc: Any, path: str) -> None:
    engine = make_engine(flavour, corp_table(oidc, token_url=oidc.base + path))
    with pytest.raises(OAuth2ResponseTooLargeError):
        await call(engine.client_credentials_flow("corp"))


async def test_slow_endpoint_fails_within_the_timeout(
    flavour: str, make_engine: Any, oidc: Any
) -> None:
    engine = make_engine(flavour, corp_table(oidc, token_url=oidc.base + "/slow", timeout=0.5))
    started_at = time.monotonic()
    with pytest.raises(OAuth2TimeoutError):
        await call(engine.client_credentials_flow("corp"))
    assert time.monotonic() - started_at < oidc.state.slow_seconds - 1  # did not wait it out


async def test_unreachable_endpoint(flavour: str, make_engine: Any, oidc: Any) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine = make_engine(flavour, corp_table(oidc, token_url=f"http://127.0.0.1:{port}/token"))
    with pytest.raises(OAuth2UnreachableError):
        await call(engine.client_credentials_flow("corp"))


async def test_html_error_page(flavour: str, make_engine: Any, oidc: Any) -> None:
    engine = make_engine(flavour, corp_table(oidc, token_url=oidc.base + "/html"))
    with pytest.raises(OAuth2InvalidResponseError, match="502"):
        await call(engine.client_credentials_flow("corp"))


async def test_error_with_http_200(flavour: str, make_engine: Any, oidc: Any) -> None:
    engine = make_engine(flavour, corp_table(oidc, token_url=oidc.base + "/error-200"))
    with pytest.raises(OAuth2ProviderError) as caught:
        await call(engine.client_credentials_flow("corp"))
    assert caught.value.error == "bad_verification_code" and caught.value.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "http://idp.example/token",
        "ftp://127.0.0.1/t",
        "https:///x",
        "https://user:pw@idp.example/t",
    ],
)
def test_insecure_endpoints_refused(make_engine: Any, oidc: Any, url: str) -> None:
    with pytest.raises(OAuth2InsecureEndpointError):
        make_engine("sync", corp_table(oidc, token_url=url))


@pytest.mark.parametrize("host", ["127.0.0.1", "[::1]", "localhost"])
def test_loopback_http_allowed(make_engine: Any, oidc: Any, host: str) -> None:
    engine = make_engine("sync", corp_table(oidc, token_url=f"http://{host}:9/token"))
    assert engine.core.client("corp").endpoint("token").startswith("http://")


async def test_redirect_not_configured_refused(flavour: str, make_engine: Any, oidc: Any) -> None:
    engine = make_engine(flavour, corp_table(oidc, redirect_urls=["https://app.example/other"]))
    ok = await call(engine.begin("corp", redirect_uri="https://app.example/other"))
    assert ok.redirect_url == "https://app.example/other"
    for method, args in (("begin", ("corp",)), ("get_authorized_url", ("corp", ["openid"]))):
        with pytest.raises(OAuth2ConfigError, match="redirect"):
            await call(getattr(engine, method)(*args, redirect_uri="https://evil.example/cb"))


async def test_reserved_parameters_refused(flavour: str, make_engine: Any) -> None:
    engine = make_engine(flavour)
    with pytest.raises(OAuth2ConfigError, match="state"):
        await call(engine.begin("corp", state="mine"))


# -- nothing secret leaks ----------------------------------------------------------------------


async def test_no_secret_in_logs_messages_or_reprs(
    flavour: str, make_engine: Any, oidc: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    table = corp_table(oidc)
    engine = make_engine(flavour, table, shared={"seal_key": KEY_G, "state_backend": "memory"})
    request = await call(engine.begin("corp", ["openid"]))
    kept = list(caplog.records)
    callback = authorize(request.url)  # the user's browser (its own httpx logs are not Jam's)
    caplog.clear()
    code = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(callback).query))["code"]
    result = await call(engine.complete("corp", request.seal(), callback))
    secrets_seen = [
        table["client_secret"],
        code,
        request.state,
        request.code_verifier,
        request.nonce,
        request.seal(),
        result.access_token,
        result.refresh_token,
        result.id_token,
    ]
    texts = [repr(request), repr(result), str(result), repr(engine.core.client("corp"))]
    failures: list[BaseException] = []
    for attempt in (
        lambda: engine.complete("corp", request, callback),  # replayed
        lambda: engine.fetch_token("corp", code),  # code already used: invalid_grant
        lambda: engine.refresh_token("corp", "not-" + result.refresh_token),
    ):
        try:
            await call(attempt())
        except Exception as err:
            failures.append(err)
    assert len(failures) == 3
    texts += ["".join(traceback.format_exception(err)) for err in failures]
    texts += [repr(err) for err in failures]
    client_side = ("jam", "httpx", "httpcore")  # the test server's own (Authlib) logs are not Jam's
    records = kept + list(caplog.records)
    texts += [r.getMessage() for r in records if r.name.split(".")[0] in client_side]
    assert any(r.name == "jam.oauth2" for r in records)
    for text in texts:
        for secret in secrets_seen:
            assert secret not in text


async def test_es256_id_tokens_with_high_s_from_other_libraries(
    flavour: str, make_engine: Any, oidc: Any
) -> None:
    # Providers' ECDSA libraries pick either half of s; Jam's own tokens are low-S only.
    import base64

    engine = make_engine(flavour)
    client_id = engine.core.client("corp").settings.client_id
    size = 32
    order = int("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16)  # P-256
    for _ in range(8):
        token = mint(oidc, client_id, alg="ES256", key=oidc.state.ec_jwk, kid="ec-1")
        head, body, sig = token.split(".")
        raw = base64.urlsafe_b64decode(sig + "==")
        s = int.from_bytes(raw[size:], "big")
        for variant in (s, order - s):  # both halves verify
            flipped = raw[:size] + variant.to_bytes(size, "big")
            encoded = base64.urlsafe_b64encode(flipped).rstrip(b"=").decode()
            claims = await call(engine.verify_id_token("corp", f"{head}.{body}.{encoded}"))
            assert claims["sub"] == "alice-1"


async def test_replay_refused_across_engines_sharing_a_sqlite_state_backend(
    flavour: str, make_engine: Any, oidc: Any, tmp_path: Any
) -> None:
    shared = {"state_backend": "sqlite", "path": str(tmp_path / "states.db")}
    table = corp_table(oidc)
    first = make_engine(flavour, dict(table), shared=shared)
    second = make_engine(flavour, dict(table), shared=shared)  # another worker
    request, callback = await started(first)
    await call(first.complete("corp", request, callback))
    before = oidc.state.token_requests
    with pytest.raises(OAuth2RequestReplayedError):
        await call(second.complete("corp", request.to_dict(), callback))
    assert oidc.state.token_requests == before
