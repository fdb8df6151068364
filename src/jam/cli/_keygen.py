"""Make a key pair with an algorithm's own code, check it, and say how to configure it.

Used by ``jam keys generate``. The algorithm plugin generates and exports
(`jam.protocols.SupportsKeyGeneration`); this module adds what a tool
must: the exported key is read back and must sign and verify before it is
shown or written, a public JWK that carries a private member is refused, and
the TOML that uses the written files is built here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from jam._text import excerpt
from jam.cli import _toml
from jam.cli._common import CliError
from jam.plugins._conformance import call_factory, check_conforms
from jam.plugins._manager import ALGORITHMS
from jam.protocols import SigningAlgorithm, SupportsKeyGeneration

if TYPE_CHECKING:
    from jam.plugins import Registry
    from jam.plugins._registry import Provided
    from jam.plugins.records import AlgorithmRecord

__all__ = [
    "PRIVATE_JWK_MEMBERS",
    "KeyPair",
    "algorithm",
    "check_public_jwk",
    "file_stem",
    "generate",
    "snippet",
]

Format = Literal["pem", "jwk"]

PRIVATE_JWK_MEMBERS = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})
"""JWK members that hold private key material (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037)."""

_STEM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_SELF_TEST = b"jam keys generate: self-test"


@dataclass(frozen=True, slots=True)
class KeyPair:
    """A generated key, exported.

    Attributes:
        alg: The algorithm.
        kid: Key id, also written into JWK exports.
        format: ``"pem"`` or ``"jwk"``.
        secret: True for an HMAC secret (no public half).
        private: The private key or secret, exported (sensitive).
        public: The public key, exported; ``None`` for a secret.
    """

    alg: str
    kid: str | None
    format: Format
    secret: bool
    private: bytes
    public: bytes | None


def algorithm(registry: Registry, name: str) -> tuple[Provided[AlgorithmRecord], Any]:
    """Build the registered algorithm ``name`` and check it is one.

    Raises:
        JamPluginNotFoundError: Nobody registered ``name`` (the message names the extra to install).
        JamPluginError: Its factory failed, or built something that is not an algorithm.
    """
    provided = registry.provider(ALGORITHMS, name)
    label = f"plugin {provided.plugin.label}: algorithm {excerpt(name)}"
    impl = call_factory(provided.record.factory, (), label, provided.plugin)
    check_conforms(impl, SigningAlgorithm, label)
    return provided, impl


def generate(registry: Registry, alg: str, kid: str | None, fmt: Format) -> KeyPair:
    """Generate a key for ``alg`` and export it; it has signed and verified once when returned.

    Raises:
        CliError: The algorithm cannot generate keys, or the key failed its self-test.
        JamError: The algorithm is not registered, or its plugin failed.
    """
    provided, impl = algorithm(registry, alg)
    if not isinstance(impl, SupportsKeyGeneration):
        raise CliError(
            f"algorithm {excerpt(alg)} of plugin {provided.plugin.label} cannot generate keys "
            "(it does not implement jam.protocols.SupportsKeyGeneration); make the key with "
            "another tool (openssl genpkey) and reference it in [jam.jwt]"
        )
    secret = provided.record.key_types == ("oct",)
    key = impl.generate_key()
    private = impl.export_key(key, private=True, format=fmt)
    public = None if secret else impl.export_key(key, private=False, format=fmt)
    if fmt == "jwk":
        private = _with_kid(private, kid)
        public = None if public is None else _with_kid(public, kid)
        if public is not None:
            check_public_jwk(json.loads(public), alg)
    _self_test(impl, private, public, fmt)
    return KeyPair(alg, kid, fmt, secret, private, public)


def check_public_jwk(jwk: Any, alg: str) -> None:
    """Refuse a "public" JWK that is not an object or carries a private member (fail closed).

    Raises:
        CliError: It is not a JSON object, or has a member of `PRIVATE_JWK_MEMBERS`.
    """
    if not isinstance(jwk, dict):
        raise CliError(f"the {alg} plugin exported a public key that is not a JWK object")
    leaked = sorted(PRIVATE_JWK_MEMBERS & set(jwk))
    if leaked:
        raise CliError(
            f"the {alg} plugin exported a public JWK with private members "
            f"({', '.join(leaked)}); refusing to publish it (a bug in that plugin)"
        )


def _with_kid(exported: bytes, kid: str | None) -> bytes:
    jwk = json.loads(exported)
    if kid is not None:
        jwk["kid"] = kid
    return (json.dumps(jwk, indent=2) + "\n").encode("ascii")


def _self_test(impl: Any, private: bytes, public: bytes | None, fmt: Format) -> None:
    """Read the exports back as Jam will, and sign and verify once with them."""

    def material(data: bytes) -> Any:
        return json.loads(data) if fmt == "jwk" else data

    try:
        signing = impl.load_signing_key(material(private))
        verifying = (
            impl.public_key_of(signing)
            if public is None
            else impl.load_verifying_key(material(public))
        )
        passed = impl.verify(verifying, _SELF_TEST, impl.sign(signing, _SELF_TEST)) is True
    except Exception as err:  # whatever the plugin raises, the key is not usable
        raise CliError(
            f"the generated key does not load back ({type(err).__name__}); nothing was written"
        ) from err
    if not passed:
        raise CliError("the generated key failed its sign/verify self-test; nothing was written")


def file_stem(name: str | None, kid: str | None, alg: str) -> str:
    """The file name stem: ``--name``, else the kid, else the algorithm in lower case.

    Raises:
        CliError: It is not a plain file name (letters, digits, ``.``, ``_``, ``-``).
    """
    stem = name if name is not None else kid if kid is not None else alg.lower()
    if not _STEM.match(stem) or ".." in stem:
        what = "--name" if name is not None else "the kid" if kid is not None else "the alg"
        raise CliError(
            f"{what} {excerpt(stem)} cannot be a file name (letters, digits, '.', '_' and '-' "
            "only, not starting with '.'); pass --name STEM"
        )
    return stem


def snippet(pair: KeyPair, files: dict[str, str], table: list[str]) -> str:
    """Return the TOML that uses the written files.

    Args:
        pair: The key.
        files: ``"private"`` / ``"public"`` -> path as the configuration should name it.
        table: Path of the JWT table (``["jam", "jwt"]``).
    """
    header = ".".join(_toml.key(part) for part in table)
    lines = [f"[{header}]", f"alg = {_toml.value(pair.alg)}"]
    if pair.kid is not None:
        lines += ["", f"[[{header}.keys]]", f"kid = {_toml.value(pair.kid)}"]
    private_key = "secret_key" if pair.secret else "private_key"
    if pair.format == "pem":
        lines.append(f"{private_key} = {_toml.value({'file': files['private']})}")
        if "public" in files:
            lines.append(f"public_key = {_toml.value({'file': files['public']})}")
        return "\n".join(lines) + "\n"
    source = files["private"]
    shape = {
        name: f"<{name} from {source}>" if name in PRIVATE_JWK_MEMBERS else value
        for name, value in json.loads(pair.private).items()
        if name != "kid"
    }
    lines += [
        "# TOML cannot read a JWK file: write the key inline, with the private members",
        f"# copied from {source} (kept out of this output):",
        f"# {private_key} = {_toml.value(shape)}",
    ]
    if pair.public is not None:
        public = {name: value for name, value in json.loads(pair.public).items() if name != "kid"}
        lines.append(f"public_key = {_toml.value(public)}")
    return "\n".join(lines) + "\n"
