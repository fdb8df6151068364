"""A real OpenID Connect authorization server on loopback, built on Authlib's server components.

Authlib's ``AuthorizationServer`` (Flask integration) with its grants and
endpoints does the protocol work: authorization code with PKCE (RFC 7636)
and OpenID Connect ID tokens, refresh, client credentials, the device
authorization grant (RFC 8628), revocation (RFC 7009), RFC 9207 ``iss`` in
authorization responses, and client authentication by ``client_secret_post``,
``client_secret_basic``, ``private_key_jwt`` (RFC 7523) or ``none``. This
module adds in-memory models, discovery, JWKS and userinfo, and a few
test-only knobs (deny, slow, oversized, HTML answers, and ``consent_form``: a
sign-in page a browser fills in instead of the automatic approval). It runs in
werkzeug's threaded server in a daemon thread on 127.0.0.1 (:func:`start`).
"""

from __future__ import annotations

import hmac
import inspect
import json
import logging
import secrets
import threading
import time
import warnings
from dataclasses import dataclass, field
from html import escape
from typing import Any

import httpx
from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, TokenMixin, grants
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc8628 import DeviceAuthorizationEndpoint, DeviceCodeGrant
from authlib.oauth2.rfc9207 import IssuerParameter
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from authlib.oidc.core.models import AuthorizationCodeMixin
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from flask import Flask, Response, jsonify, request
from joserfc.jwk import ECKey, RSAKey
from werkzeug.serving import make_server

AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none", "private_key_jwt"]
USER = {
    "sub": "alice-1",
    "name": "Alice Liddell",
    "email": "alice@example.org",
    "preferred_username": "alice",
    "picture": "https://img.example/alice.png",
}
CONSENT_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test OpenID Provider: sign in</title>
<style>body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; }}
label, input {{ display: block; margin: .5rem 0; }} button {{ padding: .4rem .9rem; }}</style>
</head><body>
<h1>Test OpenID Provider</h1>
<p><strong>{client}</strong> asks to know who you are ({scope}).</p>
<form method="post">
  <label>Sign in as <input type="text" name="username" value="alice" required></label>
  <button type="submit" name="decision" value="approve">Approve</button>
  <button type="submit" name="decision" value="deny">Deny</button>
