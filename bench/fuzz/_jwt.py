"""JWT targets: hostile tokens against every algorithm family, with and without a token list.

Two kinds of target:

* **token targets** (``jwt-hs``, ``jwt-rsa``, ``jwt-ec``, ``jwt-eddsa``): the
  fuzzer mutates real tokens and Jam verifies, revokes or looks them up. The
  forgery oracle: a verification that succeeds must be of a token Jam
  *issued* with a key this instance trusts: the same signing input byte for
  byte, the same claims, and the same signature bytes, or (ES* only) the
  ECDSA twin (r, n - s), which Jam accepts by design and treats as the same
  token. Nothing else may verify. Lists add: a revoked token (either twin)
  never verifies on a black list, only admitted tokens verify on a white
  list, and an acknowledged revocation is refused right after it.
* **the claims target** (``jwt-claims``): the fuzzer writes the header and
  payload JSON and the harness signs them with the right HMAC key, so every
  parser and claim check behind the signature is reached. The oracle is an
  independent reading of the same JSON (strict: no duplicates, no NaN) and of
  the documented claim rules (``exp``, ``nbf``, ``iat``, ``iss``, ``aud``,
  ``crit``, ``b64``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench.fuzz._common import Finding, Reader, seed, text

# Group orders n of the ECDSA curves (SEC 2 v2), for the (r, n - s) twin.
ORDERS = {
    "ES256": int("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16),
    "ES384": int(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973",
        16,
    ),
    "ES512": int(
        "01" + "F" * 64 + "FA51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409", 16
    ),
    "ES256K": int("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16),
}

FAMILIES: dict[str, tuple[tuple[str, str], ...]] = {
    # target suffix -> (alg, key family) pairs, one Jam per pair and list mode
    "hs": (("HS256", "oct"), ("HS384", "oct"), ("HS512", "oct")),
    "rsa": (
        ("RS256", "RSA"),
        ("RS384", "RSA"),
        ("RS512", "RSA"),
        ("PS256", "RSA"),
        ("PS384", "RSA"),
        ("PS512", "RSA"),
    ),
    "ec": (("ES256", "P-256"), ("ES384", "P-384"), ("ES512", "P-521"), ("ES256K", "secp256k1")),
    "eddsa": (("EdDSA", "Ed25519"), ("EdDSA", "Ed448"), ("Ed25519", "Ed25519"), ("Ed448", "Ed448")),
}
LIST_MODES = ("none", "black", "white")
OPS = 6  # verify text, verify bytes, check_exp=False, check_list=False, revoke, is_listed


def b64(raw: bytes) -> str:
    """Unpadded base64url."""
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def make_key(family: str) -> Any:
    """A fresh private key (or 64-byte HMAC secret) of ``family``."""
    from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa

    makers: dict[str, Callable[[], Any]] = {
        "oct": lambda: os.urandom(64),
        "RSA": lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "P-256": lambda: ec.generate_private_key(ec.SECP256R1()),
        "P-384": lambda: ec.generate_private_key(ec.SECP384R1()),
        "P-521": lambda: ec.generate_private_key(ec.SECP521R1()),
        "secp256k1": lambda: ec.generate_private_key(ec.SECP256K1()),
        "Ed25519": ed25519.Ed25519PrivateKey.generate,
        "Ed448": ed448.Ed448PrivateKey.generate,
    }
    return makers[family]()


def pem(key: Any, public: bool = False) -> str:
    """PKCS#8 (or SubjectPublicKeyInfo) PEM text of ``key``."""
    from cryptography.hazmat.primitives import serialization

    if public:
        return (
            key.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode("ascii")
        )
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")


def jwt_table(alg: str, key: Any) -> dict[str, Any]:
    """A ``[jwt]`` table signing with ``alg`` and ``key``."""
    if isinstance(key, bytes):
        return {"alg": alg, "secret_key": key}
    return {"alg": alg, "private_key": pem(key)}


def twin(token: str, alg: str) -> str | None:
    """The (r, n - s) ECDSA twin of ``token``, or None for other algorithms."""
    order = ORDERS.get(alg)
    if order is None:
        return None
    head, _, signature = token.rpartition(".")
    raw = base64.urlsafe_b64decode(signature + "==")
    size = len(raw) // 2
    s = int.from_bytes(raw[size:], "big")
    return f"{head}.{b64(raw[:size] + (order - s).to_bytes(size, 'big'))}"


@dataclass
class Issued:
    """A token Jam signed: what verifying it may return, and with which key."""

    alg: str
    key_id: str
    claims: dict[str, Any]
    signing_input: str
    forms: tuple[str, ...]

    @property
    def expired(self) -> bool:
        """True once ``exp`` has passed (one second of slack for the clock)."""
        exp = self.claims.get("exp")
        return isinstance(exp, int) and exp < time.time() - 1


