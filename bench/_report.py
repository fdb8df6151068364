"""Turn results into ratios, target verdicts, a text table, JSON and a PNG plot."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

NOT_PEERS = frozenset({"jam", "jam (async)", "floor"})
FULL_VALIDATION_EXEMPT = frozenset({"jamlib"})
"""Peers whose verify skips iss/aud checks: reported, and named in the verdicts."""


def _fmt(ops: float | None) -> str:
    if ops is None:
        return "-"
    if ops >= 1e6:
        return f"{ops / 1e6:.2f}M"
    if ops >= 1e4:
        return f"{ops / 1e3:.0f}k"
    if ops >= 1e3:
        return f"{ops / 1e3:.1f}k"
    return f"{ops:.0f}"


def by_op(results: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, dict[str, Any]]]:
    """Index results as ``{(group, op): {lib: row}}`` keeping first-seen order."""
    table: dict[tuple[str, str], dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in results:
        table[(row["group"], row["op"])][row["lib"]] = row
    return table


def ratios(cells: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Jam's speed-up over the best peer and every peer, and its time relative to the floor."""
    jam = (cells.get("jam") or {}).get("ops_per_s")
    out: dict[str, Any] = {
        "jam_vs_peer": {},
        "best_peer": None,
        "jam_vs_best_peer": None,
        "jam_time_vs_floor": None,
    }
    if not jam:
        return out
    peers = {
        lib: row["ops_per_s"]
        for lib, row in cells.items()
        if lib not in NOT_PEERS and row.get("ops_per_s")
    }
    for lib, ops in peers.items():
        out["jam_vs_peer"][lib] = jam / ops
    if peers:
        best = max(peers, key=lambda lib: peers[lib])
        out["best_peer"] = best
        out["jam_vs_best_peer"] = jam / peers[best]
    floor = (cells.get("floor") or {}).get("ops_per_s")
    if floor:
        out["jam_time_vs_floor"] = floor / jam
    return out


def text_table(results: list[dict[str, Any]]) -> str:  # noqa: PLR0912  (one renderer)
    """Render one table per group: operations as rows, libraries as columns."""
    lines: list[str] = []
    groups: dict[str, list[tuple[str, dict[str, dict[str, Any]]]]] = defaultdict(list)
    for (group, op), cells in by_op(results).items():
        groups[group].append((op, cells))
    for group, rows in groups.items():
        libs: list[str] = []
        for _, cells in rows:
            libs += [lib for lib in cells if lib not in libs]
        order = [lib for lib in ("jam", "jam (async)", "floor") if lib in libs]
        libs = order + [lib for lib in libs if lib not in order]
        width = max(len(op) for op, _ in rows) + 2
        head = f"{group + ' (ops/s)':<{width}}" + "".join(f"{lib:>12}" for lib in libs)
        head += f"{'jam/best':>10}{'best peer':>13}{'jam÷floor':>11}"
        lines += [head, "-" * len(head)]
        for op, cells in rows:
            r = ratios(cells)
            line = f"{op:<{width}}"
            for lib in libs:
                row = cells.get(lib)
                if row is None:
                    line += f"{'':>12}"
                elif row.get("ops_per_s") is None:
                    line += f"{'n/a' if 'n/a' in row.get('error', '') else 'ERR':>12}"
                else:
                    line += f"{_fmt(row['ops_per_s']):>12}"
            best = r["jam_vs_best_peer"]
            floor = r["jam_time_vs_floor"]
            line += f"{f'{best:.2f}x' if best else '-':>10}{r['best_peer'] or '-':>13}"
            line += f"{f'{floor:.2f}x' if floor else '-':>11}"
            lines.append(line)
        lines.append("")
    errors: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in results:
        if r.get("error"):
            errors[(r["lib"], r["error"])].append(r["op"])
    if errors:
        lines.append("not measured:")
        for (lib, error), ops in errors.items():
            where = ops[0] if len(ops) == 1 else f"{len(ops)} rows ({ops[0]}, ...)"
            lines.append(f"  {lib} / {where}: {error}")
        lines.append("")
    notes = {(r["lib"], r["note"]) for r in results if r.get("note")}
    if notes:
        lines.append("notes:")
        lines += [f"  {lib}: {note}" for lib, note in sorted(notes)]
        lines.append("")
    lines.append(
        "jam/best = Jam ops/s ÷ fastest peer's; jam÷floor = Jam's time ÷ the floor's "
        "(1.00x = no overhead)."
    )
    return "\n".join(lines)


def verdict_table(verdicts: list[dict[str, Any]]) -> str:
    """Render the PASS/FAIL list."""
    width = max(len(v["target"]) for v in verdicts) + 2
    return "\n".join(f"{v['status']:<5} {v['target']:<{width}} {v['detail']}" for v in verdicts)


def write_json(path: Path, document: dict[str, Any]) -> None:
    """Write the whole run (metadata, results, ratios, verdicts) as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")


def write_png(path: Path, results: list[dict[str, Any]], title: str) -> None:
    """Plot Jam's speed relative to the floor (=1) next to each peer's, per operation."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [
        (op, cells)
        for (_, op), cells in by_op(results).items()
        if (cells.get("floor") or {}).get("ops_per_s")
    ]
    libs: list[str] = []
    for _, cells in rows:
        libs += [lib for lib in cells if lib not in libs and lib != "floor"]
    if not rows:
        return
    fig, ax = plt.subplots(figsize=(11, 0.42 * len(rows) * max(1, len(libs)) / 2.2 + 1.6))
    height = 0.8 / max(1, len(libs))
    for index, lib in enumerate(libs):
        ys, xs = [], []
        for position, (_, cells) in enumerate(rows):
            ops = (cells.get(lib) or {}).get("ops_per_s")
            if ops:
                ys.append(position + index * height)
                xs.append(ops / cells["floor"]["ops_per_s"])
        ax.barh(ys, xs, height=height, label=lib)
    ax.axvline(1.0, color="black", linewidth=0.8, linestyle="--")
    ax.set_yticks([p + 0.4 - height / 2 for p in range(len(rows))], [op for op, _ in rows])
    ax.invert_yaxis()
    ax.set_xlabel("throughput relative to the floor (floor = 1; higher is faster)")
    ax.set_title(title, fontsize=9)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
