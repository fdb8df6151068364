"""The plugin is found through its entry point and stays cheap to import."""

from __future__ import annotations

import subprocess
import sys

from jam.config import load_config
from jam.plugins._manager import OAUTH2_PROVIDERS, load_registry


def test_registered_through_the_entry_point() -> None:
    registry = load_registry(load_config({}).plugins)
    providers = {p.record.name: p.plugin.distribution for p in registry.provided(OAUTH2_PROVIDERS)}
    assert providers == dict.fromkeys(
        ["github", "gitlab", "google", "oidc", "yandex"], "jam-auth-oauth2"
    )


def test_disabling_the_plugin_removes_the_providers() -> None:
    registry = load_registry(load_config({"plugins": {"disable": ["oauth2"]}}).plugins)
    assert registry.names(OAUTH2_PROVIDERS) == []


def test_plugin_module_does_not_import_httpx() -> None:
    code = "import sys, jam_oauth2.plugin; print('httpx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
