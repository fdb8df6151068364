"""Check that an object a plugin built has every member its Protocol requires.

``runtime_checkable`` Protocols only test that names exist. The kernel needs
more, and needs it when `jam.Jam` is built rather than at the first
request: every method present and callable, the methods of an asyncio
Protocol (``async def`` in `jam.protocols`) coroutine functions, the
methods of a synchronous one *not* coroutine functions (a coroutine is truthy,
so ``contains()`` returning one would read as "listed"), and data attributes
(``SigningAlgorithm.name``) present and of their annotated type when that type
can be checked.

Used by `jam._backends` for session stores and token lists, and by the
JWT key ring for algorithm objects.

Example:
    >>> from jam.protocols import TokenList
    >>> check_conforms(object(), TokenList, "plugin toy (jam-auth-toy 1.0): token list 'toy'")
    Traceback (most recent call last):
    jam.exceptions.JamPluginRegistrationError: plugin toy (jam-auth-toy 1.0): token list 'toy' ...
"""

from __future__ import annotations

import functools
import inspect
import types
import typing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jam.exceptions import JamError, JamPluginLoadError, JamPluginRegistrationError

if TYPE_CHECKING:
    from jam.plugins._registry import PluginInfo

__all__ = ["Member", "call_factory", "check_conforms", "protocol_members"]

_PROTOCOL_MACHINERY = frozenset({"Protocol", "Generic", "object"})


@dataclass(frozen=True, slots=True)
class Member:
    """One member a Protocol requires.

    Attributes:
        name: Attribute name.
        kind: ``"method"``, ``"async method"`` or ``"attribute"``.
        annotation: For attributes, the annotated type when it can be checked
            with ``isinstance`` (a class or a union of classes), else ``None``.
    """

    name: str
    kind: str
    annotation: Any = None


def check_conforms(obj: object, protocol: type, label: str) -> None:
    """Raise unless ``obj`` has every member ``protocol`` declares, of the right kind.

    Args:
        obj: What a plugin's factory returned.
        protocol: A Protocol from `jam.protocols` (or any Protocol class).
        label: Who built ``obj``, for the message, e.g. ``"plugin redis
            (jam-auth-redis 0.1.0): asyncio session store 'redis'"``.

    Raises:
        JamPluginRegistrationError: ``obj`` is ``None`` or lacks a member, a
            method is not callable, an asyncio method is not a coroutine
            function (or a synchronous one is), or an attribute has the wrong
            type. The message lists every problem.
    """
    wanted = f"{protocol.__module__}.{protocol.__qualname__}"
    if obj is None:
        raise JamPluginRegistrationError(
            f"{label}: the factory returned None instead of a {wanted}"
        )
    members = protocol_members(protocol)
    problems = [problem for member in members if (problem := _check(obj, member))]
    if problems:
        raise JamPluginRegistrationError(
            f"{label}: the {type(obj).__name__} its factory returned does not implement "
            f"{wanted}: {'; '.join(problems)}"
        )


@functools.cache
def protocol_members(protocol: type) -> tuple[Member, ...]:
    """Every member ``protocol`` requires, in declaration order (cached per Protocol)."""
    members: dict[str, Member] = {}
    for base in reversed(protocol.__mro__):
        if base.__name__ in _PROTOCOL_MACHINERY or not getattr(base, "_is_protocol", False):
            continue
        hints = _hints(base)
        for name in inspect.get_annotations(base):
            if not name.startswith("_"):
                members[name] = Member(name, "attribute", _checkable(hints.get(name)))
        for name, value in base.__dict__.items():
            if name.startswith("_") or not callable(value):
                continue
            kind = "async method" if inspect.iscoroutinefunction(value) else "method"
            members[name] = Member(name, kind)
    return tuple(members.values())


def _check(obj: object, member: Member) -> str | None:
    try:
        value = getattr(obj, member.name)
    except AttributeError:
        return f"{member.name} is missing"
    except Exception as err:  # a property of a plugin's object may raise anything
        return f"reading {member.name} raised {type(err).__name__}"
    if member.kind == "attribute":
        return _check_attribute(value, member)
    return _check_method(value, member)


def _check_attribute(value: object, member: Member) -> str | None:
    if member.annotation is not None and not isinstance(value, member.annotation):
        expected = getattr(member.annotation, "__name__", str(member.annotation))
        return f"{member.name} has type {type(value).__name__}, expected {expected}"
    return None


def _check_method(value: object, member: Member) -> str | None:
    if not callable(value):
        return f"{member.name} is not callable"
    is_async = _is_coroutine_function(value)
    if member.kind == "async method" and not is_async:
        return f"{member.name} is not a coroutine function (async def)"
    if member.kind == "method" and is_async:
        return f"{member.name} is a coroutine function (a synchronous method is required)"
    return None


def _is_coroutine_function(value: Any) -> bool:
    """True for ``async def`` methods, also behind ``functools.wraps`` decorators."""
    return inspect.iscoroutinefunction(value) or inspect.iscoroutinefunction(inspect.unwrap(value))


def _hints(base: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(base)
    except Exception:  # an annotation that cannot be resolved: check presence only
        return {}


def _checkable(annotation: Any) -> Any:
    """The annotation if ``isinstance`` can test it (class or union of classes), else None."""
    if isinstance(annotation, type) and annotation is not Any:
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = typing.get_args(annotation)
        if all(isinstance(arg, type) for arg in args):
            return annotation
    return None


def call_factory(factory: Any, args: tuple[Any, ...], label: str, plugin: PluginInfo) -> Any:
    """Call a plugin's factory; anything but a JamError becomes a JamPluginLoadError.

    A BackendError or JamConfigError from the plugin (the service is down, an
    option is wrong) is the plugin speaking in Jam's terms and passes through.
    The original error is chained; its text is not copied into the message, as
    a plugin's message may hold what it was given (a URI with a password).

    Args:
        factory: The record's factory.
        args: What it is called with (a backend's options, nothing for an algorithm).
        label: Who is called, for the message (as for `check_conforms`).
        plugin: The plugin that registered the record.
    """
    try:
        return factory(*args)
    except JamError:
        raise
    except Exception as err:
        raise JamPluginLoadError(
            f"{label}: the factory raised {type(err).__name__} (see the chained error). "
            f"Check the configuration, or fix or reinstall {plugin.distribution}"
        ) from err
