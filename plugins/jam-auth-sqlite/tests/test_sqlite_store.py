"""SQLite-specific behaviour: file mode, locks, processes, purging, typed errors, options."""

from __future__ import annotations

import asyncio
import multiprocessing
import secrets
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from typing import TYPE_CHECKING

import pytest

from jam import Jam
from jam.exceptions import BackendError, BackendUnavailable, JamConfigError
from jam_sqlite import SQLiteOptions
from jam_sqlite._lists import SQLiteTokenList
from jam_sqlite._sessions import AsyncSQLiteSessionStore, SQLiteSessionStore

if TYPE_CHECKING:
    from pathlib import Path

PROCESSES = 4
OPERATIONS = 40


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _hold_write_lock(path: Path, seconds: float, started: threading.Event) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO jam_tokens (id, expires) VALUES ('lock-holder', NULL)")
    started.set()
    time.sleep(seconds)
    conn.execute("COMMIT")
    conn.close()


def test_database_file_is_created_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "jam.db"
    store = SQLiteSessionStore(SQLiteOptions(path=path))
    store.create("alice", "sid", b"x", 60)
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            assert _mode(side) == 0o600
    store.close()


def test_wal_mode_is_on(tmp_path: Path) -> None:
    store = SQLiteSessionStore(SQLiteOptions(path=tmp_path / "jam.db"))
    store.close()
    conn = sqlite3.connect(tmp_path / "jam.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_write_waits_for_a_short_lock(tmp_path: Path) -> None:
    store = SQLiteSessionStore(SQLiteOptions(path=tmp_path / "jam.db", timeout=5))
    started = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(tmp_path / "jam.db", 0.3, started))
    holder.start()
    started.wait()
    store.create("alice", "sid", b"x", 60)
    holder.join()
    assert store.get("sid") == b"x"
    store.close()


def test_lock_held_past_timeout_is_backend_unavailable(tmp_path: Path) -> None:
    store = SQLiteSessionStore(SQLiteOptions(path=tmp_path / "jam.db", timeout=0.3))
    started = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(tmp_path / "jam.db", 1.0, started))
    holder.start()
    started.wait()
    with pytest.raises(BackendUnavailable, match="still locked") as caught:
        store.create("alice", "sid", b"x", 60)
    assert "sid" not in str(caught.value)
    holder.join()
    store.create("alice", "sid", b"x", 60)
    assert store.get("sid") == b"x"
    store.close()


def test_corrupt_file_is_backend_error(tmp_path: Path) -> None:
    path = tmp_path / "jam.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(BackendError):
        SQLiteSessionStore(SQLiteOptions(path=path))


def test_uncreatable_path_is_backend_unavailable(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(BackendUnavailable, match="cannot create"):
        SQLiteSessionStore(SQLiteOptions(path=tmp_path / "file" / "jam.db"))


def test_closed_store_raises_typed_error(tmp_path: Path) -> None:
    store = SQLiteSessionStore(SQLiteOptions(path=tmp_path / "jam.db"))
    store.close()
    with pytest.raises(BackendError, match="closed"):
        store.get("sid")


def test_expired_rows_are_purged(tmp_path: Path) -> None:
    path = tmp_path / "jam.db"
    store = SQLiteSessionStore(SQLiteOptions(path=path, purge_interval=0))
    tokens = SQLiteTokenList(SQLiteOptions(path=path, purge_interval=3600))
    store.create("alice", "old", b"x", 1)
    tokens.add("old-token", 1)
    time.sleep(1.1)
    store.create("alice", "new", b"x", 60)  # a write sweeps expired rows
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT id FROM jam_sessions").fetchall() == [("new",)]
    assert conn.execute("SELECT id FROM jam_tokens").fetchall() == []
    conn.close()
    assert store.purge() == 0
    store.close()
    tokens.close()


def test_get_and_touch_moves_expiry_without_rewriting(tmp_path: Path) -> None:
    store = SQLiteSessionStore(SQLiteOptions(path=tmp_path / "jam.db"))
    store.create("alice", "sid", b"x", 1)
    assert store.get_and_touch("sid", 60) == b"x"
    time.sleep(1.1)
    assert store.get("sid") == b"x"
    assert store.get_and_touch("missing", 60) is None
    store.close()


def _worker(args: tuple[str, int]) -> tuple[list[str], int]:
    path, index = args
    from pathlib import Path

    options = SQLiteOptions(path=Path(path), timeout=30)
    store, tokens = SQLiteSessionStore(options), SQLiteTokenList(options)
    created, wins = [], 0
    for op in range(OPERATIONS):
        sid = f"p{index}-{op}-{secrets.token_hex(8)}"
        store.create(f"user-{op % 3}", sid, f"{index}:{op}".encode(), 3600)
        if op % 4 == 0:
            new = sid + "-r"
            assert store.rework(sid, new, None)
            sid = new
        created.append(sid)
        wins += tokens.add_if_absent(f"race-{op}", 3600)
    store.close()
    tokens.close()
    return created, wins


@pytest.mark.skipif(sys.platform == "win32", reason="uses fork")
def test_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.db")  # not created yet: workers race on creation too
    with multiprocessing.get_context("fork").Pool(PROCESSES) as pool:
        results = pool.map(_worker, [(path, i) for i in range(PROCESSES)])
    created = sorted(sid for ids, _ in results for sid in ids)
    assert len(created) == PROCESSES * OPERATIONS
    assert sum(wins for _, wins in results) == OPERATIONS  # each race id won exactly once
    store = SQLiteSessionStore(SQLiteOptions(path=tmp_path / "shared.db"))
    listed = sorted(sid for key in range(3) for sid in store.list(f"user-{key}"))
    assert listed == created
    assert all(store.get(sid) is not None for sid in created)
    store.close()


async def test_async_store_does_not_block_the_event_loop(tmp_path: Path) -> None:
    store = AsyncSQLiteSessionStore(SQLiteOptions(path=tmp_path / "jam.db", timeout=5))
    started = threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(tmp_path / "jam.db", 0.4, started))
    holder.start()
    started.wait()
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.02)
            ticks += 1

    task = asyncio.create_task(ticker())
    await store.create("alice", "sid", b"x", 60)  # waits for the lock off the loop
    task.cancel()
    holder.join()
    assert ticks >= 5
    assert await store.get("sid") == b"x"
    await store.close()


