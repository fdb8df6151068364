"""Every example in docs/ runs.

Convention for pages: a fenced block with ``title="some/path"`` is a file the
page asks the reader to create (written into a temporary folder); every
``python`` block without a title is run, in order, in that folder. A page that
creates a ``pyproject.toml`` with a ``[build-system]`` is a distribution: it is installed into a
temporary target folder put on ``sys.path`` first, exactly as a reader would
``pip install`` it.
"""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
FENCE = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```", re.S | re.M)
TITLE = re.compile(r'title="([^"]+)"')

PAGES = sorted(DOCS.rglob("*.md"))


def blocks(page: Path) -> list[tuple[str, str | None, str]]:
    return [
        (lang, (TITLE.search(attrs) or [None, None])[1], body)
        for lang, attrs, body in FENCE.findall(page.read_text())
    ]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_page_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = blocks(page)
    code = [body for lang, title, body in found if lang == "python" and title is None]
    files = [(title, body) for _, title, body in found if title is not None]
    if not code and not files:
        pytest.skip("page has no examples")
    for title, body in files:
        target = tmp_path / title
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body)
    pyproject = tmp_path / "pyproject.toml"
    if pyproject.exists() and "[build-system]" in pyproject.read_text():
        site = tmp_path / "_site"
        uv = shutil.which("uv")
        assert uv is not None, "uv is needed to install the page's distribution"
        subprocess.run(
            [
                uv,
                "pip",
                "install",
                "--quiet",
                "--python",
                sys.executable,
                "--no-deps",
                "--no-build-isolation",
                "--target",
                str(site),
                str(tmp_path),
            ],
            check=True,
        )
        monkeypatch.syspath_prepend(str(site))
        importlib.invalidate_caches()
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for index, body in enumerate(code):
        exec(compile(body, f"{page.name}[python block {index}]", "exec"), namespace)  # noqa: S102


def test_every_page_with_python_has_runnable_examples() -> None:
    assert any(lang == "python" for page in PAGES for lang, _, _ in blocks(page))
