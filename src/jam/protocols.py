"""The contracts between the kernel and its plugins, as typed Protocols.

A plugin implements one of these and registers it through a
``jam_register_*`` hook (see `jam.plugins`). The kernel talks to plugins
only through these methods; the contract test suites in `jam.testing`
prove that an implementation behaves, not just that the methods exist.

Low-level layer: ``SigningAlgorithm.verify`` returns a bool and session stores
return ``None`` for a missing id. Only the kernel calls them, and the kernel
turns every failure into a typed exception for the application.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable

if TYPE_CHECKING:
    from jam.oauth2 import ClientContext, HTTPRequest, HTTPResponse

__all__ = [
    "AsyncSessionStore",
    "AsyncSupportsGetAndTouch",
    "AsyncSupportsRoutedIds",
    "AsyncTokenList",
    "KeyMaterial",
    "OAuth2Provider",
    "OAuth2ProviderHooks",
    "SessionStore",
    "SigningAlgorithm",
    "SupportsGetAndTouch",
    "SupportsKeyGeneration",
    "SupportsRoutedIds",
    "TokenList",
]

KeyMaterial = bytes | Mapping[str, Any]
"""Key material as the kernel hands it to an algorithm.

``bytes`` hold PEM (or DER) text, or a raw HMAC secret; a mapping is a JWK.
The kernel has already resolved ``{ file = ... }`` references and environment
variables, so plugins never touch the filesystem or the environment.
"""


@runtime_checkable
class SigningAlgorithm(Protocol):
    """One JWS ``alg``: loads keys once, then signs and verifies bytes.

    Keys are loaded when `jam.Jam` is built and the loaded objects are
    passed back to `sign` and `verify` on every call, so an
    implementation never parses key material on the hot path.

    Example:
        >>> class HS1024:  # a toy algorithm, for illustration only
        ...     name = "HS1024"
        ...     def load_signing_key(self, material): return bytes(material)
        ...     def load_verifying_key(self, material): return bytes(material)
        ...     def public_key_of(self, signing_key): return signing_key
        ...     def sign(self, key, message): return b"..."
        ...     def verify(self, key, message, signature): return False
    """

    name: str
    """The JOSE ``alg`` value, for example ``"ES256"``. Never ``"none"``."""

    def load_signing_key(self, material: KeyMaterial) -> Any:
        """Parse key material into the object `sign` takes.

        Args:
            material: PEM bytes, a raw secret, or a JWK mapping.

        Returns:
            An opaque key object, cached by the kernel.

        Raises:
            jam.exceptions.InvalidKey: The material is unreadable or the wrong
                type for this algorithm (for example an EC key for RS256).
        """

    def load_verifying_key(self, material: KeyMaterial) -> Any:
        """Parse key material into the object `verify` takes.

        Asymmetric algorithms must refuse private-only formats they cannot
        verify with, and must never accept a public key as an HMAC secret.

        Raises:
            jam.exceptions.InvalidKey: As for `load_signing_key`.
        """

    def public_key_of(self, signing_key: Any) -> Any:
        """Return the verifying key that matches a loaded signing key.

        Used when only a private key is configured. HMAC returns the same secret.
        """

    def sign(self, key: Any, message: bytes) -> bytes:
        """Sign ``message`` (the JWS signing input) and return the raw signature."""

    def verify(self, key: Any, message: bytes, signature: bytes) -> bool:
        """Return True only when ``signature`` is valid for ``message`` under ``key``.

        Must not raise on a malformed signature (wrong length, bad encoding):
        return False. Comparisons of MACs must be constant-time.
        """


@runtime_checkable
class SessionStore(Protocol):
    """Synchronous session storage: opaque bytes keyed by session id.

    The kernel serialises, encrypts and generates ids; a store only keeps
    bytes, an owner key per session (for `clear` and `list`), and
    an expiry. Every failure to reach the backing service raises
    `jam.exceptions.BackendError`; a write that did not happen never
    returns normally.

    Example:
        >>> store.create("alice", "sid-1", b"{}", ttl=3600)
        >>> store.get("sid-1")
        b'{}'
    """

    def create(self, session_key: str, session_id: str, data: bytes, ttl: int | None) -> None:
        """Store a new session that expires after ``ttl`` seconds (``None``: never)."""

    def get(self, session_id: str) -> bytes | None:
        """Return the stored bytes, or ``None`` when the id is unknown or expired."""

    def update(self, session_id: str, data: bytes, ttl: int | None) -> bool:
        """Replace the data; ``ttl`` resets the expiry, ``None`` keeps the current one.

        Returns:
            False when the session does not exist (nothing written).
        """

    def delete(self, session_id: str) -> bool:
        """Delete one session. Returns False when it did not exist."""

    def clear(self, session_key: str) -> int:
        """Delete every session of ``session_key`` and return how many were deleted."""

    def rework(self, old_session_id: str, new_session_id: str, ttl: int | None) -> bool:
        """Atomically move a session to a new id (same key and data).

        ``ttl``, when given, is the new session's lifetime; ``None`` keeps the
        remaining lifetime. Returns False (and changes nothing) when the old id
        does not exist.
        """

    def list(self, session_key: str) -> list[str]:
        """Return the ids of every live session of ``session_key``."""

    def close(self) -> None:
        """Release connections and file handles. Idempotent."""


@runtime_checkable
class AsyncSessionStore(Protocol):
    """The asyncio twin of `SessionStore`, with the same semantics.

    Example:
        >>> await store.create("alice", "sid-1", b"{}", ttl=3600)
    """

    async def create(self, session_key: str, session_id: str, data: bytes, ttl: int | None) -> None:
        """See `SessionStore.create`."""

    async def get(self, session_id: str) -> bytes | None:
        """See `SessionStore.get`."""

    async def update(self, session_id: str, data: bytes, ttl: int | None) -> bool:
        """See `SessionStore.update`."""

    async def delete(self, session_id: str) -> bool:
        """See `SessionStore.delete`."""

    async def clear(self, session_key: str) -> int:
        """See `SessionStore.clear`."""

    async def rework(self, old_session_id: str, new_session_id: str, ttl: int | None) -> bool:
        """See `SessionStore.rework`."""

    async def list(self, session_key: str) -> list[str]:
        """See `SessionStore.list`."""

    async def close(self) -> None:
        """See `SessionStore.close`."""


@runtime_checkable
class TokenList(Protocol):
    """A set of token identifiers with per-entry expiry (black or white list).

    Entries are a token's ``jti`` or the SHA-256 of the token: never the raw
    token. The kernel decides black or white semantics; a list only stores.

    Example:
        >>> tokens.add("jti-123", ttl=600)
        >>> tokens.contains("jti-123")
        True
    """

    def add(self, token_id: str, ttl: int | None) -> None:
        """Remember ``token_id`` for ``ttl`` seconds (``None``: until removed)."""

    def add_if_absent(self, token_id: str, ttl: int | None) -> bool:
        """Atomically add ``token_id`` unless present; True when this call added it.

        Used for one-time use (OTP replay protection): of two racing callers,
        exactly one gets True.
        """

    def contains(self, token_id: str) -> bool:
        """Return True when ``token_id`` is present and not expired."""

    def remove(self, token_id: str) -> None:
        """Forget ``token_id``; a missing id is not an error."""

    def close(self) -> None:
        """Release connections and file handles. Idempotent."""


@runtime_checkable
class AsyncTokenList(Protocol):
    """The asyncio twin of `TokenList`.

    Example:
        >>> await tokens.add("jti-123", ttl=600)
    """

    async def add(self, token_id: str, ttl: int | None) -> None:
        """See `TokenList.add`."""

    async def add_if_absent(self, token_id: str, ttl: int | None) -> bool:
        """See `TokenList.add_if_absent`."""

    async def contains(self, token_id: str) -> bool:
        """See `TokenList.contains`."""

    async def remove(self, token_id: str) -> None:
        """See `TokenList.remove`."""

    async def close(self) -> None:
        """See `TokenList.close`."""


@runtime_checkable
class OAuth2Provider(Protocol):
    """What the kernel needs to know about an OAuth2 / OpenID Connect provider.

    A provider is a description, not a client: endpoints, default scopes and
    quirks. The OAuth2 engine drives the flow for every provider alike.

    Example:
        >>> provider.authorize_url
        'https://github.com/login/oauth/authorize'
    """

    name: str
    """Short name used in ``[jam.oauth2.providers.<name>]``."""
    authorize_url: str | None
    """Authorization endpoint; ``None`` when discovered from ``issuer``."""
    token_url: str | None
    """Token endpoint; ``None`` when discovered from ``issuer``."""
    userinfo_url: str | None
    """UserInfo endpoint, if the provider has one."""
    revocation_url: str | None
    """Token revocation endpoint (RFC 7009), if any."""
    jwks_url: str | None
    """JWKS endpoint for ID token verification, if any."""
    issuer: str | None
    """OIDC issuer; when set, the discovery document fills the missing URLs."""
    default_scopes: tuple[str, ...]
    """Scopes requested when the configuration names none."""
    client_auth_method: str
    """``client_secret_post``, ``client_secret_basic``, ``private_key_jwt`` or ``none``."""
    supports_pkce: bool
    """Whether PKCE (RFC 7636, S256) is sent."""


@runtime_checkable
class OAuth2ProviderHooks(Protocol):
    """How a provider's behaviour differs from the RFCs (a record's ``behaviour``).

    Pure methods: they build requests and read responses; the engine does
    the I/O, so one implementation serves sync and asyncio. Derive from
    `jam.oauth2.ProviderBehaviour`, which implements every method as
    the RFCs say, and override what your provider does differently.

    Example:
        >>> class GitHub(ProviderBehaviour):
        ...     def userinfo_requests(self, url, access_token, context):
        ...         return [...]  # /user and /user/emails
    """

    def client_secret(self, context: ClientContext) -> str | None:
        """Return the client secret to send (Apple: a fresh ES256 JWT)."""

    def customize_request(
        self, kind: str, request: HTTPRequest, context: ClientContext
    ) -> HTTPRequest:
        """Return the request to send for ``kind`` (``"authorization_code"``...)."""

    def parse_token_response(
        self, response: HTTPResponse, context: ClientContext
    ) -> dict[str, Any]:
        """Read a token endpoint's answer; raise a typed error for an OAuth2 error."""

    def userinfo_requests(
        self, url: str, access_token: str, context: ClientContext
    ) -> list[HTTPRequest]:
        """Return the requests that fetch a user's profile."""

    def normalize_userinfo(
        self, responses: list[HTTPResponse], context: ClientContext
    ) -> tuple[dict[str, Any], Any]:
        """Return ``(OIDC standard claims, raw profile)`` from the answers."""


