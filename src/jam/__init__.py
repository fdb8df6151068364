"""Jam: authentication for Python as one facade over a plugin framework.

Example:
    >>> import jam
    >>> auth = jam.Jam(config="pyproject.toml")  # reads [tool.jam]

``Jam`` and ``hookimpl`` are imported lazily so ``import jam`` stays cheap.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from jam._lazy import lazy_attributes
from jam._version import __version__
from jam.exceptions import (
    AlgorithmNotAllowed,
    BackendError,
    BackendUnavailable,
    EmptyPrivateKey,
    EmptyPublicKey,
    EmptySecretKey,
    EmtpyPrivateKey,
    EmtpyPublicKey,
    InvalidAudience,
    InvalidIssuer,
    InvalidKey,
    InvalidPayload,
    InvalidSignature,
    JamConfigError,
    JamError,
    JamPluginApiVersionError,
    JamPluginConflictError,
    JamPluginError,
    JamPluginLoadError,
    JamPluginNotFoundError,
    JamPluginRegistrationError,
    MalformedToken,
    NotFoundSomeInPayload,
    OAuth2AccessDenied,
    OAuth2AuthorizationPending,
    OAuth2CallbackError,
    OAuth2ConfigError,
    OAuth2DeviceExpired,
    OAuth2Error,
    OAuth2IDTokenError,
    OAuth2InsecureEndpoint,
    OAuth2InvalidResponse,
    OAuth2MixUp,
    OAuth2ProviderError,
    OAuth2RequestExpired,
    OAuth2RequestReplayed,
    OAuth2ResponseTooLarge,
    OAuth2StateError,
    OAuth2Timeout,
    OAuth2TransportError,
    OAuth2Unreachable,
    OTPError,
    OTPReplayed,
    SessionDataError,
    SessionError,
    SessionNotFound,
    TokenError,
    TokenInBlackList,
    TokenLifeTimeExpired,
    TokenNotInWhiteList,
    TokenNotYetValid,
    UnknownKeyId,
    WeakSecret,
)

if TYPE_CHECKING:
    from jam._facade import Jam
    from jam.plugins import hookimpl

__all__ = [
    "AlgorithmNotAllowed",
    "BackendError",
    "BackendUnavailable",
    "EmptyPrivateKey",
    "EmptyPublicKey",
    "EmptySecretKey",
    "EmtpyPrivateKey",
    "EmtpyPublicKey",
    "InvalidAudience",
    "InvalidIssuer",
    "InvalidKey",
    "InvalidPayload",
    "InvalidSignature",
    "Jam",
    "JamConfigError",
    "JamError",
    "JamPluginApiVersionError",
    "JamPluginConflictError",
    "JamPluginError",
    "JamPluginLoadError",
    "JamPluginNotFoundError",
    "JamPluginRegistrationError",
    "MalformedToken",
    "NotFoundSomeInPayload",
    "OAuth2AccessDenied",
    "OAuth2AuthorizationPending",
    "OAuth2CallbackError",
    "OAuth2ConfigError",
    "OAuth2DeviceExpired",
    "OAuth2Error",
    "OAuth2IDTokenError",
    "OAuth2InsecureEndpoint",
    "OAuth2InvalidResponse",
    "OAuth2MixUp",
    "OAuth2ProviderError",
    "OAuth2RequestExpired",
    "OAuth2RequestReplayed",
    "OAuth2ResponseTooLarge",
    "OAuth2StateError",
    "OAuth2Timeout",
    "OAuth2TransportError",
    "OAuth2Unreachable",
    "OTPError",
    "OTPReplayed",
    "SessionDataError",
    "SessionError",
    "SessionNotFound",
    "TokenError",
    "TokenInBlackList",
    "TokenLifeTimeExpired",
    "TokenNotInWhiteList",
    "TokenNotYetValid",
    "UnknownKeyId",
    "WeakSecret",
    "__version__",
    "hookimpl",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())


__getattr__ = lazy_attributes(__name__, {"Jam": "jam._facade", "hookimpl": "jam.plugins"})
