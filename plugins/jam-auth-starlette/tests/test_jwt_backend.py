"""JWTBackend: what a handler sees for every kind of bearer credential, good and bad."""

from __future__ import annotations

import time
from typing import Any

import pytest

import jam
import jam.aio
from jam_starlette import JWTBackend

REFUSED = (401, 503)


async def make_token(auth: jam.aio.Jam, **claims: Any) -> str:
    payload = auth.jwt_make_payload(exp=600, data={"sub": "alice", **claims})
    return await auth.jwt_create_token(payload)


async def assert_anonymous(kit: Any, app: Any, headers: Any, status: int = 401) -> dict[str, str]:
    """The protected route refuses; the public route sees nobody."""
    async with kit.client(app) as http:
        refused = await http.get("/me", headers=headers)
        public = await http.get("/public", headers=headers)
    assert refused.status_code == status, refused.text
    assert "sub" not in refused.json()
    assert public.status_code == 200
    assert public.json() == {"sub": None, "authenticated": False, "auth_scopes": []}
    return dict(refused.headers)


async def test_valid_bearer_token_gives_the_handler_identity_and_scopes(
    kit: Any,
    jwt_auth: jam.aio.Jam,
) -> None:
    token = await make_token(jwt_auth, scope="read admin write")
    app = kit.build_app(jwt_auth, JWTBackend(jwt_auth))
    async with kit.client(app) as http:
        me = await http.get("/me", headers={"Authorization": f"Bearer {token}"})
        admin = await http.get("/admin", headers={"Authorization": f"bearer {token}"})
        public = await http.get("/public", headers={"Authorization": f"BEARER {token}"})
    assert me.status_code == 200
    body = me.json()
    assert body["sub"] == "alice"
    assert body["scopes"] == ["admin", "read", "write"]
    assert body["source"] == "jwt"
    assert body["claims"]["sub"] == "alice"
    assert admin.status_code == 200 and admin.json()["sub"] == "alice"
    assert public.json() == {
        "sub": "alice",
        "authenticated": True,
        "auth_scopes": ["authenticated", "admin", "read", "write"],
    }


async def test_scp_list_claim_gives_scopes(kit: Any, jwt_auth: jam.aio.Jam) -> None:
    token = await make_token(jwt_auth, scp=["admin", "write", 7, "two words"])
    app = kit.build_app(jwt_auth, JWTBackend(jwt_auth))
    async with kit.client(app) as http:
        me = await http.get("/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["scopes"] == ["admin", "write"]


async def test_no_credential_is_401_with_a_bare_bearer_challenge(
    kit: Any, jwt_auth: jam.aio.Jam
) -> None:
    headers = await assert_anonymous(kit, kit.build_app(jwt_auth, JWTBackend(jwt_auth)), {})
    assert headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "token",
    [
        "not-a-jwt",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl",  # well formed, forged
        "a.b.c",
        "x" * 20_000,
    ],
    ids=["garbage", "forged", "three-dots", "oversized"],
)
async def test_unknown_or_forged_token_is_401_invalid_token(
    kit: Any, jwt_auth: jam.aio.Jam, token: str
) -> None:
    app = kit.build_app(jwt_auth, JWTBackend(jwt_auth))
    headers = await assert_anonymous(kit, app, {"Authorization": f"Bearer {token}"})
    assert 'error="invalid_token"' in headers["www-authenticate"]


async def test_token_signed_with_another_key_is_refused(kit: Any, jwt_auth: jam.aio.Jam) -> None:
    other_table = {**kit.jwt_table(), "secret_key": "another-secret-that-is-long-enough-for-hs256"}
    async with jam.aio.Jam(config={"jwt": other_table}) as other:
        token = await make_token(other)
    app = kit.build_app(jwt_auth, JWTBackend(jwt_auth))
    await assert_anonymous(kit, app, {"Authorization": f"Bearer {token}"})


async def test_expired_token_is_401_and_says_expired(kit: Any, jwt_auth: jam.aio.Jam) -> None:
    past = int(time.time()) - 120
    token = await jwt_auth.jwt_create_token({"sub": "alice", "iat": past - 60, "exp": past})
    app = kit.build_app(jwt_auth, JWTBackend(jwt_auth))
    headers = await assert_anonymous(kit, app, {"Authorization": f"Bearer {token}"})
    assert headers["www-authenticate"] == (
        'Bearer error="invalid_token", error_description="The access token expired"'
    )


