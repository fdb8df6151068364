"""``python -m bench.fuzz``: run every fuzz target under atheris and report.

Examples::

    uv run python -m bench.fuzz --ci                    # every target, < 60 s, 1 on findings
    nice -n 19 uv run python -m bench.fuzz --executions 10000000 --jobs 2   # the long run
    uv run python -m bench.fuzz --only jwt-ec,otp --seconds 120         # a focused session

Each target runs in its own worker process (:mod:`bench.fuzz._worker`) with
a fresh corpus seeded from real tokens, ids, codes and configurations, a
scrubbed environment, no standard input and no controlling terminal. The
table gives, per target: executions, executions per second, wall time,
libFuzzer's coverage counters (``cov``: edges, ``ft``: features), the corpus
it grew to, and findings. ``--json`` writes the same with machine details.
Findings (the input that triggered each, and a JSON summary) are kept in
``--findings`` (default ``bench/results/fuzz-findings``). Exit status: 0 when
every target ran and found nothing, 1 otherwise.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CI_SECONDS = 3
"""Fuzzing time per target in ``--ci`` (10 targets, 2 at a time, plus start-up: < 60 s)."""
KEPT_VARIABLES = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV", "PYTHONHASHSEED")

_DONE = re.compile(r"#(\d+)\s+(?:DONE|pulse|NEW|REDUCE|INITED)\s+cov: (\d+) ft: (\d+) corp: (\d+)/")
_STAT = re.compile(r"stat::(\w+):\s+(\d+)")


@dataclass
class Outcome:
    """What one worker did."""

    target: str
    executions: int = 0
    seconds: float = 0.0
    cov: int = 0
    ft: int = 0
    corpus: int = 0
    seeds: int = 0
    exit_code: int | None = None
    findings: list[dict[str, Any]] = field(default_factory=list)
    artifacts: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """True on any finding, libFuzzer artifact or abnormal exit."""
        return bool(self.findings or self.artifacts or self.exit_code != 0 or not self.executions)


def _environment() -> dict[str, str]:
    env = {name: os.environ[name] for name in KEPT_VARIABLES if name in os.environ}
    env["PYTHONPATH"] = str(ROOT)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_target(
    name: str, flags: list[str], findings: Path, work: Path, corpus_root: Path | None
) -> Outcome:
    """Run one worker to completion and read its statistics."""
    corpus = (corpus_root or work) / name / "corpus"
    folder = findings / name
    log = work / f"{name}.log"
    started = time.perf_counter()
    with log.open("wb") as out:
        process = subprocess.run(
            [sys.executable, "-m", "bench.fuzz._worker", name, str(corpus), str(folder), "--",
             *flags, f"-artifact_prefix={folder}/"],
            cwd=work,
            env=_environment(),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            check=False,
        )  # fmt: skip
    outcome = Outcome(name, seconds=time.perf_counter() - started, exit_code=process.returncode)
    text = log.read_text(errors="replace")
    for match in _DONE.finditer(text):
        outcome.cov, outcome.ft, outcome.corpus = (int(match.group(i)) for i in (2, 3, 4))
    stats = dict(_STAT.findall(text))
    outcome.executions = int(stats.get("number_of_executed_units", 0))
    seeds = re.search(r"(\d+) seeds", text)
    outcome.seeds = int(seeds.group(1)) if seeds else 0
    summary = folder / f"{name}.findings.json"
    if summary.exists():
        outcome.findings = json.loads(summary.read_text())
    if folder.exists():
        outcome.artifacts = sorted(
            p.name
            for p in folder.iterdir()
            if p.name.startswith(("crash-", "timeout-", "oom-", "leak-"))
        )
    if outcome.failed:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(log, folder / f"{name}.log")
    return outcome


def _runs(total: int | None, weights: dict[str, float], name: str) -> list[str]:
    """``-runs=`` for ``name``: its weighted share of ``total`` executions (none without one)."""
    if not total:
        return []
    share = weights[name] / sum(weights.values())
    return [f"-runs={max(1, math.ceil(total * share))}"]


def machine() -> dict[str, Any]:
    """CPU, cores, Python, versions, commit."""
    import importlib.metadata

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for name in ("jam-auth", "jam-auth-jwa", "atheris", "cryptography", "pydantic"):
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "load_avg_at_start": os.getloadavg(),
        "python": platform.python_version(),
        "jam_commit": commit,
        "versions": versions,
    }


def report(outcomes: list[Outcome], wall: float) -> str:
    """The table printed at the end (figures only: no input is ever printed)."""
    lines = [
        f"{'target':<12} {'execs':>11} {'exec/s':>8} {'wall s':>7} {'cov':>6} {'ft':>6} "
        f"{'corpus':>7} {'findings':>8}"
    ]
    for item in outcomes:
        rate = item.executions / item.seconds if item.seconds else 0
        found = sum(f["count"] for f in item.findings) + len(item.artifacts)
        status = "" if not item.failed else f"  <- exit {item.exit_code}"
        lines.append(
            f"{item.target:<12} {item.executions:>11,} {rate:>8,.0f} {item.seconds:>7.1f} "
            f"{item.cov:>6} {item.ft:>6} {item.corpus:>7} {found:>8}{status}"
        )
    total = sum(item.executions for item in outcomes)
    findings = sum(len(item.findings) + len(item.artifacts) for item in outcomes)
    lines.append(
        f"{'total':<12} {total:>11,} {'':>8} {wall:>7.1f} {'':>6} {'':>6} {'':>7} {findings:>8}"
    )
    for item in outcomes:
        for entry in item.findings:
            lines.append(
                f"  {item.target}: {entry['kind']} x{entry['count']}: {entry['detail']} "
                f"at {entry['where']} (input: {entry['input']})"
            )
        for artifact in item.artifacts:
            lines.append(f"  {item.target}: libFuzzer stopped the worker: {artifact}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0915  (linear orchestration)
    """Run the targets; return 1 when anything was found or a worker failed."""
    from bench.fuzz._targets import TARGETS

    parser = argparse.ArgumentParser(
        prog="python -m bench.fuzz",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--ci", action="store_true", help=f"every target for {CI_SECONDS} s (< 60 s in all)"
    )
    parser.add_argument(
        "--executions", type=int, help="total executions, split by each target's weight"
    )
    parser.add_argument("--seconds", type=int, help="fuzzing time per target")
    parser.add_argument("--only", help=f"comma-separated targets (of {', '.join(TARGETS)})")
    parser.add_argument("--jobs", type=int, default=2, help="targets run at once (default 2)")
    parser.add_argument("--timeout", type=int, default=30, help="seconds one input may take")
    parser.add_argument("--max-len", type=int, default=4096, help="longest input (bytes)")
    parser.add_argument("--corpus", type=Path, help="keep corpora here (grown across runs)")
    parser.add_argument("--findings", type=Path, default=ROOT / "bench/results/fuzz-findings")
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    args = parser.parse_args(argv)
    names = list(TARGETS) if not args.only else [n.strip() for n in args.only.split(",")]
    unknown = [name for name in names if name not in TARGETS]
    if unknown:
        parser.error(f"unknown target(s) {unknown}; choose from {list(TARGETS)}")
    flags = [f"-timeout={args.timeout}", f"-max_len={args.max_len}", "-print_final_stats=1",
             "-rss_limit_mb=4096"]  # fmt: skip
    if args.ci:
        flags.append(f"-max_total_time={args.seconds or CI_SECONDS}")
    elif args.executions:
        if args.seconds:
            flags.append(f"-max_total_time={args.seconds}")
    elif args.seconds:
        flags.append(f"-max_total_time={args.seconds}")
    else:
        parser.error("give --ci, --executions N or --seconds S")
    if args.findings.exists():
        shutil.rmtree(args.findings)
    args.findings.mkdir(parents=True)
    meta = machine()
    print(
        f"# fuzz: {len(names)} targets, {args.jobs} at a time, flags {' '.join(flags)}; "
        f"{meta['cpu']}, {meta['cores']} cores, Python {meta['python']}, "
        f"atheris {meta['versions']['atheris']}, jam {meta['jam_commit']}",
        flush=True,
    )
    started = time.perf_counter()
    with (
        tempfile.TemporaryDirectory(prefix="jam-fuzz-") as tmp,
        ThreadPoolExecutor(args.jobs) as pool,
    ):
        work = Path(tmp)
        weights = {name: TARGETS[name].weight for name in names}
        futures = [
            pool.submit(
                run_target,
                name,
                [*flags, *_runs(args.executions, weights, name)],
                args.findings,
                work,
                args.corpus,
            )
            for name in names
        ]
        outcomes = []
        for future in futures:
            outcome = future.result()
            outcomes.append(outcome)
            print(f"... {outcome.target}: {outcome.executions:,} executions, "
                  f"{sum(f['count'] for f in outcome.findings)} findings", flush=True)  # fmt: skip
    wall = time.perf_counter() - started
    print(report(outcomes, wall))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        document = {"machine": meta, "flags": flags, "wall_seconds": wall,
                    "targets": [asdict(item) for item in outcomes]}  # fmt: skip
        args.json.write_text(json.dumps(document, indent=1))
    if not any(item.failed for item in outcomes):
        shutil.rmtree(args.findings, ignore_errors=True)
        return 0
    print(f"findings kept in {args.findings}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
