"""Run ``jam config check``: load a configuration as the kernel would, then audit it.

Nothing is opened or written: the configuration is validated, the plugins
are loaded, the JWT keys are loaded, and each backend's options are
validated by its plugin, but no backend is built (no SQLite file is created,
no Redis connection is made). Every problem that would stop `jam.Jam`
from being built is an *error*; everything else the audit notices is a
*finding* (`jam.cli._audit`, `jam.cli._audit_keys`,
`jam.cli._audit_files`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jam.cli._audit import audit_config
from jam.cli._findings import SEVERITIES, Finding, sort_findings
from jam.exceptions import JamError

if TYPE_CHECKING:
    from jam.config import JamConfig
    from jam.plugins import Registry

__all__ = ["CheckResult", "run_check"]


@dataclass
class CheckResult:
    """What ``jam config check`` found.

    Attributes:
        file: The configuration file.
        table: Dotted name of the table read (``"jam"``, ``"tool.jam"``), once found.
        config: The resolved configuration, secrets redacted (``None`` when it does not load).
        errors: ``(exception type, one-line message)`` of everything the kernel refuses.
        findings: The audit's findings, most severe first.
    """

    file: str
    table: str | None = None
    config: dict[str, Any] | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """True when `jam.Jam` would be built from this configuration."""
        return not self.errors

    def counts(self) -> dict[str, int]:
        """Findings per severity."""
        return {level: sum(f.severity == level for f in self.findings) for level in SEVERITIES}

    def as_json(self) -> dict[str, Any]:
        """The result as a JSON object (what ``jam config check --json`` prints)."""
        return {
            "file": self.file,
            "table": self.table,
            "valid": self.valid,
            "errors": [{"type": kind, "message": message} for kind, message in self.errors],
            "config": self.config,
            "findings": [finding.as_json() for finding in self.findings],
            "summary": self.counts(),
        }


def run_check(path: str, pointer: str) -> CheckResult:
    """Load, validate and audit the configuration in ``path``.

    Never raises a `JamError`: each one becomes an entry
    of `CheckResult.errors`.
    """
    from jam.cli._audit_files import audit_file
    from jam.cli._main import one_line
    from jam.config import load_config
    from jam.config._loader import find_table
    from jam.plugins._manager import load_registry

    result = CheckResult(file=path)

    def error(err: JamError) -> None:
        result.errors.append((type(err).__name__, one_line(str(err))))

    try:
        config = load_config(path, pointer)
        result.table = find_table(path, pointer)[2]
    except JamError as err:
        error(err)
        return result
    where = result.table
    result.config = config.model_dump(mode="json", by_alias=True, exclude_none=True)
    findings = audit_config(config, where) + audit_file(Path(path), pointer)
    try:
        registry = load_registry(config.plugins)
    except JamError as err:
        error(err)
    else:
        for check in (_jwt, _session, _otp):
            try:
                findings += check(config, registry, where)
            except JamError as err:
                error(err)
    result.findings = sort_findings(findings)
    return result


def _jwt(config: JamConfig, registry: Registry, where: str) -> list[Finding]:
    settings = config.jwt
    if settings is None:
        return []
    from jam.cli._audit_keys import audit_keys
    from jam.jwt import JWTCore

    core = JWTCore(settings, registry)
    table = settings.token_list
    if table is not None:
        _backend_options(registry, "token list", table.backend, table, f"{where}.jwt.list")
    return audit_keys(settings, registry, core.keyring, f"{where}.jwt")


def _session(config: JamConfig, registry: Registry, where: str) -> list[Finding]:
    settings = config.session
    if settings is not None:
        _backend_options(registry, "session store", settings.backend, settings, f"{where}.session")
    return []


def _otp(config: JamConfig, registry: Registry, where: str) -> list[Finding]:
    settings = config.otp
    if settings is not None and settings.replay_protection:
        _backend_options(registry, "token list", settings.replay_backend, settings, f"{where}.otp")
    return []


def _backend_options(registry: Registry, noun: str, name: str, table: Any, where: str) -> None:
    """Look the backend up and validate its options with its plugin's model, without building it."""
    from jam._backends import backend_options

    record = registry.token_list(name) if noun == "token list" else registry.session_store(name)
    backend_options(record, table, where)
