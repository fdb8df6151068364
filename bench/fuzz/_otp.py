"""OTP targets: hostile codes, secrets, factors and windows; URIs; secret parsing.

``otp`` checks ``otp_verify_code``, ``otp_verify_counter``, ``otp_check_code``
and ``otp_code`` against an independent RFC 4226/6238 reference written here
(HMAC, dynamic truncation, the window), on five configurations (TOTP and HOTP,
SHA-1/256/512, 6/8/10 digits, replay protection on HOTP and TOTP):

* a code is accepted only if the reference computes it for a counter in the
  window, and the counter Jam reports is the first such counter not yet used
  (with replay protection) or the first one (without);
* a right code on a well-formed call is never refused (except as a replay);
* a secret Jam decodes decodes to the same key with :func:`base64.b32decode`.

``otp-uri`` builds ``otpauth://`` URIs with hostile names and issuers, and
reads each one back with :mod:`urllib.parse`: scheme, type, label, secret,
issuer and parameters must be exactly what was asked for.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import math
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from bench.fuzz._common import ODD_NUMBERS, Finding, Reader, seed, text

MAX_COUNTER = 2**64 - 1
T0 = 1_700_000_000
"""The fixed TOTP time seeds use (a code the fuzzer can keep right)."""
H0 = 1000
"""The fixed HOTP counter seeds use."""
CONFIGS: tuple[dict[str, Any], ...] = (
    {"type": "totp"},
    {"type": "hotp", "digest": "sha256", "digits": 8},
    {"type": "totp", "digest": "sha512", "digits": 10, "interval": 60, "issuer": "Example Inc"},
    {"type": "hotp", "replay_protection": True, "allow_weak_secrets": True},
    {"type": "totp", "replay_protection": True, "max_look_ahead": 3},
)
DIGESTS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha512": hashlib.sha512}
OPS = 4  # verify_code, verify_counter, check_code, code


def reference_code(key: bytes, counter: int, digits: int, digest: str) -> str:
    """RFC 4226 HOTP: HMAC, dynamic truncation, modulo 10**digits."""
    mac = hmac.new(key, counter.to_bytes(8, "big"), DIGESTS[digest]).digest()
    offset = mac[-1] & 0x0F
    value = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def reference_key(secret: object) -> bytes | None:
    """The key of ``secret`` read with the standard library (None: not base32 or not text)."""
    if isinstance(secret, bytes):
        return secret
    if not isinstance(secret, str):
        return None
    cleaned = "".join(secret.split()).replace("-", "").rstrip("=").upper()
    try:
        return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except (binascii.Error, ValueError):
        return None


@dataclass
class OTPInstance:
    """One configured Jam and the counters its replay list has seen (by key)."""

    name: str
    jam: Any
    config: dict[str, Any]
    secret: str
    claimed: dict[tuple[bytes, int], float] = field(default_factory=dict)

    @property
    def hotp(self) -> bool:
        """True for HOTP."""
        return bool(self.config["type"] == "hotp")


@dataclass
class OTPState:
    """Every instance and the seeds."""

    instances: list[OTPInstance]
    seeds: list[bytes]

    def close(self) -> None:
        """Close every Jam."""
        for instance in self.instances:
            instance.jam.close()


def otp_state() -> OTPState:
    """One Jam per configuration, each with its own secret, and right codes as seeds."""
    import jam

    instances = []
    for config in CONFIGS:
        auth = jam.Jam({"otp": config})
        name = "/".join(f"{value}" for value in config.values())
        instances.append(OTPInstance(name, auth, config, auth.otp_generate_secret()))
    seeds = []
    for index, instance in enumerate(instances):
        factor = H0 if instance.hotp else T0
        code = instance.jam.otp_code(instance.secret, factor)
        for op in range(OPS):
            seeds.append(seed(index, op, 0, 1, 1, b"", last=code))
            seeds.append(seed(index, op, 3, 1, 2, b"", last=code))
        seeds.append(seed(index, 0, 1, 0, 1, instance.secret, last="000000"))
        seeds.append(seed(index, 0, 2, 1, 0, b"12345678901234567890", last=code))
    return OTPState(instances, seeds)


def _secret(reader: Reader, instance: OTPInstance) -> tuple[Any, bytes]:
    kind, raw = reader.byte() % 4, reader.chunk()
    if kind == 0:
        return instance.secret, raw
    if kind == 1:
        return text(raw), raw
    if kind == 2:
        return raw, raw
    spaced = " ".join(instance.secret[i : i + 4] for i in range(0, len(instance.secret), 4))
    return spaced.lower(), raw


def _factor(reader: Reader, instance: OTPInstance) -> Any:
    kind = reader.byte()
    if kind == 0:
        return None
    if kind == 1:
        return H0 if instance.hotp else T0
    if kind < 128:
        return (H0 if instance.hotp else T0) + kind - 64
    return ODD_NUMBERS[kind % len(ODD_NUMBERS)]


def _window(instance: OTPInstance, factor: Any, look_ahead: int, now: float) -> range:
    if instance.hotp:
        return range(factor, min(MAX_COUNTER, factor + look_ahead) + 1)
    interval = instance.config.get("interval", 30)
    step = int((now if factor is None else factor) // interval)
    return range(max(0, step - look_ahead), min(MAX_COUNTER, step + look_ahead) + 1)


def _well_formed(instance: OTPInstance, factor: Any, look_ahead: Any) -> bool:
    """True when Jam must not raise for this factor and window (the code is never an error)."""
    if look_ahead.__class__ is not int or not 0 <= look_ahead <= _max_look_ahead(instance):
        return False
    if isinstance(factor, bool):
        return False
    if instance.hotp:
        return isinstance(factor, int) and 0 <= factor <= MAX_COUNTER
    return factor is None or (
        isinstance(factor, int | float) and 0 <= factor < MAX_COUNTER and math.isfinite(factor)
    )


def _max_look_ahead(instance: OTPInstance) -> int:
    return int(instance.config.get("max_look_ahead", 10))


def _jam_key(instance: OTPInstance, secret: Any) -> bytes | None:
    """The key Jam reads from ``secret`` (None when Jam refuses the secret)."""
    from jam.exceptions import OTPError

    try:
        key: bytes = instance.jam.otp.core.key(secret)
    except OTPError:
        return None
    if key != reference_key(secret):
        raise Finding(f"{instance.name}: Jam read a key other than base64.b32decode's")
    return key


def _step(instance: OTPInstance, factor: Any) -> int:
    if instance.hotp:
        return int(factor)
    return int((time.time() if factor is None else factor) // instance.config.get("interval", 30))


def fuzz_otp(state: OTPState, data: bytes) -> None:
    """One verification (or code) with hostile secret, code, factor and window."""
    from jam.exceptions import OTPError

    reader = Reader(data)
    instance: OTPInstance = reader.pick(state.instances)
    op = reader.byte() % OPS
    secret, _ = _secret(reader, instance)
    factor = _factor(reader, instance)
    window_byte = reader.byte()
    look_ahead = window_byte % 12 if window_byte < 200 else ODD_NUMBERS[window_byte % 25]
    code = text(reader.rest())
    digits, digest = instance.config.get("digits", 6), instance.config.get("digest", "sha1")
    key = _jam_key(instance, secret)
    valid = key is not None and _well_formed(instance, factor, 0 if op == 3 else look_ahead)
    if op == 3:
        _code(instance, secret, factor, key, valid)
        return
    now = time.time()
    try:
        got, replayed = _verify(instance, op, secret, code, factor, look_ahead)
    except OTPError:
        if not valid:
            return  # a malformed call is refused: right
        if op != 2:
            raise Finding(f"{instance.name}: verification raised for a well-formed call") from None
        got, replayed = None, False  # check_code's "not accepted"
    if not valid or key is None:
        raise Finding(f"{instance.name}: a malformed secret, factor or window was answered")
    if factor is None and not instance.hotp:
        # The clock moved between Jam's reading and ours: only acceptance is checked.
        wider = _window(instance, factor, look_ahead + 1, now)
        if got is not None and code not in {reference_code(key, c, digits, digest) for c in wider}:
            raise Finding(f"{instance.name}: a code the reference does not compute was accepted")
        return
    window = _window(instance, factor, look_ahead, now)
    matching = [c for c in window if reference_code(key, c, digits, digest) == code]
    _judge(instance, key, matching, got, replayed)


def _verify(
    instance: OTPInstance, op: int, secret: Any, code: str, *window: Any
) -> tuple[int | None, bool]:
    """Call verify_code (-1 for True), verify_counter or check_code; return (counter, replayed)."""
    from jam.exceptions import OTPReplayed

    auth = instance.jam
    factor, look_ahead = window
    try:
        if op == 0:
            result = auth.otp_verify_code(secret, code, factor, look_ahead)
            if result is not True and result is not False:
                raise Finding(f"{instance.name}: otp_verify_code returned a non-bool")
            return (-1 if result else None), False
        if op == 1:
            got = auth.otp_verify_counter(secret, code, factor, look_ahead)
            if got is not None and type(got) is not int:
                raise Finding(f"{instance.name}: otp_verify_counter returned a non-int")
            return got, False
        return auth.otp_check_code(secret, code, factor, look_ahead), False
    except OTPReplayed:
        return None, True


def _code(instance: OTPInstance, secret: Any, factor: Any, key: bytes | None, valid: bool) -> None:
    """``otp_code`` answers exactly the well-formed calls, with the reference's code."""
    from jam.exceptions import OTPError

    try:
        made = instance.jam.otp_code(secret, factor)
    except OTPError:
        if valid:
            raise Finding(f"{instance.name}: otp_code refused a well-formed call") from None
        return
    if not valid or key is None:
        raise Finding(f"{instance.name}: otp_code answered a malformed call")
    digits, digest = instance.config.get("digits", 6), instance.config.get("digest", "sha1")
    if factor is not None and made != reference_code(key, _step(instance, factor), digits, digest):
        raise Finding(f"{instance.name}: otp_code differs from the RFC 4226 reference")


