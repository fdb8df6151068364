"""Backend keys: the part of a capability table that belongs to a plugin, kept opaque.

``[jam.session]``, ``[jam.jwt.list]`` and ``[jam.otp]`` mix the kernel's keys
(``backend``, ``default_ttl``...) with the selected backend's own
(``path``, ``redis_uri``, ``password``...). When the configuration is loaded
no plugin is loaded yet, so nobody knows which backend keys are secrets.
They are therefore set apart in a `BackendKeys` value that shows every
value as ``**********`` (``repr``, ``str``, ``model_dump``, messages), and are
handed over, unredacted, only to the backend plugin's options model when
`jam._backends` builds the backend. That model's own types then decide
what its ``repr`` shows (``SecretText``, ``KeyMaterialField``, URLs with
credentials redacted by `Section`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import PrivateAttr, ValidationInfo, ValidatorFunctionWrapHandler, model_validator

from jam.config._base import Section, known_keys, show_key
from jam.config._types import REDACTED

__all__ = ["BackendKeys", "BackendTable"]


class BackendKeys:
    """The backend's keys of one table, every value hidden when printed.

    Call `reveal` to get the values (the kernel does, to validate them
    with the backend plugin's options model); nothing else shows them.

    Example:
        >>> keys = BackendKeys({"path": "var/jam.db", "password": "hunter2"})
        >>> keys
        BackendKeys(password='**********', path='**********')
        >>> keys.names
        ('password', 'path')
    """

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, Any]) -> None:
        """Keep a copy of ``values`` (already reference-resolved)."""
        self._values = dict(values)

    @property
    def names(self) -> tuple[str, ...]:
        """The keys, sorted (safe to show)."""
        return tuple(sorted(self._values))

    def reveal(self) -> dict[str, Any]:
        """Return a copy of the keys and their unredacted values."""
        return dict(self._values)

    def __bool__(self) -> bool:
        """True when the table has at least one backend key."""
        return bool(self._values)

    def __len__(self) -> int:
        """Number of backend keys."""
        return len(self._values)

    def __contains__(self, key: object) -> bool:
        """True when ``key`` is one of the backend keys."""
        return key in self._values

    def __repr__(self) -> str:
        """Keys with every value redacted."""
        inner = ", ".join(f"{show_key(name)}={REDACTED!r}" for name in self.names)
        return f"BackendKeys({inner})"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        """Compare by keys and values."""
        return isinstance(other, BackendKeys) and other._values == self._values

    def __hash__(self) -> int:
        """Hash by key names (consistent with ``==``)."""
        return hash(self.names)


class BackendTable(Section):
    """A kernel table that also carries its backend's keys (see the module docstring).

    Keys the model does not declare are moved into `backend_keys`
    before validation instead of being refused; they are checked later by
    the backend plugin's options model, with suggestions drawn from both.
    """

    _backend_keys: BackendKeys = PrivateAttr(default_factory=lambda: BackendKeys({}))

    @property
    def backend_keys(self) -> BackendKeys:
        """The backend's keys of this table (values redacted when printed)."""
        return self._backend_keys

    @model_validator(mode="wrap")
    @classmethod
    def _set_backend_keys_apart(
        cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> Any:
        if isinstance(data, cls):
            return data
        if not isinstance(data, Mapping):
            return handler(data)
        kernel = set(known_keys(cls))
        own = {key: value for key, value in data.items() if key in kernel}
        backend = {key: value for key, value in data.items() if key not in kernel}
        table = handler(own)
        table._check_backend_keys(backend)
        table._backend_keys = BackendKeys(backend)
        return table

    def _check_backend_keys(self, backend: Mapping[str, Any]) -> None:
        """Refuse backend keys this table cannot take (override; nothing refused here).

        Raises:
            ValueError: Some backend keys are not valid in this table as configured.
        """

    def _extra_repr_args(self) -> Iterator[tuple[str, Any]]:
        for name in self._backend_keys.names:
            yield show_key(name), REDACTED

    def _extra_dump(self) -> dict[str, Any]:
        return dict.fromkeys(self._backend_keys.names, REDACTED)
