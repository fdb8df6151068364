"""HS* configurations never import ``cryptography`` (cold start), whatever the secret looks like."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

CHILD = """
import json, sys
import jam
auth = jam.Jam(config={"jwt": {"alg": "HS256", "secret_key": sys.argv[1]}})
auth.jwt_verify_token(auth.jwt_create_token({"exp": 2**40}))
print(json.dumps(sorted(m for m in sys.modules if m.startswith("cryptography"))))
"""


@pytest.mark.parametrize(
    "secret",
    ["a" * 48, "0" + "x" * 47, "0" * 48],
    ids=["plain", "starts-like-der", "all-zeros"],
)
def test_hs256_never_imports_cryptography_for_text_secrets(secret: str) -> None:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, secret], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == []
