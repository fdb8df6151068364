"""Load every configured key exactly once and answer "which key verifies this header?".

Built at construction from ``[jam.jwt]`` and the algorithm registry. Key
material is parsed here and nowhere else; the hot path receives ready key
objects and bound ``verify``/``sign`` methods.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jam._text import excerpt
from jam.builtin._keyguard import asymmetric_form
from jam.exceptions import (
    EmptyPrivateKey,
    EmptyPublicKey,
    EmptySecretKey,
    InvalidKey,
    JamConfigError,
    JamPluginRegistrationError,
)
from jam.jwt._secret_policy import secret_bytes, weakness
from jam.plugins._conformance import call_factory, check_conforms
from jam.plugins._manager import ALGORITHMS
from jam.protocols import SigningAlgorithm

if TYPE_CHECKING:
    from jam.config import JWTSettings, KeySource
    from jam.plugins._manager import Registry
    from jam.plugins.records import AlgorithmRecord

__all__ = ["KeyRing", "Signer", "Verifier"]

logger = logging.getLogger("jam")

Verify = Callable[[Any, bytes, bytes], bool]


@dataclass(frozen=True, slots=True)
class Verifier:
    """A loaded verifying key with its algorithm (one candidate for a header)."""

    alg: str
    kid: str | None
    verify: Verify
    key: Any


@dataclass(frozen=True, slots=True)
class Signer:
    """The loaded signing key, its algorithm and the header it writes."""

    alg: str
    kid: str | None
    sign: Callable[[Any, bytes], bytes]
    key: Any


@dataclass(frozen=True, slots=True)
class _Entry:
    kid: str | None
    alg: str
    secret_key: KeySource | None
    private_key: KeySource | None
    public_key: KeySource | None
    where: str


class KeyRing:
    """All keys of one configuration.

    Attributes:
        allowed: Algorithms accepted on verify.
        signer: The signing key, or ``None`` when only verifying keys exist.
        uses_kid: True when keys are configured with ids (rotation).
    """

    def __init__(self, settings: JWTSettings, registry: Registry) -> None:
        """Load every key in ``settings`` through the registered algorithms.

        Raises:
            EmptySecretKey: An HMAC algorithm has no secret.
            EmptyPrivateKey: An asymmetric algorithm has no key at all.
            InvalidKey: Key material does not load for its algorithm, or an
                HMAC secret is key material or weak (see ``allow_weak_secret``).
            JamPluginNotFoundError: An algorithm name is not registered.
        """
        entries = _entries(settings)
        self.uses_kid = settings.keys is not None
        allowed = list(settings.algorithms or dict.fromkeys([e.alg for e in entries]))
        self.allowed: frozenset[str] = frozenset(allowed)
        impls: dict[str, tuple[AlgorithmRecord, SigningAlgorithm]] = {}
        for name in sorted({*allowed, *(e.alg for e in entries)}):
            impls[name] = _algorithm(registry, name)
        self.signer: Signer | None = None
        self._verifiers: list[Verifier] = []
        for index, entry in enumerate(entries):
            algs = [entry.alg] if self.uses_kid else allowed
            for alg in algs:
                record, impl = impls[alg]
                signing, verifying = _load_pair(entry, record, impl, settings.allow_weak_secret)
                if verifying is not None:
                    self._verifiers.append(Verifier(alg, entry.kid, impl.verify, verifying))
                if index == 0 and alg == entry.alg and signing is not None:
                    self.signer = Signer(alg, entry.kid, impl.sign, signing)
        if not self._verifiers:
            raise EmptyPublicKey("[jam.jwt]: no key can verify tokens")

    def candidates(self, alg: str, kid: str | None) -> tuple[Verifier, ...]:
        """Keys that may verify a token with this ``alg`` and ``kid`` (possibly none)."""
        if self.uses_kid and kid is not None:
            return tuple(v for v in self._verifiers if v.kid == kid and v.alg == alg)
        return tuple(v for v in self._verifiers if v.alg == alg)

    def knows_kid(self, kid: str) -> bool:
        """True when a configured key has this id."""
        return any(v.kid == kid for v in self._verifiers)


def _entries(settings: JWTSettings) -> list[_Entry]:
    if settings.keys is None:
        return [
            _Entry(
                None,
                settings.alg,
                settings.secret_key,
                settings.private_key,
                settings.public_key,
                "[jam.jwt]",
            )
        ]
    return [
        _Entry(
            k.kid,
            k.alg or settings.alg,
            k.secret_key,
            k.private_key,
            k.public_key,
            f"[[jam.jwt.keys]] kid={k.kid!r}",
        )
        for k in settings.keys
    ]


def _is_hmac(record: AlgorithmRecord) -> bool:
    return record.key_types == ("oct",)


def _load_pair(
    entry: _Entry, record: AlgorithmRecord, impl: SigningAlgorithm, allow_weak: bool
) -> tuple[Any, Any]:
    name = record.name
    if _is_hmac(record):
        if entry.private_key is not None or entry.public_key is not None:
            raise JamConfigError(
                f"{entry.where}: {name} is an HMAC algorithm and takes secret_key, "
                "not private_key/public_key"
            )
        if entry.secret_key is None:
            raise EmptySecretKey(f"{entry.where}: {name} needs secret_key")
        secret = _load(impl.load_signing_key, entry.secret_key, record, entry, "secret_key")
        _check_secret(
            entry.secret_key,
            secret,
            record,
            impl,
            where=f"{entry.where}.secret_key",
            allow_weak=allow_weak,
        )
        return secret, secret
    if entry.secret_key is not None:
        raise JamConfigError(
            f"{entry.where}: {name} is asymmetric and takes private_key/public_key, not secret_key"
        )
    if entry.private_key is None and entry.public_key is None:
        raise EmptyPrivateKey(f"{entry.where}: {name} needs private_key and/or public_key")
    signing = None
    if entry.private_key is not None:
        signing = _load(impl.load_signing_key, entry.private_key, record, entry, "private_key")
    if entry.public_key is not None:
        verifying = _load(impl.load_verifying_key, entry.public_key, record, entry, "public_key")
    else:
        verifying = impl.public_key_of(signing)
    return signing, verifying


def _check_secret(
    source: KeySource,
    secret: Any,
    record: AlgorithmRecord,
    impl: SigningAlgorithm,
    *,
    where: str,
    allow_weak: bool,
) -> None:
    """Apply the kernel's secret policy to an ``oct`` key, whichever plugin loaded it.

    Key material is always refused; a weak secret only unless ``allow_weak``.
    The minimum length is the length of the MAC the algorithm makes.
    """
    try:
        raw = secret_bytes(source.material)
    except InvalidKey as err:
        raise InvalidKey(f"{where}: {err}") from None
    form = asymmetric_form(raw)
    if form is not None:
        raise InvalidKey(
            f"{where}: {record.name} refuses {form} as an HMAC secret "
            "(this is the classic key-confusion attack); use a random secret"
        )
    try:
        mac_size = len(impl.sign(secret, b""))
    except (ValueError, TypeError) as err:
        raise InvalidKey(f"{where}: {record.name} cannot sign ({type(err).__name__})") from None
    reason = weakness(raw, mac_size)
    if reason is None:
        return
    if not allow_weak:
        raise InvalidKey(
            f"{where}: the {record.name} secret is weak: {reason}. Use a random one "
            "(`jam secret --kind hs512` prints one), or set allow_weak_secret = true "
            "in [jam.jwt] to accept it (anyone who guesses it can forge tokens)"
        )
    logger.warning(
        "%s: the %s secret is weak (%s); accepted because allow_weak_secret = true. "
        "Anyone who guesses it can forge tokens: replace it with a random secret.",
        where,
        record.name,
        reason,
    )


def _load(
    loader: Callable[[Any], Any],
    source: KeySource,
    record: AlgorithmRecord,
    entry: _Entry,
    field: str,
) -> Any:
    material = source.material
    if isinstance(material, Mapping):
        kty = material.get("kty")
        if kty not in record.key_types:
            raise InvalidKey(
                f"{entry.where}.{field}: a JWK with kty={kty!r} cannot be used with "
                f"{record.name} (expects {', '.join(record.key_types)})"
            )
        jwk_alg = material.get("alg")
        if jwk_alg is not None and jwk_alg != record.name:
            raise InvalidKey(
                f"{entry.where}.{field}: the JWK is restricted to alg={jwk_alg!r}, "
                f"not {record.name}"
            )
    try:
        return loader(material)
    except InvalidKey as err:
        raise InvalidKey(f"{entry.where}.{field}: {err}") from None
    except (ValueError, TypeError) as err:
        raise InvalidKey(
            f"{entry.where}.{field}: not a usable {record.name} key ({type(err).__name__})"
        ) from None


def _algorithm(registry: Registry, name: str) -> tuple[AlgorithmRecord, SigningAlgorithm]:
    """Build the algorithm called ``name`` and check it is one, before any key reaches it.

    Raises:
        JamPluginNotFoundError: No such algorithm is registered.
        JamPluginError: Its factory raised, returned something that is not a
            `SigningAlgorithm`, or one with another name.
    """
    provided = registry.provider(ALGORITHMS, name)
    label = f"plugin {provided.plugin.label}: algorithm {excerpt(name)}"
    impl = call_factory(provided.record.factory, (), label, provided.plugin)
    check_conforms(impl, SigningAlgorithm, label)
    if impl.name != name:
        raise JamPluginRegistrationError(
            f"{label}: the factory built an algorithm named {excerpt(impl.name)}"
        )
    return provided.record, impl
