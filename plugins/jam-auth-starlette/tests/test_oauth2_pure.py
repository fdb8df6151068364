"""The pure decisions of the OAuth2 routes: local paths, the flow cookie, identities, failures."""

from __future__ import annotations

import pytest

from jam.exceptions import (
    BackendUnavailable,
    OAuth2AccessDeniedError,
    OAuth2CallbackError,
    OAuth2ConfigError,
    OAuth2IDTokenError,
    OAuth2InvalidResponseError,
    OAuth2MixUpError,
    OAuth2ProviderError,
    OAuth2RequestExpiredError,
    OAuth2RequestReplayedError,
    OAuth2StateError,
    OAuth2TimeoutError,
    OAuth2UnreachableError,
)
from jam.oauth2 import TokenResult, UserInfo
from jam_starlette import local_path
from jam_starlette._oauth2_flow import (
    MAX_NEXT,
    ProfileMismatchError,
    failure_of,
    identity_of,
    pack_cookie,
    unpack_cookie,
)


@pytest.mark.parametrize(
    "path", ["/", "/account", "/a/b?c=d&e=f#g", "/%2F%2Fevil.example", "/x:y", "/~user"]
)
def test_local_paths_are_kept(path: str) -> None:
    assert local_path(path, "/home") == path


@pytest.mark.parametrize(
    "path",
    [
        None,
        "",
        "account",
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/a\\b",
        "/\t/evil.example",
        "/\n/evil.example",
        "/ /evil.example",
        "/a b",
        "https://evil.example/",
        "javascript:alert(1)",
        "/caf\u00e9",
        "/\x00",
        "/" + "a" * MAX_NEXT,
        42,
    ],
)
def test_anything_else_falls_back_to_the_default(path: object) -> None:
    assert local_path(path, "/home") == "/home"


def test_the_flow_cookie_round_trips_and_rechecks_next() -> None:
    assert unpack_cookie(pack_cookie("c2VhbGVk", "/a?b=c"), "/") == ("c2VhbGVk", "/a?b=c")
    assert unpack_cookie("c2VhbGVk", "/home") == ("c2VhbGVk", "/home")  # no next part
    assert unpack_cookie("c2VhbGVk.%%%", "/home") == ("c2VhbGVk", "/home")
    assert unpack_cookie("c2VhbGVk.Ly9ldmlsLmV4YW1wbGU", "/home") == ("c2VhbGVk", "/home")
    assert unpack_cookie("c2VhbGVk.w6k", "/home") == ("c2VhbGVk", "/home")  # not ASCII
    for broken in ("", ".L2E", "a b.L2E", "a+b", "x" * 5000):
        assert unpack_cookie(broken, "/") is None


def token(claims: dict[str, object] | None) -> TokenResult:
    result = TokenResult({"access_token": "at", "token_type": "Bearer"}, 0.0)
    result.id_token_claims = claims
    return result


def test_identity_needs_the_profile_and_id_token_to_name_the_same_subject() -> None:
    profile = UserInfo({"sub": "alice-1", "email": "a@example.org"}, {})
    who = identity_of("corp", token({"sub": "alice-1"}), profile, "/next")
    assert (who.provider, who.subject, who.next_path) == ("corp", "alice-1", "/next")
    assert identity_of("github", token(None), profile, "/").subject == "alice-1"  # no ID token
    with pytest.raises(ProfileMismatchError):
        identity_of("corp", token({"sub": "mallory-1"}), profile, "/")


@pytest.mark.parametrize(
    ("error", "reason", "status"),
    [
        (OAuth2StateError("x"), "invalid", 400),
        (OAuth2MixUpError("x"), "invalid", 400),
        (OAuth2CallbackError("x"), "invalid", 400),
        (OAuth2RequestExpiredError("x"), "expired", 400),
        (OAuth2RequestReplayedError("x"), "replayed", 400),
        (OAuth2AccessDeniedError("x", error="access_denied"), "denied", 403),
        (OAuth2ProviderError("x", error="server_error"), "provider_error", 400),
        (OAuth2ProviderError("x", error="invalid_grant", status_code=400), "provider", 502),
        (OAuth2IDTokenError("x"), "provider", 502),
        (ProfileMismatchError("x"), "provider", 502),
        (OAuth2InvalidResponseError("x"), "provider", 502),
        (OAuth2TimeoutError("x"), "unavailable", 503),
        (OAuth2UnreachableError("x"), "unavailable", 503),
        (BackendUnavailable("x"), "unavailable", 503),
        (OAuth2ConfigError("x"), "config", 500),
    ],
)
def test_every_failure_has_a_status(error: Exception, reason: str, status: int) -> None:
    found = failure_of(error, "corp")
    assert found is not None
    assert (found.reason, found.status, found.provider) == (reason, status, "corp")
    assert ("Retry-After" in found.headers) is (status == 503)
    assert "x" not in found.message.split()


def test_errors_that_are_not_jams_are_not_mapped() -> None:
    assert failure_of(RuntimeError("bug"), "corp") is None
