"""Measure jamlib 4.x (PyPI ``jamlib``, imported as ``jam``) in its own virtual environment.

jamlib and Jam both import as ``jam``, so the main harness runs this module with
``bench/.venv-jamlib/bin/python -m bench._jamlib_worker``: the job (keys,
tokens, timing parameters, Redis URL) comes as JSON on stdin and the results go
to stdout as JSON. Only stdlib, jamlib and redis-py are imported here.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import json
import sys
import tempfile
import time
import warnings
from typing import Any

from bench import _floor, _lists, _otp, _sessions
from bench._timing import Params, Result, loop, measure_group

LIB = "jamlib"
FLOOR = "floor"
"""Each jamlib case is timed in interleaved rounds with the floor of its row, so the main
process can put jamlib on its own time base (see ``normalise`` in ``bench.__main__``)."""


def _jwt_cases(job: dict[str, Any], params: Params) -> list[Result]:
    from jam.jose import JWT

    results: list[Result] = []
    claims = job["claims"]
    note = "validates exp/nbf only (no iss/aud checks)"
    for alg, token in job["tokens"].items():
        material = job["keys"][alg]
        try:
            if alg.startswith("HS"):
                signer = verifier = JWT(alg=alg, secret_key=material["secret"])
            else:
                signer = JWT(alg=alg, secret_key=material["private"])
                verifier = JWT(alg=alg, secret_key=material["public"])
            verifier.decode(token)
            signer.encode(payload=claims)
        except Exception as err:
            for op in ("create", "verify"):
                results.append(
                    Result(
                        "jwt",
                        f"{alg} {op}",
                        LIB,
                        error=f"setup failed: {type(err).__name__}: {err}"[:300],
                    )
                )
            continue
        floor_create = _floor.make_create(alg, material)
        floor_verify = _floor.make_verify(alg, material)
        results += measure_group(
            "jwt",
            f"{alg} create",
            {
                LIB: loop(lambda s=signer: s.encode(payload=claims)),
                FLOOR: loop(lambda f=floor_create: f(claims)),
            },
            params,
            {LIB: note},
        )
        results += measure_group(
            "jwt",
            f"{alg} verify",
            {
                LIB: loop(lambda v=verifier, t=token: v.decode(t)),
                FLOOR: loop(lambda f=floor_verify, t=token: f(t)),
            },
            params,
            {LIB: note},
        )
    return results


def _list_cases(job: dict[str, Any], params: Params) -> list[Result]:
    from jam.jose import JWT

    results: list[Result] = []
    token = job["tokens"]["HS256"]
    secret = job["keys"]["HS256"]["secret"]
    floors = _lists._floors(job["keys"]["HS256"], job["redis_url"], tempfile.mkdtemp())
    for backend in ("memory", "redis"):
        config: dict[str, Any] = {"type": "black", "backend": backend, "prefix": "bench-jamlib"}
        if backend == "redis":
            config["redis_uri"] = job["redis_url"]
        try:
            verifier = JWT(alg="HS256", secret_key=secret, list=config)
            verifier.list.add("some-other-token")  # type: ignore[union-attr]
            verifier.decode(token)
        except Exception as err:
            results.append(
                Result(
                    "lists",
                    f"HS256 verify, black list: {backend}",
                    LIB,
                    error=f"setup failed: {type(err).__name__}: {err}"[:300],
                )
            )
            continue
        results += measure_group(
            "lists",
            f"HS256 verify, black list: {backend}",
            {
                LIB: loop(lambda v=verifier: v.decode(token)),
                FLOOR: loop(lambda f=floors[backend]: f(token)),
            },
            params,
            {LIB: "stores and looks up the raw token"},
        )
    return results


def _session_cases(job: dict[str, Any], params: Params) -> list[Result]:
    from jam.sessions.redis import RedisSessions

    results: list[Result] = []
    data = job["session_data"]
    note = "HSET+HEXPIRE per create"
    try:
        try:
            store = RedisSessions(
                redis_uri=job["redis_url"], redis_sessions_key="bench-jamlib", ttl=3600
            )
            sid = store.create("user-1", data)
        except Exception as err:
            if "HEXPIRE" not in str(err):
                raise
            # HEXPIRE needs Redis >= 7.4: measure jamlib without session expiry instead
            store = RedisSessions(
                redis_uri=job["redis_url"], redis_sessions_key="bench-jamlib", ttl=None
            )
            sid = store.create("user-1", data)
            note = "ttl=None: this Redis lacks HEXPIRE (< 7.4), so jamlib runs without expiry"
        store.get(sid)
    except Exception as err:
        return [
            Result(
                "sessions",
                "redis session get",
                LIB,
                error=f"setup failed: {type(err).__name__}: {err}"[:300],
            )
        ]
    ids = [store.create("user-1", data) for _ in range(100)]

    def rework(n: int) -> None:
        current = ids[-1]
        for _ in range(n):
            current = store.rework(current)
        ids[-1] = current

    def clear(n: int) -> float:
        spent = 0.0
        for _ in range(n):
            for _ in range(100):
                store.create("user-clear", data)
            start = time.perf_counter()
            store.clear("user-clear")
            spent += time.perf_counter() - start
        return spent

    cases = {
        "create": loop(lambda: store.create("user-1", data)),
        "get": loop(lambda: store.get(sid)),
        "update": loop(lambda: store.update(sid, data)),
        "rework": rework,
        "clear x100": clear,
    }
    floors = _sessions._floor_cases(job["redis_url"], json.dumps(data).encode(), None)
    for op, run in cases.items():
        results += measure_group(
            "sessions", f"redis session {op}", {LIB: run, FLOOR: floors[op]}, params, {LIB: note}
        )
    store.clear("user-1")
    return results


def _async_session_cases(job: dict[str, Any], params: Params) -> list[Result]:
    from jam.aio.sessions.redis import RedisSessions

    data = job["session_data"]
    loop_ = asyncio.new_event_loop()
    try:
        store = RedisSessions(redis_uri=job["redis_url"], redis_sessions_key="bench-jamlib-aio")
        sid = loop_.run_until_complete(store.create("user-1", data))

        def get(n: int) -> None:
            async def many() -> None:
                for _ in range(n):
                    await store.get(sid)

            loop_.run_until_complete(many())

        return measure_group("sessions", "redis session get (async)", {LIB: get}, params)
    except Exception as err:
        return [
            Result(
                "sessions",
                "redis session get (async)",
                LIB,
                error=f"setup failed: {type(err).__name__}: {err}"[:300],
            )
        ]
    finally:
        loop_.close()


def _otp_cases(job: dict[str, Any], params: Params) -> list[Result]:
    from jam.otp import TOTP

    totp = TOTP(job["keys"]["otp_secret"])
    code = totp.at(int(time.time()))
    floor_code, floor_verify = _otp._floor(job["keys"]["otp_secret"])
    results = measure_group(
        "otp",
        "TOTP code",
        {LIB: loop(lambda: totp.at(int(time.time()))), FLOOR: loop(floor_code)},
        params,
    )
    results += measure_group(
        "otp",
        "TOTP verify (window ±1)",
        {
            LIB: loop(lambda: totp.verify(code, look_ahead=1)),
            FLOOR: loop(lambda: floor_verify(code)),
        },
        params,
    )
    return results


GROUPS = {
    "jwt": _jwt_cases,
    "lists": _list_cases,
    "sessions": _session_cases,
    "async_sessions": _async_session_cases,
    "otp": _otp_cases,
}


def main() -> None:
    """Read the job from stdin, run the requested groups, print results as JSON."""
    warnings.simplefilter("ignore")
    job = json.load(sys.stdin)
    params = Params(**job["params"])
    results: list[Result] = []
    for group in job["groups"]:
        try:
            results += GROUPS[group](job, params)
        except Exception as err:
            results.append(
                Result(group, f"{group} (all)", LIB, error=f"{type(err).__name__}: {err}"[:300])
            )
    json.dump(
        {
            "version": importlib.metadata.version("jamlib"),
            "python": sys.version.split()[0],
            "results": [r.to_json() for r in results],
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
