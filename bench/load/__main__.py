"""``python -m bench.load``: a bounded mixed workload on Redis and SQLite, then a lost-write audit.

Four processes (``--processes``) run, for ``--seconds`` (60) of wall time,
the same mix of JWT verify and revoke (black list), session create, get,
rework and delete, and HOTP verify with replay protection, alternating
between a Jam on Redis (``--redis-url``, a scratch database, keys under a
unique prefix that is deleted afterwards) and a Jam on one SQLite file that
all processes share. Loopback only.

Afterwards the parent, a different process with its own Jam objects, checks
every acknowledged write: each revoked token is refused, each live session
reads back its data, each deleted or reworked-away id is unknown, each
accepted OTP counter is refused a second time. The report gives ops/s,
p50/p99/p99.9 latency per backend and operation, errors and lost writes;
both must be 0 for exit status 0.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import multiprocessing
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from array import array
from pathlib import Path
from typing import Any

from bench.load._worker import KINDS, Ledger, config, run

ROOT = Path(__file__).resolve().parents[2]


def percentile(sorted_ns: list[int], fraction: float) -> float:
    """The nearest-rank percentile of ``sorted_ns``, in milliseconds."""
    if not sorted_ns:
        return 0.0
    index = min(len(sorted_ns) - 1, max(0, round(fraction * len(sorted_ns) + 0.5) - 1))
    return sorted_ns[index] / 1e6


def audit(backend: str, settings: dict[str, Any], ledgers: list[Ledger]) -> dict[str, int]:
    """Check every acknowledged write from a fresh Jam; return counts checked and lost."""
    import jam
    from jam.exceptions import OTPReplayed, TokenInBlackList

    auth = jam.Jam(config=config(backend, settings))
    lost = {"revoke": 0, "create": 0, "rework/delete": 0, "otp": 0}
    checked = dict.fromkeys(lost, 0)
    try:
        for ledger in ledgers:
            for token in set(ledger.revoked):
                checked["revoke"] += 1
                try:
                    auth.jwt_verify_token(token)
                except TokenInBlackList:
                    continue
                lost["revoke"] += 1
            for sid, data in ledger.alive.items():
                checked["create"] += 1
                lost["create"] += auth.session_get(sid) != data
            for sid in ledger.gone:
                checked["rework/delete"] += 1
                lost["rework/delete"] += auth.session_get(sid) is not None
            for secret, counter, code in ledger.otp:
                checked["otp"] += 1
                try:
                    auth.otp_check_code(secret, code, counter, 0)
                except OTPReplayed:
                    continue
                lost["otp"] += 1
    finally:
        auth.close()
    return {
        **{f"checked {k}": v for k, v in checked.items()},
        **{f"lost {k}": v for k, v in lost.items()},
    }


def clean_redis(url: str, prefix: str) -> int:
    """Delete this run's keys (SCAN by prefix; never FLUSHDB/FLUSHALL)."""
    import redis

    client = redis.Redis.from_url(url)
    deleted = 0
    batch: list[bytes] = []
    for key in client.scan_iter(match=f"{prefix}*", count=1000):
        batch.append(key)
        if len(batch) >= 500:
            deleted += client.delete(*batch)
            batch.clear()
    if batch:
        deleted += client.delete(*batch)
    client.close()
    return deleted


