"""OAuth2: ID-token verification, the code exchange, and asyncio concurrency, on loopback.

A stdlib HTTP server on 127.0.0.1 plays the provider: ``/jwks`` serves the
public keys, ``/token`` answers every code exchange with a fixed JSON token
(after ``delay`` seconds, to model a provider's latency in the concurrency
row). Rows:

* ``ID token verify RS256/ES256 (cached JWKS)``: ``jam.Jam.oauth2_verify_id_token``
  (signature, alg, iss, aud, exp, iat, nonce) against the floor (signature and
  ``exp`` only) and Authlib's OIDC ``CodeIDToken`` validation with an imported
  key set.
* ``complete (loopback)``: ``jam.Jam.oauth2_complete`` (callback checks, PKCE,
  the token POST, response checks) against a bare ``httpx.Client.post`` of
  the same form with ``.json()``.
* extra ``oauth2_concurrency``: 200 completions through ``jam.aio.Jam`` at once
  against 200 sequential ``jam.Jam`` ones, the provider answering in 20 ms.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import subprocess
import sys
import time
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bench import _floor
from bench._timing import Params, Result, loop, measure_group

CLIENT_ID = "bench-client"
CLIENT_SECRET = "bench-client-secret-0123456789"  # noqa: S105  (a loopback test client)
REDIRECT = "https://app.example/callback"
NONCE = "bench-nonce"
CONCURRENT = 200
LATENCY = 0.02


class _Server(ThreadingHTTPServer):
    request_queue_size = 1024  # 200 connections arrive at once in the concurrency row
    daemon_threads = True


def serve(jwks_json: str) -> None:
    """Run the provider in this process (a child of the benchmark): print the port, serve."""
    body = jwks_json.encode()
    token = json.dumps(
        {
            "access_token": "at-" + "x" * 40,
            "token_type": "Bearer",
            "expires_in": 3600,
            "scope": "profile",
        }
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are two writes

        def _send(self, payload: bytes) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:
            self._send(body)

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path.endswith("-slow"):
                time.sleep(LATENCY)
            self._send(token)

        def log_message(self, *args: Any) -> None:
            return

    server = _Server(("127.0.0.1", 0), Handler)
    print(server.server_port, flush=True)
    server.serve_forever()


class Provider:
    """The loopback provider, in a child process (as a real one would be: no shared GIL)."""

    def __init__(self, jwks: dict[str, Any]) -> None:
        root = Path(__file__).resolve().parent.parent
        code = "import sys; from bench._oauth2 import serve; serve(sys.argv[1])"
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, json.dumps(jwks)],
            cwd=root,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.base = f"http://127.0.0.1:{int(self.process.stdout.readline())}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def _jwks(keys: dict[str, Any]) -> dict[str, Any]:
    from joserfc.jwk import ECKey, RSAKey

    rsa = RSAKey.import_key(keys["RS256"]["public"]).as_dict(private=False)
    ec = ECKey.import_key(keys["ES256"]["public"]).as_dict(private=False)
    return {
        "keys": [
            {**rsa, "kid": "rsa", "alg": "RS256", "use": "sig"},
            {**ec, "kid": "ec", "alg": "ES256", "use": "sig"},
        ]
    }


def _config(base: str, token_path: str = "/token") -> dict[str, Any]:  # noqa: S107
    return {
        "oauth2": {
            "providers": {
                "bench": {
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "redirect_url": REDIRECT,
                    "issuer": base,
                    "auth_url": base + "/authorize",
                    "token_url": base + token_path,
                    "jwks_url": base + "/jwks",
                    "id_token_algs": ["RS256", "ES256"],
                    "scopes": ["profile"],
                }
            }
        }
    }


def _id_token(alg: str, material: dict[str, str], issuer: str) -> str:
    """An ID token with ``kid`` (key sets look keys up by it), signed by the floor's primitive."""
    sign, _ = _floor.primitives(alg, material)
    now = int(time.time())
    claims = {
        "iss": issuer,
        "aud": CLIENT_ID,
        "sub": "user-42",
        "iat": now,
        "exp": now + 3600,
        "nonce": NONCE,
    }
    header = {"alg": alg, "typ": "JWT", "kid": "rsa" if alg == "RS256" else "ec"}
    signing_input = (
        _floor.b64e(json.dumps(header).encode()) + "." + _floor.b64e(json.dumps(claims).encode())
    )
    return signing_input + "." + _floor.b64e(sign(signing_input.encode()))


