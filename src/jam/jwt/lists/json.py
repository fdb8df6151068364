"""jamlib's ``JSONList`` (a TinyDB file): the ``[jam.jwt.list]`` table Jam uses instead. Deprecated.

Jam has no JSON-file backend: the table is SQLite next to ``json_path``
(``.json`` → ``.db``), or memory for ``":memory:"``, as for
``backend = "json"`` in a configuration (`jam.config._json_backend`).
"""

from __future__ import annotations

from jam.config._json_backend import json_table
from jam.jwt.lists import JamlibList, ListType

__all__ = ["JSONList"]


class JSONList(JamlibList):
    """``JSONList(type, json_path)``, as in jamlib 2.5. Deprecated.

    Example:
        >>> JSONList(type="black", json_path="var/tokens.json").table  # doctest: +SKIP
        {'type': 'black', 'backend': 'sqlite', 'path': 'var/tokens.db'}
    """

    def __init__(
        self,
        type: ListType,  # jamlib's parameter name
        json_path: str = "whitelist.json",
    ) -> None:
        """Describe the list Jam keeps instead of jamlib's JSON file.

        Args:
            type: ``"black"`` or ``"white"``.
            json_path: jamlib's file; Jam uses a SQLite file next to it
                (``":memory:"``: the in-process memory backend).

        Raises:
            JamConfigError: ``type`` or ``json_path`` is invalid.
        """
        table = json_table({"backend": "json", "json_path": json_path}, "jam.jwt.list", warn=False)
        super().__init__(type, table)