def machine(redis_url: str) -> dict[str, Any]:
    """CPU, cores, load, Python, versions, Redis and SQLite versions, commit."""
    import sqlite3

    import redis

    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        "unknown",
    )  # fmt: skip
    versions = {}
    for name in ("jam-auth", "jam-auth-redis", "jam-auth-sqlite", "redis", "hiredis"):
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    client = redis.Redis.from_url(redis_url)
    versions["redis-server"] = client.info("server").get("redis_version")
    client.close()
    versions["sqlite"] = sqlite3.sqlite_version
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True, check=False).stdout.strip()  # fmt: skip
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "load_avg_at_start": os.getloadavg(),
        "python": platform.python_version(),
        "jam_commit": commit,
        "versions": versions,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the workload, audit it, print the table; 1 on any error or lost write."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.load",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--seconds", type=float, default=60.0, help="wall time of the load (60)")
    parser.add_argument("--processes", type=int, default=4, help="load processes (4)")
    parser.add_argument("--backends", default="redis,sqlite", help="redis,sqlite (both)")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("JAM_LOAD_REDIS_URL", "redis://127.0.0.1:6379/14"),
        help="a scratch Redis database on loopback (keys are prefixed and removed)",
    )
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    args = parser.parse_args(argv)
    backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    if not set(backends) <= {"redis", "sqlite"} or not backends:
        parser.error("--backends takes redis and/or sqlite")
    host = args.redis_url.split("://", 1)[-1].split("/", 1)[0].rsplit("@", 1)[-1]
    if "redis" in backends and not host.startswith(("127.", "localhost", "[::1]")):
        parser.error("--redis-url must be on loopback")
    meta = machine(args.redis_url) if "redis" in backends else {}
    with tempfile.TemporaryDirectory(prefix="jam-load-") as tmp:
        settings = {
            "backends": backends,
            "redis_url": args.redis_url,
            "prefix": f"jam-load-{uuid.uuid4().hex[:12]}:",
            "sqlite_path": str(Path(tmp) / "jam.db"),
            "jwt_secret": secrets.token_urlsafe(48),
        }
        context = multiprocessing.get_context("spawn")
        start_at = time.time() + 15  # every process is built and has signed its pool by then
        stop_at = start_at + args.seconds
        print(f"# load: {args.processes} processes x {backends}, {args.seconds:.0f} s; "
              f"{meta.get('cpu', '')}, {os.cpu_count()} cores", flush=True)  # fmt: skip
        with context.Pool(args.processes) as pool:
            results = pool.starmap(
                run, [(n, settings, start_at, stop_at) for n in range(args.processes)]
            )
        wall = time.time() - start_at
        report: dict[str, Any] = {"machine": meta, "seconds": args.seconds,
                                  "processes": args.processes, "backends": {}}  # fmt: skip
        failed = False
        for backend in backends:
            ledgers = [r["backends"][backend]["ledger"] for r in results]
            lost = audit(backend, settings, ledgers)
            errors: dict[str, int] = {}
            rows = {}
            for kind in KINDS:
                samples: list[int] = []
                for r in results:
                    raw = array("q")
                    raw.frombytes(r["backends"][backend]["samples"][kind])
                    samples += raw
                samples.sort()
                rows[kind] = {
                    "ops": len(samples),
                    "ops_per_s": len(samples) / wall,
                    "p50_ms": percentile(samples, 0.50),
                    "p99_ms": percentile(samples, 0.99),
                    "p999_ms": percentile(samples, 0.999),
                }
            for r in results:
                for name, count in r["backends"][backend]["errors"].items():
                    errors[name] = errors.get(name, 0) + count
            total = sum(row["ops"] for row in rows.values())
            report["backends"][backend] = {"operations": rows, "total_ops": total,
                                           "ops_per_s": total / wall, "errors": errors,
                                           "audit": lost}  # fmt: skip
            failed |= bool(errors) or any(v for k, v in lost.items() if k.startswith("lost"))
        if "redis" in backends:
            report["redis_keys_removed"] = clean_redis(args.redis_url, settings["prefix"])
    print(render(report))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1))
    return 1 if failed else 0


def render(report: dict[str, Any]) -> str:
    """The table: ops/s and latency percentiles per backend and kind, errors, audit."""
    lines = []
    for backend, data in report["backends"].items():
        lines.append(
            f"\n{backend}: {data['total_ops']:,} operations, {data['ops_per_s']:,.0f} ops/s"
        )
        head = ("operation", "ops", "ops/s", "p50 ms", "p99 ms", "p99.9 ms")
        lines.append("  {:<16} {:>9} {:>8} {:>8} {:>8} {:>9}".format(*head))
        for kind, row in data["operations"].items():
            lines.append(
                f"  {kind:<16} {row['ops']:>9,} {row['ops_per_s']:>8,.0f} {row['p50_ms']:>8.2f} "
                f"{row['p99_ms']:>8.2f} {row['p999_ms']:>9.2f}"
            )
        errors = sum(data["errors"].values())
        lines.append(f"  errors: {errors}" + (f" {data['errors']}" if errors else ""))
        audit = data["audit"]
        lines.append("  lost writes: " + ", ".join(
            f"{k[5:]} {audit[k]}/{audit['checked ' + k[5:]]}" for k in audit if k.startswith("lost")
        ))  # fmt: skip
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
