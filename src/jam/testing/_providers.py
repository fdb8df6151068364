"""Contract suite for OAuth2 provider plugins (`OAuth2ProviderRecord`).

Subclass `OAuth2ProviderContract` and provide a ``provider_record``
fixture (the record your hook returns). Optionally override
``userinfo_answers`` (recorded answers to your ``userinfo_requests``, as
`HTTPResponse` values) and ``expected_sub`` to check your
profile normalisation, and ``provider_options`` (an instance of the record's
``options`` model) when your behaviour reads ``context.options``. Everything
runs offline: behaviours are pure.
"""

# The suites are pytest tests run by plugin authors: assert is how they report failure.
# ruff: noqa: S101, S105, PT018  (fixed fake secrets; one assert per checked property)

from __future__ import annotations

import urllib.parse
from typing import Any

import pytest

from jam.exceptions import OAuth2Error, OAuth2ProviderError
from jam.oauth2 import (
    REQUEST_KINDS,
    ClientContext,
    HTTPRequest,
    HTTPResponse,
    ProviderBehaviour,
    check_endpoint,
)
from jam.plugins.records import SUPPORTED_API_VERSIONS, OAuth2ProviderRecord
from jam.protocols import OAuth2ProviderHooks

__all__ = ["OAuth2ProviderContract"]

AUTH_METHODS = frozenset({"client_secret_post", "client_secret_basic", "private_key_jwt", "none"})
TOKEN = "contract-access-token-0123456789"
SECRET = "contract-client-secret-0123456789"


def _behaviour(record: OAuth2ProviderRecord) -> OAuth2ProviderHooks:
    return record.behaviour() if record.behaviour is not None else ProviderBehaviour()


def _context(record: OAuth2ProviderRecord, options: Any = None) -> ClientContext:
    endpoints = {
        kind: url
        for kind, url in (
            ("authorize", record.authorize_url),
            ("token", record.token_url),
            ("userinfo", record.userinfo_url),
            ("revocation", record.revocation_url),
            ("device", record.device_authorization_url),
        )
        if url
    }

    def sign_jwt(claims: Any, **_: Any) -> str:
        return "signed.by.contract"

    return ClientContext(
        "contract", "contract-client", SECRET, options, endpoints, 5.0, 1e9, sign_jwt
    )


