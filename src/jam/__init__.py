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
    AlgorithmNotAllowedError,
    BackendError,
    BackendUnavailable,
    BackendUnavailableError,
    EmptyPrivateKey,
    EmptyPrivateKeyError,
    EmptyPublicKey,
    EmptyPublicKeyError,
    EmptySecretKey,
    EmptySecretKeyError,
    EmtpyPrivateKey,
    EmtpyPublicKey,
    InvalidAudience,
    InvalidAudienceError,
    InvalidIssuer,
    InvalidIssuerError,
    InvalidKey,
    InvalidKeyError,
    InvalidPayload,
    InvalidPayloadError,
    InvalidSignature,
    InvalidSignatureError,
    JamConfigError,
    JamError,
    JamPluginApiVersionError,
    JamPluginConflictError,
    JamPluginError,
    JamPluginLoadError,
    JamPluginNotFoundError,
    JamPluginRegistrationError,
    MalformedToken,
    MalformedTokenError,
    NotFoundSomeInPayload,
    NotFoundSomeInPayloadError,
    OTPError,
    OTPReplayed,
    OTPReplayedError,
    SessionDataError,
    SessionError,
    SessionNotFound,
    SessionNotFoundError,
    TokenError,
    TokenInBlackList,
    TokenInBlackListError,
    TokenLifeTimeExpired,
    TokenLifeTimeExpiredError,
    TokenNotInWhiteList,
    TokenNotInWhiteListError,
    TokenNotYetValid,
    TokenNotYetValidError,
    UnknownKeyId,
    UnknownKeyIdError,
    WeakSecret,
    WeakSecretError,
)

if TYPE_CHECKING:
    from jam._facade import Jam
    from jam.plugins import hookimpl

__all__ = [
    "AlgorithmNotAllowed",
    "AlgorithmNotAllowedError",
    "BackendError",
    "BackendUnavailable",
    "BackendUnavailableError",
    "EmptyPrivateKey",
    "EmptyPrivateKeyError",
    "EmptyPublicKey",
    "EmptyPublicKeyError",
    "EmptySecretKey",
    "EmptySecretKeyError",
    "EmtpyPrivateKey",
    "EmtpyPublicKey",
    "InvalidAudience",
    "InvalidAudienceError",
    "InvalidIssuer",
    "InvalidIssuerError",
    "InvalidKey",
    "InvalidKeyError",
    "InvalidPayload",
    "InvalidPayloadError",
    "InvalidSignature",
    "InvalidSignatureError",
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
    "MalformedTokenError",
    "NotFoundSomeInPayload",
    "NotFoundSomeInPayloadError",
    "OTPError",
    "OTPReplayed",
    "OTPReplayedError",
    "SessionDataError",
    "SessionError",
    "SessionNotFound",
    "SessionNotFoundError",
    "TokenError",
    "TokenInBlackList",
    "TokenInBlackListError",
    "TokenLifeTimeExpired",
    "TokenLifeTimeExpiredError",
    "TokenNotInWhiteList",
    "TokenNotInWhiteListError",
    "TokenNotYetValid",
    "TokenNotYetValidError",
    "UnknownKeyId",
    "UnknownKeyIdError",
    "WeakSecret",
    "WeakSecretError",
    "__version__",
    "hookimpl",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())


__getattr__ = lazy_attributes(__name__, {"Jam": "jam._facade", "hookimpl": "jam.plugins"})
