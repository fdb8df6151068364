"""Cold start: ``import jam`` + ``Jam(config)`` in fresh interpreters, and lazy-import checks.

Each run is a new ``python -c`` process, so nothing is cached in memory (the
OS file cache is warm, as it is for a server restart). The time is measured
inside the child from before ``import jam`` to after ``Jam(...)`` returns;
interpreter start-up is reported separately.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from typing import Any

from bench._jwt import jam_config

HEAVY = (
    "redis",
    "hiredis",
    "sqlite3",
    "cryptography.hazmat.primitives.asymmetric.rsa",
    "cryptography.hazmat.primitives.asymmetric.ec",
    "segno",
    "httpx",
)
"""Modules a plugin must not import unless the configuration uses it."""

_CHILD = r"""
import json, sys, time
config = json.loads(sys.argv[1])
start = time.perf_counter()
import jam
auth = jam.Jam(config=config)
elapsed = time.perf_counter() - start
heavy = json.loads(sys.argv[2])
print(json.dumps({"seconds": elapsed, "loaded": [m for m in heavy if m in sys.modules],
                  "modules": len(sys.modules)}))
"""


def full_config(keys: dict[str, Any], redis_url: str, backends: set[str]) -> dict[str, Any]:
    """Every capability, on the heaviest backends that are installed."""
    config = jam_config("ES256", keys["ES256"])
    store = "redis" if "redis" in backends else "memory"
    config["jwt"]["list"] = {"type": "black", "backend": store}
    if store == "redis":
        config["jwt"]["list"]["redis_uri"] = redis_url
    config["otp"] = {"type": "totp"}
    session_store = "redis" if "redis-sessions" in backends else "memory"
    config["session"] = {"backend": session_store}
    if session_store == "redis":
        config["session"]["redis_uri"] = redis_url
    return config


def minimal_config(keys: dict[str, Any]) -> dict[str, Any]:
    """HS256 JWT only: no plugin but ``jwa`` is used, so nothing heavy may load."""
    return jam_config("HS256", keys["HS256"])


def _child(config: dict[str, Any]) -> dict[str, Any]:
    out = subprocess.run(
        [
            sys.executable,
            "-X",
            "frozen_modules=on",
            "-c",
            _CHILD,
            json.dumps(config),
            json.dumps(HEAVY),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr else "failed")
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def interpreter_startup(runs: int) -> float:
    """Median seconds for ``python -c pass`` (reported, not counted)."""
    import time

    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def bench_cold(
    keys: dict[str, Any], redis_url: str, runs: int, backends: set[str]
) -> dict[str, Any]:
    """Return cold-start medians and which heavy modules each configuration imported."""
    report: dict[str, Any] = {"runs": runs, "heavy_modules_checked": list(HEAVY)}
    for name, config in (
        ("full", full_config(keys, redis_url, backends)),
        ("minimal", minimal_config(keys)),
    ):
        try:
            samples = [_child(config) for _ in range(runs)]
        except Exception as err:
            report[name] = {"error": f"{type(err).__name__}: {err}"[:300]}
            continue
        report[name] = {
            "config_uses": sorted(config),
            "median_ms": 1000 * statistics.median(s["seconds"] for s in samples),
            "samples_ms": [1000 * s["seconds"] for s in samples],
            "heavy_loaded": samples[0]["loaded"],
            "modules": samples[0]["modules"],
        }
    report["interpreter_startup_ms"] = 1000 * interpreter_startup(min(runs, 5))
    return report
