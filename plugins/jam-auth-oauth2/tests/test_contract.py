"""Every built-in provider passes Jam's provider contract suite, with recorded profiles."""

from __future__ import annotations

import json
from typing import Any

import pytest

from jam.oauth2 import HTTPResponse
from jam.plugins import OAuth2ProviderRecord
from jam.testing import OAuth2ProviderContract
from jam_oauth2.plugin import jam_register_oauth2_providers

RECORDS = {record.name: record for record in jam_register_oauth2_providers()}


def answer(body: Any, status: int = 200) -> HTTPResponse:
    return HTTPResponse(status, "application/json", json.dumps(body).encode())


PROFILES: dict[str, tuple[list[HTTPResponse], str]] = {
    "github": (
        [
            answer({"id": 1, "login": "octocat"}),
            answer([{"email": "o@x.org", "primary": True, "verified": True}]),
        ],
        "1",
    ),
    "gitlab": ([answer({"sub": "42", "nickname": "jdoe"})], "42"),
    "google": ([answer({"sub": "1093", "email": "a@gmail.com", "email_verified": True})], "1093"),
    "yandex": ([answer({"id": "1000034426", "login": "ivan"})], "1000034426"),
    "oidc": ([answer({"sub": "s-1"})], "s-1"),
}


def test_every_documented_provider_is_registered() -> None:
    assert sorted(RECORDS) == ["github", "gitlab", "google", "oidc", "yandex"]


class TestBuiltinProviders(OAuth2ProviderContract):
    @pytest.fixture(params=sorted(RECORDS))
    def provider_record(self, request: pytest.FixtureRequest) -> OAuth2ProviderRecord:
        return RECORDS[request.param]

    @pytest.fixture
    def userinfo_answers(self, provider_record: OAuth2ProviderRecord) -> list[HTTPResponse]:
        return PROFILES[provider_record.name][0]

    @pytest.fixture
    def expected_sub(self, provider_record: OAuth2ProviderRecord) -> str:
        return PROFILES[provider_record.name][1]