# Optional store capabilities: not part of the core contract. A store that lacks one
# still works, but cannot serve a configuration that needs it (``idle_ttl`` needs
# get_and_touch), and Jam says so when it is built; a store without ``route`` gets
# plain random ids.


@runtime_checkable
class SupportsGetAndTouch(Protocol):
    """A store that can read a session and reset its expiry in one step.

    Used for idle timeouts: the expiry moves, the data is not rewritten, so a
    read never overwrites a concurrent update. Redis has ``GETEX``; SQL has
    ``UPDATE ... RETURNING``.

    Example:
        >>> store.get_and_touch("sid-1", ttl=900)
        b'{}'
    """

    def get_and_touch(self, session_id: str, ttl: int) -> bytes | None:
        """Return the data (``None`` when unknown or expired) and expire it ``ttl`` s from now."""


@runtime_checkable
class AsyncSupportsGetAndTouch(Protocol):
    """The asyncio twin of `SupportsGetAndTouch`.

    Example:
        >>> await store.get_and_touch("sid-1", ttl=900)
    """

    async def get_and_touch(self, session_id: str, ttl: int) -> bytes | None:
        """See `SupportsGetAndTouch.get_and_touch`."""


@runtime_checkable
class SupportsRoutedIds(Protocol):
    """A store that wants each new session id to start with a routing tag of its owner.

    A sharded store (Redis Cluster) must find a session from its id alone and
    keep every session of one owner next to that owner's index, so that
    ``rework`` and ``clear`` stay one atomic step on one shard. When a store
    offers ``route``, the kernel makes ids of the form ``<tag>.<random>``
    (``<tag>.<authenticated part>`` with ``is_session_crypt``); ``rework``
    keeps the tag. The store reads the tag back from the id in ``get``.

    The tag must not reveal the session key: make it a keyed hash (for
    example a truncated HMAC-SHA256 under a per-deployment secret), never a
    plain hash that a dictionary of e-mail addresses could be tested against.
    It must be 1 to 16 characters of the base64url alphabet
    (``A-Z a-z 0-9 - _``) and the same for one key for the store's lifetime.
    ``route`` does no I/O per call; a store may fetch its secret once, on the
    first call.

    Example:
        >>> store.route("alice@example.org")
        'q3ZP0a'
    """

    def route(self, session_key: str) -> str:
        """Return the routing tag of ``session_key`` (stable, short, base64url)."""