def _judge(
    instance: OTPInstance, key: bytes, matching: list[int], got: int | None, replayed: bool
) -> None:
    """Compare Jam's answer with the reference's ``matching`` counters (window order)."""
    replay = bool(instance.config.get("replay_protection", False))
    now = time.monotonic()
    fresh = [c for c in matching if not (replay and _recently_claimed(instance, key, c, now))]
    expected = fresh[0] if fresh else None
    if got is None:
        if replayed and (not matching or not replay):
            raise Finding(f"{instance.name}: a code was reported as replayed wrongly")
        # TOTP replay entries may outlive the model's memory: refusing there is allowed.
        if expected is not None and not replayed and (instance.hotp or not replay):
            raise Finding(f"{instance.name}: a right code was refused")
        return
    if not matching:
        raise Finding(f"{instance.name}: a code the reference does not compute was accepted")
    if expected is None:
        raise Finding(f"{instance.name}: a used code was accepted again (replay)")
    if got not in (-1, expected) and (instance.hotp or not replay):
        raise Finding(f"{instance.name}: reported counter {got}, the reference says {expected}")
    if replay:
        instance.claimed[(key, expected if got == -1 else got)] = now


def _recently_claimed(instance: OTPInstance, key: bytes, counter: int, now: float) -> bool:
    """Claimed, and (TOTP) recently enough that Jam's entry still lives (at least 1 s)."""
    when = instance.claimed.get((key, counter))
    if when is None:
        return False
    return instance.hotp or now - when < 0.5


