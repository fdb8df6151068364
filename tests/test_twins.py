"""Every synchronous driver and its asyncio twin stay twins: a fix in one cannot miss the other.

Jam decides in pure cores and does I/O in thin drivers, one synchronous and
one asyncio (CONTRIBUTING.md, "Sync and asyncio: one pattern"). This test
parses each pair, turns the asyncio side back into synchronous code (strips
``async``/``await``, the ``@pending`` decorator, docstrings, ``Async``/``a``
name prefixes, ``asyncio``-only spellings) and requires the two to be equal,
method by method. A deliberate difference is declared by method name in
:data:`TWINS`, and must really differ (a stale declaration fails too).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REDIS = "plugins/jam-auth-redis/src/jam_redis"


@dataclass(frozen=True)
class Twin:
    """A synchronous class (or module) and its asyncio twin."""

    sync: str
    """``path`` (a whole module) or ``path::Class``."""
    asyncio: str
    """The asyncio side, same form."""
    differs: frozenset[str] = field(default_factory=frozenset)
    """Methods that differ on purpose; each must be explained in the asyncio class's docs."""


TWINS = (
    Twin("src/jam/jwt/_engine.py", "src/jam/jwt/_async_engine.py"),
    Twin("src/jam/sessions/_engine.py", "src/jam/sessions/_async_engine.py"),
    Twin("src/jam/otp/_engine.py", "src/jam/otp/_async_engine.py"),
    Twin("src/jam/oauth2/_engine.py", "src/jam/oauth2/_async_engine.py"),
    Twin(
        f"{REDIS}/_sessions.py::RedisSessionStore",
        f"{REDIS}/_sessions.py::AsyncRedisSessionStore",
        # get: concurrent asyncio reads share one pipeline (ReadBatcher);
        # clear/list: on Cluster the two slots are asked at once (asyncio.gather);
        # __init__: the batcher, and an asyncio.Lock for the routing salt.
        frozenset({"__init__", "get", "clear", "list"}),
    ),
    Twin(
        f"{REDIS}/_lists.py::RedisTokenList",
        f"{REDIS}/_lists.py::AsyncRedisTokenList",
        # contains: concurrent asyncio lookups share one pipeline (ReadBatcher).
        frozenset({"__init__", "contains"}),
    ),
    # hold: asyncio's semaphore has no acquire(timeout=...); wait_for bounds the wait.
    Twin(
        "src/jam/web/_session.py::SessionHandle",
        "src/jam/web/_async_session.py::AsyncSessionHandle",
    ),
    Twin(
        "src/jam/web/_authenticator.py::Authenticator",
        "src/jam/web/_async_authenticator.py::AsyncAuthenticator",
    ),
    Twin(f"{REDIS}/_connect.py::_Gate", f"{REDIS}/_connect.py::_AsyncGate", frozenset({"hold"})),
    Twin(
        f"{REDIS}/_connect.py::Connection",
        f"{REDIS}/_connect.py::AsyncConnection",
        # _create/_discover: redis.asyncio Cluster must discover its nodes once, up front;
        # run: asyncio timeouts wrap the awaited call; close: aclose() of the asyncio client.
        frozenset({"__init__", "_create", "_discover", "client", "run", "close"}),
    ),
)

ASYNC_SPELLINGS = {
    "arun": "run",
    "require_async_jam": "require_sync_jam",
    "aclose": "close",
    "_async_engine": "_engine",
    "AsyncIterator": "Iterator",
    "asynccontextmanager": "contextmanager",
    "asyncio": "threading",  # asyncio.Lock / BoundedSemaphore are threading's, for a loop
}