async def test_revoked_token_is_refused(kit: Any, jwt_auth: jam.aio.Jam) -> None:
    token = await make_token(jwt_auth)
    app = kit.build_app(jwt_auth, JWTBackend(jwt_auth))
    async with kit.client(app) as http:
        before = await http.get("/me", headers={"Authorization": f"Bearer {token}"})
    assert before.status_code == 200
    await jwt_auth.jwt_revoke_token(token)
    headers = await assert_anonymous(kit, app, {"Authorization": f"Bearer {token}"})
    assert 'error="invalid_token"' in headers["www-authenticate"]


async def test_token_removed_from_white_list_is_refused(kit: Any) -> None:
    async with jam.aio.Jam(config={"jwt": kit.jwt_table("white")}) as auth:
        token = await make_token(auth)
        app = kit.build_app(auth, JWTBackend(auth), sessions=False)
        async with kit.client(app) as http:
            before = await http.get("/me", headers={"Authorization": f"Bearer {token}"})
        assert before.status_code == 200 and before.json()["sub"] == "alice"
        await auth.jwt_revoke_token(token)  # a white list forgets it
        await assert_anonymous(kit, app, {"Authorization": f"Bearer {token}"})


async def test_token_never_put_on_the_white_list_is_refused(kit: Any) -> None:
    async with jam.aio.Jam(config={"jwt": kit.jwt_table("white")}) as auth:
        async with jam.aio.Jam(config={"jwt": kit.jwt_table()}) as issuer_without_list:
            token = await make_token(issuer_without_list)  # valid signature, never listed
        app = kit.build_app(auth, JWTBackend(auth), sessions=False)
        await assert_anonymous(kit, app, {"Authorization": f"Bearer {token}"})


@pytest.mark.parametrize(
    "value",
    ["Bearer", "Bearer ", "Bearer a b", "Bearer <script>", "Bearer tok\u00e9n", "Bearer a,b"],
    ids=["no-token", "blank-token", "two-tokens", "bad-chars", "non-ascii", "comma"],
)
async def test_malformed_authorization_header_is_401_invalid_request(
    kit: Any, jwt_auth: jam.aio.Jam, value: str
) -> None:
    app = kit.build_app(jwt_auth, JWTBackend(jwt_auth))
    headers = await assert_anonymous(kit, app, [("Authorization", value.encode())])
    assert 'error="invalid_request"' in headers["www-authenticate"]


@pytest.mark.parametrize("scheme", ["Basic", "Token", "JWT", "Bearer-ish"])
async def test_wrong_scheme_is_401_without_an_error_code(
    kit: Any, jwt_auth: jam.aio.Jam, scheme: str
) -> None:
    token = await make_token(jwt_auth)
    app = kit.build_app(jwt_auth, JWTBackend(jwt_auth))
    headers = await assert_anonymous(kit, app, {"Authorization": f"{scheme} {token}"})
    assert headers["www-authenticate"] == "Bearer"


async def test_two_authorization_headers_are_refused_even_if_both_are_valid(
    kit: Any,
    jwt_auth: jam.aio.Jam,
) -> None:
    token = await make_token(jwt_auth)
    app = kit.build_app(jwt_auth, JWTBackend(jwt_auth))
    both = [("Authorization", f"Bearer {token}"), ("Authorization", f"Bearer {token}")]
    headers = await assert_anonymous(kit, app, both)
    assert 'error="invalid_request"' in headers["www-authenticate"]


async def test_token_without_sub_is_refused(kit: Any, jwt_auth: jam.aio.Jam) -> None:
    token = await jwt_auth.jwt_create_token(jwt_auth.jwt_make_payload(600, {"role": "admin"}))
    app = kit.build_app(jwt_auth, JWTBackend(jwt_auth))
    await assert_anonymous(kit, app, {"Authorization": f"Bearer {token}"})


