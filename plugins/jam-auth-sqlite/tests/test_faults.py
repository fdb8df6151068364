"""Faults on a real SQLite file: lock contention from another process, and a full disk.

What every case proves, by recording each call's outcome and checking the file
afterwards: a write that returned normally is in the file with its own data; a
write that raised is not (SQLite rolls a failed statement back, so here the
answer is never ambiguous); no read returns another session's data; every
failure is a ``BackendError`` (``BackendUnavailable`` for a lock held too long).
The disk is "full" through ``RLIMIT_FSIZE`` in a child process (no tmpfs
needed): writes past the limit fail with ``EFBIG``, which SQLite reports as
``SQLITE_FULL``.
"""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from typing import TYPE_CHECKING, Any

import pytest

from jam.exceptions import BackendError, BackendUnavailable
from jam_sqlite import SQLiteOptions, SQLiteSessionStore, SQLiteTokenList

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits and fork")


def _data(sid: str) -> bytes:
    return f"data-of:{sid}:".encode() + b"." * 64


def _hold_locks(path: str, rounds: int, hold: float, gap: float) -> None:
    """In another process: take the write lock ``rounds`` times for ``hold`` seconds."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    for _ in range(rounds):
        conn.execute("BEGIN IMMEDIATE")
        time.sleep(hold)
        conn.execute("COMMIT")
        time.sleep(gap)
    conn.close()


def test_lock_contention_never_reports_a_write_that_did_not_happen(tmp_path: Path) -> None:
    path = tmp_path / "jam.db"
    options = SQLiteOptions(path=path, timeout=0.2, purge_interval=0, max_sessions_per_key=0)
    store = SQLiteSessionStore(options)
    created: dict[str, bool] = {}
    outcomes: Counter[str] = Counter()
    holder = multiprocessing.get_context("fork").Process(
        target=_hold_locks, args=(str(path), 4, 0.6, 0.3)
    )
    holder.start()
    deadline = time.monotonic() + 3.6
    index = 0
    while time.monotonic() < deadline:
        sid = f"sid-{index}"
        index += 1
        try:
            store.create(f"user-{index % 5}", sid, _data(sid), 3600)
            created[sid] = True
            outcomes["create ok"] += 1
        except BackendUnavailable:
            created[sid] = False
            outcomes["create BackendUnavailable"] += 1
        for probe in list(created)[-3:]:
            value = store.get(probe)  # WAL: readers are never blocked by the writer
            outcomes["get ok"] += 1
            assert value == (_data(probe) if created[probe] else None)
    holder.join()
    assert outcomes["create BackendUnavailable"] > 0, outcomes  # the lock really got in the way
    assert outcomes["create ok"] > 0, outcomes
    check = SQLiteSessionStore(SQLiteOptions(path=path))
    for sid, ok in created.items():
        assert check.get(sid) == (_data(sid) if ok else None), sid
    listed = {sid for key in range(5) for sid in check.list(f"user-{key}")}
    assert listed == {sid for sid, ok in created.items() if ok}
    check.close()
    store.close()
    print(f"\nsqlite lock contention: {dict(outcomes)}")


_DISK_FULL_CHILD = r"""
import json, resource, signal, sys
from pathlib import Path
from jam.exceptions import BackendError
from jam_sqlite import SQLiteOptions, SQLiteSessionStore, SQLiteTokenList

path, limit = Path(sys.argv[1]), int(sys.argv[2])
store = SQLiteSessionStore(SQLiteOptions(path=path, timeout=1, purge_interval=0))
tokens = SQLiteTokenList(SQLiteOptions(path=path, timeout=1))
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write with EFBIG instead of dying
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
result = {"created": [], "refused": [], "tokens": [], "tokens_refused": [], "errors": [],
          "wrong_reads": 0, "reads": 0}
for i in range(400):
    sid = f"sid-{i}"
    data = f"data-of:{sid}:".encode() + bytes(range(256)) * 16
    try:
        store.create(f"user-{i % 3}", sid, data, 3600)
        result["created"].append(sid)
    except BackendError as err:
        result["refused"].append(sid)
        result["errors"].append(type(err).__name__)
    try:
        tokens.add(f"jti-{i}", 3600)
        result["tokens"].append(f"jti-{i}")
    except BackendError as err:
        result["tokens_refused"].append(f"jti-{i}")
        result["errors"].append(type(err).__name__)
    for probe in result["created"][-5:]:
        value = store.get(probe)
        result["reads"] += 1
        if value is None or not value.startswith(f"data-of:{probe}:".encode()):
            result["wrong_reads"] += 1
print(json.dumps(result))
"""


def test_full_disk_fails_writes_typed_and_loses_none_that_succeeded(tmp_path: Path) -> None:
    path = tmp_path / "jam.db"
    SQLiteSessionStore(SQLiteOptions(path=path)).close()  # schema first, without the limit
    done = subprocess.run(
        [sys.executable, "-c", _DISK_FULL_CHILD, str(path), str(1024 * 1024)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    assert result["refused"], "the limit was never reached"
    assert result["created"], "nothing fitted under the limit"
    assert set(result["errors"]) <= {"BackendError"}  # a full disk is not an outage
    assert result["wrong_reads"] == 0
    store = SQLiteSessionStore(SQLiteOptions(path=path))
    tokens = SQLiteTokenList(SQLiteOptions(path=path))
    for sid in result["created"]:
        value = store.get(sid)
        assert value is not None and value.startswith(f"data-of:{sid}:".encode()), sid
    assert all(store.get(sid) is None for sid in result["refused"])
    assert all(tokens.contains(jti) for jti in result["tokens"])
    assert not any(tokens.contains(jti) for jti in result["tokens_refused"])
    listed = sorted(sid for key in range(3) for sid in store.list(f"user-{key}"))
    assert listed == sorted(result["created"])
    store.close()
    tokens.close()
    print(
        f"\nsqlite disk full: {len(result['created'])} creates ok, "
        f"{len(result['refused'])} refused, {len(result['tokens'])} token adds ok, "
        f"{len(result['tokens_refused'])} refused, {result['reads']} reads all correct; "
        f"errors {dict(Counter(result['errors']))}"
    )


def test_disk_full_error_is_a_backend_error_not_a_raw_sqlite_one(tmp_path: Path) -> None:
    """The same check for the asyncio class: the error crosses the thread pool typed."""
    code = r"""
import asyncio, resource, signal, sys
from pathlib import Path
from jam.exceptions import BackendError
from jam_sqlite import AsyncSQLiteSessionStore, SQLiteOptions

async def main():
    store = AsyncSQLiteSessionStore(SQLiteOptions(path=Path(sys.argv[1]), timeout=1))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (128 * 1024, 128 * 1024))
    for i in range(200):
        try:
            await store.create("alice", f"sid-{i}", b"x" * 8192, 3600)
        except BackendError as err:
            print(type(err).__name__, "full" in str(err))
            break
    await store.close()

asyncio.run(main())
"""
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "jam.db")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert done.stdout.split() == ["BackendError", "True"], done.stdout + done.stderr
    assert BackendError is not BackendUnavailable
