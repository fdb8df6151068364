"""The doctests of the Litestar layer's own pure module (the shared core is tested in tests/web)."""

from __future__ import annotations

import doctest

import jam_litestar._middleware


def test_middleware_doctests() -> None:
    result = doctest.testmod(jam_litestar._middleware)
    assert result.failed == 0 and result.attempted > 0
