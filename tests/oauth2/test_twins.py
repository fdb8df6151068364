"""The asyncio OAuth2 driver is the synchronous one with ``await`` added, and nothing else.

Removes ``async``/``await``, ``@pending``, docstrings and the ``Async``/``a``
prefixes from ``_async_engine.py`` and requires the synchronous driver.
"""

from __future__ import annotations

import ast
from pathlib import Path

OAUTH2 = Path(__file__).resolve().parents[2] / "src" / "jam" / "oauth2"
RENAMES = {
    "aclose": "close",
    "AsyncTokenList": "TokenList",
    "AsyncClient": "Client",
    "Awaitable": "",
}


class _Desync(ast.NodeTransformer):
    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:
        self.generic_visit(node)
        node.decorator_list = [
            d for d in node.decorator_list if not (isinstance(d, ast.Name) and d.id == "pending")
        ]
        plain = ast.FunctionDef(**{f: getattr(node, f) for f in node._fields})
        return ast.copy_location(plain, node)

    def visit_Await(self, node: ast.Await) -> ast.AST:
        return self.visit(node.value)

    def visit_Name(self, node: ast.Name) -> ast.AST:
        node.id = RENAMES.get(node.id, node.id).replace("Async", "")
        return node

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        self.generic_visit(node)
        node.attr = RENAMES.get(node.attr, node.attr)
        return node

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        self.generic_visit(node)
        node.name = node.name.replace("Async", "")
        return node


def _normalised(name: str, desync: bool) -> str:
    tree = ast.parse((OAUTH2 / name).read_text())
    tree.body = [n for n in tree.body if not isinstance(n, ast.Import | ast.ImportFrom | ast.If)]
    if desync:
        tree = _Desync().visit(tree)
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
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            if node.value.id == "Callable":  # sleep: Callable[[float], Awaitable[Any]]
                node.slice = ast.Constant("sleep")
        if isinstance(node, ast.Assign | ast.AnnAssign):
            target = getattr(node, "target", None) or node.targets[0]  # type: ignore[union-attr]
            if isinstance(target, ast.Name) and target.id == "__all__":
                node.value = ast.Constant(None)
    return ast.dump(tree, include_attributes=False)


def test_async_driver_is_the_sync_driver_with_await() -> None:
    assert _normalised("_async_engine.py", desync=True) == _normalised("_engine.py", False)
