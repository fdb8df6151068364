"""``jam.Jam`` and ``jam.aio.Jam`` share one method table: names, parameters, docs, aliases.

The asyncio facade is built from the same method definitions as the
synchronous one (``src/jam/_facade/``), not copied: only the lifecycle
(``close``/``aclose``, ``with``/``async with``) differs.
"""

from __future__ import annotations

import inspect

import pytest

import jam
import jam.aio

LIFECYCLE = {"close", "aclose", "__enter__", "__exit__", "__aenter__", "__aexit__"}
MODE = {"asynchronous"}  # the one flag that picks the engines' flavour


def _public(cls: type) -> dict[str, object]:
    return {
        name: inspect.getattr_static(cls, name)
        for name in dir(cls)
        if not name.startswith("_") and name not in LIFECYCLE | MODE
    }


def test_both_facades_offer_the_same_methods_with_the_same_parameters() -> None:
    sync, asyncio = _public(jam.Jam), _public(jam.aio.Jam)
    assert sync.keys() == asyncio.keys()
    for name in sync:
        one, other = getattr(jam.Jam, name), getattr(jam.aio.Jam, name)
        if callable(one):
            assert inspect.signature(one) == inspect.signature(other), name
        assert inspect.getdoc(one) == inspect.getdoc(other), name


def test_every_method_is_written_once() -> None:
    sync, asyncio = _public(jam.Jam), _public(jam.aio.Jam)
    for name, member in sync.items():
        assert asyncio[name] is member, f"{name} is defined twice"


def test_the_lifecycles_are_the_only_difference() -> None:
    dunders = {"__doc__", "__module__", "__annotations__", "__qualname__"}
    own_sync, own_async = set(vars(jam.Jam)) - dunders, set(vars(jam.aio.Jam)) - dunders
    assert own_sync <= LIFECYCLE | {"__parameters__", "__orig_bases__"}
    assert own_async <= LIFECYCLE | {
        "__parameters__",
        "__orig_bases__",
        "asynchronous",
        "_abandon",
        "_ready_dict",
        "_ready_str",
    }


def test_deprecated_aliases_keep_jamlib_parameter_names() -> None:
    assert list(inspect.signature(jam.Jam.rework_session).parameters) == [
        "self",
        "old_session_key",
    ]
    assert list(inspect.signature(jam.Jam.create_session).parameters) == [
        "self",
        "session_key",
        "data",
    ]
    auth = jam.Jam(config={"session": {"backend": "memory"}})
    sid = auth.session_create("alice", {})
    with pytest.warns(DeprecationWarning, match="session_rework"):
        new = auth.rework_session(old_session_key=sid)
    assert auth.session_get(new) == {}
