"""Configuration: load a dict, a TOML file or ``pyproject.toml`` and validate it.

Example:
    >>> from jam.config import load_config
    >>> cfg = load_config({"jwt": {"alg": "HS256", "secret_key": "change-me-please"}})
    >>> cfg.jwt.alg
    'HS256'
"""

from __future__ import annotations

from jam._public import rehome
from jam.config._base import Section, validate_section
from jam.config._jwt import JWTKeySettings, JWTSettings, TokenListSettings
from jam.config._loader import ConfigSource, load_config
from jam.config._model import JamConfig
from jam.config._oauth2 import OAuth2ProviderSettings, OAuth2Settings
from jam.config._otp import OTPSettings
from jam.config._plugins import PluginSettings
from jam.config._session import SessionSettings
from jam.config._types import KeyMaterialField, KeySource, SecretText, SecretValue

__all__ = [
    "ConfigSource",
    "JWTKeySettings",
    "JWTSettings",
    "JamConfig",
    "KeyMaterialField",
    "KeySource",
    "OAuth2ProviderSettings",
    "OAuth2Settings",
    "OTPSettings",
    "PluginSettings",
    "SecretText",
    "SecretValue",
    "Section",
    "SessionSettings",
    "TokenListSettings",
    "load_config",
    "validate_section",
]

rehome(__name__, __all__, globals())
