"""``jam config check``: validate a configuration, print it redacted, and audit its security."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from jam.cli import _toml
from jam.cli._common import common_options, config_options, debug_option
from jam.cli._findings import SEVERITIES
from jam.cli._output import SEVERITY_COLORS, Output, safe

if TYPE_CHECKING:
    from jam.cli._checker import CheckResult

__all__ = ["config"]

_WIDTH = 100


@click.group()
@debug_option
def config() -> None:
    """Check a configuration file."""


@config.command("check")
@click.option(
    "--fail-on",
    type=click.Choice([*SEVERITIES, "never"]),
    default="never",
    show_default=True,
    help="Also exit 1 when the audit finds something this severe or worse (for CI).",
)
@config_options(needed=True)
@common_options
def check(*, fail_on: str, config: str, pointer: str, as_json: bool) -> int:
    """Validate a configuration, print it with secrets redacted, and audit it.

    Loads the file as jam.Jam would: every table is validated, the plugins
    are loaded, the JWT keys are loaded and each backend's options are
    checked by its plugin (no backend is opened: no file is created, nothing
    is contacted). Anything the kernel would refuse is an error (exit 1).

    Then the audit: each finding has a severity (high, medium, low), says what
    an attacker could do, and how to fix it. Findings never show a secret.
    Exit status 0 when the configuration is valid, unless --fail-on says
    otherwise.
    """
    from jam.cli._checker import run_check

    result = run_check(config, pointer)
    out = Output(json_mode=as_json)
    if as_json:
        out.json(result.as_json())
    else:
        _print(out, result)
    for kind, message in result.errors:
        out.line(click.style("error:", fg="red", bold=True) + f" {kind}: {message}", err=True)
    if not result.valid:
        return 1
    rank = {level: index for index, level in enumerate(SEVERITIES)}
    if fail_on in rank and any(rank[f.severity] <= rank[fail_on] for f in result.findings):
        return 1
    return 0


def _print(out: Output, result: CheckResult) -> None:
    name = safe(result.file)
    if not result.valid:
        out.line(f"{name}: " + click.style("INVALID", fg="red", bold=True))
        if result.config is None:
            return
    else:
        out.line(f"{name} [{result.table}]: " + click.style("valid", fg="green", bold=True))
    out.line()
    prefix = (result.table or "jam").split(".")
    for section, content in (result.config or {}).items():
        if isinstance(content, dict):
            for line in _toml.table([*prefix, section], content):
                out.line(line)
            out.line()
    counts = result.counts()
    summary = ", ".join(f"{counts[level]} {level}" for level in SEVERITIES)
    out.line(click.style("Security audit", bold=True) + f": {summary}")
    for finding in result.findings:
        label = finding.severity.upper().ljust(7)
        head = click.style(label, fg=SEVERITY_COLORS[finding.severity], bold=True)
        out.line(f"{head} {finding.id}  " + click.style(finding.where, dim=True))
        indent = " " * 8
        for text in (finding.message, f"fix: {finding.fix}"):
            out.line(click.wrap_text(text, _WIDTH, initial_indent=indent, subsequent_indent=indent))
