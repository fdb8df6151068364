"""``python -m bench``: run every benchmark group, print the table and targets, write JSON + PNG.

Use ``bash bench/run`` rather than calling this directly: it prepares the two
environments this needs (see ``bench/run``).
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

from bench import _report, _targets
from bench._keys import ALGS, make_claims, make_keys
from bench._timing import FULL, QUICK, Params, Result

ROOT = Path(__file__).resolve().parent.parent
GROUPS = ("jwt", "lists", "sessions", "otp", "oauth2", "web", "cold")
DISTRIBUTIONS = (
    "jam-auth",
    "jam-auth-jwa",
    "jam-auth-sqlite",
    "jam-auth-redis",
    "jam-auth-oauth2",
    "httpx",
    "PyJWT",
    "joserfc",
    "Authlib",
    "python-jose",
    "pyotp",
    "redis",
    "hiredis",
    "cryptography",
    "pydantic",
    "pluggy",
    "matplotlib",
    "jam-auth-starlette",
    "starlette",
)
SESSION_DATA = {"user_id": 42, "roles": ["admin", "editor"], "theme": "dark"}


def machine() -> dict[str, Any]:
    """CPU model, cores, Python, library versions, date and the Jam commit measured."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for name in DISTRIBUTIONS:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None

    def git(*args: str) -> str:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return out.stdout.strip()

    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "load_avg_at_start": os.getloadavg(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "jam_commit": git("rev-parse", "--short", "HEAD"),
        "jam_tree_dirty": bool(git("status", "--porcelain", "--", "src", "plugins")),
        "versions": versions,
    }


