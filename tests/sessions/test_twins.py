"""The asyncio session engine is the synchronous one with ``await`` added, and nothing else.

The two engines are kept as twins on purpose (one awaits its store, the other
calls it). This test removes ``async``/``await``, the ``Async`` name prefixes
and docstrings from the asyncio engine and requires the result to be the
synchronous engine, so a fix applied to one and forgotten in the other fails.
"""

from __future__ import annotations

import ast
from pathlib import Path

SESSIONS = Path(__file__).resolve().parents[2] / "src" / "jam" / "sessions"


class _Desync(ast.NodeTransformer):
    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:
        self.generic_visit(node)
        plain = ast.FunctionDef(**{f: getattr(node, f) for f in node._fields})
        return ast.copy_location(plain, node)

    def visit_Await(self, node: ast.Await) -> ast.AST:
        return self.visit(node.value)

    def visit_Name(self, node: ast.Name) -> ast.AST:
        node.id = node.id.replace("Async", "")
        return node

    def visit_alias(self, node: ast.alias) -> ast.AST:
        node.name = node.name.replace("Async", "").replace("_async_engine", "_engine")
        return node

    def visit_ImportFrom(self, node: ast.ImportFrom) -> ast.AST:
        self.generic_visit(node)
        if node.module:
            node.module = node.module.replace("_async_engine", "_engine")
        return node

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        self.generic_visit(node)
        node.name = node.name.replace("Async", "")
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if isinstance(node.value, str):
            node.value = node.value.replace("Async", "")
        return node


def _without_docstrings(tree: ast.Module) -> ast.Module:
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


def _normalised(name: str, desync: bool) -> str:
    tree = ast.parse((SESSIONS / name).read_text())
    if desync:
        tree = _Desync().visit(tree)
    return ast.dump(_without_docstrings(tree), include_attributes=False)


def test_async_engine_is_the_sync_engine_with_await() -> None:
    assert _normalised("_async_engine.py", desync=True) == _normalised("_engine.py", desync=False)