class OAuth2ProviderContract:
    """What every OAuth2 provider record and its behaviour must do.

    Example:
        ```python
        class TestAcme(OAuth2ProviderContract):
            @pytest.fixture
            def provider_record(self):
                return ACME_RECORD
        ```
    """

    @pytest.fixture
    def userinfo_answers(self) -> list[HTTPResponse] | None:
        """Recorded answers to ``userinfo_requests``; ``None`` skips the profile test."""
        return None

    @pytest.fixture
    def expected_sub(self) -> str | None:
        """The ``sub`` the recorded answers must normalise to."""
        return None

    @pytest.fixture
    def provider_options(self) -> Any:
        """What the behaviour gets as ``context.options``: an instance of ``record.options``."""
        return None

    def test_record_is_well_formed(self, provider_record: OAuth2ProviderRecord) -> None:
        """A named record of a supported API version, with a known client auth method."""
        assert isinstance(provider_record, OAuth2ProviderRecord)
        assert provider_record.name.strip() and provider_record.name == provider_record.name.strip()
        assert provider_record.api_version in SUPPORTED_API_VERSIONS
        assert provider_record.client_auth_method in AUTH_METHODS
        assert all(
            isinstance(s, str) and s and " " not in s for s in provider_record.default_scopes
        )

    def test_endpoints_are_https(self, provider_record: OAuth2ProviderRecord) -> None:
        """Every endpoint (and the issuer) is https: Jam refuses anything else off loopback."""
        for url in (
            provider_record.authorize_url,
            provider_record.token_url,
            provider_record.userinfo_url,
            provider_record.revocation_url,
            provider_record.jwks_url,
            provider_record.device_authorization_url,
            provider_record.issuer,
        ):
            if url is not None:
                assert check_endpoint(url, provider_record.name).startswith("https://")

    def test_endpoints_or_discovery(self, provider_record: OAuth2ProviderRecord) -> None:
        """Authorize and token endpoints together, or an issuer, or neither (table gives one)."""
        pair = (provider_record.authorize_url, provider_record.token_url)
        assert all(pair) or not any(pair) or provider_record.issuer is not None

    def test_behaviour_implements_the_hooks(self, provider_record: OAuth2ProviderRecord) -> None:
        """The behaviour factory returns an object with every hook."""
        assert isinstance(_behaviour(provider_record), OAuth2ProviderHooks)

    def test_customized_requests_stay_requests(
        self, provider_record: OAuth2ProviderRecord, provider_options: Any
    ) -> None:
        """``customize_request`` returns an https request for every kind, secrets declared."""
        behaviour = _behaviour(provider_record)
        context = _context(provider_record, provider_options)
        url = provider_record.token_url or "https://idp.example/token"
        for kind in REQUEST_KINDS:
            sent = HTTPRequest(
                "POST", url, "token endpoint", {}, {"token": TOKEN}, secrets=(TOKEN,)
            )
            result = behaviour.customize_request(kind, sent, context)
            assert isinstance(result, HTTPRequest)
            check_endpoint(result.url, kind)
            assert TOKEN not in urllib.parse.urlsplit(result.url).query
            assert TOKEN not in repr(result)

    def test_userinfo_requests_keep_the_token_out_of_urls(
        self, provider_record: OAuth2ProviderRecord, provider_options: Any
    ) -> None:
        """Profiles are fetched with the token in a header, never in a URL."""
        url = provider_record.userinfo_url or "https://idp.example/userinfo"
        requests = _behaviour(provider_record).userinfo_requests(
            url, TOKEN, _context(provider_record, provider_options)
        )
        assert requests and all(isinstance(r, HTTPRequest) for r in requests)
        for request in requests:
            assert TOKEN not in request.url
            assert any(TOKEN in value for value in request.headers.values())
            assert TOKEN in request.secrets

    def test_token_answers_are_read(
        self, provider_record: OAuth2ProviderRecord, provider_options: Any
    ) -> None:
        """A JSON token answer is read; an OAuth2 error (even with HTTP 200) is a typed error."""
        behaviour = _behaviour(provider_record)
        context = _context(provider_record, provider_options)
        good = HTTPResponse(
            200, "application/json", b'{"access_token": "at", "token_type": "Bearer"}'
        )
        assert behaviour.parse_token_response(good, context)["access_token"] == "at"
        for status in (200, 400):
            bad = HTTPResponse(status, "application/json", b'{"error": "invalid_grant"}')
            with pytest.raises(OAuth2ProviderError):
                behaviour.parse_token_response(bad, context)
        html = HTTPResponse(502, "text/html", b"<html>Bad Gateway</html>")
        with pytest.raises(OAuth2Error):
            behaviour.parse_token_response(html, context)

    def test_client_secret_is_text(
        self, provider_record: OAuth2ProviderRecord, provider_options: Any
    ) -> None:
        """``client_secret`` gives the text to send (or ``None`` for public clients)."""
        context = _context(provider_record, provider_options)
        secret = _behaviour(provider_record).client_secret(context)
        assert secret is None or (isinstance(secret, str) and secret)

    def test_userinfo_is_normalised(
        self,
        provider_record: OAuth2ProviderRecord,
        userinfo_answers: list[HTTPResponse] | None,
        expected_sub: str | None,
        provider_options: Any,
    ) -> None:
        """Recorded profile answers normalise to OIDC claims with a string ``sub``."""
        if userinfo_answers is None:
            pytest.skip("no recorded userinfo answers (override userinfo_answers)")
        claims, _raw = _behaviour(provider_record).normalize_userinfo(
            userinfo_answers, _context(provider_record, provider_options)
        )
        assert isinstance(claims.get("sub"), str) and claims["sub"]
        if expected_sub is not None:
            assert claims["sub"] == expected_sub
        assert isinstance(claims.get("email_verified", False), bool)
