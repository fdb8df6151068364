"""Run one fuzz target under atheris (libFuzzer); the driver starts one per target.

``python -m bench.fuzz._worker TARGET CORPUS FINDINGS -- [libFuzzer flags]``

Jam (every module of ``jam``, ``jam_jwa``, ``jam_sqlite``, ``jam_redis``) and
``tomllib`` are imported under atheris's bytecode instrumentation *before*
anything runs, so lazily imported modules are instrumented too. The target's
seeds are written into CORPUS. A finding (a :class:`Finding`, or any
exception that is not a ``JamError``) is recorded and the run goes on: the
first input of each distinct finding is saved in FINDINGS with a JSON
summary (type, where, count; never the input's text or an exception
message, which could quote a token), so a long run reports every finding and
its full execution count. Hangs and memory blow-ups are libFuzzer's to catch
(``-timeout``, ``-rss_limit_mb``); they end the worker with an artifact.
"""

from __future__ import annotations

import hashlib
import json
import pkgutil
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

INSTRUMENTED = ("jam", "jam_jwa", "jam_sqlite", "jam_redis", "jam_oauth2", "tomllib")
SKIPPED = ("jam.testing", "jam.cli")  # pytest / the command line: not on a hostile-input path


def import_instrumented() -> int:
    """Import every module of :data:`INSTRUMENTED` under instrumentation; return how many."""
    import importlib

    import atheris

    count = 0
    with atheris.instrument_imports(include=list(INSTRUMENTED)):
        for name in INSTRUMENTED:
            package = importlib.import_module(name)
            count += 1
            for info in pkgutil.walk_packages(getattr(package, "__path__", []), f"{name}."):
                if info.name.startswith(SKIPPED) or info.name.rpartition(".")[2] == "__main__":
                    continue  # a __main__ module runs its program when imported
                importlib.import_module(info.name)
                count += 1
    return count


class Recorder:
    """Count findings by signature; keep the first input of each and a JSON summary."""

    def __init__(self, folder: Path, target: str) -> None:
        """Write into ``folder``."""
        self.folder = folder
        self.target = target
        self.found: dict[str, dict[str, Any]] = {}
        folder.mkdir(parents=True, exist_ok=True)

    def add(self, error: BaseException, data: bytes) -> None:
        """Record ``error`` raised by ``data``."""
        from bench.fuzz._common import Finding

        kind = "property" if isinstance(error, Finding) else "crash"
        where = _where(error)
        detail = str(error) if isinstance(error, Finding) else type(error).__name__
        signature = f"{kind}: {detail} at {where}"
        entry = self.found.get(signature)
        if entry is None:
            name = f"{self.target}-{hashlib.sha256(data).hexdigest()[:16]}.bin"
            (self.folder / name).write_bytes(data)
            entry = {"kind": kind, "type": type(error).__name__, "detail": detail}
            entry |= {"where": where, "count": 0, "input": name}
            self.found[signature] = entry
        entry["count"] += 1
        if entry["count"] & (entry["count"] - 1) == 0:  # 1, 2, 4, 8...: keep the file fresh
            self.save()

    def save(self) -> None:
        """Write the summary."""
        path = self.folder / f"{self.target}.findings.json"
        path.write_text(json.dumps(list(self.found.values()), indent=1))


def _where(error: BaseException) -> str:
    """The innermost frame in Jam (or else in the harness): ``module-relative path:line``."""
    frames = traceback.extract_tb(error.__traceback__)
    for marker in ("/jam/", "/jam_", "/bench/fuzz/"):
        for frame in reversed(frames):
            if marker in frame.filename:
                short = frame.filename[frame.filename.rfind(marker) + 1 :]
                return f"{short}:{frame.lineno} ({frame.name})"
    return "unknown"


def main(argv: list[str]) -> None:
    """Set up one target and hand control to libFuzzer (which exits the process)."""
    target_name, corpus, findings = argv[0], Path(argv[1]), Path(argv[2])
    flags = argv[4:] if len(argv) > 3 and argv[3] == "--" else argv[3:]
    modules = import_instrumented()
    import atheris

    from bench.fuzz._common import Finding
    from bench.fuzz._targets import TARGETS
    from jam.exceptions import JamError

    target = TARGETS[target_name]
    # In the driver's working folder (removed with it), never elsewhere.
    scratch = Path(tempfile.mkdtemp(prefix=f"scratch-{target_name}-", dir=Path.cwd()))
    state = target.setup(scratch)
    corpus.mkdir(parents=True, exist_ok=True)
    for number, data in enumerate(state.seeds):
        (corpus / f"seed-{number:04d}").write_bytes(data)
    recorder = Recorder(findings, target_name)
    recorder.save()
    one = target.one
    print(
        f"worker: {target_name}: {modules} modules instrumented, {len(state.seeds)} seeds",
        file=sys.stderr,
        flush=True,
    )

    def test_one_input(data: bytes) -> None:
        try:
            one(state, data)
        except JamError:
            pass  # the allowed outcome
        except (Finding, Exception) as error:
            recorder.add(error, data)

    atheris.Setup([sys.argv[0], *flags, str(corpus)], test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv[1:])
