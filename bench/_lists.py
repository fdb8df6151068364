"""HS256 verify with a black list (the token is not revoked, so every call is a lookup miss).

Jam on each registered token-list backend; the floor is the HS256 floor plus
the backend's bare lookup (a set membership, one SQLite SELECT, one redis-py
EXISTS round trip). jamlib (memory, redis) runs in its worker.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import uuid
from typing import Any

from bench import _floor
from bench._jwt import jam_config
from bench._timing import Params, Result, loop, measure_group

BACKENDS = ("memory", "sqlite", "redis")


def _floors(material: dict[str, str], redis_url: str, tmp: str) -> dict[str, Any]:
    verify = _floor.make_verify("HS256", material)
    revoked = {"jti:someone-else"}

    def memory(token: str) -> Any:
        claims = verify(token)
        if "jti:" + claims["jti"] in revoked:
            raise ValueError("revoked")
        return claims

    db = sqlite3.connect(
        os.path.join(tmp, "floor.db"), isolation_level=None, check_same_thread=False
    )
    db.execute("pragma journal_mode=wal")
    db.execute("create table if not exists t (id text primary key, exp integer)")
    db.execute("insert or replace into t values ('jti:someone-else', 0)")
    query = "select 1 from t where id = ?"

    def sqlite(token: str) -> Any:
        claims = verify(token)
        if db.execute(query, ("jti:" + claims["jti"],)).fetchone() is not None:
            raise ValueError("revoked")
        return claims

    import redis

    client = redis.Redis.from_url(redis_url)

    def redis_floor(token: str) -> Any:
        claims = verify(token)
        if client.exists("bench-floor:jti:" + claims["jti"]):
            raise ValueError("revoked")
        return claims

    return {"memory": memory, "sqlite": sqlite, "redis": redis_floor}


def bench_lists(keys: dict[str, Any], params: Params, redis_url: str, token: str) -> list[Result]:
    """Measure verify-with-black-list per backend: Jam and the floor."""
    import jam

    material = keys["HS256"]
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="jam-bench-") as tmp:
        floors = _floors(material, redis_url, tmp)
        for backend in BACKENDS:
            op = f"HS256 verify, black list: {backend}"
            cases: dict[str, Any] = {"floor": loop(lambda f=floors[backend]: f(token))}
            errors: dict[str, str] = {}
            options: dict[str, Any] = {"type": "black", "backend": backend}
            if backend == "sqlite":
                options["path"] = os.path.join(tmp, "jam-list.db")
            if backend == "redis":
                options["redis_uri"] = redis_url
                options["prefix"] = f"jam-bench-{uuid.uuid4().hex[:8]}"
            try:
                auth = jam.Jam(config=jam_config("HS256", material, list=options))
                other = auth.jwt_create_token(
                    auth.jwt_make_payload(exp=600, data={"sub": "someone-else"})
                )
                auth.jwt_revoke_token(other)  # the list is not empty
                auth.jwt_verify_token(token)
                cases["jam"] = loop(lambda a=auth: a.jwt_verify_token(token))
            except Exception as err:
                errors["jam"] = f"setup failed: {type(err).__name__}: {err}"[:300]
            results += measure_group("lists", op, cases, params)
            results += [Result("lists", op, lib, error=msg) for lib, msg in errors.items()]
    return results
