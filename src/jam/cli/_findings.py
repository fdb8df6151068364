"""What a security audit finding is: an id, a severity, where, what is wrong, and the fix.

Shared by the audit rules (``_audit*.py``) and ``jam config check``. A
finding never holds a secret value: only key names, lengths and facts about
the configuration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["SEVERITIES", "Finding", "Severity", "duration", "sort_findings"]

Severity = Literal["high", "medium", "low"]

SEVERITIES: tuple[Severity, ...] = ("high", "medium", "low")
"""Every severity, most severe first.

``high``: an attacker can forge tokens, read secrets or replace keys, or a
safety net is switched off. ``medium``: safe for some deployments only (one
process, a trusted machine); check that yours is one. ``low``: worth knowing,
often fine.
"""


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the audit noticed.

    Attributes:
        id: Stable identifier (``"jwt.no-audience"``), for scripts and ignore lists.
        severity: ``"high"``, ``"medium"`` or ``"low"``.
        where: The configuration key (``"tool.jam.jwt.audience"``) or file it is about.
        message: What is wrong and why it matters.
        fix: What to change.
    """

    id: str
    severity: Severity
    where: str
    message: str
    fix: str

    def as_json(self) -> dict[str, str]:
        """The finding as a JSON object."""
        return {
            "id": self.id,
            "severity": self.severity,
            "where": self.where,
            "message": self.message,
            "fix": self.fix,
        }


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Most severe first, then by id and place (a stable order for diffs)."""
    return sorted(findings, key=lambda f: (SEVERITIES.index(f.severity), f.id, f.where))


def duration(seconds: int) -> str:
    """Say a lifetime in the largest unit that fits.

    Example:
        >>> duration(90), duration(7200), duration(86400 * 30)
        ('90 seconds', '2 hours', '30 days')
    """
    for size, unit in ((86400 * 365, "year"), (86400, "day"), (3600, "hour"), (60, "minute")):
        if (seconds >= size and seconds % size == 0) or seconds >= size * 2:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"
