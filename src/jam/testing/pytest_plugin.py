"""The ``jam`` pytest plugin (entry point ``pytest11``): cheap to load, opt-in to use.

It only registers the contract suites of :mod:`jam.testing` for pytest's
assertion rewriting, so a failing contract test shows the compared values.
It imports nothing from Jam beyond this package and defines no fixtures.
"""

from __future__ import annotations

import pytest

pytest.register_assert_rewrite(
    "jam.testing._async_sessions",
    "jam.testing._providers",
    "jam.testing._sessions",
    "jam.testing._support",
    "jam.testing._token_lists",
)
