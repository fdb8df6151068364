"""Every error Jam raises, in one hierarchy rooted at `JamError`.

Applications catch `JamError` (or one of its families) and never need to
catch a third-party exception: hostile input, backend outages and bad
configuration all end in one of these types. Token errors also subclass
`ValueError`, as they did in jamlib, so existing ``except ValueError``
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
    "OAuth2AccessDeniedError",
    "OAuth2AuthorizationPendingError",
    "OAuth2CallbackError",
    "OAuth2ConfigError",
    "OAuth2DeviceExpiredError",
    "OAuth2Error",
    "OAuth2IDTokenError",
    "OAuth2InsecureEndpointError",
    "OAuth2InvalidResponseError",
    "OAuth2MixUpError",
    "OAuth2ProviderError",
    "OAuth2RequestExpiredError",
    "OAuth2RequestReplayedError",
    "OAuth2ResponseTooLargeError",
    "OAuth2StateError",
    "OAuth2TimeoutError",
    "OAuth2TransportError",
    "OAuth2UnreachableError",
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

    Raised when `jam.Jam` is built, never later on a request path, except
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
    `OTPError`) and for configured secrets (a `JamConfigError`).
    """


class OTPReplayed(OTPError):
    """A code was already accepted once for this secret within its window.

    Only raised by APIs that report why a code failed; ``otp_verify_code``
    returns False instead.
    """


# --- OAuth2 / OpenID Connect ---------------------------------------------------------------


class OAuth2Error(JamError):
    """Root of every OAuth2 / OpenID Connect failure.

    Messages never contain a client secret, an authorization code, a token, a
    PKCE verifier or a sealed request; text a provider chose (error codes,
    ``iss`` values) is quoted only as a short escaped excerpt.
    """


class OAuth2ConfigError(OAuth2Error, JamConfigError):
    """The provider is not configured, or its configuration cannot serve the call.

    Examples: an unknown provider name, a ``redirect_uri`` that is not in the
    configuration, ``seal()`` without ``[jam.oauth2] seal_key``, or a provider
    without the endpoint the call needs (no revocation or device endpoint).
    """


class OAuth2InsecureEndpointError(OAuth2ConfigError):
    """An endpoint is plain ``http://`` on a host that is not loopback (or not a URL at all)."""


class OAuth2StateError(OAuth2Error):
    """The callback does not belong to this authorization request.

    ``state`` is missing or differs, the request was started for another
    provider, or the stored/sealed request is unreadable or was tampered with.
    Raised before any token request.
    """


class OAuth2RequestExpiredError(OAuth2StateError):
    """The authorization request is older than ``[jam.oauth2] max_age``."""


class OAuth2RequestReplayedError(OAuth2StateError):
    """The authorization request was already completed once (``state_backend``)."""


class OAuth2MixUpError(OAuth2StateError):
    """The callback's RFC 9207 ``iss`` names another issuer than the provider's (mix-up attack)."""


class OAuth2CallbackError(OAuth2Error, ValueError):
    """The callback URL or its parameters are malformed (hostile or truncated input)."""


class OAuth2ProviderError(OAuth2Error):
    """The provider answered with an OAuth2 error (``error=...``), or an HTTP error status.

    Attributes:
        error: The OAuth2 error code, reduced to printable ASCII (``"invalid_grant"``).
        status_code: The HTTP status, or ``None`` for an error on the callback.
        description: ``error_description`` as a short escaped excerpt, with any
            secret of the request removed; ``None`` when the provider sent none.
    """

    def __init__(
        self,
        message: str,
        *,
        error: str = "server_error",
        status_code: int | None = None,
        description: str | None = None,
    ) -> None:
        """Record the error code, status and (redacted) description."""
        super().__init__(message)
        self.error = error
        self.status_code = status_code
        self.description = description


class OAuth2AccessDeniedError(OAuth2ProviderError):
    """The user (or the provider) refused the authorization (``access_denied``)."""


class OAuth2AuthorizationPendingError(OAuth2ProviderError):
    """Device flow: the user has not finished yet (``authorization_pending`` / ``slow_down``).

    ``oauth2_device_poll`` returns ``None`` for this; it is raised only by the
    low-level response checks.
    """


class OAuth2DeviceExpiredError(OAuth2ProviderError):
    """Device flow: the device code expired before the user approved (``expired_token``)."""


class OAuth2TransportError(OAuth2Error):
    """The provider could not be reached, or answered with something that is not OAuth2."""


class OAuth2TimeoutError(OAuth2TransportError):
    """The provider did not answer within ``[jam.oauth2] timeout``."""


class OAuth2UnreachableError(OAuth2TransportError):
    """The connection failed (refused, reset, DNS, TLS)."""


class OAuth2ResponseTooLargeError(OAuth2TransportError):
    """The response body is larger than the limit (1 MB); it was not read further."""


class OAuth2InvalidResponseError(OAuth2TransportError):
    """The body is not the JSON (or form) object OAuth2 requires, e.g. an HTML error page."""


class OAuth2IDTokenError(OAuth2Error, TokenError):
    """An ID token failed verification.

    The message names the check: signature, ``alg``, ``iss``, ``aud``, ``azp``,
    ``exp``, ``iat`` or ``nonce``. Also a `TokenError` (and ``ValueError``).
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
