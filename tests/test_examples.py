"""The runnable examples in examples/ run and say what they did."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def run(name: str) -> str:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_quickstart_issues_verifies_and_revokes() -> None:
    out = run("quickstart.py")
    assert "issued a token for user-42" in out
    assert "verified: sub=user-42 role=admin" in out
    assert "verifying again is refused: TokenInBlackList" in out


def test_sessions_and_otp_example() -> None:
    out = run("sessions_and_otp.py")
    assert "first use of the current code accepted: True" in out
    assert "second use of the same code accepted:   False" in out
    assert "after rework the old id is gone: True" in out
    assert "sign out everywhere removed 1 session(s)" in out
    assert "secret=..." in out


def test_examples_never_print_tokens_or_session_ids() -> None:
    for name in ("quickstart.py", "sessions_and_otp.py"):
        out = run(name)
        assert "eyJ" not in out  # no JWT (base64url of '{"') in the output