@dataclass
class Instance:
    """One configured Jam and what its list holds (by signing input)."""

    name: str
    alg: str
    key_id: str
    mode: str
    jam: Any
    revoked: set[str] = field(default_factory=set)
    admitted: set[str] = field(default_factory=set)


@dataclass
class TokenState:
    """Every instance of one family and every token issued for it."""

    instances: list[Instance]
    issued: dict[str, Issued]
    seeds: list[bytes]

    def close(self) -> None:
        """Close every Jam."""
        for instance in self.instances:
            instance.jam.close()


def _issue(state: TokenState, instance: Instance, claims: dict[str, Any]) -> str:
    token: str = instance.jam.jwt_create_token(claims)
    forms = tuple(form for form in (token, twin(token, instance.alg)) if form is not None)
    signing_input = token.rpartition(".")[0]
    verified = dict(claims)
    issued = Issued(instance.alg, instance.key_id, verified, signing_input, forms)
    for form in forms:
        state.issued[form] = issued
    if instance.mode == "white":
        instance.admitted.add(signing_input)
    return token


def token_state(family: str) -> TokenState:
    """Build one Jam per (algorithm, key, list mode) of ``family`` and issue seed tokens."""
    import jam

    now = int(time.time())
    keys: dict[str, Any] = {}
    state = TokenState([], {}, [])
    for alg, key_family in FAMILIES[family]:
        key = keys.setdefault(key_family, make_key(key_family))
        for mode in LIST_MODES:
            config: dict[str, Any] = {"jwt": jwt_table(alg, key)}
            if mode != "none":
                config["jwt"]["list"] = {"type": mode, "backend": "memory"}
            name = f"{alg}/{key_family}/{mode}"
            state.instances.append(Instance(name, alg, f"{key_family}", mode, jam.Jam(config)))
    # A stranger: same algorithms, keys nobody here trusts (its tokens must never verify).
    strangers = {kf: make_key(kf) for kf in {kf for _, kf in FAMILIES[family]}}
    strange = [
        Instance(
            f"{alg}/{kf}/stranger",
            alg,
            f"{kf}-stranger",
            "none",
            jam.Jam({"jwt": jwt_table(alg, strangers[kf])}),
        )
        for alg, kf in FAMILIES[family]
    ]
    tokens: list[str] = []
    for index, instance in enumerate(state.instances + strange):
        claim_sets = [
            {"sub": "42", "roles": ["a"], "iat": now, "exp": now + 172_800, "jti": f"j{index}"},
            {"sub": "no-jti", "exp": now + 172_800, "nbf": now - 5},
            {"sub": "expired", "exp": now - 3600, "jti": f"x{index}"},
            {"sub": "later", "exp": now + 172_800, "nbf": now + 86_400},
        ]
        for claims in claim_sets:
            tokens.append(_issue(state, instance, claims))
        if instance.mode in ("black", "white"):
            revoked = _issue(state, instance, {"sub": "revoked", "exp": now + 172_800})
            instance.jam.jwt_revoke_token(revoked)
            signing_input = revoked.rpartition(".")[0]
            instance.revoked.add(signing_input)
            instance.admitted.discard(signing_input)
            tokens.append(revoked)
    tokens += _forgeries(tokens[0], keys)
    count = len(state.instances)
    for number, token in enumerate(tokens):
        forms = state.issued[token].forms if token in state.issued else (token,)
        for form in forms:
            state.seeds.append(seed(number % count, number % OPS, last=form))
            state.seeds.append(seed((number * 7 + 3) % count, 0, last=form))
    for item in strange:
        item.jam.close()
    return state


def _forgeries(token: str, keys: dict[str, Any]) -> list[str]:
    """Classic forgeries built from a real token: alg none, HS256 keyed with a public key."""
    _, payload, _ = token.split(".")
    forged = [f"{b64(json.dumps({'alg': 'none'}).encode())}.{payload}."]
    for key in keys.values():
        if isinstance(key, bytes):
            continue  # an HMAC secret signs real tokens, not forgeries
        secret = pem(key, public=True).encode()
        head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        mac = hmac.new(secret, f"{head}.{payload}".encode(), hashlib.sha256).digest()
        forged.append(f"{head}.{payload}.{b64(mac)}")
    return forged