</form>
</body></html>
"""


def user_named(name: str) -> dict[str, Any]:
    """The test user a browser signs in as on the consent page (``alice`` is :data:`USER`)."""
    if name == USER["preferred_username"]:
        return USER
    return {
        "sub": f"{name}-1",
        "name": name.title(),
        "email": f"{name}@example.org",
        "preferred_username": name,
        "picture": f"https://img.example/{name}.png",
    }


def pem(key: Any) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@dataclass
class Client(ClientMixin):
    client_id: str
    client_secret: str | None
    auth_method: str
    redirect_uris: list[str]
    public_key: Any = None
    grant_types: tuple[str, ...] = (
        "authorization_code",
        "refresh_token",
        "client_credentials",
        DeviceCodeGrant.GRANT_TYPE,
    )

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope: str) -> str:
        return scope

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return self.client_secret is not None and hmac.compare_digest(
            client_secret, self.client_secret
        )

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == self.auth_method

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in self.grant_types


@dataclass
class Code(AuthorizationCodeMixin):
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    user: dict[str, Any]

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return int(time.time())


@dataclass
class Token(TokenMixin):
    data: dict[str, Any]
    client_id: str
    user: dict[str, Any] | None
    issued_at: float = field(default_factory=time.time)
    revoked: bool = False

    def check_client(self, client: Client) -> bool:
        return client.client_id == self.client_id

    def get_scope(self) -> str:
        return str(self.data.get("scope", ""))

    def get_expires_in(self) -> int:
        return int(self.data.get("expires_in", 3600))

    def is_expired(self) -> bool:
        return time.time() > self.issued_at + self.get_expires_in()

    def is_revoked(self) -> bool:
        return self.revoked

    def get_user(self) -> dict[str, Any] | None:
        return self.user

    def get_client(self) -> Any:
        return None


class State:
    """Everything the server remembers, plus knobs tests turn."""

    def __init__(self) -> None:
        self.issuer = ""
        self.rsa = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.ec = ec.generate_private_key(ec.SECP256R1())
        self.rsa_jwk = RSAKey.import_key(pem(self.rsa), {"kid": "rsa-1", "use": "sig"})
        self.ec_jwk = ECKey.import_key(pem(self.ec), {"kid": "ec-1", "use": "sig"})
        self.id_token_alg = "RS256"
        self.clients: dict[str, Client] = {}
        self.codes: dict[str, Code] = {}
        self.tokens: dict[str, Token] = {}
        self.devices: dict[str, dict[str, Any]] = {}
        self.grants: dict[str, bool] = {}
        self.slow_down: set[str] = set()
        self.deny = False
        self.consent_form = False
        """True: ``GET /authorize`` shows a sign-in page; its form ``POST``s the decision."""
        self.slow_seconds = 3.0
        self.jwks_fetches = 0
        self.token_requests = 0
        self.jti_seen: set[str] = set()

    def jwks(self) -> dict[str, Any]:
        keys = [self.rsa_jwk.as_dict(private=False), self.ec_jwk.as_dict(private=False)]
        for key, alg in zip(keys, ("RS256", "ES256"), strict=True):
            key["alg"], key["use"] = alg, "sig"
        return {"keys": keys}


class OIDC(OpenIDCode):
    def __init__(self, state: State) -> None:
        super().__init__(require_nonce=False)
        self.state = state

    def exists_nonce(self, nonce: str, req: Any) -> bool:
        return False

    def resolve_client_private_key(self, client: Client) -> Any:
        return self.state.rsa_jwk if self.state.id_token_alg == "RS256" else self.state.ec_jwk

    def get_client_algorithm(self, client: Client) -> str:
        return self.state.id_token_alg

    def get_encode_header(self, client: Client) -> dict[str, str]:
        kid = "rsa-1" if self.state.id_token_alg == "RS256" else "ec-1"
        return {"alg": self.state.id_token_alg, "kid": kid}

    def get_client_claims(self, client: Client) -> dict[str, Any]:
        return {"iss": self.state.issuer, "aud": [client.client_id]}

    def generate_user_info(self, user: dict[str, Any], scope: str) -> UserInfo:
        return UserInfo(sub=user["sub"], name=user["name"])


def _grant_classes(state: State) -> tuple[type, ...]:
    class CodeGrant(grants.AuthorizationCodeGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS

        def save_authorization_code(self, code: str, req: Any) -> None:
            data = req.payload.data
            state.codes[code] = Code(
                code,
                req.client.client_id,
                req.payload.redirect_uri,
                req.payload.scope or "",
                data.get("nonce"),
                data.get("code_challenge"),
                data.get("code_challenge_method"),
                req.user,
            )

        def query_authorization_code(self, code: str, client: Client) -> Code | None:
            found = state.codes.get(code)
            return found if found and found.client_id == client.client_id else None

        def delete_authorization_code(self, authorization_code: Code) -> None:
            state.codes.pop(authorization_code.code, None)

        def authenticate_user(self, authorization_code: Code) -> dict[str, Any]:
            return authorization_code.user

    class RefreshGrant(grants.RefreshTokenGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS
        INCLUDE_NEW_REFRESH_TOKEN = True

        def authenticate_refresh_token(self, refresh_token: str) -> Token | None:
            token = state.tokens.get(refresh_token)
            return token if token and not token.revoked else None

        def authenticate_user(self, credential: Token) -> dict[str, Any] | None:
            return credential.user

        def revoke_old_credential(self, credential: Token) -> None:
            credential.revoked = True

    class CredentialsGrant(grants.ClientCredentialsGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS

    class DeviceGrant(DeviceCodeGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS

        def query_device_credential(self, device_code: str) -> Any:
            found = state.devices.get(device_code)
            return None if found is None else _DeviceCredential(found)

        def query_user_grant(self, user_code: str) -> Any:
            if user_code not in state.grants:
                return None
            return USER, state.grants[user_code]

        def should_slow_down(self, credential: Any) -> bool:
            code = credential.data["device_code"]
            if code in state.slow_down:
                state.slow_down.discard(code)
                return True
            return False

    return CodeGrant, RefreshGrant, CredentialsGrant, DeviceGrant


class _DeviceCredential(dict[str, Any]):
    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__(data)
        self.data = data

    def get_client_id(self) -> str:
        return str(self.data["client_id"])

    def get_scope(self) -> str:
        return str(self.data.get("scope") or "")

    def get_user_code(self) -> str:
        return str(self.data["user_code"])

    def is_expired(self) -> bool:
        return time.time() > self.data["expires_at"]


def build_app(state: State) -> Flask:
    app = Flask("jam-test-oidc")
    app.config.update(
        OAUTH2_TOKEN_EXPIRES_IN={"authorization_code": 3600}, OAUTH2_REFRESH_TOKEN_GENERATOR=True
    )
    server = AuthorizationServer(
        app, query_client=state.clients.get, save_token=lambda token, req: _save(state, token, req)
    )
    code, refresh, credentials, device = _grant_classes(state)
    server.register_grant(code, [CodeChallenge(required=True), OIDC(state)])
    server.register_grant(refresh)
    server.register_grant(credentials)
    server.register_grant(device)
    server.register_extension(_Issuer(state))

    class Revocation(RevocationEndpoint):
        CLIENT_AUTH_METHODS = AUTH_METHODS

        def query_token(self, token_string: str, token_type_hint: str | None) -> Token | None:
            return state.tokens.get(token_string)

        def revoke_token(self, token: Token, req: Any) -> None:
            token.revoked = True

    class Device(DeviceAuthorizationEndpoint):
        CLIENT_AUTH_METHODS = AUTH_METHODS
        INTERVAL = 1
        EXPIRES_IN = 30

        def get_verification_uri(self) -> str:
            return state.issuer + "/device"

        def save_device_credential(self, client_id: str, scope: str, data: dict[str, Any]) -> None:
            state.devices[data["device_code"]] = {
                **data,
                "client_id": client_id,
                "scope": scope,
                "expires_at": time.time() + data["expires_in"],
            }

    class Assertion(JWTBearerClientAssertion):
        CLIENT_AUTH_METHOD = "private_key_jwt"

        def get_audiences(self) -> list[str]:
            return [state.issuer + "/token"]

        def validate_jti(self, claims: Any, jti: str) -> bool:
            if jti in state.jti_seen:
                return False
            state.jti_seen.add(jti)
            return True

        def resolve_client_public_key(self, client: Client) -> Any:
            return client.public_key

    server.register_endpoint(Revocation)
    server.register_endpoint(Device)
    server.register_client_auth_method("private_key_jwt", Assertion())

    @app.get("/.well-known/openid-configuration")
    def discovery() -> Response:
        base = state.issuer
        return jsonify(
            issuer=base,
            authorization_endpoint=base + "/authorize",
            token_endpoint=base + "/token",
            userinfo_endpoint=base + "/userinfo",
            revocation_endpoint=base + "/revoke",
            jwks_uri=base + "/jwks",
            device_authorization_endpoint=base + "/device_authorization",
            id_token_signing_alg_values_supported=["RS256", "ES256"],
            token_endpoint_auth_methods_supported=AUTH_METHODS,
            code_challenge_methods_supported=["S256"],
            authorization_response_iss_parameter_supported=True,
            response_types_supported=["code"],
            subject_types_supported=["public"],
        )

    @app.get("/jwks")
    def jwks() -> Response:
        state.jwks_fetches += 1
        return jsonify(state.jwks())

    @app.get("/authorize")
    def authorize() -> Any:
        if state.consent_form:
            client = state.clients.get(request.args.get("client_id", ""))
            return CONSENT_PAGE.format(
                client=escape(client.client_id if client else "an unknown client"),
                scope=escape(request.args.get("scope", "")),
            )
        return server.create_authorization_response(grant_user=None if state.deny else USER)

    @app.post("/authorize")
    def consent() -> Any:
        name = request.form.get("username", "").strip().lower()
        approved = request.form.get("decision") == "approve" and not state.deny
        user = user_named(name if name.isalnum() and len(name) <= 32 else "alice")
        return server.create_authorization_response(grant_user=user if approved else None)

    @app.post("/token")
    def token() -> Any:
        state.token_requests += 1
        return server.create_token_response()

    @app.post("/revoke")
    def revoke() -> Any:
        return server.create_endpoint_response("revocation")

    @app.post("/device_authorization")
    def device_authorization() -> Any:
        return server.create_endpoint_response("device_authorization")

    @app.get("/userinfo")
    def userinfo() -> Any:
        header = request.headers.get("Authorization", "")
        found = state.tokens.get(header.removeprefix("Bearer "))
        if not header.startswith("Bearer ") or found is None or found.revoked:
            return jsonify(error="invalid_token"), 401
        return jsonify({**(found.user or USER), "email_verified": True})

    @app.route("/slow", methods=["GET", "POST"])
    def slow() -> Response:
        time.sleep(state.slow_seconds)
        return jsonify(access_token="late")

    @app.route("/big", methods=["GET", "POST"])
    def big() -> Response:
        return Response(
            json.dumps({"keys": [], "pad": "x" * (2 << 20)}), mimetype="application/json"
        )

    @app.route("/streamed-big", methods=["GET", "POST"])
    def streamed_big() -> Response:
        def chunks() -> Any:
            yield b'{"pad": "'
            for _ in range(64):
                yield b"x" * 32768
            yield b'"}'

        return Response(chunks(), mimetype="application/json")

    @app.route("/html", methods=["GET", "POST"])
    def html() -> tuple[str, int, dict[str, str]]:
        return "<html><body>502 Bad Gateway</body></html>", 502, {"Content-Type": "text/html"}

    @app.route("/error-200", methods=["GET", "POST"])
    def error_200() -> Response:
        return jsonify(error="bad_verification_code", error_description="The code is wrong")

    return app


class _Issuer(IssuerParameter):
    def __init__(self, state: State) -> None:
        self.state = state

    def get_issuer(self) -> str:
        return self.state.issuer


def _save(state: State, token: dict[str, Any], req: Any) -> None:
    record = Token(dict(token), req.client.client_id, getattr(req, "user", None))
    state.tokens[token["access_token"]] = record
    if "refresh_token" in token:
        state.tokens[token["refresh_token"]] = record


@dataclass
class Running:
    state: State
    base: str
    thread: threading.Thread
    server: Any

    def approve(self, user_code: str, approved: bool = True) -> None:
        self.state.grants[user_code] = approved

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(5)


def start() -> Running:
    """Start the server on a free loopback port; returns once it accepts connections."""
    state = State()
    warnings.filterwarnings("ignore", module="authlib")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # it logs full URLs
    server = make_server("127.0.0.1", 0, build_app(state), threaded=True)
    state.issuer = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, name="oidc-test-server", daemon=True)
    thread.start()
    return Running(state, state.issuer, thread, server)


def new_client(
    running: Running,
    auth_method: str = "client_secret_post",
    public_key: Any = None,
    redirect_uris: list[str] | None = None,
) -> tuple[str, str | None]:
    """Register a client; return (client_id, client_secret)."""
    client_id = "client-" + secrets.token_hex(6)
    secret = None if auth_method in ("none", "private_key_jwt") else secrets.token_urlsafe(32)
    uris = redirect_uris or ["https://app.example/callback"]
    running.state.clients[client_id] = Client(
        client_id, secret, auth_method, uris, public_key=public_key
    )
    return client_id, secret


# -- client-side helpers for the tests ---------------------------------------------------

REDIRECT = "https://app.example/callback"


async def call(value: Any) -> Any:
    """Await ``value`` when the asyncio engine returned an awaitable."""
    if inspect.isawaitable(value):
        return await value
    return value


def authorize(url: str) -> str:
    """Play the user: open the authorization URL, return the callback URL the server sends."""
    response = httpx.get(url, follow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text[:200]
    return response.headers["location"]


def corp_table(oidc: Any, auth_method: str = "client_secret_post", **extra: Any) -> dict[str, Any]:
    public_key = extra.pop("public_key", None)
    client_id, secret = new_client(oidc, auth_method, public_key=public_key)
    table: dict[str, Any] = {
        "provider": "oidc",
        "issuer": oidc.base,
        "client_id": client_id,
        "redirect_url": REDIRECT,
        "token_endpoint_auth_method": auth_method,
        **extra,
    }
    if secret is not None:
        table["client_secret"] = secret
    return table
