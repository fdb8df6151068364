"""Security audit of a validated configuration: the rules that need nothing but the settings.

Each rule looks at one table and says what an attacker could do with it, in
a `Finding` with a severity and the fix. Rules that
need loaded keys or the plugin registry live in `jam.cli._audit_keys`;
rules about the configuration file on disk in `jam.cli._audit_files`.
What the kernel refuses outright (an RSA key under 2048 bits, a weak secret
without ``allow_weak_secret``) is never a finding: it is an error, reported
by ``jam config check`` as such.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from jam.cli._findings import Finding, duration
from jam.config._base import show_key

if TYPE_CHECKING:
    from jam.config import (
        JamConfig,
        JWTSettings,
        OAuth2Settings,
        OTPSettings,
        PluginSettings,
        SessionSettings,
    )

__all__ = ["audit_config"]

DAY = 86400
LONG_TOKEN = DAY
"""Default token lifetimes above this are a medium finding..."""
VERY_LONG = 30 * DAY
"""...and above this a high one (a token that outlives a month is a password)."""
SHORT_TOKEN = 3600
"""Tokens that live longer than this without a revocation list are worth a note."""
MAX_LEEWAY = 300
"""Clock-skew tolerance above this is more than skew."""

_LOCK = "run `jam plugins lock --config <file>` and use the [jam.plugins] table it writes"
_SHARED = '"sqlite" (processes on one host) or "redis" (several hosts)'
_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})


def audit_config(config: JamConfig, where: str) -> list[Finding]:
    """Return every finding about the settings themselves.

    Args:
        config: The validated configuration.
        where: Dotted name of its table (``"jam"``, ``"tool.jam"``), prefixed to keys.
    """
    findings = _plugins(config.plugins, f"{where}.plugins")
    if config.jwt is not None:
        findings += _jwt(config.jwt, f"{where}.jwt")
    if config.session is not None:
        findings += _session(config.session, f"{where}.session")
    if config.otp is not None:
        findings += _otp(config.otp, f"{where}.otp")
    if config.oauth2 is not None:
        findings += _oauth2(config.oauth2, f"{where}.oauth2")
    return findings


def _plugins(settings: PluginSettings, where: str) -> list[Finding]:
    if settings.allow is None:
        if settings.autoload:
            return [
                Finding(
                    "plugins.unpinned",
                    "medium",
                    f"{where}.allow",
                    "every installed distribution of the `jam` entry-point group is imported: "
                    "installing a package is enough to run code inside your process, with the "
                    "power to change how tokens are verified",
                    f"pin the plugins: {_LOCK}",
                )
            ]
        return [
            Finding(
                "plugins.unpinned",
                "low",
                f"{where}.allow",
                "the plugins named in enable are imported from whichever distribution and "
                "version provides them",
                f"pin them: {_LOCK}",
            )
        ]
    loose = sorted(pin.name for pin in settings.allow if pin.version is None)
    if not loose:
        return []
    return [
        Finding(
            "plugins.loose-pin",
            "low",
            f"{where}.allow",
            f"allow admits any version of {', '.join(loose)}",
            f"pin exact versions: {_LOCK}",
        )
    ]


def _jwt(settings: JWTSettings, where: str) -> list[Finding]:
    findings = []
    if settings.allow_weak_secret:
        findings.append(
            Finding(
                "jwt.allow-weak-secret",
                "high",
                f"{where}.allow_weak_secret",
                "allow_weak_secret = true accepts HMAC secrets shorter than the hash or made of "
                "a repeated pattern; anyone who guesses or brute-forces one can forge tokens",
                "replace the secret (`jam secret --kind hs256`, or hs384/hs512 to match the "
                "algorithm) and remove allow_weak_secret",
            )
        )
    if settings.audience is None:
        findings.append(
            Finding(
                "jwt.no-audience",
                "medium",
                f"{where}.audience",
                "no audience: tokens are not bound to one service, so a token issued for "
                "another service that shares these keys is accepted here",
                'set audience = "<this service>" (tokens then carry aud, and a token for '
                "another audience is refused)",
            )
        )
    if settings.issuer is None:
        findings.append(
            Finding(
                "jwt.no-issuer",
                "low",
                f"{where}.issuer",
                "no issuer: tokens do not say who issued them, and verification accepts any iss",
                'set issuer = "https://<your service>"',
            )
        )
    findings += _lifetime(settings, where)
    if settings.leeway > MAX_LEEWAY:
        findings.append(
            Finding(
                "jwt.long-leeway",
                "low",
                f"{where}.leeway",
                f"leeway = {settings.leeway}: tokens are accepted {duration(settings.leeway)} "
                "after they expire; clock skew needs seconds",
                "set leeway to a few seconds (30 is plenty)",
            )
        )
    table = settings.token_list
    if table is not None and table.backend == "memory":
        lost = (
            "revocations are kept in this process only: a restart forgets them, and other "
            "workers accept a revoked token"
            if table.type == "black"
            else "the white list is kept in this process only: a restart rejects every token "
            "issued before it, and other workers reject tokens this one issued"
        )
        findings.append(
            Finding(
                "jwt.list-memory",
                "medium",
                f"{where}.list.backend",
                f"{lost}; fine for one process",
                f"use backend = {_SHARED}",
            )
        )
    return findings


def _lifetime(settings: JWTSettings, where: str) -> list[Finding]:
    expire, listed = settings.expire, settings.token_list is not None
    if expire > LONG_TOKEN:
        revoke = "" if listed else ", and without a token list it cannot be revoked"
        return [
            Finding(
                "jwt.long-expiry",
                "high" if expire > VERY_LONG else "medium",
                f"{where}.expire",
                f"tokens live {duration(expire)} by default: a stolen token works that long"
                f"{revoke}",
                "lower expire (900 to 3600 seconds) and issue new tokens as needed "
                "(a refresh token or a session)",
            )
        ]
    if expire > SHORT_TOKEN and not listed:
        return [
            Finding(
                "jwt.no-revocation",
                "low",
                f"{where}.list",
                f"no token list: a token cannot be revoked during its {duration(expire)} "
                "lifetime (after a logout or a leak)",
                f'add [jam.jwt.list] with type = "black" and backend = {_SHARED}',
            )
        ]
    return []


def _session(settings: SessionSettings, where: str) -> list[Finding]:
    findings = []
    memory = settings.backend == "memory"
    if memory:
        findings.append(
            Finding(
                "session.memory",
                "medium",
                f"{where}.backend",
                "sessions are kept in this process only: a restart logs everyone out, and "
                "other workers do not know them; fine for one process",
                f"use backend = {_SHARED}",
            )
        )
    if not settings.is_session_crypt:
        findings.append(
            Finding(
                "session.not-encrypted",
                "low" if memory else "medium",
                f"{where}.is_session_crypt",
                "session data is stored in clear in the backend (anyone who reads the "
                "database or a backup reads it) and session ids are not authenticated",
                "set is_session_crypt = true and session_aes_secret = "
                '{ env = "JAM_SESSION_KEY" } (`jam secret --kind session` makes one)',
            )
        )
    if settings.allow_weak_secret:
        findings.append(
            Finding(
                "session.allow-weak-secret",
                "high",
                f"{where}.allow_weak_secret",
                "allow_weak_secret = true accepts a session_aes_secret that is not random "
                "(all zeros, a short pattern): a test setting",
                "generate a key with `jam secret --kind session` and remove allow_weak_secret",
            )
        )
    if settings.default_ttl is None:
        findings.append(
            Finding(
                "session.no-expiry",
                "high",
                f"{where}.default_ttl",
                "sessions never expire: a stolen session id works for good",
                "set default_ttl (86400 is one day) and idle_ttl",
            )
        )
    elif settings.default_ttl > VERY_LONG:
        findings.append(
            Finding(
                "session.long-expiry",
                "medium",
                f"{where}.default_ttl",
                f"sessions live {duration(settings.default_ttl)}: a stolen session id works "
                "that long",
                "lower default_ttl, and set idle_ttl",
            )
        )
    if settings.idle_ttl is None:
        findings.append(
            Finding(
                "session.no-idle-timeout",
                "low",
                f"{where}.idle_ttl",
                "no idle timeout: a session left open stays valid until default_ttl",
                "set idle_ttl (1800 is thirty minutes)",
            )
        )
    return findings


def _otp(settings: OTPSettings, where: str) -> list[Finding]:
    findings = []
    if settings.allow_weak_secrets:
        findings.append(
            Finding(
                "otp.allow-weak-secrets",
                "high",
                f"{where}.allow_weak_secrets",
                "allow_weak_secrets = true accepts OTP secrets under 128 bits, which an "
                "attacker can brute-force from a few codes",
                "enrol users again with `jam otp secret` (160 bits) and remove allow_weak_secrets",
            )
        )
    if not settings.replay_protection:
        findings.append(
            Finding(
                "otp.no-replay-protection",
                "medium",
                f"{where}.replay_protection",
                "replay protection is off: a code works again within its window, so someone "
                "who sees it typed (or intercepts it) can use it too",
                f"set replay_protection = true and replay_backend = {_SHARED}",
            )
        )
    elif settings.replay_backend == "memory":
        findings.append(
            Finding(
                "otp.replay-memory",
                "medium",
                f"{where}.replay_backend",
                "used codes are remembered in this process only: another worker, or this one "
                "after a restart, accepts the same code again; fine for one process",
                f"use replay_backend = {_SHARED}",
            )
        )
    return findings


def _oauth2(settings: OAuth2Settings, where: str) -> list[Finding]:
    findings = []
    for name, provider in sorted(settings.providers.items()):
        table = f"{where}.providers.{show_key(name)}"
        urls = {
            "redirect_url": provider.redirect_url,
            "issuer": provider.issuer,
            "auth_url": provider.auth_url,
            "token_url": provider.token_url,
            "userinfo_url": provider.userinfo_url,
        }
        for key, url in urls.items():
            if url is not None and _plain_http(url):
                findings.append(
                    Finding(
                        "oauth2.plain-http",
                        "high",
                        f"{table}.{key}",
                        f"{key} uses plain http: authorization codes, tokens or the client "
                        "secret travel unencrypted",
                        "use an https:// URL (http is only safe on localhost)",
                    )
                )
    return findings


def _plain_http(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() == "http" and (parts.hostname or "") not in _LOOPBACK
