"""Config target: TOML text and dicts through ``jam.config.load_config`` and ``jam.Jam``.

The fuzzer writes TOML (``jam.toml`` or ``pyproject.toml`` in a scratch
folder that also holds a PEM key file the seeds reference). Properties:

* only ``JamError`` escapes loading, and building ``jam.Jam`` from what loaded;
* the same table loads the same from the file and as a dict (``tomllib``
  output), or fails both ways;
* a secret written in the file (``secret_key``, ``session_aes_secret``,
  ``client_secret``, a URL password...) never appears in an error message or
  in the loaded configuration's ``repr``/``str``.

``jam.Jam`` is built only when every backend is the in-memory one and no
OAuth2 provider is configured: the fuzzer must never make Jam create files
outside the scratch folder or open network connections.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.fuzz._common import Finding, Reader, seed

ROOT = Path(__file__).resolve().parents[2]
SECRET_NAMES = frozenset(
    {"secret_key", "session_aes_secret", "client_secret", "private_key", "password", "secret"}
)
SESSION_KEY_VARIABLE = "JAM_FUZZ_SESSION_KEY"


@dataclass
class ConfigState:
    """The scratch folder and the seeds."""

    folder: Path
    seeds: list[bytes]

    def close(self) -> None:
        """Nothing to close (the driver removes the folder)."""


def config_state(folder: Path) -> ConfigState:
    """Write a key file into ``folder`` and collect seeds: made configs and the docs' TOML."""
    from bench.fuzz._jwt import make_key, pem
    from jam.sessions import generate_session_secret

    (folder / "es256.pem").write_text(pem(make_key("P-256")))
    os.environ[SESSION_KEY_VARIABLE] = generate_session_secret()
    os.chdir(folder)  # dict configurations resolve relative files against the working folder
    secret = generate_session_secret()
    made = [
        f'[jam.jwt]\nalg = "HS256"\nsecret_key = "{secret}"\nexpire = 600\nleeway = 5\n'
        '[jam.jwt.list]\ntype = "black"\nbackend = "memory"\n',
        '[jam.jwt]\nalg = "ES256"\nprivate_key = { file = "es256.pem" }\n'
        'issuer = "https://api.example"\naudience = ["a", "b"]\n',
        f'[[jam.jwt.keys]]\nkid = "new"\nalg = "HS512"\nsecret_key = "{secret}{secret}"\n'
        f'[[jam.jwt.keys]]\nkid = "old"\nalg = "HS256"\nsecret_key = "{secret}"\n'
        '[jam.jwt.list]\ntype = "white"\nentry_ttl = 60\n',
        f'[jam.session]\nbackend = "memory"\ndefault_ttl = 3600\nidle_ttl = 600\n'
        f'is_session_crypt = true\nsession_aes_secret = "${{{SESSION_KEY_VARIABLE}}}"\n',
        '[jam.otp]\ntype = "totp"\ndigits = 8\ndigest = "sha256"\nreplay_protection = true\n'
        'max_look_ahead = 3\nissuer = "Example"\n',
        '[jam.plugins]\nautoload = false\nenable = ["jwa"]\n[jam.jwt]\nalg = "ES256"\n'
        'private_key = { file = "es256.pem" }\n',
        f'[jam]\nauth_type = "jwt"\nalg = "HS256"\nsecret_key = "{secret}"\n',
        '[jam.session]\nbackend = "redis"\nredis_uri = "redis://user:hunter2-longer@127.0.0.1:1/0"\n',
        '[jam.session]\nbackend = "sqlite"\npath = "sessions.db"\n',
        f'[tool.jam.jwt]\nsecret_key = {{ env = "{SESSION_KEY_VARIABLE}" }}\n',
    ]
    seeds = [seed(1 if doc.startswith("[tool.") else 0, last=doc) for doc in made]
    for path in sorted((ROOT / "docs").rglob("*.md")):
        for block in re.findall(r"```toml[^\n]*\n(.*?)```", path.read_text(), flags=re.S):
            seeds.append(seed(0, last=block))
            seeds.append(seed(1, last=block))
    return ConfigState(folder, seeds)