class _Desync(ast.NodeTransformer):
    """Rewrite asyncio code into the synchronous code it must equal."""

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:
        self.generic_visit(node)
        node.decorator_list = [d for d in node.decorator_list if _name(d) != "pending"]
        plain = ast.FunctionDef(**{f: getattr(node, f) for f in node._fields})
        return ast.copy_location(plain, node)

    def visit_AsyncWith(self, node: ast.AsyncWith) -> ast.AST:
        self.generic_visit(node)
        return ast.copy_location(ast.With(**{f: getattr(node, f) for f in node._fields}), node)

    def visit_AsyncFor(self, node: ast.AsyncFor) -> ast.AST:
        self.generic_visit(node)
        return ast.copy_location(ast.For(**{f: getattr(node, f) for f in node._fields}), node)

    def visit_Await(self, node: ast.Await) -> ast.AST:
        return self.visit(node.value)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> ast.AST | None:
        if node.module == "jam._awaitables":
            return None
        self.generic_visit(node)
        if node.module:
            node.module = _sync_name(node.module)
        return node

    def visit_alias(self, node: ast.alias) -> ast.AST:
        node.name = _sync_name(node.name)
        return node

    def visit_Name(self, node: ast.Name) -> ast.AST:
        node.id = _sync_name(node.id)
        return node

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        self.generic_visit(node)
        node.attr = _sync_name(node.attr)
        return node

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        self.generic_visit(node)
        node.name = _sync_name(node.name)
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if isinstance(node.value, str):
            node.value = node.value.replace("Async", "")
        return node


def _name(node: ast.expr) -> str:
    return node.id if isinstance(node, ast.Name) else ""


def _sync_name(name: str) -> str:
    name = ASYNC_SPELLINGS.get(name, name)
    return re.sub(r"(^|_|\.)Async(?=[A-Z_])", r"\1", name).replace("Async", "")


def _without_docstrings(tree: ast.AST) -> ast.AST:
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            body.pop(0)
    return tree


def _load(spec: str, desync: bool) -> ast.AST:
    path, _, cls = spec.partition("::")
    tree: ast.AST = ast.parse((ROOT / path).read_text())
    if cls:
        (tree,) = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == cls]
    if desync:
        tree = _Desync().visit(tree)
    return _without_docstrings(tree)


def _members(tree: ast.AST) -> dict[str, str]:
    """Top-level statements of a module or class, by name, dumped for comparison."""
    body = tree.body if isinstance(tree, ast.Module | ast.ClassDef) else []
    members: dict[str, str] = {}
    for index, node in enumerate(body):
        name = getattr(node, "name", None) or f"<statement {index}>"
        members[name] = ast.dump(node, include_attributes=False)
    return members


@pytest.mark.parametrize("twin", TWINS, ids=lambda twin: twin.asyncio)
def test_the_asyncio_driver_is_the_sync_one_with_await(twin: Twin) -> None:
    sync, asyncio = _members(_load(twin.sync, False)), _members(_load(twin.asyncio, True))
    if isinstance(_load(twin.sync, False), ast.Module):
        assert sync == asyncio
        return
    drifted = {
        name
        for name in sync.keys() | asyncio.keys()
        if sync.get(name) != asyncio.get(name) and name not in twin.differs
    }
    assert not drifted, f"{twin.asyncio}: not the twin of {twin.sync} in {sorted(drifted)}"
    stale = {name for name in twin.differs if sync.get(name) == asyncio.get(name)}
    assert not stale, f"declared as different but identical: {sorted(stale)}"


def test_every_asyncio_driver_in_the_kernel_is_listed() -> None:
    listed = {twin.asyncio.partition("::")[0] for twin in TWINS}
    for path in sorted((ROOT / "src").rglob("_async_*.py")):
        if path.parent.name == "testing":  # contract suites for plugin authors, not drivers
            continue
        assert str(path.relative_to(ROOT)) in listed, path


def test_the_comparison_catches_a_fix_made_in_one_twin_only() -> None:
    source = (ROOT / "src/jam/sessions/_async_engine.py").read_text()
    patched = source.replace("if not core.codec.ids.valid(session_id):", "if False:", 1)
    assert patched != source
    tree = _without_docstrings(_Desync().visit(ast.parse(patched)))
    assert _members(tree) != _members(_load("src/jam/sessions/_engine.py", False))
