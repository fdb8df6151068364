"""Third-party plugins written from the docs alone pass the contract suites and show up.

Each guide in ``docs/plugins/`` that builds a distribution (a ``pyproject.toml``
with a ``[build-system]``) is written out, file by file, into a folder outside
the repository, exactly as its fenced ``title="..."`` blocks say. All of them
are installed in editable mode next to the kernel (built from this
repository) in one fresh ``python -m venv``, the way the guides say
(``uv pip install -e '.[test]'``). Then each distribution's own tests run there,
the contract suites of ``jam.testing`` among them, and ``jam plugins --json``
lists every one with what it registered. The testing guide's example tests run
against the distribution of the guide they name.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.kit._venv import REPO, make_venv
from tests.test_docs import DOCS, blocks

pytestmark = pytest.mark.slow

GUIDES = {
    # page -> (entry point, what it registers)
    "writing-a-plugin.md": ("sha3", {"algorithms": ["HS3-256"]}),
    "algorithm.md": ("blake2", {"algorithms": ["BLAKE2b-256"]}),
    "session-store.md": ("capped", {"session_stores": ["capped"]}),
    "token-list.md": ("cappedlist", {"token_lists": ["capped"]}),
    "oauth2-provider.md": ("apple", {"oauth2_providers": ["apple"]}),
}
EXTRA_TESTS = {"testing.md": "writing-a-plugin.md"}
"""Pages whose test files run inside another page's distribution."""

KINDS = ("algorithms", "session_stores", "token_lists", "oauth2_providers")


def write_files(page: str, folder: Path) -> list[Path]:
    """Create the files a page's titled blocks describe; return them."""
    written = []
    for _lang, title, body in blocks(DOCS / "plugins" / page):
        if title is None:
            continue
        target = folder / title
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body)
        written.append(target)
    return written


def test_every_guide_distribution_is_covered() -> None:
    built = {
        page.name
        for page in (DOCS / "plugins").glob("*.md")
        if any(
            title == "pyproject.toml" and "[build-system]" in body
            for _, title, body in blocks(page)
        )
    }
    assert built == set(GUIDES)


def test_plugins_written_from_the_docs_pass_their_contracts_and_are_listed(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    work = tmp_path_factory.mktemp("from-the-docs")
    assert REPO not in work.parents
    folders = {}
    for page in GUIDES:
        folder = work / page.removesuffix(".md")
        files = write_files(page, folder)
        assert any(path.match("tests/test_*.py") for path in files), f"{page} has no tests"
        folders[page] = folder
    for page, host in EXTRA_TESTS.items():
        assert any(path.match("tests/test_*.py") for path in write_files(page, folders[host]))

    venv = make_venv(work / "venv")
    editable = [arg for folder in folders.values() for arg in ("-e", f"{folder}[test]")]
    # the kernel and jam-auth-oauth2 (for jam-auth[oauth2]) are not on PyPI: from the repository
    venv.uv_install(str(REPO), str(REPO / "plugins" / "jam-auth-oauth2"), *editable, cwd=work)

    for page, folder in folders.items():
        done = venv.run(venv.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=folder)
        assert done.returncode == 0, f"{page}:\n{done.stdout}\n{done.stderr}"
        assert " passed" in done.stdout.strip().splitlines()[-1], done.stdout

    listed = {entry["name"]: entry for entry in venv.plugins_json(cwd=work)}
    for page, (name, registered) in GUIDES.items():
        assert name in listed, f"{page}: {name} missing from jam plugins"
        entry = listed[name]
        assert entry["status"] == "loaded", entry
        expected = {kind: registered.get(kind, []) for kind in KINDS}
        assert entry["registered"] == expected, (page, entry["registered"])