def check_accepted(
    state: TokenState,
    instance: Instance,
    token: str | bytes,
    claims: object,
    *,
    check_exp: bool = True,
    check_list: bool = True,
) -> Issued:
    """Raise :class:`Finding` unless ``token`` may verify on ``instance`` to ``claims``."""
    shown = token.decode("latin-1") if isinstance(token, bytes) else token
    issued = state.issued.get(shown)
    if issued is None:
        raise Finding(f"{instance.name}: a token Jam never issued verified (forgery)")
    if issued.key_id != instance.key_id or issued.alg != instance.alg:
        raise Finding(
            f"{instance.name}: a {issued.alg} token signed with key {issued.key_id} verified"
        )
    if claims != issued.claims:
        raise Finding(f"{instance.name}: verified claims differ from the signed ones")
    if check_exp and issued.expired:
        raise Finding(f"{instance.name}: an expired token verified")
    if check_list and instance.mode == "black" and issued.signing_input in instance.revoked:
        raise Finding(f"{instance.name}: a revoked token verified (black list)")
    if check_list and instance.mode == "white" and issued.signing_input not in instance.admitted:
        raise Finding(f"{instance.name}: a token not on the white list verified")
    return issued


def fuzz_token(state: TokenState, data: bytes) -> None:
    """One hostile token: verify (four ways), revoke round trip, or list lookup."""
    from jam.exceptions import TokenError

    reader = Reader(data)
    instance: Instance = reader.pick(state.instances)
    op = reader.byte() % OPS
    raw = reader.rest()
    token: str | bytes = raw if op == 1 else text(raw)
    auth = instance.jam
    if op <= 3:
        check_exp, check_list = op != 2, op != 3
        claims = auth.jwt_verify_token(token, check_exp=check_exp, check_list=check_list)
        check_accepted(state, instance, token, claims, check_exp=check_exp, check_list=check_list)
    elif op == 4:
        auth.jwt_revoke_token(token)  # JamConfigError without a list; TokenError unless valid
        issued = check_accepted(state, instance, token, issued_claims(state, token), **_relaxed())
        for form in issued.forms:
            try:
                auth.jwt_verify_token(form)
            except TokenError:
                continue
            raise Finding(f"{instance.name}: a token verified right after it was revoked")
        if (instance.mode == "black" and issued.signing_input not in instance.revoked) or (
            instance.mode == "white" and issued.signing_input in instance.admitted
        ):
            auth.jwt.admit(token)  # put the list back as it was
    else:
        listed = auth.jwt.is_listed(token)
        issued = check_accepted(state, instance, token, issued_claims(state, token), **_relaxed())
        expected = (
            issued.signing_input in instance.revoked
            if instance.mode == "black"
            else issued.signing_input in instance.admitted
        )
        if listed is not expected and not issued.expired:
            raise Finding(f"{instance.name}: is_listed answered {listed}, expected {expected}")


def issued_claims(state: TokenState, token: str | bytes) -> object:
    """The claims of ``token`` if it was issued (so only key and list rules are checked)."""
    shown = token.decode("latin-1") if isinstance(token, bytes) else token
    issued = state.issued.get(shown)
    return None if issued is None else issued.claims


def _relaxed() -> dict[str, bool]:
    return {"check_exp": False, "check_list": False}


# -- the claims target: signed garbage ---------------------------------------------------------

CLAIMS_SECRET = os.urandom(64)


@dataclass
class ClaimsState:
    """HS256/HS512 Jams (plain, with issuer/audience/leeway, black list) and seeds."""

    instances: list[tuple[str, Any, dict[str, Any]]]
    seeds: list[bytes]

    def close(self) -> None:
        """Close every Jam."""
        for _, auth, _ in self.instances:
            auth.close()


def claims_state() -> ClaimsState:
    """Jams that verify what the harness signs with :data:`CLAIMS_SECRET`."""
    import jam

    policies: list[dict[str, Any]] = [
        {},
        {"issuer": "https://issuer.example", "audience": ["app", "api"], "leeway": 30},
        {"audience": "app"},
    ]
    instances = []
    for alg in ("HS256", "HS512"):
        for policy in policies:
            table = {"alg": alg, "secret_key": CLAIMS_SECRET, **policy}
            instances.append((alg, jam.Jam({"jwt": table}), policy))
        table = {"alg": alg, "secret_key": CLAIMS_SECRET}
        table["list"] = {"type": "black", "backend": "memory"}
        instances.append((alg, jam.Jam({"jwt": table}), {"list": True}))
    now = int(time.time())
    payloads = [
        {"sub": "1", "exp": now + 86_400},
        {"sub": "1", "exp": now + 86_400, "iss": "https://issuer.example", "aud": "api"},
        {"exp": now + 86_400, "aud": ["x", "app"], "nbf": now, "iat": now, "jti": "id-1"},
        {"exp": float(now + 86_400), "jti": "\ud800"},
        {"exp": now - 10},
    ]
    seeds = []
    for index, (alg, _, _) in enumerate(instances):
        for number, payload in enumerate(payloads):
            header = json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":"))
            body = json.dumps(payload, separators=(",", ":"))
            seeds.append(seed(index, number % 3, header, last=body))
    return ClaimsState(instances, seeds)


