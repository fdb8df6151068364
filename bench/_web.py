"""Requests per second for one Starlette endpoint, unprotected and protected, in-process.

Every row serves the same ``GET /me`` (a JSON body naming the user) through
httpx's ASGI transport, one request at a time on one event loop, so the
numbers include the client, the ASGI plumbing and the route; only the
protection differs:

* ``floor``: the endpoint unprotected (answers ``{"sub": "anonymous"}``), sent the
  same request (the same ``Authorization`` or ``Cookie`` header, ignored);
* ``jam``: Starlette's ``AuthenticationMiddleware`` with ``jam_starlette.JWTBackend``
  (HS256, ``iss``/``aud``/``exp`` checked, no list) and ``current_user``;
* ``pyjwt`` / ``authlib``: a hand-written dependency the route awaits: parse
  ``Authorization: Bearer``, verify with the same validation as ``bench._jwt``;
* ``hmac floor``: the same dependency around ``bench._floor``'s hand-written
  HS256 verify (split, base64url, ``hmac.digest``, ``json.loads``, ``exp``): the
  least any verification adds to the request;
* the Redis-session row: ``SessionMiddleware`` + ``SessionBackend`` on the
  ``redis`` store (one session read per request) against the same floor.

The JWT row is timed in CPU seconds of this process (``time.process_time``):
everything it does runs in this one thread, and CPU time is what other
processes on a shared machine disturb least. The Redis row waits on a socket,
so it is timed in wall seconds, floor included.
"""

from __future__ import annotations

import asyncio
import gc
import os
import statistics
import time
import uuid
import warnings
from collections.abc import Awaitable, Callable
from typing import Any

from bench import _floor
from bench._jwt import authlib, jam_config, pyjwt
from bench._keys import make_claims
from bench._timing import Params, Result, measure_group

JWT_OP = "GET /me, HS256 bearer token"
SESSION_OP = "GET /me, redis session cookie"
TARGET = 1.10
"""Jam's JWT backend may cost at most 10 % over the unprotected endpoint."""


def _endpoint(check: Callable[[Any], Awaitable[str]] | None, middleware: list[Any]) -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def me(request: Request) -> JSONResponse:
        return JSONResponse({"sub": "anonymous" if check is None else await check(request)})

    return Starlette(routes=[Route("/me", me)], middleware=middleware)


def _hand_written(verify: Callable[[str], Any]) -> Callable[[Any], Awaitable[str]]:
    """What people write by hand: read the bearer token, verify, 401 on anything wrong."""
    from starlette.exceptions import HTTPException

    async def require_user(request: Any) -> str:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise HTTPException(401, headers={"WWW-Authenticate": "Bearer"})
        try:
            return str(verify(token)["sub"])
        except Exception as err:
            raise HTTPException(401, headers={"WWW-Authenticate": "Bearer"}) from err

    return require_user


def _case(app: Any, headers: dict[str, str], runner: asyncio.AbstractEventLoop, cpu: bool) -> Any:
    """A case doing ``n`` sequential requests; with ``cpu``, timed in process CPU seconds."""
    import httpx

    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://bench")

    async def many(n: int) -> None:
        for _ in range(n):
            response = await client.get("/me", headers=headers)
            if response.status_code != 200:
                raise AssertionError(f"{response.status_code}: {response.text[:200]}")

    def run(n: int) -> float | None:
        start = time.process_time()
        runner.run_until_complete(many(n))
        return time.process_time() - start if cpu else None

    run(1)  # sanity: the protected endpoint accepts the credential
    return run, client


def _jam_jwt_app(material: dict[str, str]) -> tuple[Any, Any]:
    from starlette.middleware import Middleware
    from starlette.middleware.authentication import AuthenticationMiddleware

    import jam.aio
    from jam_starlette import JWTBackend, current_user

    auth = jam.aio.Jam(config=jam_config("HS256", material))

    async def check(request: Any) -> str:
        return (await current_user(request)).identity

    middleware = [Middleware(AuthenticationMiddleware, backend=JWTBackend(auth))]
    return _endpoint(check, middleware), auth


