"""jamlib's ``RedisList``: the ``[jam.jwt.list]`` table of a Redis list. Deprecated.

See `jam.jwt.lists`: the object only describes the table.
"""

from __future__ import annotations

from jam.exceptions import JamConfigError
from jam.jwt.lists import JamlibList, ListType

__all__ = ["RedisList"]


class RedisList(JamlibList):
    """``RedisList(type, redis_uri, in_list_life_time)``, as in jamlib 2.5. Deprecated.

    Example:
        >>> RedisList(type="black", redis_uri="redis://127.0.0.1:6379/0").table  # doctest: +SKIP
        {'type': 'black', 'backend': 'redis', 'redis_uri': 'redis://127.0.0.1:6379/0'}
    """

    def __init__(
        self,
        type: ListType,  # jamlib's parameter name
        redis_uri: str,
        in_list_life_time: int | None = None,
    ) -> None:
        """Describe a Redis black or white list.

        Args:
            type: ``"black"`` or ``"white"``.
            redis_uri: A ``redis://`` URL. jamlib also took a client object;
                Jam opens its own connections, so only a URL works.
            in_list_life_time: Lifetime of entries for tokens without ``exp``
                (Jam's ``entry_ttl``); tokens with ``exp`` are kept until then.

        Raises:
            JamConfigError: ``type`` is invalid, or ``redis_uri`` is not a URL.
        """
        if not isinstance(redis_uri, str):
            raise JamConfigError(
                "RedisList: redis_uri must be a redis:// URL; Jam opens its own connections, "
                "so a client object cannot be used"
            )
        table: dict[str, object] = {"backend": "redis", "redis_uri": redis_uri}
        if in_list_life_time is not None:
            table["entry_ttl"] = in_list_life_time
        super().__init__(type, table)
