"""The ``[jam.jwt]`` table: algorithm, keys, claims policy and the optional token list."""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, Field, field_validator, model_validator

from jam._text import excerpt
from jam.config._backend_keys import BackendTable
from jam.config._base import Section
from jam.config._types import MAX_LIFETIME, KeyMaterialField

__all__ = ["JWTKeySettings", "JWTSettings", "TokenListSettings"]


class JWTKeySettings(Section):
    """One entry of ``[[jam.jwt.keys]]`` (key rotation).

    The first entry signs; every entry verifies tokens whose ``kid`` names it.
    """

    kid: str = Field(min_length=1, max_length=256)
    """Key id, written into the header of tokens this key signs."""
    alg: str | None = None
    """Algorithm of this key; defaults to ``[jam.jwt] alg``."""
    secret_key: KeyMaterialField | None = None
    """HMAC secret (HS* algorithms)."""
    private_key: KeyMaterialField | None = None
    """Signing key (asymmetric algorithms); the public key is derived when omitted."""
    public_key: KeyMaterialField | None = None
    """Verifying key (asymmetric algorithms)."""


class TokenListSettings(BackendTable):
    """``[jam.jwt.list]``: a black or white list of token ids.

    Keys other than the ones below belong to the backend (for example
    ``path`` for sqlite, ``redis_uri`` for redis) and are validated by the
    backend plugin's options model; they are kept apart in ``backend_keys``
    and redacted when printed.
    """

    type: Literal["black", "white"]
    """``black``: revoked tokens are rejected. ``white``: only listed tokens pass."""
    backend: str = "memory"
    """Name of a registered token-list backend (``memory``, ``sqlite``, ``redis``...)."""
    entry_ttl: int | None = Field(
        default=None,
        gt=0,
        le=MAX_LIFETIME,
        validation_alias=AliasChoices("entry_ttl", "in_list_life_time"),
    )
    """Lifetime of entries for tokens without ``exp`` (seconds, at most ten years).

    ``None``: kept until removed.
    """
    revocation_grace: int = Field(default=0, ge=0, le=31_536_000)
    """Seconds list entries outlive a token's ``exp`` (plus ``leeway``).

    A token checked against the list with ``check_exp=False`` is refused once
    it expired longer ago than this: the list no longer remembers whether it
    was revoked. Raise it if you read expired tokens' claims on purpose (for
    example to refresh them); entries then live that much longer.
    """


class JWTSettings(Section):
    """``[jam.jwt]``: how tokens are signed, verified and listed."""

    alg: str = "HS256"
    """Signing algorithm (JOSE name, case-sensitive)."""
    algorithms: list[str] | None = None
    """Algorithms accepted on verify; default: ``alg`` plus the ``alg`` of every key entry."""
    secret_key: KeyMaterialField | None = None
    """HMAC secret for HS* (text, bytes, ``{ file = ... }``, ``{ env = ... }`` or JWK)."""
    private_key: KeyMaterialField | None = None
    """Signing key for RS/PS/ES/EdDSA: PEM text, ``{ file = ... }`` or a JWK."""
    public_key: KeyMaterialField | None = None
    """Verifying key; derived from ``private_key`` when omitted."""
    keys: list[JWTKeySettings] | None = Field(default=None, min_length=1)
    """Key rotation: used instead of the three keys above."""
    allow_weak_secret: bool = False
    """Accept HMAC secrets shorter than the hash or repetitive (logs a warning); risky."""
    expire: int = Field(default=3600, gt=0, le=MAX_LIFETIME)
    """Default token lifetime in seconds (at most ten years), used by ``jwt_make_payload``."""
    issuer: str | None = Field(default=None, min_length=1)
    """Set as ``iss`` on create; required to match on verify."""
    audience: str | list[str] | None = None
    """Set as ``aud`` on create; on verify the token's ``aud`` must contain one of these."""
    leeway: int = Field(default=0, ge=0, le=3600)
    """Seconds of clock skew tolerated for ``exp``, ``nbf`` and ``iat``."""
    max_token_length: int = Field(default=16384, ge=256, le=1 << 20)
    """Tokens longer than this (characters) are rejected before any parsing."""
    token_list: TokenListSettings | None = Field(default=None, alias="list")
    """``[jam.jwt.list]``: optional black or white list."""

    @field_validator("alg")
    @classmethod
    def _alg_is_not_none(cls, value: str) -> str:
        if value.lower() == "none":
            raise ValueError("'none' is not an algorithm Jam will sign or verify with")
        return value

    @field_validator("algorithms")
    @classmethod
    def _algorithms_are_not_none(cls, value: list[str] | None) -> list[str] | None:
        if value is not None:
            if not value:
                raise ValueError("must name at least one algorithm")
            if any(name.lower() == "none" for name in value):
                raise ValueError("'none' can never be allowed")
        return value

    @model_validator(mode="after")
    def _keys_or_single_key(self) -> JWTSettings:
        single = (self.secret_key, self.private_key, self.public_key)
        if self.keys is not None and any(item is not None for item in single):
            raise ValueError(
                "use either 'keys' (rotation) or secret_key/private_key/public_key, not both"
            )
        if self.keys is not None:
            kids = [entry.kid for entry in self.keys]
            if len(set(kids)) != len(kids):
                raise ValueError("every [[jwt.keys]] entry needs a distinct 'kid'")
        if self.algorithms is not None:
            used = [self.alg] if self.keys is None else [k.alg or self.alg for k in self.keys]
            missing = sorted(set(used) - set(self.algorithms))
            if missing:
                raise ValueError(
                    "'algorithms' must include every algorithm a key uses "
                    f"({', '.join(excerpt(name) for name in missing)}), "
                    "or tokens Jam signs would not verify"
                )
        return self
