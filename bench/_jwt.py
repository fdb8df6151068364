"""JWT create/verify for Jam, its Python peers and the floor, with full claims validation.

Every library signs the same claim set (``sub iss aud iat nbf exp jti``) and
verifies the same token (made by the floor), with keys loaded once up front
and ``exp``, ``nbf``, ``iat``, ``iss`` and ``aud`` validated on verify.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from bench import _floor
from bench._keys import ALGS, AUDIENCE, ISSUER, make_claims
from bench._timing import Params, Result, loop, measure_group

Create = Callable[[dict[str, Any]], Any]
Verify = Callable[[str], Any]
Adapter = Callable[[str, dict[str, str]], tuple[Create, Verify]]


def jam_config(alg: str, material: dict[str, str], **extra: Any) -> dict[str, Any]:
    """Return a Jam ``[jwt]`` table for ``alg`` with issuer and audience configured."""
    table: dict[str, Any] = {"alg": alg, "issuer": ISSUER, "audience": AUDIENCE, **extra}
    if alg.startswith("HS"):
        table["secret_key"] = material["secret"]
    else:
        table["private_key"] = material["private"]
        table["public_key"] = material["public"]
    return {"jwt": table}


def jam(alg: str, material: dict[str, str]) -> tuple[Create, Verify]:
    """Jam through its public facade."""
    import jam as jam_pkg

    auth = jam_pkg.Jam(config=jam_config(alg, material))
    return auth.jwt_create_token, auth.jwt_verify_token


def _crypto_keys(alg: str, material: dict[str, str]) -> tuple[Any, Any]:
    if alg.startswith("HS"):
        secret = material["secret"].encode()
        return secret, secret
    from cryptography.hazmat.primitives import serialization

    return (
        serialization.load_pem_private_key(material["private"].encode(), None),
        serialization.load_pem_public_key(material["public"].encode()),
    )


def pyjwt(alg: str, material: dict[str, str]) -> tuple[Create, Verify]:
    """PyJWT with preloaded ``cryptography`` key objects."""
    import jwt

    signing, verifying = _crypto_keys(alg, material)
    options = {"require": ["exp", "iss", "aud"]}

    def create(claims: dict[str, Any]) -> str:
        return jwt.encode(claims, signing, algorithm=alg)

    def verify(token: str) -> dict[str, Any]:
        return jwt.decode(
            token,
            verifying,
            algorithms=[alg],
            audience=AUDIENCE,
            issuer=ISSUER,
            options=options,  # type: ignore[arg-type]
        )

    return create, verify


def joserfc(alg: str, material: dict[str, str]) -> tuple[Create, Verify]:
    """joserfc with imported keys and a prebuilt claims registry."""
    from joserfc import jwt
    from joserfc.jwk import ECKey, OctKey, OKPKey, RSAKey

    if alg.startswith("HS"):
        signing = verifying = OctKey.import_key(material["secret"])
    else:
        cls: Any = {"RS256": RSAKey, "PS256": RSAKey, "ES256": ECKey, "EdDSA": OKPKey}[alg]
        signing = cls.import_key(material["private"])
        verifying = cls.import_key(material["public"])
    header = {"alg": alg, "typ": "JWT"}
    algorithms = [alg]
    registry = jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": ISSUER},
        aud={"essential": True, "value": AUDIENCE},
        exp={"essential": True},
    )

    def create(claims: dict[str, Any]) -> str:
        return jwt.encode(header, claims, signing, algorithms=algorithms)

    def verify(token: str) -> dict[str, Any]:
        result = jwt.decode(token, verifying, algorithms=algorithms)
        registry.validate(result.claims)
        return result.claims

    return create, verify


def authlib(alg: str, material: dict[str, str]) -> tuple[Create, Verify]:
    """Authlib's ``authlib.jose`` with imported keys."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from authlib.jose import JsonWebKey, JsonWebToken

    if alg.startswith("HS"):
        signing = verifying = JsonWebKey.import_key(material["secret"], {"kty": "oct"})
    else:
        signing = JsonWebKey.import_key(material["private"])
        verifying = JsonWebKey.import_key(material["public"])
    token_codec = JsonWebToken([alg])
    header = {"alg": alg, "typ": "JWT"}
    options = {
        "iss": {"essential": True, "value": ISSUER},
        "aud": {"essential": True, "value": AUDIENCE},
        "exp": {"essential": True},
    }

    def create(claims: dict[str, Any]) -> bytes:
        return token_codec.encode(header, claims, signing)

    def verify(token: str) -> Any:
        claims = token_codec.decode(token, verifying, claims_options=options)
        claims.validate()
        return claims

    return create, verify


def python_jose(alg: str, material: dict[str, str]) -> tuple[Create, Verify]:
    """python-jose (cryptography backend) with constructed key objects."""
    if alg == "EdDSA" or alg.startswith("PS"):
        raise NotImplementedError(f"python-jose has no {alg}")
    from jose import jwk, jwt

    if alg.startswith("HS"):
        signing = verifying = jwk.construct(material["secret"], alg)
    else:
        signing = jwk.construct(material["private"], alg)
        verifying = jwk.construct(material["public"], alg)

    def create(claims: dict[str, Any]) -> str:
        return jwt.encode(claims, signing, algorithm=alg)

    def verify(token: str) -> dict[str, Any]:
        return jwt.decode(token, verifying, algorithms=[alg], audience=AUDIENCE, issuer=ISSUER)

    return create, verify


def floor(alg: str, material: dict[str, str]) -> tuple[Create, Verify]:
    """The hand-written minimum (signature + exp only)."""
    return _floor.make_create(alg, material), _floor.make_verify(alg, material)


ADAPTERS: dict[str, Adapter] = {
    "jam": jam,
    "floor": floor,
    "pyjwt": pyjwt,
    "joserfc": joserfc,
    "authlib": authlib,
    "python-jose": python_jose,
}


def bench_jwt(
    keys: dict[str, Any], params: Params, algs: tuple[str, ...] = ALGS
) -> tuple[list[Result], dict[str, str]]:
    """Measure create and verify for every algorithm and library.

    Returns:
        The results, and the floor-made token of each algorithm (for the jamlib worker).
    """
    results: list[Result] = []
    tokens: dict[str, str] = {}
    claims = make_claims()
    for alg in algs:
        material = keys[alg]
        token = _floor.make_create(alg, material)(claims)
        tokens[alg] = token
        creates: dict[str, Any] = {}
        verifies: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for lib, adapter in ADAPTERS.items():
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    create, verify = adapter(alg, material)
                    # sanity: the library verifies the shared token and its own
                    verify(token)
                    made = create(claims)
                    made_text = made.decode() if isinstance(made, bytes) else made
                    if _floor.make_verify(alg, material)(made_text)["sub"] != "user-42":
                        raise AssertionError("token does not round-trip")
            except NotImplementedError as err:
                errors[lib] = f"n/a: {err}"
                continue
            except Exception as err:
                errors[lib] = f"setup failed: {type(err).__name__}: {err}"[:300]
                continue
            creates[lib] = loop(lambda c=create: c(claims))
            verifies[lib] = loop(lambda v=verify, t=token: v(t))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for op, cases in ((f"{alg} create", creates), (f"{alg} verify", verifies)):
                rows = measure_group("jwt", op, cases, params)
                rows += [Result("jwt", op, lib, error=msg) for lib, msg in errors.items()]
                results += rows
    return results, tokens
