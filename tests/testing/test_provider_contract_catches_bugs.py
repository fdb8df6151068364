"""The provider contract suite fails for providers that break the contract."""

from __future__ import annotations

import pytest

from jam.oauth2 import ClientContext, HTTPRequest, ProviderBehaviour
from jam.plugins import OAuth2ProviderRecord
from jam.testing import OAuth2ProviderContract


class TokenInQuery(ProviderBehaviour):
    def userinfo_requests(
        self, url: str, access_token: str, context: ClientContext
    ) -> list[HTTPRequest]:
        return [context.request("GET", f"{url}?access_token={access_token}", "userinfo")]


CASES = {
    "plain http endpoint": (
        OAuth2ProviderRecord(
            name="bad", authorize_url="http://idp.example/a", token_url="https://idp.example/t"
        ),
        "test_endpoints_are_https",
    ),
    "token in the userinfo URL": (
        OAuth2ProviderRecord(
            name="bad",
            authorize_url="https://idp.example/a",
            token_url="https://idp.example/t",
            behaviour=TokenInQuery,
        ),
        "test_userinfo_requests_keep_the_token_out_of_urls",
    ),
    "unknown client auth": (
        OAuth2ProviderRecord(name="bad", client_auth_method="client_secret_jwt"),
        "test_record_is_well_formed",
    ),
    "authorize without token endpoint": (
        OAuth2ProviderRecord(name="bad", authorize_url="https://idp.example/a"),
        "test_endpoints_or_discovery",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_contract_catches(case: str) -> None:
    record, test_name = CASES[case]
    suite = OAuth2ProviderContract()
    with pytest.raises(Exception):  # noqa: B017, PT011  (any assertion or typed error)
        getattr(suite, test_name)(record)
