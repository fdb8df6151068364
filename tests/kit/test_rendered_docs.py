"""The built site shows no Sphinx leftovers and no unrendered code fences.

``mkdocs build --strict`` passes on raw reStructuredText in docstrings: it
renders ``:meth:`x``` or ``.. code-block::`` as literal text. This builds the
site (strict) and reads the generated HTML: the API reference must hold no
RST role, directive, literal-block marker or table border; no page may show a
fenced block as a paragraph (a fence the Markdown extensions did not read).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

RST = {
    "role": re.compile(r":(?:meth|class|func|mod|data|attr|exc|obj|const|ref|py:\w+):"),
    "directive": re.compile(r"\.\. [a-z][a-z-]*::"),
    "table border": re.compile(r"={3,}[ \t]+={3,}"),
    "literal-block marker": re.compile(r"\w::</p>"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def test_the_reference_has_no_restructuredtext(site: Path) -> None:
    html = (site / "reference" / "index.html").read_text()
    found = {
        kind: sorted(set(pattern.findall(html)))
        for kind, pattern in RST.items()
        if pattern.search(html)
    }
    assert not found, f"raw RST in the rendered API reference: {found}"


def test_the_reference_documents_the_plugin_author_api(site: Path) -> None:
    html = (site / "reference" / "index.html").read_text()
    for name in (
        "jam.protocols.SigningAlgorithm",
        "jam.plugins.extra_plugins",
        "jam.plugins.inline_async",
        "jam.testing.SigningAlgorithmContract",
        "jam.testing.pytest_plugin.jam_with",
    ):
        assert f'id="{name}"' in html, name


def test_no_page_shows_a_fence_as_text(site: Path) -> None:
    broken = [
        str(page.relative_to(site))
        for page in site.rglob("*.html")
        if re.search(r"<p>```", page.read_text())
    ]
    assert not broken