def _authlib_verify(jwks: dict[str, Any], issuer: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from authlib.jose import JsonWebKey, JsonWebToken
        from authlib.oidc.core import CodeIDToken

    key_set = JsonWebKey.import_key_set(jwks)
    codec = JsonWebToken(["RS256", "ES256"])
    options = {"iss": {"essential": True, "values": [issuer]}}
    params = {"nonce": NONCE, "client_id": CLIENT_ID}

    def verify(token: str) -> Any:
        claims = codec.decode(
            token, key_set, claims_cls=CodeIDToken, claims_options=options, claims_params=params
        )
        claims.validate()
        return claims

    return verify


def _jam_complete(auth: Any) -> Any:
    def run(n: int) -> float:
        started = [auth.oauth2_begin("bench") for _ in range(n)]
        callbacks = [f"{REDIRECT}?code=c{i}&state={r.state}" for i, r in enumerate(started)]
        begin = time.perf_counter()
        for request, callback in zip(started, callbacks, strict=True):
            auth.oauth2_complete("bench", request, callback)
        return time.perf_counter() - begin

    return run


def _bare_post(base: str) -> Any:
    import httpx

    client = httpx.Client(headers={"Accept": "application/json"})
    url = base + "/token"

    def run(n: int) -> float:
        forms = [
            {
                "grant_type": "authorization_code",
                "code": f"c{i}",
                "redirect_uri": REDIRECT,
                "code_verifier": secrets.token_urlsafe(64),
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
            }
            for i in range(n)
        ]
        begin = time.perf_counter()
        for form in forms:
            client.post(url, data=form).json()
        return time.perf_counter() - begin

    return run


def _concurrency(provider: Provider) -> dict[str, Any]:
    import jam
    import jam.aio

    with jam.Jam(config=_config(provider.base, "/token-slow")) as auth:
        flows = [auth.oauth2_begin("bench") for _ in range(CONCURRENT)]
        begin = time.perf_counter()
        for i, request in enumerate(flows):
            auth.oauth2_complete("bench", request, f"{REDIRECT}?code=c{i}&state={request.state}")
        sync_s = time.perf_counter() - begin

    async def together() -> float:
        async with jam.aio.Jam(config=_config(provider.base, "/token-slow")) as auth:
            flows = [await auth.oauth2_begin("bench") for _ in range(CONCURRENT)]
            begin = time.perf_counter()
            await asyncio.gather(
                *(
                    auth.oauth2_complete("bench", r, f"{REDIRECT}?code=c{i}&state={r.state}")
                    for i, r in enumerate(flows)
                )
            )
            return time.perf_counter() - begin

    async_s = asyncio.run(together())
    return {
        "completions": CONCURRENT,
        "provider_latency_s": LATENCY,
        "sync_s": sync_s,
        "async_s": async_s,
        "ratio": sync_s / async_s,
    }


def bench_oauth2(keys: dict[str, Any], params: Params) -> tuple[list[Result], dict[str, Any]]:
    """Measure the OAuth2 rows; return them and the concurrency extra."""
    import jam

    jwks = _jwks(keys)
    provider = Provider(jwks)
    results: list[Result] = []
    try:
        auth = jam.Jam(config=_config(provider.base))
        for alg in ("RS256", "ES256"):
            token = _id_token(alg, keys[alg], provider.base)
            auth.oauth2_verify_id_token("bench", token, nonce=NONCE)  # fills the JWKS cache
            floor, peer = _floor.make_verify(alg, keys[alg]), _authlib_verify(jwks, provider.base)
            cases = {
                "jam": loop(lambda t=token: auth.oauth2_verify_id_token("bench", t, nonce=NONCE)),
                "floor": loop(lambda t=token, v=floor: v(t)),
                "authlib": loop(lambda t=token, v=peer: v(t)),
            }
            for run in cases.values():
                run(1)  # each one accepts the token before it is timed
            results += measure_group(
                "oauth2",
                f"ID token verify {alg} (cached JWKS)",
                cases,
                params,
                {"floor": "signature + exp only"},
            )
        complete = {"jam": _jam_complete(auth), "floor": _bare_post(provider.base)}
        results += measure_group(
            "oauth2",
            "complete (loopback)",
            complete,
            params,
            {"floor": "bare httpx.Client.post + .json()"},
        )
        auth.close()
        extra = _concurrency(provider)
    finally:
        provider.stop()
    return results, extra
