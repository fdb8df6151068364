"""The performance targets of issue 5, judged on ratios measured in one run."""

from __future__ import annotations

from typing import Any

from bench._report import FULL_VALIDATION_EXEMPT, by_op, ratios

NOISE = 0.03
"""'Never slower than a peer' tolerates this much: crypto-bound rows are ties within noise."""


def _v(target: str, ok: bool | None, detail: str) -> dict[str, Any]:
    status = "N/A" if ok is None else ("PASS" if ok else "FAIL")
    return {"target": target, "status": status, "detail": detail}


def _peer_detail(r: dict[str, Any]) -> str:
    return ", ".join(f"{lib} {x:.2f}x" for lib, x in sorted(r["jam_vs_peer"].items()))


def evaluate(  # noqa: PLR0915  (one verdict per target, in order)
    results: list[dict[str, Any]], extra: dict[str, Any]
) -> list[dict[str, Any]]:
    """Return one verdict per target (N/A when the row could not be measured)."""
    table = by_op(results)
    verdicts: list[dict[str, Any]] = []

    def cells(group: str, op: str) -> dict[str, dict[str, Any]]:
        return table.get((group, op), {})

    # HS256
    for op, need in (("HS256 verify", 1.5), ("HS256 create", 1.3)):
        r = ratios(cells("jwt", op))
        best = r["jam_vs_best_peer"]
        full = [x for lib, x in r["jam_vs_peer"].items() if lib not in FULL_VALIDATION_EXEMPT]
        detail = (
            f"{best:.2f}x {r['best_peer']} (full-validation peers: "
            f"{min(full):.2f}x); {_peer_detail(r)}"
            if best and full
            else "not measured"
        )
        verdicts.append(
            _v(f"{op} >= {need}x fastest peer", None if best is None else best >= need, detail)
        )
    r = ratios(cells("jwt", "HS256 verify"))
    floor = r["jam_time_vs_floor"]
    verdicts.append(
        _v(
            "HS256 verify within 1.6x of floor",
            None if floor is None else floor <= 1.6,
            f"{floor:.2f}x" if floor else "not measured",
        )
    )
    # asymmetric
    for alg in ("RS256", "PS256", "ES256", "EdDSA"):
        for kind in ("create", "verify"):
            r = ratios(cells("jwt", f"{alg} {kind}"))
            floor = r["jam_time_vs_floor"]
            worst = min(r["jam_vs_peer"].values()) if r["jam_vs_peer"] else None
            ok = (
                None if floor is None else (floor <= 1.15 and (worst is None or worst >= 1 - NOISE))
            )
            detail = (
                f"{floor:.2f}x floor; slowest margin vs a peer {worst:.2f}x"
                if floor and worst
                else f"{floor:.2f}x floor"
                if floor
                else "not measured"
            )
            verdicts.append(_v(f"{alg} {kind} <= 1.15x floor, >= every peer", ok, detail))
    # sessions on redis
    for op in ("get", "create"):
        c = cells("sessions", f"redis session {op}")
        jam = (c.get("jam") or {}).get("ops_per_s")
        floor_ops = (c.get("floor") or {}).get("ops_per_s")
        ok = None if not (jam and floor_ops) else floor_ops / jam <= 1.25
        trips = extra.get("round_trips", {}).get(f"redis {op}")
        detail = (
            f"{floor_ops / jam:.2f}x one raw round trip"
            if jam and floor_ops
            else "not measured (sessions or redis store not available)"
        )
        if trips is not None:
            detail += f"; {trips} round trip(s) per call"
        verdicts.append(_v(f"redis session {op} <= 1.25x one raw round trip", ok, detail))
    trips = extra.get("round_trips", {}).get("redis clear x100")
    verdicts.append(
        _v(
            "session_clear of 100 sessions in one round trip",
            None if trips is None else trips == 1,
            "not measured" if trips is None else f"{trips} round trip(s)",
        )
    )
    # OTP
    r = ratios(cells("otp", "TOTP verify (window ±1)"))
    x = r["jam_vs_peer"].get("pyotp")
    verdicts.append(
        _v(
            "TOTP verify ±1 >= 2x pyotp",
            None if x is None else x >= 2,
            f"{x:.2f}x pyotp" if x else "not measured",
        )
    )
    # cold start
    cold = extra.get("cold") or {}
    full = cold.get("full") or {}
    minimal = cold.get("minimal") or {}
    ms = full.get("median_ms")
    verdicts.append(
        _v(
            "cold start (import + Jam with all plugins) <= 300 ms",
            None if ms is None else ms <= 300,
            f"{ms:.0f} ms median ({', '.join(full.get('config_uses', []))}); "
            f"interpreter alone {cold.get('interpreter_startup_ms', 0):.0f} ms"
            if ms is not None
            else full.get("error", "not measured"),
        )
    )
    loaded = minimal.get("heavy_loaded")
    verdicts.append(
        _v(
            "unused plugins import no heavy deps (HS256-only config)",
            None if loaded is None else not loaded,
            "nothing heavy loaded"
            if loaded == []
            else f"loaded: {', '.join(loaded)}"
            if loaded
            else minimal.get("error", "not measured"),
        )
    )
    # OAuth2 (issue 12)
    for alg in ("RS256", "ES256"):
        r = ratios(cells("oauth2", f"ID token verify {alg} (cached JWKS)"))
        floor = r["jam_time_vs_floor"]
        peer = r["jam_vs_peer"].get("authlib")
        verdicts.append(
            _v(
                f"oauth2_verify_id_token {alg} <= 1.15x floor",
                None if floor is None else floor <= 1.15,
                f"{floor:.2f}x floor; Authlib {peer:.2f}x" if floor and peer else "not measured",
            )
        )
    r = ratios(cells("oauth2", "complete (loopback)"))
    floor = r["jam_time_vs_floor"]
    verdicts.append(
        _v(
            "oauth2_complete <= 1.2x a bare httpx POST",
            None if floor is None else floor <= 1.2,
            f"{floor:.2f}x" if floor else "not measured",
        )
    )
    conc = extra.get("oauth2_concurrency") or {}
    x = conc.get("ratio")
    verdicts.append(
        _v(
            "200 concurrent asyncio completions >= 3x sequential sync",
            None if x is None else x >= 3,
            f"{x:.1f}x ({conc.get('sync_s', 0):.2f} s vs {conc.get('async_s', 0):.2f} s, "
            f"provider latency {conc.get('provider_latency_s', 0) * 1000:.0f} ms)"
            if x
            else "not measured",
        )
    )
    # async concurrency
    conc = extra.get("concurrency") or {}
    x = conc.get("ratio")
    raw = (conc.get("floor") or {}).get("ratio")
    verdicts.append(
        _v(
            "async redis store, 1,000 concurrent gets >= 3x sync store",
            None if x is None else x >= 3,
            f"{x:.2f}x ({conc.get('async_ops', 0):.0f} vs "
            f"{conc.get('sync_ops', 0):.0f} gets/s); bare redis-py asyncio "
            f"does {raw:.2f}x"
            if x and raw
            else f"{x:.2f}x"
            if x
            else conc.get("error", "not measured"),
        )
    )
    return verdicts