async def test_session_id_as_bearer_token_is_refused(kit: Any, jwt_auth: jam.aio.Jam) -> None:
    sid = await jwt_auth.session_create("alice", {"sub": "alice"})
    app = kit.build_app(jwt_auth, JWTBackend(jwt_auth))
    await assert_anonymous(kit, app, {"Authorization": f"Bearer {sid}"})


async def test_cookie_token_authenticates_when_a_cookie_name_is_configured(
    kit: Any,
    jwt_auth: jam.aio.Jam,
) -> None:
    token = await make_token(jwt_auth, scope="read")
    app = kit.build_app(jwt_auth, JWTBackend(jwt_auth, cookie_name="access"))
    async with kit.client(app) as http:
        me = await http.get("/me", headers={"Cookie": f"theme=dark; access={token}"})
    assert me.status_code == 200
    assert me.json()["sub"] == "alice" and me.json()["scopes"] == ["read"]


async def test_tampered_cookie_token_is_refused(kit: Any, jwt_auth: jam.aio.Jam) -> None:
    token = await make_token(jwt_auth)
    head, payload, signature = token.split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    app = kit.build_app(jwt_auth, JWTBackend(jwt_auth, cookie_name="access"))
    for bad in (f"{head}.{payload}.{flipped}", token[:-4], token + "x"):
        headers = await assert_anonymous(kit, app, {"Cookie": f"access={bad}"})
        assert headers["www-authenticate"] == "Bearer"  # cookie failures carry no RFC 6750 code


async def test_cookie_token_is_not_read_from_another_cookie_name(
    kit: Any, jwt_auth: jam.aio.Jam
) -> None:
    token = await make_token(jwt_auth)
    app = kit.build_app(jwt_auth, JWTBackend(jwt_auth, cookie_name="access"))
    await assert_anonymous(kit, app, {"Cookie": f"jam_session={token}; access_token={token}"})


async def test_cookie_sent_twice_is_refused(kit: Any, jwt_auth: jam.aio.Jam) -> None:
    token = await make_token(jwt_auth)
    app = kit.build_app(jwt_auth, JWTBackend(jwt_auth, cookie_name="access"))
    await assert_anonymous(kit, app, {"Cookie": f"access={token}; access={token}"})


async def test_refused_bearer_header_does_not_fall_back_to_a_valid_cookie(
    kit: Any,
    jwt_auth: jam.aio.Jam,
) -> None:
    token = await make_token(jwt_auth)
    app = kit.build_app(jwt_auth, JWTBackend(jwt_auth, cookie_name="access"))
    await assert_anonymous(
        kit, app, {"Authorization": "Bearer forged.token.value", "Cookie": f"access={token}"}
    )


async def test_cookie_only_backend_ignores_the_authorization_header(
    kit: Any, jwt_auth: jam.aio.Jam
) -> None:
    token = await make_token(jwt_auth)
    app = kit.build_app(jwt_auth, JWTBackend(jwt_auth, cookie_name="access", header=False))
    await assert_anonymous(kit, app, {"Authorization": f"Bearer {token}"})


async def test_unreachable_black_list_is_503_never_authenticated(kit: Any) -> None:
    table = kit.jwt_table(
        "black", backend="redis", redis_uri=f"redis://127.0.0.1:{kit.free_port()}/0"
    )
    async with jam.aio.Jam(config={"jwt": table}) as auth:
        token = await make_token(auth)
        app = kit.build_app(auth, JWTBackend(auth), sessions=False)
        headers = await assert_anonymous(kit, app, {"Authorization": f"Bearer {token}"}, status=503)
    assert headers["retry-after"] == "5"
    assert "www-authenticate" not in headers


def test_the_synchronous_facade_is_refused(kit: Any) -> None:
    sync = jam.Jam(config={"jwt": kit.jwt_table()})
    try:
        with pytest.raises(TypeError, match=r"jam\.aio\.Jam"):
            JWTBackend(sync)
    finally:
        sync.close()


async def test_a_backend_that_reads_nothing_is_refused(jwt_auth: jam.aio.Jam) -> None:
    with pytest.raises(ValueError, match="cookie_name"):
        JWTBackend(jwt_auth, header=False)


def test_secret_is_long_enough_for_hs256(kit: Any) -> None:
    assert len(kit.secret.encode()) >= 32
