"""``otpauth://`` URIs: Key Uri Format, percent-encoding, and pyotp interop both ways."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, unquote, urlsplit

import pyotp
import pytest

from jam.exceptions import OTPError
from jam.otp import generate_secret

SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
T = 1_700_000_010


def parts(uri: str) -> tuple[str, str, str, dict[str, str]]:
    split = urlsplit(uri)
    query = {key: values[0] for key, values in parse_qs(split.query, strict_parsing=True).items()}
    assert all(len(values) == 1 for values in parse_qs(split.query).values())
    return split.scheme, split.netloc, split.path, query


def test_totp_uri_has_the_key_uri_format(make_engine):
    uri = make_engine().uri(SECRET, "alice@example.com", "Example")
    assert uri == (
        "otpauth://totp/Example:alice@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        "&issuer=Example&algorithm=SHA1&digits=6&period=30"
    )


def test_hotp_uri_says_hotp_and_carries_the_counter(make_engine):
    uri = make_engine(type="hotp", digits=8, digest="sha256").uri(SECRET, "bob", "Corp", 42)
    scheme, kind, label, query = parts(uri)
    assert (scheme, kind, label) == ("otpauth", "hotp", "/Corp:bob")
    assert query == {
        "secret": SECRET,
        "issuer": "Corp",
        "algorithm": "SHA256",
        "digits": "8",
        "counter": "42",
    }
    assert "period" not in uri


def test_hotp_uri_needs_a_counter(make_engine, make_jam):
    with pytest.raises(OTPError, match="counter"):
        make_engine(type="hotp").uri(SECRET, "bob")
    with pytest.raises(OTPError, match="counter"):
        make_jam(type="hotp").otp_uri(SECRET, "bob")
    assert "counter=0" in make_engine(type="hotp").uri(SECRET, "bob", counter=0)


def test_totp_uri_refuses_a_counter(make_engine):
    with pytest.raises(OTPError, match="counter"):
        make_engine().uri(SECRET, "bob", counter=3)


@pytest.mark.parametrize(
    ("kwargs", "label"),
    [
        ({"name": "alice"}, "/alice"),
        ({"issuer": "Example"}, "/Example"),
        ({"name": "alice", "issuer": None}, "/alice"),
        ({"name": "alice", "issuer": ""}, "/alice"),
    ],
)
def test_missing_parts_are_left_out_never_none(make_engine, kwargs, label):
    uri = make_engine().uri(SECRET, **kwargs)
    assert "None" not in uri
    assert "=&" not in uri
    assert not uri.endswith("=")
    assert urlsplit(uri).path == label
    assert ("issuer=" in uri) is bool(kwargs.get("issuer"))


def test_neither_name_nor_issuer_is_an_error(make_engine):
    with pytest.raises(OTPError, match="name or an issuer"):
        make_engine().uri(SECRET)


def test_issuer_defaults_from_config_and_argument_wins(make_engine):
    engine = make_engine(issuer="Config Co")
    assert parts(engine.uri(SECRET, "a"))[3]["issuer"] == "Config Co"
    assert urlsplit(engine.uri(SECRET, "a")).path == "/Config%20Co:a"
    assert parts(engine.uri(SECRET, "a", "Arg Inc"))[3]["issuer"] == "Arg Inc"


def test_label_and_params_are_percent_encoded(make_engine):
    uri = make_engine().uri(SECRET, "José Müller+1 & co/x?y#z", "Big Corp & Söhne")
    _, _, path, query = parts(uri)
    assert " " not in uri
    assert "+" not in uri.split("?")[0]
    assert "#" not in uri
    assert path.count("/") == 1
    assert unquote(path) == "/Big Corp & Söhne:José Müller+1 & co/x?y#z"
    assert query["issuer"] == "Big Corp & Söhne"
    assert "issuer=Big%20Corp%20%26%20S%C3%B6hne" in uri


@pytest.mark.parametrize(("name", "issuer"), [("a:b", None), ("alice", "Ex:ample")])
def test_colons_are_refused(make_engine, name, issuer):
    with pytest.raises(OTPError, match="':'"):
        make_engine().uri(SECRET, name, issuer)


def test_config_issuer_with_colon_is_a_config_error(make_jam):
    from jam.exceptions import JamConfigError

    with pytest.raises(JamConfigError, match="issuer"):
        make_jam(issuer="a:b")


def test_raw_byte_secrets_are_written_as_base32(make_engine):
    uri = make_engine().uri(b"12345678901234567890", "alice")
    assert parts(uri)[3]["secret"] == SECRET


def test_secret_is_normalised_in_the_uri(make_engine):
    uri = make_engine().uri("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", "alice")
    assert parts(uri)[3]["secret"] == SECRET


# -- pyotp interop ----------------------------------------------------------------------------

CONFIGS = [
    {"type": "totp"},
    {"type": "totp", "digits": 8, "digest": "sha256", "interval": 60},
    {"type": "totp", "digits": 8, "digest": "sha512", "interval": 15},
    {"type": "hotp"},
    {"type": "hotp", "digits": 7, "digest": "sha512"},
]


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: "-".join(map(str, c.values())))
def test_pyotp_parses_our_uri_and_produces_our_codes(make_engine, config):
    engine = make_engine(issuer="Example Inc", **config)
    secret = generate_secret()
    counter = 5 if config["type"] == "hotp" else None
    parsed = pyotp.parse_uri(engine.uri(secret, "alice@example.com", counter=counter))
    assert parsed.name == "alice@example.com"
    assert parsed.issuer == "Example Inc"
    assert parsed.digits == engine.digits
    assert parsed.secret == secret
    if config["type"] == "totp":
        assert isinstance(parsed, pyotp.TOTP)
        assert parsed.interval == engine.interval
        for moment in (0, 59, T, T + 31, 2_000_000_000):
            assert parsed.at(moment) == engine.code(secret, moment)
    else:
        assert isinstance(parsed, pyotp.HOTP)
        assert parsed.initial_count == 5
        for count in range(0, 20):
            assert parsed.at(count) == engine.code(secret, count + 5)


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: "-".join(map(str, c.values())))
def test_our_verify_accepts_pyotp_codes(make_engine, config):
    import hashlib

    engine = make_engine(**config)
    secret = pyotp.random_base32()
    digest = getattr(hashlib, config.get("digest", "sha1"))
    if config["type"] == "totp":
        ref = pyotp.TOTP(secret, digits=engine.digits, digest=digest, interval=engine.interval)
        for moment in (120, T, 2_000_000_000):
            assert engine.verify(secret, ref.at(moment), moment, look_ahead=0)
            assert engine.verify(secret, ref.at(moment - engine.interval), moment)
            assert engine.verify(secret, ref.at(moment + engine.interval), moment)
            assert not engine.verify(secret, ref.at(moment + 2 * engine.interval), moment)
        assert engine.verify(secret, ref.now())
        assert ref.verify(engine.code(secret, T), for_time=T)
    else:
        ref = pyotp.HOTP(secret, digits=engine.digits, digest=digest)
        for count in (0, 1, 99, 2**40):
            assert engine.verify(secret, ref.at(count), count, look_ahead=0)
            assert engine.verify_counter(secret, ref.at(count + 3), count, look_ahead=3) == (
                count + 3
            )
            assert ref.verify(engine.code(secret, count), count)


def test_current_code_agrees_with_pyotp_now(make_engine):
    engine = make_engine()
    ref = pyotp.TOTP(SECRET)
    for _ in range(3):
        before = time.time()
        ours, theirs = engine.code(SECRET), ref.now()
        if int(before // 30) == int(time.time() // 30):
            assert ours == theirs
            return
    pytest.fail("could not sample within one step")
