"""Every configuration key the code accepts is documented, and every table documents real keys."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from jam.config import (
    JamConfig,
    JWTKeySettings,
    JWTSettings,
    OAuth2ProviderSettings,
    OAuth2Settings,
    OTPSettings,
    PluginSettings,
    SessionSettings,
    TokenListSettings,
)
from jam.config._base import known_keys
from jam_redis import RedisOptions
from jam_sqlite._options import SQLiteOptions

DOCS = Path(__file__).resolve().parents[2] / "docs"

PAGES: list[tuple[type[BaseModel], tuple[str, ...]]] = [
    (JamConfig, ("configuration.md",)),
    (PluginSettings, ("configuration.md",)),
    (JWTSettings, ("configuration.md", "jwt.md")),
    (JWTKeySettings, ("configuration.md", "jwt.md")),
    (TokenListSettings, ("configuration.md", "jwt.md")),
    (SessionSettings, ("sessions.md", "configuration.md")),
    (OTPSettings, ("otp.md",)),
    (OAuth2Settings, ("configuration.md", "oauth2.md")),
    (OAuth2ProviderSettings, ("configuration.md", "oauth2.md")),
    (SQLiteOptions, ("backends/sqlite.md",)),
    (RedisOptions, ("backends/redis.md",)),
]


@pytest.mark.parametrize(("model", "pages"), PAGES, ids=lambda v: getattr(v, "__name__", ""))
def test_every_key_is_documented(model: type[BaseModel], pages: tuple[str, ...]) -> None:
    text = "\n".join((DOCS / page).read_text() for page in pages)
    missing = [key for key in known_keys(model) if not _documented(key, text)]
    assert missing == [], f"{model.__name__} keys missing from {pages}: {missing}"


def _documented(key: str, text: str) -> bool:
    """A key counts as documented in backticks, as a TOML assignment, or as a table name."""
    name = re.escape(key)
    return bool(
        re.search(rf"`{name}`", text)
        or re.search(rf"^\s*#?\s*{name}\s*=", text, re.M)
        or re.search(rf"\[+jam(\.[a-z0-9_]+)*\.{name}\]", text)
    )