def test_options_accept_jamlib_aliases(tmp_path: Path) -> None:
    assert SQLiteOptions.model_validate({"session_path": "a.db"}).path.name == "a.db"
    assert SQLiteOptions.model_validate({"sessions_path": "b.db"}).path.name == "b.db"
    assert SQLiteOptions().path.name == "jam.db"


def test_in_memory_path_is_refused() -> None:
    with pytest.raises(ValueError, match="memory"):
        SQLiteOptions(path=":memory:")  # type: ignore[arg-type]


def test_jam_uses_sqlite_from_config(tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    with Jam(config={"session": {"backend": "sqlite", "sessions_path": str(path)}}) as jam:
        sid = jam.session_create("alice", {"role": "admin"})
        assert jam.session_get(sid) == {"role": "admin"}
    assert path.exists()


def test_unknown_sqlite_option_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(JamConfigError, match="did you mean 'timeout'"):
        Jam(config={"session": {"backend": "sqlite", "path": str(tmp_path / "x.db"), "timeuot": 3}})


def test_plugin_module_is_cheap_to_import() -> None:
    code = "import sys, jam_sqlite.plugin; assert 'sqlite3' not in sys.modules, 'eager'"
    subprocess.run([sys.executable, "-c", code], check=True)


def _rows(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608
    finally:
        conn.close()


def test_sweeps_keep_up_with_the_write_rate(tmp_path: Path) -> None:
    """Dead rows stay below one sweep's worth however fast sessions are made (was: 1000/min)."""
    path = tmp_path / "jam.db"
    store = SQLiteSessionStore(SQLiteOptions(path=path, purge_interval=3600))
    for i in range(3000):
        store.create(f"user-{i % 7}", f"sid-{i}", b"x" * 100, 0)  # expired at once
    assert _rows(path, "jam_sessions") <= 200
    store.close()


def test_one_sweep_deletes_at_most_a_batch(tmp_path: Path) -> None:
    """A write never pays for more than one bounded batch, whatever the backlog."""
    from jam_sqlite._db import PURGE_BATCH

    path = tmp_path / "jam.db"
    store = SQLiteSessionStore(SQLiteOptions(path=path, purge_interval=3600))
    store.create("alice", "first", b"x", 0)  # the first write sweeps (itself)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executemany(
        "INSERT INTO jam_sessions (id, owner, data, expires) VALUES (?, 'old', x'00', 1.0)",
        [(f"old-{i}",) for i in range(3 * PURGE_BATCH)],
    )
    conn.close()
    assert store.purge() == PURGE_BATCH
    assert _rows(path, "jam_sessions") == 2 * PURGE_BATCH
    store.close()


def test_add_if_absent_sweeps_too(tmp_path: Path) -> None:
    """OTP replay markers (add_if_absent only) are swept like any other write."""
    path = tmp_path / "jam.db"
    tokens = SQLiteTokenList(SQLiteOptions(path=path, purge_interval=3600))
    for i in range(3000):
        assert tokens.add_if_absent(f"otp-{i}", 0) is True
    assert _rows(path, "jam_tokens") <= 200
    tokens.close()


def test_a_failed_sweep_does_not_fail_the_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The write committed before the sweep: it is reported done, the sweep is logged."""

    def broken(conn: sqlite3.Connection, now: float) -> int:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr("jam_sqlite._db.purge", broken)
    store = SQLiteSessionStore(SQLiteOptions(path=tmp_path / "jam.db", purge_interval=0))
    with caplog.at_level("WARNING", logger="jam.sqlite"):
        store.create("alice", "sid-secret-value", b"x", 60)
    assert store.get("sid-secret-value") == b"x"
    assert "sweep of expired rows failed" in caplog.text
    assert "sid-secret-value" not in caplog.text
    store.close()


@pytest.mark.parametrize("bad", ["jam\x00.db", "\ud800.db"], ids=["nul", "lone-surrogate"])
def test_unusable_path_is_a_typed_error(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError, match="path"):
        SQLiteOptions(path=tmp_path / bad)
    with pytest.raises(JamConfigError, match="path"):
        Jam(config={"session": {"backend": "sqlite", "path": str(tmp_path / bad)}})
    unchecked = SQLiteOptions.model_construct(path=tmp_path / bad, timeout=1.0)
    with pytest.raises(BackendUnavailable, match="not a usable file name"):
        SQLiteSessionStore(unchecked)
