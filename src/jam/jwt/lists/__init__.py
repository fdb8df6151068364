"""jamlib's list classes (``jam.jwt.lists.redis.RedisList``, ``...json.JSONList``). Deprecated.

In jamlib these were standalone lists of raw tokens: ``RedisList(...).add(token)``
stored the token whatever its signature. Jam keeps the import paths and the
constructors, so jamlib code and fixtures still import and build them, but an
object here is only the **description of a** ``[jam.jwt.list]`` **table**
(`JamlibList.table`). Its ``add``, ``check`` and ``delete`` raise
`JamConfigError`: a list that holds no key cannot verify
a token, and Jam never lists a token it has not verified (a forged token
admitted to a white list would be accepted). Configure the list in Jam and use
the facade (``docs/migrating.md``):

```text
from jam.jwt.lists.redis import RedisList

table = RedisList(type="black", redis_uri="redis://127.0.0.1:6379/0").table
auth = Jam(config={"jwt": {"alg": "HS256", "secret_key": key, "list": table}})
auth.jwt_revoke_token(token)  # jamlib: auth.jwt.list.add(token)
```

The asyncio paths (``jam.aio.jwt.lists.redis``, ``...json``) name the same classes.
"""

from __future__ import annotations

from typing import Any, Literal, NoReturn

from jam._compat import warn_jamlib
from jam._text import excerpt
from jam.exceptions import JamConfigError

__all__ = ["JamlibList"]

ListType = Literal["black", "white"]


class JamlibList:
    """A jamlib list object: the ``[jam.jwt.list]`` table it stands for. Deprecated.

    Attributes:
        __list_type__: ``"black"`` or ``"white"``, as jamlib named it.
    """

    __list_type__: ListType

    def __init__(self, type: ListType, table: dict[str, Any]) -> None:  # jamlib's parameter name
        """Check ``type`` and keep ``table``; warn that the class is deprecated.

        Raises:
            JamConfigError: ``type`` is neither ``"black"`` nor ``"white"``.
        """
        if type not in ("black", "white"):
            raise JamConfigError(f"list type: expected 'black' or 'white', got {excerpt(type)}")
        self.__list_type__ = type
        self._table = {"type": type, **table}
        where = ", ".join(
            f"{key} = {excerpt(value, 200) if isinstance(value, str) else repr(value)}"
            for key, value in table.items()
            if key != "redis_uri"
        )
        warn_jamlib(
            f"jamlib's {self.__class__.__name__} is deprecated: Jam configures token lists in "
            f"[jam.jwt.list] (this object's .table: {where}) and lists tokens through the facade"
        )

    @property
    def table(self) -> dict[str, Any]:
        """The ``[jam.jwt.list]`` table this object describes (a new dict each time)."""
        return dict(self._table)

    def _standalone(self, method: str) -> NoReturn:
        raise JamConfigError(
            f"{self.__class__.__name__}.{method}(token): a standalone list cannot verify "
            "tokens, so Jam never lists a token through it. Put its .table under "
            "[jam.jwt.list] and call Jam.jwt_revoke_token(token) (or the deprecated "
            "auth.jwt.list.add/check/delete(token), which verify first)"
        )

    def add(self, token: str) -> NoReturn:
        """Refuse: see the module docstring.

        Raises:
            JamConfigError: Always.
        """
        self._standalone("add")

    def check(self, token: str) -> NoReturn:
        """Refuse: see the module docstring.

        Raises:
            JamConfigError: Always.
        """
        self._standalone("check")

    def delete(self, token: str) -> NoReturn:
        """Refuse: see the module docstring.

        Raises:
            JamConfigError: Always.
        """
        self._standalone("delete")

    def __repr__(self) -> str:
        """Show the list type and backend, never the connection URI."""
        return (
            f"{self.__class__.__name__}(type={self.__list_type__!r}, "
            f"backend={self._table.get('backend')!r})"
        )