def run_jamlib(job: dict[str, Any]) -> tuple[list[dict[str, Any]], str | None]:
    """Run the jamlib worker in its own environment; return its results and version."""
    python = ROOT / "bench" / ".venv-jamlib" / "bin" / "python"
    if not python.exists():
        return [
            Result(
                "jwt", "jamlib", "jamlib", error="bench/.venv-jamlib missing: use bash bench/run"
            ).to_json()
        ], None
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run(
        [str(python), "-m", "bench._jamlib_worker"],
        cwd=ROOT,
        env=env,
        input=json.dumps(job),
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    if out.returncode != 0:
        tail = (out.stderr.strip().splitlines() or ["failed"])[-1]
        return [Result("jwt", "jamlib", "jamlib", error=tail[:300]).to_json()], None
    document = json.loads(out.stdout)
    return document["results"], document["version"]


def normalise(
    rows: list[dict[str, Any]], jamlib_rows: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Put jamlib's numbers on this process's time base through the floor both runs measured.

    jamlib runs in another process at another moment, so machine noise differs.
    Its worker times each row's floor in the same interleaved rounds; a jamlib
    cell becomes ``jamlib_ops * floor_here / floor_there``. The raw number stays
    in ``ops_per_s_raw``.
    """
    floors_here = {
        (r["group"], r["op"]): r["ops_per_s"]
        for r in rows
        if r["lib"] == "floor" and r["ops_per_s"]
    }
    floors_there = {
        (r["group"], r["op"]): r["ops_per_s"]
        for r in jamlib_rows
        if r["lib"] == "floor" and r["ops_per_s"]
    }
    out = []
    for row in jamlib_rows:
        if row["lib"] == "floor":
            continue
        key = (row["group"], row["op"])
        row["ops_per_s_raw"] = row["ops_per_s"]
        if row["ops_per_s"] and key in floors_here and key in floors_there:
            row["ops_per_s"] = row["ops_per_s"] * floors_here[key] / floors_there[key]
            row["us_per_op"] = 1e6 / row["ops_per_s"]
            row["normalised_by_floor"] = floors_here[key] / floors_there[key]
        out.append(row)
    return out


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0912, PLR0915  (linear orchestration)
    """Run the benchmarks; exit status 0 even when targets fail (the report says which)."""
    parser = argparse.ArgumentParser(prog="bash bench/run", description=__doc__)
    parser.add_argument(
        "--quick",
        action="store_true",
        help="3 short repeats per case (< 2 min): a smoke check, not numbers",
    )
    parser.add_argument(
        "--only",
        default=",".join(GROUPS),
        help=f"comma-separated groups to run (default: all of {GROUPS})",
    )
    parser.add_argument("--no-jamlib", action="store_true", help="skip the jamlib subprocess")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("JAM_BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
        help="Redis used by the session/list rows (a scratch DB; keys are prefixed)",
    )
    parser.add_argument(
        "--json",
        type=Path,
        help="where to write results "
        "(default: docs/bench.json, or bench/results/quick.json with --quick)",
    )
    parser.add_argument(
        "--png",
        type=Path,
        help="where to write the plot (default: docs/img/bench.png, or bench/results/quick.png)",
    )
    parser.add_argument("--src-label", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    params: Params = QUICK if args.quick else FULL
    groups = [g.strip() for g in args.only.split(",") if g.strip()]
    unknown = set(groups) - set(GROUPS)
    if unknown:
        parser.error(f"unknown group(s) {sorted(unknown)}; choose from {GROUPS}")
    json_path = args.json or (
        ROOT / ("bench/results/quick.json" if args.quick else "docs/bench.json")
    )
    png_path = args.png or (
        ROOT / ("bench/results/quick.png" if args.quick else "docs/img/bench.png")
    )
    warnings.simplefilter("ignore")
    started = time.perf_counter()
    meta = machine()
    if args.src_label:
        meta["jam_src"] = args.src_label
    print(
        f"# {meta['cpu']}, {meta['cores']} cores, Python {meta['python']}, "
        f"jam-auth {meta['versions']['jam-auth']} ({meta['jam_commit']}"
        f"{', dirty tree' if meta['jam_tree_dirty'] else ''}), "
        f"{'quick' if args.quick else 'full'} run",
        flush=True,
    )
    keys = make_keys()
    results: list[Result] = []
    extra: dict[str, Any] = {"round_trips": {}}
    tokens: dict[str, str] = {}
    backends: set[str] = set()

    def step(name: str) -> None:
        print(f"... {name} ({time.perf_counter() - started:.0f}s)", file=sys.stderr, flush=True)

    if "jwt" in groups or "lists" in groups:
        from bench._jwt import bench_jwt

        step("jwt")
        jwt_results, tokens = bench_jwt(keys, params, ALGS if "jwt" in groups else ("HS256",))
        if "jwt" in groups:
            results += jwt_results
    if "lists" in groups:
        from bench._lists import bench_lists

        step("token lists")
        results += bench_lists(keys, params, args.redis_url, tokens["HS256"])
    if "sessions" in groups:
        from bench._sessions import bench_sessions

        step("sessions")
        session_results, session_extra = bench_sessions(params, args.redis_url, SESSION_DATA)
        results += session_results
        extra["round_trips"].update(session_extra.get("round_trips", {}))
        extra["concurrency"] = session_extra.get("concurrency")
        backends |= set(session_extra.get("backends", ()))
    if "otp" in groups:
        from bench._otp import bench_otp

        step("otp")
        results += bench_otp(keys, params)
    if "oauth2" in groups:
        from bench._oauth2 import bench_oauth2

        step("oauth2")
        oauth2_results, extra["oauth2_concurrency"] = bench_oauth2(keys, params)
        results += oauth2_results
    if "web" in groups:
        from bench._web import bench_web

        step("web (starlette)")
        results += bench_web(keys, params, args.redis_url)
    rows = [r.to_json() for r in results]
    jamlib_groups = [g for g in ("jwt", "lists", "sessions", "otp") if g in groups]
    if not args.no_jamlib and jamlib_groups:
        step("jamlib (subprocess)")
        job = {
            "params": {"repeats": params.repeats, "min_time": params.min_time},
            "keys": keys,
            "tokens": tokens,
            "claims": make_claims(),
            "redis_url": args.redis_url,
            "session_data": SESSION_DATA,
            "groups": jamlib_groups,
        }
        jamlib_rows, jamlib_version = run_jamlib(job)
        rows += normalise(rows, jamlib_rows)
        meta["versions"]["jamlib"] = jamlib_version
    if "cold" in groups:
        from bench._cold import bench_cold

        step("cold start")
        extra["cold"] = bench_cold(keys, args.redis_url, 3 if args.quick else 9, backends)
    rows.sort(key=lambda r: GROUPS.index(r["group"]) if r["group"] in GROUPS else 99)
    verdicts = _targets.evaluate(rows, extra)
    if "web" in groups:
        from bench._web import verdicts as web_verdicts

        verdicts += web_verdicts(rows)
    print()
    print(_report.text_table(rows))
    cold = extra.get("cold")
    if cold:
        print(
            "\ncold start:",
            json.dumps(
                {k: v for k, v in cold.items() if k != "heavy_modules_checked"}, default=str
            ),
        )
    print("\ntargets (issue 5):")
    print(_report.verdict_table(verdicts))
    meta["seconds"] = round(time.perf_counter() - started, 1)
    meta["mode"] = "quick" if args.quick else "full"
    meta["params"] = {"repeats": params.repeats, "min_time_s": params.min_time}
    by_op = _report.by_op(rows)
    document = {
        "meta": meta,
        "results": rows,
        "ratios": [
            {"group": g, "op": op, **_report.ratios(cells)} for (g, op), cells in by_op.items()
        ],
        "extra": extra,
        "targets": verdicts,
    }
    _report.write_json(json_path, document)
    _report.write_png(
        png_path,
        [r for r in rows if r["group"] in ("jwt", "lists", "otp")],
        f"Jam {meta['versions']['jam-auth']} ({meta['jam_commit']}) vs peers - "
        f"{meta['cpu']}, {meta['cores']} cores, Python {meta['python']}, "
        f"{meta['date'][:10]}",
    )
    print(
        f"\nwrote {json_path.relative_to(ROOT) if json_path.is_relative_to(ROOT) else json_path}"
        f" and {png_path.relative_to(ROOT) if png_path.is_relative_to(ROOT) else png_path}"
        f" in {meta['seconds']:.0f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