def _secrets(value: Any, name: str = "") -> set[str]:
    """Secret-looking strings written under secret names, and URL passwords, anywhere."""
    found: set[str] = set()
    if isinstance(value, Mapping):
        for key, item in value.items():
            found |= _secrets(item, str(key))
    elif isinstance(value, list):
        for item in value:
            found |= _secrets(item, name)
    elif isinstance(value, str):
        if name in SECRET_NAMES and _distinctive(value):
            found.add(value)
        if "@" in value:
            try:
                password = urlsplit(value).password
            except ValueError:
                password = None
            if password is not None and _distinctive(password):
                found.add(password)
    return found


def _plain_text(value: Any, name: str = "") -> list[str]:
    """Every key, and every string not written under a secret name."""
    found: list[str] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            found.append(str(key))
            found += _plain_text(item, str(key))
    elif isinstance(value, list):
        for item in value:
            found += _plain_text(item, name)
    elif isinstance(value, str) and name not in SECRET_NAMES and "@" not in value:
        found.append(value)
    return found


def _distinctive(value: str) -> bool:
    """Long enough, and not a word the message could contain for another reason."""
    return len(value) >= 12 and not re.fullmatch(r"[a-z_.\- ]*", value) and "$" not in value


def _leaks(secrets: set[str], *texts: str) -> bool:
    return any(secret in shown for secret in secrets for shown in texts)


def _table(document: Mapping[str, Any], pyproject: bool) -> Mapping[str, Any] | None:
    if pyproject:
        tool = document.get("tool")
        if isinstance(tool, Mapping) and "jam" in tool:
            return tool["jam"] if isinstance(tool["jam"], Mapping) else None
    value = document.get("jam")
    return value if isinstance(value, Mapping) else None


def _buildable(config: Any) -> bool:
    """True when building Jam touches only memory (no files, no network)."""
    if config.oauth2 is not None:
        return False
    backends = []
    if config.jwt is not None and config.jwt.token_list is not None:
        backends.append(config.jwt.token_list.backend)
    if config.session is not None:
        backends.append(config.session.backend)
    if config.otp is not None and config.otp.replay_protection:
        backends.append(config.otp.replay_backend)
    return all(name == "memory" for name in backends)


def fuzz_config(state: ConfigState, data: bytes) -> None:
    """Load hostile TOML from a file and as a dict; build Jam when that is safe."""
    import jam
    from jam.config import load_config
    from jam.exceptions import JamConfigError, JamError

    reader = Reader(data)
    pyproject = bool(reader.byte() & 1)
    raw = reader.rest()
    path = state.folder / ("pyproject.toml" if pyproject else "jam.toml")
    path.write_bytes(raw)
    os.chmod(path, 0o600)
    try:  # the dict side reads the very bytes the file holds
        document: Any = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, ValueError, RecursionError):
        document = None
    secrets = _secrets(document) if document is not None else set()
    if secrets:  # text also written outside a secret (an alg, a key name) may be shown
        plain = _plain_text(document)
        secrets = {secret for secret in secrets if not any(secret in item for item in plain)}
    try:
        from_file = load_config(path, pointer="jam")
    except JamError as err:
        if not isinstance(err, JamConfigError):
            raise Finding(f"load_config raised {type(err).__name__}, not JamConfigError") from None
        if _leaks(secrets, str(err), repr(err)):
            raise Finding("a configuration error message shows a secret") from None
        from_file = None
    if from_file is not None and _leaks(secrets, repr(from_file), str(from_file)):
        raise Finding("a loaded configuration's repr shows a secret")
    table = None if document is None else _table(document, pyproject)
    if table is not None:
        try:
            from_dict = load_config(table, pointer="jam")
        except JamConfigError:
            from_dict = None
        if (from_file is None) != (from_dict is None) or from_file != from_dict:
            raise Finding("the same table loads differently from a file and from a dict")
    if from_file is not None and _buildable(from_file):
        jam.Jam(config=from_file).close()
