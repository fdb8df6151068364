"""The base model every configuration table derives from, and error formatting.

Validation errors become :class:`~jam.exceptions.JamConfigError` messages that
name the key, say what is wrong, suggest the nearest valid key for a typo, and
never echo the offending value (it may be a secret).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from jam.exceptions import JamConfigError

__all__ = ["Section", "config_error", "known_keys", "validate_section"]

ModelT = TypeVar("ModelT", bound=BaseModel)


class Section(BaseModel):
    """Base class for configuration tables: strict keys, immutable, aliases allowed.

    Plugin authors derive their backend options models from this class so
    that typos in their keys get the same suggestions as the kernel's.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        hide_input_in_errors=True,
        arbitrary_types_allowed=True,
    )


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
        raise config_error(err, where, [*known_keys(model), *extra_keys], model) from None


def config_error(
    err: ValidationError,
    where: str,
    valid_keys: list[str],
    model: type[BaseModel] | None = None,
) -> JamConfigError:
    """Build a readable :class:`JamConfigError` from a pydantic ``ValidationError``."""
    lines = []
    for item in err.errors(include_input=False, include_url=False):
        loc = ".".join(str(part) for part in item["loc"])
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
