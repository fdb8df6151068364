"""Contract suite for JWS signing algorithms (`jam.protocols.SigningAlgorithm`).

Subclass `SigningAlgorithmContract` and provide an ``algorithm_record``
fixture (the record your ``jam_register_algorithms`` hook returns). Keys are
made with the algorithm's own ``generate_key``/``export_key`` when it has them
(`jam.protocols.SupportsKeyGeneration`); otherwise provide
``key_material`` and ``other_key_material``.
"""

# The suites are pytest tests run by plugin authors: assert is how they report failure.
# ruff: noqa: S101

from __future__ import annotations

import hmac
import inspect
import secrets
import sys
from typing import TYPE_CHECKING, Any

import pytest

from jam.exceptions import InvalidKey
from jam.plugins.records import SUPPORTED_API_VERSIONS, AlgorithmRecord
from jam.protocols import SigningAlgorithm, SupportsKeyGeneration
from jam.testing._keys import (
    KeyPair,
    foreign_material,
    generated_pair,
    is_symmetric,
    parse_jwk,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from jam.protocols import KeyMaterial

__all__ = ["SigningAlgorithmContract"]

KEY_TYPES = frozenset({"oct", "RSA", "EC", "OKP"})
"""JWK ``kty`` values an algorithm record may declare."""

MESSAGES = (
    b"eyJhbGciOiJub25lIn0.eyJzdWIiOiI0MiJ9",
    b"",
    bytes(range(256)),
    b"x" * 65536,
)
"""Signing inputs: a JWS one, empty, every byte value, and 64 KiB."""

MAX_POSITIONS = 64
"""Byte positions of a signature that the tamper test flips (all of them when fewer)."""


def _verify(algorithm: SigningAlgorithm, key: Any, message: bytes, signature: bytes) -> Any:
    """Call ``verify``; an exception is a contract failure with a readable message."""
    try:
        return algorithm.verify(key, message, signature)
    except Exception as err:
        pytest.fail(
            f"{algorithm.name}.verify raised {type(err).__name__} for a {len(signature)}-byte "
            "signature; it must return False for anything that is not a valid signature",
            pytrace=False,
        )


def _refused(loader: Callable[[KeyMaterial], Any], material: KeyMaterial) -> bool:
    """True when ``loader(material)`` raises InvalidKey (any other exception propagates)."""
    try:
        loader(material)
    except InvalidKey:
        return True
    return False


def _positions(size: int) -> list[int]:
    if size <= MAX_POSITIONS:
        return list(range(size))
    step = size / MAX_POSITIONS
    return sorted({0, size - 1, *(int(i * step) for i in range(MAX_POSITIONS))})


class SigningAlgorithmContract:
    """Behaviour every `SigningAlgorithm` must have.

    Needs a pytest fixture named ``algorithm_record`` returning the
    [AlgorithmRecord][jam.plugins.AlgorithmRecord] your hook registers. The
    suite builds the algorithm with ``record.factory()`` and proves: the name
    matches the record; every signature verifies and ``verify`` returns
    exactly ``True``; an altered message or signature, a signature of any
    other length, or one made with another key returns exactly ``False``
    and never raises; ``public_key_of`` verifies what the signing key signs;
    key loading refuses key material of other families and curves (and, for
    asymmetric algorithms, a public key as a signing key) with
    `jam.exceptions.InvalidKey`; a MAC is compared with
    `hmac.compare_digest`; and, when the algorithm implements
    `jam.protocols.SupportsKeyGeneration`, generated and exported keys load
    back.

    Optional fixtures to override:

    - ``key_material`` / ``other_key_material``: two different
      ``(signing material, verifying material)`` pairs (PEM bytes, a raw
      secret, or a JWK mapping); by default made with ``generate_key`` and
      ``export_key``.
    - ``foreign_key_material``: a dict of description -> material the
      algorithm must refuse; by default keys of every family and curve the
      record does not declare.
    - ``mac_uses_compare_digest``: True (default) checks that a MAC
      algorithm's ``verify`` calls `hmac.compare_digest`; set False only if
      it compares in constant time another way.

    Example:
        ```python
        import pytest
        from jam.testing import SigningAlgorithmContract
        from jam_mything.plugin import jam_register_algorithms


        class TestHS3(SigningAlgorithmContract):
            @pytest.fixture
            def algorithm_record(self):
                (record,) = jam_register_algorithms()
                return record
        ```
    """

    # -- fixtures with defaults --------------------------------------------------------------

    @pytest.fixture
    def algorithm(self, algorithm_record: AlgorithmRecord) -> SigningAlgorithm:
        """The algorithm under test, built by the record's factory."""
        return algorithm_record.factory()

    @pytest.fixture
    def key_material(
        self, algorithm_record: AlgorithmRecord, algorithm: SigningAlgorithm
    ) -> KeyPair:
        """``(signing material, verifying material)`` of one key."""
        return generated_pair(algorithm_record, algorithm, 0)

    @pytest.fixture
    def other_key_material(
        self, algorithm_record: AlgorithmRecord, algorithm: SigningAlgorithm
    ) -> KeyPair:
        """``(signing material, verifying material)`` of another key of the same kind."""
        return generated_pair(algorithm_record, algorithm, 1)

    @pytest.fixture
    def foreign_key_material(self, algorithm_record: AlgorithmRecord) -> dict[str, KeyMaterial]:
        """Material of other families and curves, which loading must refuse."""
        return foreign_material(algorithm_record)

    @pytest.fixture
    def mac_uses_compare_digest(self) -> bool:
        """Whether a MAC algorithm's ``verify`` is checked to call ``hmac.compare_digest``."""
        return True

    @pytest.fixture
    def keys(self, algorithm: SigningAlgorithm, key_material: KeyPair) -> tuple[Any, Any]:
        """``(signing key, verifying key)`` loaded from ``key_material``."""
        signing, verifying = key_material
        return algorithm.load_signing_key(signing), algorithm.load_verifying_key(verifying)

    # -- the record and the object -----------------------------------------------------------

    def test_record_is_well_formed(self, algorithm_record: AlgorithmRecord) -> None:
        """A named record of a supported API version, with known key types, never ``none``."""
        assert isinstance(algorithm_record, AlgorithmRecord)
        name = algorithm_record.name
        assert isinstance(name, str)
        assert name.strip() == name
        assert name
        assert name.lower() != "none"
        assert algorithm_record.api_version in SUPPORTED_API_VERSIONS
        assert algorithm_record.key_types, "declare the JWK kty values the algorithm accepts"
        assert set(algorithm_record.key_types) <= KEY_TYPES, algorithm_record.key_types
        assert callable(algorithm_record.factory)

    def test_algorithm_implements_the_protocol(self, algorithm: SigningAlgorithm) -> None:
        """The factory returns a SigningAlgorithm whose methods are synchronous."""
        assert isinstance(algorithm, SigningAlgorithm)
        for method in ("load_signing_key", "load_verifying_key", "public_key_of", "sign"):
            assert not inspect.iscoroutinefunction(getattr(algorithm, method)), method
        assert not inspect.iscoroutinefunction(algorithm.verify)

    def test_name_matches_the_record(
        self, algorithm_record: AlgorithmRecord, algorithm: SigningAlgorithm
    ) -> None:
        """``algorithm.name`` is the record's name: the ``alg`` a token header carries."""
        assert algorithm.name == algorithm_record.name

    # -- sign and verify ---------------------------------------------------------------------

    def test_sign_then_verify_is_exactly_true(
        self, algorithm: SigningAlgorithm, keys: tuple[Any, Any]
    ) -> None:
        """Every signature verifies, and ``verify`` returns the bool ``True`` itself."""
        signing, verifying = keys
        for message in MESSAGES:
            signature = algorithm.sign(signing, message)
            assert isinstance(signature, bytes)
            assert signature
            assert _verify(algorithm, verifying, message, signature) is True

    def test_altered_message_is_exactly_false(
        self, algorithm: SigningAlgorithm, keys: tuple[Any, Any]
    ) -> None:
        """A signature is bound to its message: one more byte, or one changed, fails."""
        signing, verifying = keys
        message = MESSAGES[0]
        signature = algorithm.sign(signing, message)
        changed = bytes([message[0] ^ 1]) + message[1:]
        for other in (message + b".", message[:-1], changed, b""):
            assert _verify(algorithm, verifying, other, signature) is False

    def test_altered_signature_is_exactly_false(
        self, algorithm: SigningAlgorithm, keys: tuple[Any, Any]
    ) -> None:
        """Flipping a bit anywhere in the signature makes it invalid."""
        signing, verifying = keys
        message = MESSAGES[0]
        signature = algorithm.sign(signing, message)
        for position in _positions(len(signature)):
            for mask in (0x01, 0x80):
                tampered = bytearray(signature)
                tampered[position] ^= mask
                assert _verify(algorithm, verifying, message, bytes(tampered)) is False, position

    def test_malformed_signatures_of_any_length_are_exactly_false(
        self, algorithm: SigningAlgorithm, keys: tuple[Any, Any]
    ) -> None:
        """Truncated, extended, empty, random and huge signatures: False, never an exception."""
        signing, verifying = keys
        message = MESSAGES[0]
        signature = algorithm.sign(signing, message)
        size = len(signature)
        candidates = [signature[:cut] for cut in range(size)]
        candidates += [signature + b"\x00", b"\x00" + signature, signature * 2]
        candidates += [secrets.token_bytes(length) for length in range(2 * size + 2)]
        candidates += [b"\x00" * size, b"\xff" * size, b"\xff" * 65536]
        for candidate in candidates:
            if candidate == signature:
                continue
            assert _verify(algorithm, verifying, message, candidate) is False, len(candidate)

    def test_another_key_is_refused(
        self,
        algorithm: SigningAlgorithm,
        keys: tuple[Any, Any],
        other_key_material: KeyPair,
    ) -> None:
        """A signature made with one key never verifies under another, either way round."""
        signing, verifying = keys
        other_signing = algorithm.load_signing_key(other_key_material[0])
        other_verifying = algorithm.load_verifying_key(other_key_material[1])
        message = MESSAGES[0]
        assert _verify(algorithm, other_verifying, message, algorithm.sign(signing, message)) is (
            False
        )
        assert _verify(algorithm, verifying, message, algorithm.sign(other_signing, message)) is (
            False
        )

    def test_public_key_of_verifies_what_the_signing_key_signs(
        self, algorithm: SigningAlgorithm, keys: tuple[Any, Any], other_key_material: KeyPair
    ) -> None:
        """``public_key_of(signing key)`` is a verifying key for it, and only for it."""
        signing, _ = keys
        derived = algorithm.public_key_of(signing)
        message = MESSAGES[0]
        assert _verify(algorithm, derived, message, algorithm.sign(signing, message)) is True
        other = algorithm.load_signing_key(other_key_material[0])
        assert _verify(algorithm, derived, message, algorithm.sign(other, message)) is False

    # -- key loading -------------------------------------------------------------------------

    def test_foreign_key_material_is_refused_with_invalid_key(
        self, algorithm: SigningAlgorithm, foreign_key_material: dict[str, KeyMaterial]
    ) -> None:
        """Keys of another family or curve: both loaders raise InvalidKey."""
        for label, material in foreign_key_material.items():
            for loader in (algorithm.load_signing_key, algorithm.load_verifying_key):
                assert _refused(loader, material), f"{loader.__name__} accepted {label}"

    def test_unreadable_material_is_refused_with_invalid_key(
        self, algorithm_record: AlgorithmRecord, algorithm: SigningAlgorithm
    ) -> None:
        """Empty material, an empty JWK and a JWK without its members: InvalidKey."""
        unreadable: list[KeyMaterial] = [b"", {}]
        unreadable += [{"kty": kty} for kty in algorithm_record.key_types]
        if not is_symmetric(algorithm_record):
            unreadable += [
                b"not a key",
                b"-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n",
            ]
        for material in unreadable:
            for loader in (algorithm.load_signing_key, algorithm.load_verifying_key):
                assert _refused(loader, material), f"{loader.__name__} accepted {material!r}"

    def test_a_public_key_is_not_a_signing_key(
        self, algorithm_record: AlgorithmRecord, algorithm: SigningAlgorithm, key_material: KeyPair
    ) -> None:
        """Asymmetric algorithms refuse verifying material where a signing key is needed."""
        if is_symmetric(algorithm_record):
            pytest.skip("a MAC signs and verifies with one secret")
        with pytest.raises(InvalidKey):
            algorithm.load_signing_key(key_material[1])

    def test_mac_is_compared_in_constant_time(
        self,
        algorithm_record: AlgorithmRecord,
        algorithm: SigningAlgorithm,
        keys: tuple[Any, Any],
        mac_uses_compare_digest: bool,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """A MAC algorithm's ``verify`` compares with ``hmac.compare_digest``, valid or not."""
        if not is_symmetric(algorithm_record):
            pytest.skip("not a MAC algorithm: the signature check is the library's")
        if not mac_uses_compare_digest:
            pytest.skip("mac_uses_compare_digest is False: checked another way")
        real = hmac.compare_digest
        calls: list[int] = []

        def spy(a: Any, b: Any) -> bool:
            calls.append(1)
            return real(a, b)

        monkeypatch.setattr(hmac, "compare_digest", spy)
        monkeypatch.setattr(secrets, "compare_digest", spy)
        module = sys.modules.get(type(algorithm).__module__)
        for name, value in vars(module or object()).items():
            if value is real:
                monkeypatch.setattr(module, name, spy)
        signing, verifying = keys
        message = MESSAGES[0]
        signature = algorithm.sign(signing, message)
        for candidate in (signature, bytes([signature[0] ^ 1]) + signature[1:]):
            before = len(calls)
            _verify(algorithm, verifying, message, candidate)
            assert len(calls) > before, (
                "verify did not call hmac.compare_digest: compare MACs in constant time "
                "(or override the mac_uses_compare_digest fixture if you do so another way)"
            )

    # -- optional: key generation ------------------------------------------------------------

    def test_generated_keys_round_trip(
        self, algorithm_record: AlgorithmRecord, algorithm: SigningAlgorithm
    ) -> None:
        """SupportsKeyGeneration: new keys differ, and PEM and JWK exports load back."""
        if not isinstance(algorithm, SupportsKeyGeneration):
            pytest.skip("the algorithm does not implement SupportsKeyGeneration")
        first, second = algorithm.generate_key(), algorithm.generate_key()
        export = algorithm.export_key
        assert export(first, private=True, format="pem") != export(
            second, private=True, format="pem"
        )
        message = MESSAGES[0]
        jwk = parse_jwk(export(first, private=True, format="jwk"))
        assert jwk.get("kty") in algorithm_record.key_types
        assert jwk.get("alg") == algorithm_record.name
        for material in (export(first, private=True, format="pem"), jwk):
            signature = algorithm.sign(algorithm.load_signing_key(material), message)
            assert _verify(algorithm, algorithm.public_key_of(first), message, signature) is True
        signature = algorithm.sign(first, message)
        if is_symmetric(algorithm_record):
            with pytest.raises(InvalidKey):
                export(first, private=False, format="pem")
        else:
            public_jwk = parse_jwk(export(first, private=False, format="jwk"))
            assert "d" not in public_jwk, "a public JWK export holds the private key"
            for material in (export(first, private=False, format="pem"), public_jwk):
                verifying = algorithm.load_verifying_key(material)
                assert _verify(algorithm, verifying, message, signature) is True
            with pytest.raises(InvalidKey):
                export(algorithm.public_key_of(first), private=True, format="pem")
        with pytest.raises(InvalidKey):
            export(first, private=True, format="der")  # type: ignore[arg-type]