@runtime_checkable
class AsyncSupportsRoutedIds(Protocol):
    """The asyncio twin of `SupportsRoutedIds`.

    ``route`` is a coroutine so that the store can fetch its secret on first
    use without blocking the event loop; after that it returns at once.

    Example:
        >>> await store.route("alice@example.org")
        'q3ZP0a'
    """

    async def route(self, session_key: str) -> str:
        """See `SupportsRoutedIds.route`."""


# Optional algorithm capability: key generation for tools such as ``jam keys generate``.
# An algorithm without it signs and verifies as before; tools say it cannot make keys.


@runtime_checkable
class SupportsKeyGeneration(Protocol):
    """A `SigningAlgorithm` that can make new keys and write them out.

    Every first-party algorithm has it: HS* make a random secret as long as
    the hash (as base64url text, which is itself the secret), RS*/PS* a
    3072-bit RSA key, ES* a key on the algorithm's curve, ``EdDSA`` and
    ``Ed25519`` an Ed25519 key, ``Ed448`` an Ed448 key. Whatever
    `export_key` writes, the same algorithm's ``load_signing_key`` (or
    ``load_verifying_key``, for a public export) reads back: PEM as it is, a JWK
    once parsed into a mapping.

    Example:
        >>> if isinstance(algorithm, SupportsKeyGeneration):
        ...     key = algorithm.generate_key()
        ...     private_pem = algorithm.export_key(key, private=True, format="pem")
        ...     public_jwk = json.loads(algorithm.export_key(key, private=False, format="jwk"))
        ...     verifying = algorithm.load_verifying_key(public_jwk)
    """

    def generate_key(self) -> Any:
        """Return a new signing key object for this algorithm (what ``load_signing_key`` returns).

        Uses the operating system's random source; never returns the same key twice.
        """

    def export_key(self, key: Any, *, private: bool, format: Literal["pem", "jwk"]) -> bytes:
        """Serialise ``key`` for a file or a configuration table.

        Args:
            key: A key object of this algorithm (a generated or loaded key).
            private: True to export the private key (or secret); False for the
                public key only. HMAC secrets have no public half and refuse False.
            format: ``"pem"``: PKCS#8 for private keys, SubjectPublicKeyInfo for
                public ones; for HS* the secret's base64url text. ``"jwk"``: JWK
                JSON with ``kty``, ``alg`` and the key type's members
                (``crv``/``x``/``y``/``n``/``e``/``d``/``k``...).

        Returns:
            UTF-8/ASCII bytes. They contain the private key when ``private`` is
            True: write them only where a secret may be.

        Raises:
            jam.exceptions.InvalidKey: ``key`` does not belong to this
                algorithm, a private export of a public key, an unknown
                format, or a public export of an HMAC secret.
        """
