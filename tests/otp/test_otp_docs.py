"""Every example on docs/otp.md runs (blocks with ``title=`` are files, the rest is run)."""

from __future__ import annotations

import re
from pathlib import Path

PAGE = Path(__file__).resolve().parents[2] / "docs" / "otp.md"
FENCE = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```", re.S | re.M)
TITLE = re.compile(r'title="([^"]+)"')


def test_otp_page_examples_run(tmp_path, monkeypatch):
    blocks = FENCE.findall(PAGE.read_text())
    code = [body for lang, attrs, body in blocks if lang == "python" and not TITLE.search(attrs)]
    files = [(TITLE.search(attrs), body) for _, attrs, body in blocks if TITLE.search(attrs)]
    assert len(code) >= 6
    for title, body in files:
        (tmp_path / title.group(1)).write_text(body)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "docs_otp"}
    for index, body in enumerate(code):
        exec(compile(body, f"otp.md[python block {index}]", "exec"), namespace)  # noqa: S102


def test_every_documented_config_key_exists():
    from jam.config import OTPSettings
    from jam.config._base import known_keys

    block = re.search(r'```toml title="jam.toml"\n(.*?)```', PAGE.read_text(), re.S)
    assert block is not None
    keys = re.findall(r"^(\w+) = ", block.group(1), re.M)
    assert set(keys) == set(known_keys(OTPSettings))
