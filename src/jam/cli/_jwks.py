"""The public JWKS of a ``[jam.jwt]`` key set, for ``jam keys jwks``.

Every key is exported by its own algorithm plugin
(`jam.protocols.SupportsKeyGeneration`), with ``private=False``, from
the key object the kernel loaded. The result is checked, not trusted: a JWK
with a private member stops the command. HMAC secrets are never published
(a secret that verifies also signs); they are skipped with a note.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from jam._text import excerpt
from jam.cli._common import CliError
from jam.cli._keygen import algorithm, check_public_jwk
from jam.protocols import SupportsKeyGeneration

if TYPE_CHECKING:
    from jam.config import JWTSettings
    from jam.plugins import Registry

__all__ = ["build_jwks"]


def build_jwks(settings: JWTSettings, registry: Registry) -> tuple[dict[str, Any], list[str]]:
    """Return ``({"keys": [...]}, notes)`` for the keys of ``settings``, in configured order.

    Raises:
        CliError: No key can be published, an algorithm cannot export keys, or
            a plugin exported a private member.
        JamError: A key does not load (as `jam.Jam` would refuse it).
    """
    from jam.jwt import JWTCore

    keyring = JWTCore(settings, registry).keyring
    wanted: list[tuple[str, str | None]]
    if settings.keys is not None:
        wanted = [(entry.alg or settings.alg, entry.kid) for entry in settings.keys]
    else:
        others = sorted(keyring.allowed - {settings.alg})
        wanted = [(alg, None) for alg in [settings.alg, *others] if alg in keyring.allowed]
    keys: list[dict[str, Any]] = []
    notes: list[str] = []
    for alg, kid in wanted:
        provided, impl = algorithm(registry, alg)
        named = f"{alg} key" + (f" {excerpt(kid)}" if kid is not None else "")
        if provided.record.key_types == ("oct",):
            notes.append(f"{named} not published: an HMAC secret signs as well as verifies")
            continue
        if not isinstance(impl, SupportsKeyGeneration):
            raise CliError(
                f"cannot publish the {named}: plugin {provided.plugin.label} cannot export keys "
                "(it does not implement jam.protocols.SupportsKeyGeneration)"
            )
        for verifier in keyring.candidates(alg, kid):
            jwk = json.loads(impl.export_key(verifier.key, private=False, format="jwk"))
            check_public_jwk(jwk, alg)
            jwk["alg"] = alg
            jwk["use"] = "sig"
            if verifier.kid is not None:
                jwk["kid"] = verifier.kid
            if jwk not in keys:
                keys.append(jwk)
    if not keys:
        raise CliError(
            "nothing to publish: [jam.jwt] has only HMAC (HS*) secrets, which must stay secret"
        )
    if settings.keys is None:
        notes.append(
            "the keys have no kid: verifiers must try each one; configure [[jam.jwt.keys]] "
            "with a kid to rotate keys"
        )
    return {"keys": keys}, notes
