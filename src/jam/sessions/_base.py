"""What the synchronous and asyncio session engines share: the core, the store, the checks.

The two drivers (`jam.sessions._engine`, `jam.sessions._async_engine`)
subclass `SessionEngineBase` and add only the methods that call the store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar

from jam.exceptions import JamConfigError
from jam.sessions._core import SessionCore

if TYPE_CHECKING:
    from jam.sessions._codec import SessionCodec

__all__ = ["SessionEngineBase"]

StoreT = TypeVar("StoreT")


class SessionEngineBase(Generic[StoreT]):
    """A session engine's state: the pure core and the store it drives.

    Attributes:
        core: The pure rules (`SessionCore`).
        store: The session store plugin instance.
        routed: True when the store routes ids (new ids start with its tag for the owner).
    """

    def __init__(
        self,
        store: StoreT,
        codec: SessionCodec,
        default_ttl: int | None,
        idle_ttl: int | None = None,
        backend: str = "custom",
        *,
        routed: bool = False,
        touches: bool = False,
    ) -> None:
        """Drive ``store`` with ``codec``.

        Args:
            store: The session store.
            codec: Ids and (de)serialisation.
            default_ttl: Absolute lifetime in seconds (``None``: no expiry).
            idle_ttl: Sliding inactivity timeout in seconds, or ``None``.
            backend: The store's name, for messages.
            routed: The store offers ``route`` (routed ids).
            touches: The store offers ``get_and_touch`` (idle timeouts).

        Raises:
            JamConfigError: ``idle_ttl`` is set but the store cannot refresh
                expiry on read (no ``get_and_touch``).
        """
        if idle_ttl is not None and not touches:
            raise JamConfigError(
                f"session.idle_ttl: backend {backend!r} cannot refresh expiry on read "
                "(it has no get_and_touch); remove idle_ttl or use a store that has it "
                "(`jam plugins` lists the stores installed)"
            )
        self.core = SessionCore(
            codec.routing() if routed else codec, default_ttl, idle_ttl, backend
        )
        self.store = store
        self.routed = routed

    @property
    def codec(self) -> SessionCodec:
        """Ids and (de)serialisation."""
        return self.core.codec

    @property
    def default_ttl(self) -> int | None:
        """Absolute lifetime in seconds, or ``None``."""
        return self.core.default_ttl

    @property
    def idle_ttl(self) -> int | None:
        """Sliding inactivity timeout in seconds, or ``None``."""
        return self.core.idle_ttl
