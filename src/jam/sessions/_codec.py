"""Turn session data into the bytes a store keeps, and back; make and check ids.

Shared by the sync and async engines (`jam.sessions._engine`), so both
behave identically. The stored bytes are a small JSON envelope,
``{"d": <data>, "x": <absolute deadline or null>}``, encrypted when
``is_session_crypt`` is on. The deadline is only written when an idle
timeout is configured (the store's own expiry enforces the absolute
lifetime otherwise).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from jam.exceptions import SessionDataError

if TYPE_CHECKING:
    from jam.sessions._crypt import Sealer
    from jam.sessions._ids import PlainIds, SignedIds

__all__ = ["Opened", "SessionCodec"]

logger = logging.getLogger("jam.sessions")

Opened = tuple[dict[str, Any], float | None]
"""Decoded session data and its absolute deadline (unix time), if recorded."""


class SessionCodec:
    """Ids plus (de)serialisation, with optional AEAD bound to the id's lineage."""

    def __init__(self, ids: PlainIds | SignedIds, sealer: Sealer | None) -> None:
        """Combine an id format with an optional sealer (``None``: plaintext JSON)."""
        self.ids = ids
        """The id format (plain or authenticated)."""
        self._sealer = sealer

    def routing(self) -> SessionCodec:
        """Return this codec with ids that carry the store's routing tag (same keys)."""
        return SessionCodec(self.ids.routing(), self._sealer)

    @property
    def encrypted(self) -> bool:
        """True when data is encrypted at rest."""
        return self._sealer is not None

    def encode(self, session_id: str, data: object, deadline: float | None) -> bytes:
        """Serialise (and seal) ``data`` for ``session_id``.

        Raises:
            SessionDataError: ``data`` is not a mapping with string keys (at
                every level: JSON would turn ``1`` and ``"1"`` into one key),
                holds something JSON cannot represent (a lone surrogate, NaN,
                an object), or is nested too deeply. Nothing was written.
        """
        if not isinstance(data, Mapping):
            raise SessionDataError(
                f"session data must be a mapping (a dict), got {type(data).__name__}"
            )
        if not _string_keys(data):
            raise SessionDataError(
                "session data keys must be strings at every level (JSON would merge 1 and "
                "'1' into one key); nothing was written"
            )
        try:
            plain = json.dumps(
                {"d": data, "x": deadline},
                ensure_ascii=False,
                allow_nan=False,
                separators=(",", ":"),
            ).encode("utf-8")
        except (TypeError, ValueError, RecursionError) as err:
            # UnicodeEncodeError (a lone surrogate) is a ValueError.
            raise SessionDataError(
                f"session data is not JSON-serialisable ({type(err).__name__}); nothing was written"
            ) from None
        if self._sealer is None:
            return plain
        return self._sealer.seal(plain, self.ids.binding(session_id))

    def decode(self, session_id: str, blob: bytes) -> Opened | None:
        """Return ``(data, deadline)``, or ``None`` when ``blob`` is not authentic or readable."""
        if self._sealer is not None:
            opened = self._sealer.open(blob, self.ids.binding(session_id))
            if opened is None:
                logger.warning("a stored session failed authentication; treated as missing")
                return None
            blob = opened
        try:
            envelope = json.loads(blob)
            data, deadline = envelope["d"], envelope["x"]
        except (ValueError, TypeError, KeyError, RecursionError):
            logger.warning("a stored session is not a Jam session envelope; treated as missing")
            return None
        if not isinstance(data, dict) or not isinstance(deadline, int | float | None):
            return None
        return data, deadline


_CONTAINERS = (dict, list, tuple)
_SCALARS = frozenset({str, int, float, bool, type(None)})
"""Types whose values hold nothing to walk (checked by class first: the common case)."""


def _string_keys(data: Mapping[Any, Any]) -> bool:
    """True when every mapping in ``data``, at any depth, has only ``str`` keys.

    Iterative (a 100,000-deep value cannot exhaust the stack here; ``json``
    refuses it next). Flat data costs one pass over its keys and one over its values.

    Example:
        >>> _string_keys({"a": [{"b": 1}]}), _string_keys({"a": [{1: "b"}]})
        (True, False)
    """
    pending: list[Any] = [data]
    while pending:
        value = pending.pop()
        if value.__class__ is dict or isinstance(value, Mapping):
            for key in value:
                if key.__class__ is not str:
                    return False
            children = value.values()
        else:
            children = value
        for child in children:
            if child.__class__ not in _SCALARS and isinstance(child, _CONTAINERS):
                pending.append(child)
    return True
