"""Plugin modules are cheap to import: heavy dependencies load only in factories."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("redis", "hiredis", "sqlite3", "cryptography", "segno", "httpx")

CHILD = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(sys.argv[2])))))
"""


MODULES = [
    "jam",
    "jam.builtin.plugin",
    "jam_jwa.plugin",
    "jam_sqlite.plugin",
    "jam_redis.plugin",
    "jam_oauth2.plugin",
]


@pytest.mark.parametrize("module", MODULES)
def test_plugin_module_imports_nothing_heavy(module: str) -> None:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, module, json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(out) == []


def test_building_a_registry_imports_nothing_heavy() -> None:
    code = (
        "import sys, json; from jam.config import PluginSettings; "
        "from jam.plugins._manager import load_registry; load_registry(PluginSettings()); "
        "heavy = set(json.loads(sys.argv[1])); "
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & heavy)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, json.dumps(HEAVY)], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == []
