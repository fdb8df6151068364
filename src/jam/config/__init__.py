"""Configuration: load a dict, a TOML file or ``pyproject.toml`` and validate it.

Example:
    >>> from jam.config import load_config
    >>> cfg = load_config({"jwt": {"alg": "HS256", "secret_key": "change-me-please"}})
    >>> cfg.jwt.alg
    'HS256'
"""

from __future__ import annotations

from jam._public import rehome
from jam.config._backend_keys import BackendKeys, BackendTable
from jam.config._base import Section, validate_section
from jam.config._jwt import JWTKeySettings, JWTSettings, TokenListSettings
from jam.config._loader import ConfigSource, load_config
from jam.config._model import JamConfig
from jam.config._oauth2 import OAuth2ProviderSettings, OAuth2Settings
from jam.config._otp import OTPSettings
from jam.config._plugins import PluginPin, PluginSettings
from jam.config._refs import PROCESS_VARIABLES
from jam.config._session import SessionSettings
from jam.config._types import (
    MAX_LIFETIME,
    KeyMaterialField,
    KeySource,
    Lifetime,
    SecretText,
    SecretValue,
    redact_url,
)

__all__ = [
    "MAX_LIFETIME",
    "PROCESS_VARIABLES",
    "BackendKeys",
    "BackendTable",
    "ConfigSource",
    "JWTKeySettings",
    "JWTSettings",
    "JamConfig",
    "KeyMaterialField",
    "KeySource",
    "Lifetime",
    "OAuth2ProviderSettings",
    "OAuth2Settings",
    "OTPSettings",
    "PluginPin",
    "PluginSettings",
    "SecretText",
    "SecretValue",
    "Section",
    "SessionSettings",
    "TokenListSettings",
    "load_config",
    "redact_url",
    "validate_section",
]

rehome(__name__, __all__, globals())
