"""The contract suites in ``jam.testing`` fail for stores that break the contract.

Each case runs the suite (in a child pytest, via ``pytester``) against the
built-in memory store with one deliberate bug, and checks that the tests
guarding that behaviour fail while the rest still pass.
"""

from __future__ import annotations

import textwrap

import pytest

pytest_plugins = ["pytester"]

HEADER = """
import threading
import pytest
from jam.builtin._memory_sessions import MemorySessionStore
from jam.builtin._memory_lists import MemoryTokenList
from jam.testing import SessionStoreContract, TokenListContract
"""


def run_suite(pytester: pytest.Pytester, body: str) -> pytest.RunResult:
    pytester.makepyfile(test_broken=HEADER + textwrap.dedent(body))
    return pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "--timeout=120")


def failed_tests(result: pytest.RunResult) -> set[str]:
    return {
        line.split("::")[-1].split(" ")[0] for line in result.outlines if line.startswith("FAILED")
    }


def test_correct_memory_store_passes(pytester: pytest.Pytester) -> None:
    result = run_suite(
        pytester,
        """
        class TestGood(SessionStoreContract):
            @pytest.fixture
            def store(self):
                store = MemorySessionStore()
                yield store
                store.close()
    """,
    )
    assert result.ret == 0
    assert result.parseoutcomes()["passed"] >= 20


def test_rework_that_keeps_the_old_id_is_caught(pytester: pytest.Pytester) -> None:
    result = run_suite(
        pytester,
        """
        class Leaky(MemorySessionStore):
            def rework(self, old, new, ttl):
                data = self.get(old)
                if data is None:
                    return False
                self.create("k", new, data, ttl)   # old id keeps working
                return True

        class TestLeaky(SessionStoreContract):
            @pytest.fixture
            def store(self):
                yield Leaky()
    """,
    )
    assert "test_rework_moves_key_and_data_to_new_id" in failed_tests(result)


def test_clear_that_miscounts_is_caught(pytester: pytest.Pytester) -> None:
    result = run_suite(
        pytester,
        """
        class Miscount(MemorySessionStore):
            def clear(self, session_key):
                super().clear(session_key)
                return 0

        class TestMiscount(SessionStoreContract):
            @pytest.fixture
            def store(self):
                yield Miscount()
    """,
    )
    assert "test_clear_counts_and_deletes_every_session_of_key" in failed_tests(result)


def test_non_atomic_add_if_absent_is_caught(pytester: pytest.Pytester) -> None:
    result = run_suite(
        pytester,
        """
        import time

        class Racy(MemoryTokenList):
            def add_if_absent(self, token_id, ttl):
                present = self.contains(token_id)
                time.sleep(0.01)                   # widen the check-then-act window
                if present:
                    return False
                self.add(token_id, ttl)
                return True

        class TestRacy(TokenListContract):
            @pytest.fixture
            def token_list(self):
                yield Racy()
    """,
    )
    assert any("add_if_absent" in name for name in failed_tests(result))


def test_store_that_ignores_ttl_is_caught(pytester: pytest.Pytester) -> None:
    result = run_suite(
        pytester,
        """
        class Immortal(MemorySessionStore):
            def create(self, session_key, session_id, data, ttl):
                super().create(session_key, session_id, data, None)

        class TestImmortal(SessionStoreContract):
            @pytest.fixture
            def store(self):
                yield Immortal()
    """,
    )
    assert "test_expired_session_is_gone_everywhere" in failed_tests(result)


def test_store_that_truncates_keys_at_nul_is_caught(pytester: pytest.Pytester) -> None:
    result = run_suite(
        pytester,
        """
        def cut(key):
            return key.split("\\x00")[0]              # a C-string backend

        class Truncating(MemorySessionStore):
            def create(self, session_key, session_id, data, ttl):
                super().create(cut(session_key), session_id, data, ttl)
            def list(self, session_key):
                return super().list(cut(session_key))
            def clear(self, session_key):
                return super().clear(cut(session_key))

        class TestTruncating(SessionStoreContract):
            @pytest.fixture
            def store(self):
                yield Truncating()
    """,
    )
    assert "test_odd_keys_are_kept_apart" in failed_tests(result)


def test_store_that_accepts_lone_surrogates_is_caught(pytester: pytest.Pytester) -> None:
    result = run_suite(
        pytester,
        """
        class Lenient(MemoryTokenList):
            def add(self, token_id, ttl):
                token_id = token_id.encode("utf-8", "replace").decode()   # silently mangled
                super().add(token_id, ttl)

        class TestLenient(TokenListContract):
            @pytest.fixture
            def token_list(self):
                yield Lenient()
    """,
    )
    failed = failed_tests(result)
    assert "test_text_that_is_not_utf8_is_refused[lone-high]" in failed
    assert "test_text_that_is_not_utf8_is_refused[lone-low]" in failed


def test_store_that_evicts_the_new_session_is_caught(pytester: pytest.Pytester) -> None:
    result = run_suite(
        pytester,
        """
        from jam.testing import LIMIT, SessionLimitContract

        class NewestOut(MemorySessionStore):
            def create(self, session_key, session_id, data, ttl):
                super().create(session_key, session_id, data, ttl)
                ids = sorted(super().list(session_key), key=lambda s: self._entries[s].expires)
                for sid in ids[LIMIT:]:
                    self.delete(sid)              # keeps the first ones, drops the newest

        class TestNewestOut(SessionLimitContract):
            @pytest.fixture
            def limited_store(self):
                yield NewestOut()
    """,
    )
    failed = failed_tests(result)
    assert "test_create_past_the_limit_evicts_the_soonest_to_expire" in failed
    assert "test_the_new_session_is_never_evicted" in failed
