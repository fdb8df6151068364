"""The base model every configuration table derives from, and error formatting.

Validation errors become `JamConfigError` messages that
name the key, say what is wrong, suggest the nearest valid key for a typo, and
never echo the offending value (it may be a secret). Keys are user text: they
are shown cut and escaped (`jam._text.excerpt`) when they are not plain
names.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_serializer,
)

from jam._text import excerpt
from jam.config._types import redact_url
from jam.exceptions import JamConfigError

__all__ = ["Section", "config_error", "known_keys", "show_key", "validate_section"]

ModelT = TypeVar("ModelT", bound=BaseModel)

_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_.:()\[\]-]{1,60}$")


class Section(BaseModel):
    """Base class for configuration tables: strict keys, immutable, aliases allowed.

    Plugin authors derive their backend options models from this class so
    that typos in their keys get the same suggestions as the kernel's. It
    also refuses ``true``/``false`` where a number is meant (pydantic would
    read ``ttl = true`` as 1), and hides the credentials of any URL held in a
    text field (``redis://user:password@host``) from ``repr``, ``str`` and
    ``model_dump``.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        hide_input_in_errors=True,
        arbitrary_types_allowed=True,
    )

    @field_validator("*", mode="before")
    @classmethod
    def _no_bool_for_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, bool) and info.field_name is not None:
            field = cls.model_fields.get(info.field_name)
            if field is not None and _wants_number_not_bool(field.annotation):
                raise ValueError("expected a number, not true/false")
        return value

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        """Fields for ``repr``/``str``, with URL credentials redacted."""
        for name, value in super().__repr_args__():
            yield name, _scrub(value)
        yield from self._extra_repr_args()

    def _extra_repr_args(self) -> Iterator[tuple[str, Any]]:
        """More ``(name, shown value)`` pairs for ``repr`` (none here)."""
        return iter(())

    def _extra_dump(self) -> dict[str, Any]:
        """More keys for ``model_dump`` (none here)."""
        return {}

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        data = handler(self)
        if isinstance(data, dict):
            data = {key: _scrub(value) for key, value in data.items()}
            data.update(self._extra_dump())
        return data


def known_keys(model: type[BaseModel]) -> list[str]:
    """Return every key a model accepts, field names and their aliases."""
    keys: list[str] = []
    for name, info in model.model_fields.items():
        keys.append(info.alias or name)
        alias = info.validation_alias
        choices = getattr(alias, "choices", None)
        if choices:
            keys.extend(str(choice) for choice in choices)
        elif isinstance(alias, str):
            keys.append(alias)
    return sorted(set(keys))


def validate_section(
    model: type[ModelT],
    data: Mapping[str, Any],
    where: str,
    extra_keys: Iterable[str] = (),
) -> ModelT:
    """Validate one configuration table, turning pydantic errors into a JamConfigError.

    Args:
        model: The model for the table.
        data: The raw (reference-resolved) table.
        where: Dotted path of the table, for messages (``"jam.session"``).
        extra_keys: Other keys that are valid in the same table (the kernel's
            keys when validating a backend's options), offered as suggestions.

    Raises:
        JamConfigError: One line per problem, values never shown.
    """
    if not isinstance(data, Mapping):
        raise JamConfigError(f"{where}: expected a table, got {type(data).__name__}")
    try:
        return model.model_validate(dict(data))
    except ValidationError as err:
        error = config_error(err, where, [*known_keys(model), *extra_keys], model)
    # Raised outside the handler: no __context__ chains the pydantic error (and its input).
    raise error


def show_key(key: object) -> str:
    """Return a configuration key (user text) fit for a message: plain names as they are.

    Example:
        >>> show_key("default_ttl")
        'default_ttl'
        >>> show_key("x" * 100)
        "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'…"
    """
    if isinstance(key, int):
        return str(key)
    if isinstance(key, str) and _PLAIN_KEY.match(key):
        return key
    return excerpt(key)


def config_error(
    err: ValidationError,
    where: str,
    valid_keys: list[str],
    model: type[BaseModel] | None = None,
) -> JamConfigError:
    """Build a readable `JamConfigError` from a pydantic ``ValidationError``."""
    lines = []
    for item in err.errors(include_input=False, include_url=False):
        loc = ".".join(show_key(part) for part in item["loc"])
        full = f"{where}.{loc}" if loc else where
        if item["type"] == "extra_forbidden":
            key = str(item["loc"][-1])
            nested = _model_at(model, item["loc"][:-1])
            keys = valid_keys if len(item["loc"]) == 1 else known_keys(nested) if nested else []
            close = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            listing = f" (valid keys: {', '.join(keys)})" if keys else ""
            lines.append(f"{full}: unknown key{hint}{listing}")
        else:
            message = str(item["msg"]).removeprefix("Value error, ")
            lines.append(f"{full}: {message}")
    plural = "s" if len(lines) > 1 else ""
    return JamConfigError(
        f"invalid configuration ({len(lines)} problem{plural}):\n  " + "\n  ".join(lines)
    )


def _model_at(model: type[BaseModel] | None, loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """Follow an error location through nested models (for key suggestions)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = _field_named(current, part)
        if field is None:
            return None
        current = _find_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _field_named(model: type[BaseModel], key: str) -> Any:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info
    return None


def _find_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _find_model(arg)
        if found is not None:
            return found
    return None


def _scrub(value: Any) -> Any:
    """Redact URL credentials in a shown or dumped value (text, or a list of text)."""
    if isinstance(value, str):
        return redact_url(value)
    if type(value) in (list, tuple):  # exactly: a NamedTuple cannot be rebuilt this way
        return type(value)(_scrub(item) for item in value)
    return value


def _wants_number_not_bool(annotation: Any) -> bool:
    """True when a field takes an int or float (or an int literal) but no bool."""
    found: set[str] = set()
    _number_kinds(annotation, found)
    return "number" in found and "bool" not in found


def _number_kinds(annotation: Any, found: set[str]) -> None:
    if annotation is bool:
        found.add("bool")
    elif annotation in (int, float):
        found.add("number")
    origin = typing.get_origin(annotation)
    if origin is Literal:
        for choice in typing.get_args(annotation):
            if isinstance(choice, bool):
                found.add("bool")
            elif isinstance(choice, int | float):
                found.add("number")
    elif origin is typing.Annotated:
        _number_kinds(typing.get_args(annotation)[0], found)
    elif origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            _number_kinds(arg, found)
