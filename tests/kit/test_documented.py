"""Every hook, Protocol, record and contract suite is documented for plugin authors.

Docstrings (each hook and Protocol has one with an example) and the guides
in ``docs/plugins/``: every hook and Protocol is named on a guide; each kind's
guide names every field of its record and every member of its Protocols;
the testing guide names every contract suite and fixture of ``jam.testing``.
"""

from __future__ import annotations

import dataclasses
import inspect
from pathlib import Path

import pytest

import jam.protocols
import jam.testing
import jam.testing.pytest_plugin
from jam.plugins import _hookspecs, records

PLUGIN_DOCS = Path(__file__).resolve().parents[2] / "docs" / "plugins"
GUIDES = {page.name: page.read_text() for page in sorted(PLUGIN_DOCS.glob("*.md"))}
ALL_GUIDES = "\n".join(GUIDES.values())

HOOKS = sorted(name for name in dir(_hookspecs) if name.startswith("jam_register_"))
PROTOCOLS = sorted(
    (
        obj
        for _, obj in inspect.getmembers(jam.protocols, inspect.isclass)
        if obj.__module__ == "jam.protocols" and getattr(obj, "_is_protocol", False)
    ),
    key=lambda p: p.__name__,
)

KIND_PAGES = {
    "algorithm.md": (records.AlgorithmRecord, ["SigningAlgorithm", "SupportsKeyGeneration"]),
    "session-store.md": (
        records.SessionStoreRecord,
        [
            "SessionStore",
            "AsyncSessionStore",
            "SupportsGetAndTouch",
            "AsyncSupportsGetAndTouch",
            "SupportsRoutedIds",
            "AsyncSupportsRoutedIds",
        ],
    ),
    "token-list.md": (records.TokenListRecord, ["TokenList", "AsyncTokenList"]),
    "oauth2-provider.md": (records.OAuth2ProviderRecord, ["OAuth2Provider", "OAuth2ProviderHooks"]),
}


def test_the_kind_pages_cover_every_protocol() -> None:
    covered = {name for _, names in KIND_PAGES.values() for name in names}
    assert covered == {protocol.__name__ for protocol in PROTOCOLS}


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_has_an_example_and_is_on_a_guide(name: str) -> None:
    doc = inspect.getdoc(getattr(_hookspecs, name)) or ""
    assert "Example" in doc
    assert "Called once" in doc
    assert f"{name}()" in ALL_GUIDES, f"{name} is on no page of docs/plugins"


@pytest.mark.parametrize("protocol", PROTOCOLS, ids=lambda p: p.__name__)
def test_every_protocol_has_an_example_and_is_on_a_guide(protocol: type) -> None:
    assert "Example" in (inspect.getdoc(protocol) or "")
    for name, member in vars(protocol).items():
        if callable(member) and not name.startswith("_"):
            assert inspect.getdoc(member), f"{protocol.__name__}.{name} has no docstring"
    assert f"jam.protocols.{protocol.__name__}" in ALL_GUIDES or (
        f"`{protocol.__name__}`" in ALL_GUIDES
    ), f"{protocol.__name__} is on no page of docs/plugins"


@pytest.mark.parametrize("page", sorted(KIND_PAGES))
def test_each_kind_page_names_every_record_field_and_protocol_member(page: str) -> None:
    record, protocol_names = KIND_PAGES[page]
    text = GUIDES[page]
    assert record.__name__ in text
    missing = [f.name for f in dataclasses.fields(record) if f"`{f.name}`" not in text]
    assert not missing, f"{page} does not document {record.__name__} fields {missing}"
    for protocol_name in protocol_names:
        protocol = getattr(jam.protocols, protocol_name)
        assert protocol_name in text, f"{page} does not name {protocol_name}"
        members = [
            name
            for base in protocol.__mro__
            if getattr(base, "_is_protocol", False) and base.__module__ == "jam.protocols"
            for name in {*vars(base), *inspect.get_annotations(base)}
            if not name.startswith("_")
        ]
        absent = sorted({name for name in members if f"`{name}" not in text})
        assert not absent, f"{page} does not document {protocol_name} members {absent}"


def test_the_testing_page_names_every_suite_and_fixture() -> None:
    text = GUIDES["testing.md"]
    suites = [name for name in jam.testing.__all__ if name.endswith("Contract")]
    assert len(suites) == 7
    assert all(f"`{name}`" in text for name in suites), suites
    fixtures = jam.testing.pytest_plugin.__all__
    assert sorted(fixtures) == ["jam_config_file", "jam_with", "register_plugin"]
    assert all(f"`{name}`" in text for name in fixtures)
    assert "extra_plugins" in text


def test_the_guides_import_only_public_jam_modules() -> None:
    for page, text in GUIDES.items():
        for line in text.splitlines():
            words = line.split()
            if len(words) >= 2 and words[0] in {"import", "from"} and words[1].startswith("jam."):
                assert not any(part.startswith("_") for part in words[1].split(".")), (page, line)
