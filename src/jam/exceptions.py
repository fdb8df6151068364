"""Every error Jam raises, in one hierarchy rooted at :class:`JamError`.

Applications catch :class:`JamError` (or one of its families) and never need to
catch a third-party exception: hostile input, backend outages and bad
configuration all end in one of these types. Token errors also subclass
:class:`ValueError`, as they did in jamlib, so existing ``except ValueError``
handlers keep working.

Messages never contain a token, a session id, a secret or an OTP code.

Each jamlib-era name that does not end in ``Error`` (``TokenLifeTimeExpired``)
has a PEP 8 alias that does (``TokenLifeTimeExpiredError``): the same class.
"""

from __future__ import annotations

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
]


class JamError(Exception):
    """Root of every exception raised by Jam and its plugins."""


# --- configuration -------------------------------------------------------------------------


class JamConfigError(JamError):
    """The configuration is invalid, incomplete, or names a capability that is not configured.

    Raised when :class:`jam.Jam` is built, never later on a request path, except
    when a facade method is called for a capability the configuration has no
    table for (for example ``jwt_create_token`` without ``[jam.jwt]``).
    """


class InvalidKey(JamConfigError):
    """Key material could not be loaded, or does not fit the configured algorithm."""


# --- plugins -------------------------------------------------------------------------------


class JamPluginError(JamError):
    """A plugin could not be loaded, conflicts with another, or is not installed.

    The message names the plugin and its distribution and says how to fix it.
    """


class JamPluginLoadError(JamPluginError):
    """An entry point in the ``jam`` group failed to import or to register."""


class JamPluginConflictError(JamPluginError):
    """Two plugins registered the same capability name; the message lists every provider."""


class JamPluginNotFoundError(JamPluginError, JamConfigError):
    """The configuration names an algorithm, backend or provider nobody registered."""


class JamPluginApiVersionError(JamPluginError):
    """A plugin record declares an ``api_version`` this kernel does not implement."""


class JamPluginRegistrationError(JamPluginError):
    """A hook implementation broke the registration contract.

    Examples: it returned something that is not a record of the hook's type,
    used ``tryfirst``/``trylast``/wrappers, or tried to register ``none``.
    """


# --- tokens (JWT) --------------------------------------------------------------------------


class TokenError(JamError, ValueError):
    """A token was rejected. Every JWT verification failure is one of these."""


class MalformedToken(TokenError):
    """The token is not a well-formed compact JWS carrying a JSON claim set."""


class InvalidSignature(TokenError):
    """The signature does not verify with any configured key."""


class AlgorithmNotAllowed(TokenError):
    """The token's ``alg`` is not in the allowed set (``none`` never is)."""


class UnknownKeyId(TokenError):
    """The token's ``kid`` names no configured key."""


class TokenLifeTimeExpired(TokenError):
    """The token's ``exp`` has passed (beyond the configured leeway)."""


class TokenNotYetValid(TokenError):
    """The token's ``nbf`` is in the future, or its ``iat`` is (beyond the leeway)."""


class InvalidIssuer(TokenError):
    """The token's ``iss`` is missing or differs from the configured issuer."""


class InvalidAudience(TokenError):
    """The token's ``aud`` is missing or does not contain the configured audience."""


class NotFoundSomeInPayload(TokenError):
    """A claim the verification needs (for example ``exp``) is missing from the payload."""


class TokenNotInWhiteList(TokenError):
    """A white list is configured and the token is not on it."""


class TokenInBlackList(TokenError):
    """A black list is configured and the token has been revoked."""


class InvalidPayload(JamError, ValueError):
    """Claims given to ``jwt_make_payload``/``jwt_create_token`` cannot make a token."""


class EmptySecretKey(JamConfigError, ValueError):
    """An HMAC algorithm is configured but no ``secret_key`` was given."""


class EmptyPrivateKey(JamConfigError, ValueError):
    """A token must be signed but no private key is configured."""


class EmptyPublicKey(JamConfigError, ValueError):
    """A token must be verified but no public key is configured or derivable."""


EmtpyPrivateKey = EmptyPrivateKey
"""Misspelled alias kept for code written against jamlib."""

EmtpyPublicKey = EmptyPublicKey
"""Misspelled alias kept for code written against jamlib."""


# --- storage backends ----------------------------------------------------------------------


class BackendError(JamError):
    """A storage backend (session store, token list) failed; the write may not have happened."""


class BackendUnavailable(BackendError):
    """The backend could not be reached in time (connection refused, timeout, outage)."""


# --- sessions ------------------------------------------------------------------------------


class SessionError(JamError):
    """Base class for session errors."""


class SessionNotFound(SessionError, KeyError):
    """The session id is unknown, expired, malformed or forged."""

    def __str__(self) -> str:
        """Return the message without KeyError's quoting."""
        return str(self.args[0]) if self.args else "session not found"


class SessionDataError(SessionError, ValueError):
    """Session data cannot be serialised (or decrypted); nothing was written."""


# --- one-time passwords --------------------------------------------------------------------


class OTPError(JamError, ValueError):
    """Base class for one-time-password errors (bad secret, missing HOTP counter)."""


class WeakSecret(JamConfigError, OTPError):
    """A secret is shorter than the minimum this capability accepts.

    OTP secrets must carry at least 128 bits unless weak secrets are
    explicitly allowed. Raised when a per-user secret is used (so it is an
    :class:`OTPError`) and for configured secrets (a :class:`JamConfigError`).
    """


class OTPReplayed(OTPError):
    """A code was already accepted once for this secret within its window.

    Only raised by APIs that report why a code failed; ``otp_verify_code``
    returns False instead.
    """


# --- PEP 8 names ---------------------------------------------------------------------------
# Every jamlib-era name above also answers to a name ending in ``Error`` (as PyJWT did with
# ``ExpiredSignature`` -> ``ExpiredSignatureError``). Both spellings are the same class:
# ``except jam.TokenLifeTimeExpiredError`` catches ``jam.TokenLifeTimeExpired``.

AlgorithmNotAllowedError = AlgorithmNotAllowed
BackendUnavailableError = BackendUnavailable
EmptyPrivateKeyError = EmptyPrivateKey
EmptyPublicKeyError = EmptyPublicKey
EmptySecretKeyError = EmptySecretKey
InvalidAudienceError = InvalidAudience
InvalidIssuerError = InvalidIssuer
InvalidKeyError = InvalidKey
InvalidPayloadError = InvalidPayload
InvalidSignatureError = InvalidSignature
MalformedTokenError = MalformedToken
NotFoundSomeInPayloadError = NotFoundSomeInPayload
OTPReplayedError = OTPReplayed
SessionNotFoundError = SessionNotFound
TokenInBlackListError = TokenInBlackList
TokenLifeTimeExpiredError = TokenLifeTimeExpired
TokenNotInWhiteListError = TokenNotInWhiteList
TokenNotYetValidError = TokenNotYetValid
UnknownKeyIdError = UnknownKeyId
WeakSecretError = WeakSecret