# -- URIs and secret parsing -------------------------------------------------------------------


def fuzz_uri(state: OTPState, data: bytes) -> None:
    """Build a URI with a hostile name, issuer and counter; read it back exactly."""
    reader = Reader(data)
    instance: OTPInstance = reader.pick(state.instances)
    flags = reader.byte()
    counter = (
        ODD_NUMBERS[reader.byte() % len(ODD_NUMBERS)]
        if flags & 4
        else (H0 if instance.hotp else None)
    )
    name_raw = reader.chunk()
    name = None if flags & 1 else text(name_raw)
    issuer = None if flags & 2 else text(reader.rest())
    uri = instance.jam.otp_uri(instance.secret, name, issuer, counter)
    _check_uri(instance, uri, name, issuer, counter)


def _check_uri(instance: OTPInstance, uri: str, name: Any, issuer: Any, counter: Any) -> None:
    if not uri.isascii() or any(ch.isspace() or not ch.isprintable() for ch in uri):
        raise Finding(f"{instance.name}: the URI has non-ASCII, space or control characters")
    parts = urlsplit(uri)
    if parts.scheme != "otpauth" or parts.netloc != instance.config["type"] or parts.fragment:
        raise Finding(f"{instance.name}: the URI's scheme, type or shape is wrong")
    want_issuer = (issuer if issuer is not None else instance.config.get("issuer")) or None
    want_issuer = want_issuer.strip() or None if want_issuer is not None else None
    want_name = name.strip() or None if name is not None else None
    label = unquote(parts.path[1:], errors="strict")
    expected_label = ":".join(x for x in (want_issuer, want_name) if x is not None)
    if label != expected_label:
        raise Finding(f"{instance.name}: the URI label does not read back as issuer:name")
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True, errors="strict")
    expected = {
        "secret": [instance.secret],
        "algorithm": [instance.config.get("digest", "sha1").upper()],
        "digits": [str(instance.config.get("digits", 6))],
    }
    if want_issuer is not None:
        expected["issuer"] = [want_issuer]
    if instance.hotp:
        expected["counter"] = [str(counter)]
    else:
        expected["period"] = [str(instance.config.get("interval", 30))]
    if query != expected:
        raise Finding(f"{instance.name}: the URI parameters do not read back as given")


def fuzz_secret(state: OTPState, data: bytes) -> None:
    """Parse a hostile secret (text or bytes); a key Jam accepts must be the standard one."""
    from jam.otp import parse_secret

    reader = Reader(data)
    flags = reader.byte()
    raw = reader.rest()
    secret: Any = raw if flags & 1 else text(raw)
    key = parse_secret(secret, allow_weak=bool(flags & 2))
    if not isinstance(key, bytes) or not key:
        raise Finding("parse_secret returned an empty or non-bytes key")
    if key != reference_key(secret):
        raise Finding("parse_secret decoded a key other than base64.b32decode's")
    if not flags & 2 and (len(key) < 16 or key.count(key[0]) == len(key)):
        raise Finding("parse_secret accepted a weak key without allow_weak")


def uri_seeds(state: OTPState) -> list[bytes]:
    """Seeds for :func:`fuzz_uri` and :func:`fuzz_secret`."""
    seeds = []
    for index, instance in enumerate(state.instances):
        seeds.append(seed(index, 0, 0, "alice@example.com", last="Example Inc"))
        seeds.append(seed(index, 2, 0, "bob", last=""))
        seeds.append(seed(index, 4, 7, "a b%c/d?e#f", last="Iss & Co"))
        seeds.append(seed(index, 1, 0, "", last="Only issuer"))
        seeds.append(seed(1, 0, last=instance.secret))
        seeds.append(seed(0, 0, last=instance.secret.lower()))
    return seeds
