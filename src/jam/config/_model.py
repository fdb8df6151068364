"""The whole configuration table, as one validated, immutable object."""

from __future__ import annotations

from pydantic import AliasChoices, Field

from jam.config._base import Section
from jam.config._jwt import JWTSettings
from jam.config._oauth2 import OAuth2Settings
from jam.config._otp import OTPSettings
from jam.config._plugins import PluginSettings
from jam.config._session import SessionSettings

__all__ = ["JamConfig"]


class JamConfig(Section):
    """A validated Jam configuration.

    Every capability table is optional: a configuration with only
    ``[jam.session]`` builds a Jam that does sessions and nothing else.
    """

    plugins: PluginSettings = PluginSettings()
    """``[jam.plugins]``: plugin discovery."""
    jwt: JWTSettings | None = None
    """``[jam.jwt]``: JSON Web Tokens."""
    session: SessionSettings | None = Field(
        default=None, validation_alias=AliasChoices("session", "sessions")
    )
    """``[jam.session]``: server-side sessions."""
    otp: OTPSettings | None = None
    """``[jam.otp]``: one-time passwords."""
    oauth2: OAuth2Settings | None = None
    """``[jam.oauth2]``: OAuth2 / OpenID Connect clients."""
