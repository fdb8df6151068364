"""Every first-party algorithm passes ``jam.testing.SigningAlgorithmContract``.

The built-in HS256/384/512 and every algorithm of ``jam-auth-jwa``, each
taken from the record its plugin registers (the way a third party would run
the suite), with keys made by the algorithm's own ``generate_key``.
"""

from __future__ import annotations

import pytest

from jam.builtin.plugin import jam_register_algorithms as builtin_algorithms
from jam.plugins import AlgorithmRecord
from jam.testing import SigningAlgorithmContract
from jam_jwa.plugin import jam_register_algorithms as jwa_algorithms

RECORDS = {record.name: record for record in [*builtin_algorithms(), *jwa_algorithms()]}


def test_every_first_party_algorithm_is_covered() -> None:
    hmac = ["HS256", "HS384", "HS512"]
    rsa = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"]
    ec = ["ES256", "ES384", "ES512", "ES256K"]
    assert sorted(RECORDS) == sorted([*hmac, *rsa, *ec, "EdDSA", "Ed25519", "Ed448"])


class TestFirstPartyAlgorithms(SigningAlgorithmContract):
    @pytest.fixture(params=sorted(RECORDS))
    def algorithm_record(self, request: pytest.FixtureRequest) -> AlgorithmRecord:
        return RECORDS[request.param]