def _strict(raw: bytes) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(items)
        if len(result) != len(items):
            raise ValueError("duplicate")
        return result

    def constant(name: str) -> Any:
        raise ValueError(name)

    return json.loads(raw.decode("utf-8"), object_pairs_hook=pairs, parse_constant=constant)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def expected_refusal(
    alg: str, policy: dict[str, Any], header: Any, claims: Any, check_exp: bool
) -> str | None:
    """Why the documented rules refuse this signed token (None: they accept it)."""
    now = time.time()
    leeway = policy.get("leeway", 0)
    if not isinstance(header, dict) or header.get("alg") != alg:
        return "header"
    if "crit" in header or header.get("b64", True) is not True:
        return "header extensions"
    if header.get("kid") is not None and not isinstance(header["kid"], str):
        return "kid"
    if not isinstance(claims, dict):
        return "payload"
    checks: list[tuple[str, bool]] = []
    if check_exp:
        exp = _number(claims.get("exp"))
        checks.append(("exp", exp is None or now >= exp + leeway))
    for name in ("nbf", "iat"):
        if claims.get(name) is not None:
            value = _number(claims[name])
            checks.append((name, value is None or value > now + leeway))
    if policy.get("list") and not check_exp:
        # A list cannot say whether a token that expired longer ago than its entries live
        # was revoked: Jam refuses it even with check_exp=False (revocation_grace = 0 here).
        exp = _number(claims.get("exp"))
        checks.append(("exp", exp is not None and exp <= now))
    if "issuer" in policy:
        checks.append(("iss", claims.get("iss") != policy["issuer"]))
    audience = policy.get("audience")
    if "aud" in claims or audience is not None:
        allowed = {audience} if isinstance(audience, str) else set(audience or ())
        aud = claims.get("aud")
        ok = (isinstance(aud, str) and aud in allowed) or (
            isinstance(aud, list)
            and all(isinstance(item, str) for item in aud)
            and not allowed.isdisjoint(aud)
        )
        checks.append(("aud", not ok))
    return next((name for name, refused in checks if refused), None)


def fuzz_claims(state: ClaimsState, data: bytes) -> None:
    """Sign fuzzed header and payload JSON with the right key; verify like an attacker's token."""
    from jam.exceptions import JamError, TokenError

    reader = Reader(data)
    alg, auth, policy = reader.pick(state.instances)
    op = reader.byte() % 3
    header_raw, payload_raw = reader.chunk(), reader.rest()
    signing_input = f"{b64(header_raw)}.{b64(payload_raw)}"
    digest = hashlib.sha256 if alg == "HS256" else hashlib.sha512
    mac = hmac.new(CLAIMS_SECRET, signing_input.encode("ascii"), digest).digest()
    token = f"{signing_input}.{b64(mac)}"
    check_exp = op != 1
    try:
        header, claims = _strict(header_raw), _strict(payload_raw)
    except (ValueError, RecursionError):
        header = claims = None  # Jam must refuse it (MalformedToken)
    reason = expected_refusal(alg, policy, header, claims, check_exp)
    time_claims = ("exp", "nbf", "iat")
    try:
        verified = auth.jwt_verify_token(token, check_exp=check_exp)
    except JamError as err:
        if not isinstance(err, TokenError):
            raise Finding(f"{alg}: verify raised {type(err).__name__}, not a TokenError") from None
        if reason is None and not _near_now(claims):
            raise Finding(
                f"{alg}: a valid signed token was refused ({type(err).__name__})"
            ) from None
        return
    if reason is not None and not (reason in time_claims and _near_now(claims)):
        raise Finding(f"{alg} {sorted(policy)}: a token that breaks the '{reason}' rule verified")
    if verified != claims:
        raise Finding(f"{alg}: verified claims differ from the signed JSON")
    if op == 2 and policy.get("list"):
        _revoke_round_trip(alg, auth, token)


def _near_now(claims: Any) -> bool:
    """True when a time claim is within two seconds of the clock (either answer is right)."""
    if not isinstance(claims, dict):
        return False
    now = time.time()
    for name in ("exp", "nbf", "iat"):
        value = _number(claims.get(name))
        if value is not None and abs(value - now) < 2 + 30:
            return True
    return False


def _revoke_round_trip(alg: str, auth: Any, token: str) -> None:
    from jam.exceptions import TokenError

    auth.jwt_revoke_token(token)
    try:
        auth.jwt_verify_token(token)
    except TokenError:
        pass
    else:
        raise Finding(f"{alg}: a token verified right after it was revoked")
    auth.jwt.admit(token)
    try:
        auth.jwt_verify_token(token)  # admitted again: verifies as it did before
    except TokenError as err:
        raise Finding(f"{alg}: a re-admitted token was refused ({type(err).__name__})") from None
