"""``SigningAlgorithmContract`` fails for algorithms that break the contract.

Each case runs the suite (in a child pytest, via ``pytester``) against the
built-in HS256 with one deliberate bug, and checks that the test guarding
that property fails, while a correct algorithm passes.
"""

from __future__ import annotations

import textwrap

import pytest

pytest_plugins = ["pytester"]

HEADER = """
import hmac
import pytest
from jam.builtin._hmac import HMACAlgorithm
from jam.exceptions import InvalidKey
from jam.plugins import AlgorithmRecord
from jam.testing import SigningAlgorithmContract


def suite(cls):
    class TestIt(SigningAlgorithmContract):
        @pytest.fixture
        def algorithm_record(self):
            return AlgorithmRecord(name="HS256", factory=cls, key_types=("oct",))

    return TestIt
"""


def run_suite(pytester: pytest.Pytester, body: str) -> pytest.RunResult:
    pytester.makepyfile(test_broken=HEADER + textwrap.dedent(body))
    return pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "--timeout=120")


def failed_tests(result: pytest.RunResult) -> set[str]:
    return {
        line.split("::")[-1].split(" ")[0] for line in result.outlines if line.startswith("FAILED")
    }


def test_the_correct_algorithm_passes(pytester: pytest.Pytester) -> None:
    result = run_suite(
        pytester,
        """
        class Good(HMACAlgorithm):
            def __init__(self):
                super().__init__("HS256", "sha256")

        TestGood = suite(Good)
        """,
    )
    assert result.ret == 0, result.stdout.str()
    assert result.parseoutcomes()["passed"] >= 12


BUGS = {
    "verify raises on a short signature": (
        """
        def verify(self, key, message, signature):
            if len(signature) != 32:
                raise ValueError("bad length")
            return super().verify(key, message, signature)
        """,
        "test_malformed_signatures_of_any_length_are_exactly_false",
    ),
    "verify returns 1 instead of True": (
        """
        def verify(self, key, message, signature):
            return int(super().verify(key, message, signature))
        """,
        "test_sign_then_verify_is_exactly_true",
    ),
    "a truncated MAC verifies": (
        """
        def verify(self, key, message, signature):
            return hmac.compare_digest(self.sign(key, message)[: len(signature)], signature)
        """,
        "test_malformed_signatures_of_any_length_are_exactly_false",
    ),
    "the MAC is compared with ==": (
        """
        def verify(self, key, message, signature):
            return self.sign(key, message) == signature
        """,
        "test_mac_is_compared_in_constant_time",
    ),
    "the key is ignored": (
        """
        def sign(self, key, message):
            return super().sign(b"k" * 32, message)

        def verify(self, key, message, signature):
            return super().verify(b"k" * 32, message, signature)
        """,
        "test_another_key_is_refused",
    ),
    "any JWK is taken as a secret": (
        """
        def load_signing_key(self, material):
            if not isinstance(material, bytes):
                return repr(sorted(material.items())).encode() or b"x"
            return super().load_signing_key(material)

        load_verifying_key = load_signing_key
        """,
        "test_foreign_key_material_is_refused_with_invalid_key",
    ),
    "the name differs from the record": (
        """
        def __init__(self):
            super().__init__("HS512", "sha256")
        """,
        "test_name_matches_the_record",
    ),
    "exported JWK cannot be loaded back": (
        """
        def export_key(self, key, *, private, format):
            if format == "jwk":
                return b'{"kty": "oct", "alg": "HS256", "k": "!!"}'
            return super().export_key(key, private=private, format=format)
        """,
        "test_generated_keys_round_trip",
    ),
}


@pytest.mark.parametrize("bug", sorted(BUGS))
def test_each_bug_is_caught(pytester: pytest.Pytester, bug: str) -> None:
    method, guard = BUGS[bug]
    body = textwrap.indent(textwrap.dedent(method), "    ")
    if "__init__" not in method:
        body = '    def __init__(self):\n        super().__init__("HS256", "sha256")\n' + body
    result = run_suite(
        pytester, f"class Broken(HMACAlgorithm):\n{body}\n\nTestBroken = suite(Broken)\n"
    )
    assert guard in failed_tests(result), result.stdout.str()