def _jam_session_app(redis_url: str, runner: asyncio.AbstractEventLoop) -> tuple[Any, Any, str]:
    from starlette.middleware import Middleware
    from starlette.middleware.authentication import AuthenticationMiddleware

    import jam.aio
    from jam_starlette import SessionBackend, SessionMiddleware, current_user

    config = {
        "session": {
            "backend": "redis",
            "redis_uri": redis_url,
            "prefix": f"jam-bench-web-{uuid.uuid4().hex[:8]}",
        }
    }
    auth = jam.aio.Jam(config=config)
    sid = runner.run_until_complete(auth.session_create("user-42", {"sub": "user-42"}))

    async def check(request: Any) -> str:
        return (await current_user(request)).identity

    middleware = [
        Middleware(SessionMiddleware, jam=auth),
        Middleware(AuthenticationMiddleware, backend=SessionBackend(auth)),
    ]
    return _endpoint(check, middleware), auth, sid


def bench_web(keys: dict[str, Any], params: Params, redis_url: str) -> list[Result]:
    """Measure the JWT and the Redis-session rows."""
    material = keys["HS256"]
    claims = make_claims()
    token = _floor.make_create("HS256", material)(claims)
    bearer = {"Authorization": f"Bearer {token}"}
    runner = asyncio.new_event_loop()
    results: list[Result] = []
    clients: list[Any] = []
    closers: list[Any] = []
    notes = {"floor": "floor = the same endpoint, unprotected"}
    # Many short rounds instead of a few long ones: a request is slow enough that a shared
    # machine's noise shows. JWT rows count process CPU time (client, ASGI and route all run
    # in this thread).
    rounds = Params(repeats=max(params.repeats * 7, 45), min_time=min(params.min_time, 0.05))
    try:
        floor_run, floor_client = _case(_endpoint(None, []), bearer, runner, cpu=True)
        clients.append(floor_client)
        cases: dict[str, Any] = {"floor": floor_run}
        errors: dict[str, str] = {}
        builders: dict[str, Callable[[], Any]] = {
            "jam": lambda: _jam_jwt_app(material),
            "hmac floor": lambda: (
                _endpoint(_hand_written(_floor.make_verify("HS256", material)), []),
                None,
            ),
            "pyjwt": lambda: (_endpoint(_hand_written(pyjwt("HS256", material)[1]), []), None),
            "authlib": lambda: (_endpoint(_hand_written(authlib("HS256", material)[1]), []), None),
        }
        for lib, build in builders.items():
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    app, auth = build()
                    if auth is not None:
                        closers.append(auth)
                    cases[lib], client = _case(app, bearer, runner, cpu=True)
                    clients.append(client)
            except Exception as err:
                errors[lib] = f"setup failed: {type(err).__name__}: {err}"[:300]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            results += measure_group("web", JWT_OP, cases, rounds, notes)
        results += [Result("web", JWT_OP, lib, error=msg) for lib, msg in errors.items()]
        try:
            app, auth, sid = _jam_session_app(redis_url, runner)
            closers.append(auth)
            cookie = {"Cookie": f"jam_session={sid}"}
            jam_run, client = _case(app, cookie, runner, cpu=False)
            wall_floor, floor_client = _case(_endpoint(None, []), cookie, runner, cpu=False)
            clients += [client, floor_client]
            results += measure_group(
                "web",
                SESSION_OP,
                {"floor": wall_floor, "jam": jam_run},
                rounds,
                {**notes, "jam": "wall time (Redis round trips)"},
            )
        except Exception as err:
            results.append(
                Result(
                    "web",
                    SESSION_OP,
                    "jam",
                    error=f"setup failed: {type(err).__name__}: {err}"[:300],
                )
            )
        if os.environ.get("JAM_BENCH_CALLGRIND") == "1":
            results += bench_counts()
    finally:
        for client in clients:
            runner.run_until_complete(client.aclose())
        for auth in closers:
            runner.run_until_complete(auth.aclose())
        runner.close()
    return results


COUNT_OP = "GET /me, HS256 bearer token (per 1e9 instructions)"
COUNT_REQUESTS = 1000


def _count_app(variant: str, material: dict[str, str]) -> Any:
    if variant == "floor":
        return _endpoint(None, [])
    if variant == "hmac floor":
        return _endpoint(_hand_written(_floor.make_verify("HS256", material)), [])
    return _jam_jwt_app(material)[0]


def count_worker(variant: str, requests: int) -> None:
    """Serve ``requests`` requests of one variant (run under callgrind by :func:`bench_counts`)."""
    material = {"secret": "bench-secret-" + "x" * 40}
    token = _floor.make_create("HS256", material)(make_claims())
    runner = asyncio.new_event_loop()
    run, _ = _case(
        _count_app(variant, material), {"Authorization": f"Bearer {token}"}, runner, cpu=True
    )
    run(50)  # first requests import and warm caches: counted in both runs, so cancelled out
    gc.disable()  # a collection would land in one run and not the other
    run(requests)


def bench_counts() -> list[Result]:
    """Instructions per request under valgrind's callgrind: no noise from other processes.

    Each variant runs twice, serving 0 and ``COUNT_REQUESTS`` requests after the
    same warm-up; the difference divided by the count is one request's
    instructions. Reported as requests per 10^9 instructions so the ratio
    columns read like the others. Opt in with ``JAM_BENCH_CALLGRIND=1``
    (about 5 minutes).
    """
    import re
    import shutil
    import subprocess
    import sys
    import tempfile

    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return [Result("web", COUNT_OP, "jam", error="n/a: valgrind not installed")]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for variant in ("floor", "jam", "hmac floor"):
            totals = []
            for requests in (0, COUNT_REQUESTS):
                out = subprocess.run(
                    [
                        valgrind,
                        "--tool=callgrind",
                        f"--callgrind-out-file={tmp}/cg",
                        sys.executable,
                        "-m",
                        "bench._web",
                        "count",
                        variant,
                        str(requests),
                    ],
                    capture_output=True,
                    text=True,
                    check=False,
                    timeout=900,
                    env={**os.environ, "PYTHONHASHSEED": "0"},
                    cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                )
                found = re.search(r"Collected : (\d+)", out.stderr)
                if out.returncode != 0 or found is None:
                    totals = []
                    break
                totals.append(int(found.group(1)))
            if len(totals) != 2:
                results.append(Result("web", COUNT_OP, variant, error="callgrind run failed"))
                continue
            per_request = (totals[1] - totals[0]) / COUNT_REQUESTS
            results.append(
                Result(
                    "web",
                    COUNT_OP,
                    variant,
                    ops=1e9 / per_request,
                    samples=[1e9 / per_request],
                    iterations=COUNT_REQUESTS,
                    note="instructions (callgrind)" if variant == "jam" else "",
                )
            )
    return results


def verdicts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The web target: Jam's JWT backend within 10 % of the unprotected endpoint.

    Judged on the median of per-round ratios (round ``r`` of Jam against round
    ``r`` of the floor, timed back to back), which cancels most of the drift a
    shared machine adds; the medians of each row are shown too.
    """
    cells = {r["lib"]: r for r in rows if r["group"] == "web" and r["op"] == JWT_OP}
    target = f"{JWT_OP}: jam <= {TARGET:.2f}x unprotected"
    jam, floor = cells.get("jam"), cells.get("floor")
    if not (jam and floor and jam["ops_per_s"] and floor["ops_per_s"]):
        return [{"target": target, "status": "N/A", "detail": "not measured"}]

    def paired(row: dict[str, Any]) -> float:
        pairs = zip(floor["samples_ops_per_s"], row["samples_ops_per_s"], strict=False)
        return statistics.median(f / x for f, x in pairs)

    ratio = paired(jam)
    peers = ", ".join(
        f"{lib} {paired(row):.2f}x"
        for lib, row in sorted(cells.items())
        if lib not in ("jam", "floor") and row["ops_per_s"]
    )
    found = [
        {
            "target": target,
            "status": "PASS" if ratio <= TARGET else "FAIL",
            "detail": f"{ratio:.3f}x per round (medians {jam['ops_per_s']:.0f} vs "
            f"{floor['ops_per_s']:.0f} req/s); {peers}",
        }
    ]
    counts = {
        r["lib"]: r["ops_per_s"]
        for r in rows
        if r["group"] == "web" and r["op"] == COUNT_OP and r["ops_per_s"]
    }
    if "jam" in counts and "floor" in counts:
        x = counts["floor"] / counts["jam"]
        found.append(
            {
                "target": f"{COUNT_OP}: jam <= {TARGET:.2f}x unprotected",
                "status": "PASS" if x <= TARGET else "FAIL",
                "detail": f"{x:.3f}x ({1e9 / counts['jam']:.0f} vs "
                f"{1e9 / counts['floor']:.0f} instructions per request)",
            }
        )
    return found


if __name__ == "__main__":
    import sys

    if len(sys.argv) == 4 and sys.argv[1] == "count":
        count_worker(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit("usage: python -m bench._web count VARIANT REQUESTS")
