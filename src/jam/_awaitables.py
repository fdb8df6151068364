"""What the asyncio side of Jam hands back: awaitables that cannot be mistaken for results.

A coroutine object is truthy, so ``if auth.otp_verify_code(secret, code):``
written without ``await`` would accept every code, and an un-awaited
``jwt_verify_token`` would let every token through. Every coroutine method of
an asyncio engine (and so of `jam.aio.Jam`) therefore returns a
`Pending`: a real coroutine (``await``, ``asyncio.create_task`` and
``asyncio.gather`` accept it) whose ``bool()`` raises `TypeError`
saying "await it". One un-awaited call still gets Python's usual "coroutine
was never awaited" warning, because the wrapped coroutine is never started.

`ReadyDict` and `ReadyStr` are the other half: values that are
already computed (``jwt_make_payload``) but that jamlib's asyncio facade
returned from coroutines. They behave as the dict or str they are, and
``await`` on them returns themselves, so both spellings keep working.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Coroutine, Generator
from typing import Any, Generic, ParamSpec, TypeVar

__all__ = ["Pending", "ReadyDict", "ReadyStr", "pending"]

T = TypeVar("T")
P = ParamSpec("P")

_AWAIT_IT = (
    "{name}() returned an awaitable, not its result: await it (testing it for truth "
    "would accept anything, so Jam refuses)"
)


class Pending(Coroutine[Any, Any, T], Generic[T]):
    """A coroutine that refuses ``bool()``: await it to get the result.

    Example:
        >>> pending = auth.otp_verify_code(secret, code)  # doctest: +SKIP
        >>> bool(pending)  # doctest: +SKIP
        Traceback (most recent call last):
        TypeError: AsyncOTPEngine.verify() returned an awaitable, not its result: await it...
        >>> await pending  # doctest: +SKIP
        True
    """

    __slots__ = ("_coro",)

    def __init__(self, coro: Coroutine[Any, Any, T]) -> None:
        """Wrap ``coro`` (not started until awaited)."""
        self._coro = coro

    def __await__(self) -> Generator[Any, None, T]:
        """Run the wrapped coroutine.

        A plain generator delegating through `_delegate`, both native:
        the result travels back without a ``StopIteration`` being raised,
        which is what makes this wrapper cheap (see ``bench/``).
        """
        return (yield from _delegate(self._coro))

    def send(self, value: Any) -> Any:
        """Coroutine protocol: resume the wrapped coroutine (used by ``asyncio.Task``)."""
        return self._coro.send(value)

    def throw(self, *args: Any) -> Any:
        """Coroutine protocol: raise inside the wrapped coroutine."""
        return self._coro.throw(*args)

    def close(self) -> None:
        """Coroutine protocol: close the wrapped coroutine."""
        self._coro.close()

    def __bool__(self) -> bool:
        """Refuse: an awaitable tested for truth is always a bug, and a dangerous one.

        Raises:
            TypeError: Always.
        """
        raise TypeError(_AWAIT_IT.format(name=_name(self._coro)))

    def __repr__(self) -> str:
        """Name the operation (never its arguments: they may be tokens or codes)."""
        return f"<Pending {_name(self._coro)}(): await it>"


@types.coroutine
def _delegate(coro: Coroutine[Any, Any, T]) -> Generator[Any, None, T]:
    """``yield from`` a native coroutine (allowed here: this generator is a coroutine)."""
    result: T = yield from coro
    return result


def _name(coro: Coroutine[Any, Any, Any]) -> str:
    return str(getattr(coro, "__qualname__", type(coro).__name__))


_new = object.__new__


def pending(method: Callable[P, Coroutine[Any, Any, T]]) -> Callable[P, Pending[T]]:
    """Make an ``async def`` return a `Pending` instead of a bare coroutine.

    Every public coroutine method of an asyncio engine wears this decorator;
    ``tests/test_awaitables.py`` checks that none is missing.
    """

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Pending[T]:
        made: Pending[T] = _new(Pending)  # no __init__ frame: this runs on every call
        made._coro = method(*args, **kwargs)
        return made

    return wrapper


class ReadyDict(dict[str, Any]):
    """A dict that can also be awaited (``await`` returns it): a result that is already there."""

    __slots__ = ()

    def __await__(self) -> Generator[Any, None, ReadyDict]:
        """Return this dict at once."""
        yield from ()
        return self


class ReadyStr(str):
    """A str that can also be awaited (``await`` returns it): a result that is already there."""

    __slots__ = ()

    def __await__(self) -> Generator[Any, None, ReadyStr]:
        """Return this string at once."""
        yield from ()
        return self
