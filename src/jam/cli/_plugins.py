"""``jam plugins`` (list what is installed and registered) and ``jam plugins lock``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from jam.cli._common import CliError, common_options, config_options, load_plugin_settings
from jam.cli._output import Output, safe

if TYPE_CHECKING:
    from jam.cli._inventory import PluginView

__all__ = ["plugins"]


@click.group(invoke_without_command=True)
@config_options(needed=False)
@common_options
@click.pass_context
def plugins(ctx: click.Context, *, config: str | None, pointer: str, as_json: bool) -> int:
    """List installed plugins, their status, and what each registered.

    Every distribution in the `jam` entry-point group (and the kernel's
    built-in plugin): its version, entry point, whether the configuration's
    [jam.plugins] table loads it, and each algorithm, session store, token
    list and OAuth2 provider it registered, with its description (and, for
    algorithms, whether it is recommended). A plugin the configuration
    refuses or blocks is listed but never imported.
    """
    if ctx.invoked_subcommand is not None:
        return 0
    from jam.cli._inventory import inventory

    views = inventory(load_plugin_settings(config, pointer))
    out = Output(json_mode=as_json)
    if as_json:
        out.json([view.as_json() for view in views])
        return 0
    _print(out, views)
    return 0


def _print(out: Output, views: list[PluginView]) -> None:
    rows = [
        [
            safe(view.info.name, 60),
            safe(view.info.distribution, 60),
            safe(view.info.version, 60),
            safe(view.info.value, 100),
            safe(view.status),
        ]
        for view in views
    ]

    def paint(row: int, col: int, text: str) -> str:
        if col != 4:
            return text
        return click.style(text, fg="green" if views[row].enabled else "yellow")

    out.table(
        rows, header=["PLUGIN", "DISTRIBUTION", "VERSION", "ENTRY POINT", "STATUS"], paint=paint
    )
    for view in views:
        if not view.records:
            continue
        out.line()
        out.line(click.style(safe(view.info.label, 200), bold=True))
        records = [
            [
                record.noun,
                safe(record.name, 60),
                ""
                if record.recommended is None
                else "recommended"
                if record.recommended
                else "not recommended",
                safe(record.description),
            ]
            for record in view.records
        ]

        def paint_record(row: int, col: int, text: str, records: list[list[str]] = records) -> str:
            if col == 2 and records[row][2] == "not recommended":
                return click.style(text, fg="yellow")
            return text

        out.table(records, indent=2, paint=paint_record)


@plugins.command("lock")
@click.option(
    "--out",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the lock here instead of printing it (replaces an earlier lock only).",
)
@click.option("--force", is_flag=True, help="Replace --out even if it is not an earlier lock.")
@config_options(needed=False)
@common_options
@click.pass_context
def lock_command(
    ctx: click.Context,
    *,
    out: Path | None,
    force: bool,
    config: str | None,
    pointer: str,
    as_json: bool,
) -> int:
    """Write a pinned [jam.plugins] allow list for the plugins installed now.

    Each plugin the configuration loads is pinned by name, distribution and
    exact version. With the lock in your configuration, any other plugin
    installed later is refused before it is imported. The table keeps the
    configuration's autoload, enable and disable keys; paste it in place of
    your [jam.plugins] table (or use the file as the configuration's table).
    No plugin is imported to write its pin.
    """
    from jam.cli._lock import MARKER, lock

    parent = ctx.parent.params if ctx.parent is not None else {}
    config = config if config is not None else parent.get("config")
    if pointer == "jam" and parent.get("pointer"):
        pointer = parent["pointer"]
    as_json = as_json or bool(parent.get("as_json"))
    header = [pointer, "plugins"]
    if config is not None and Path(config).name == "pyproject.toml":
        header = ["tool", *header]
    written = lock(load_plugin_settings(config, pointer), header)
    output = Output(json_mode=as_json)
    if written.unpinned:
        output.note(
            "no readable version, pinned by name only: "
            + ", ".join(safe(name, 60) for name in written.unpinned)
        )
    if out is not None:
        _write_lock(out, written.text, force=force, marker=MARKER)
    if as_json:
        data = {"table": written.header, "allow": written.pins, "toml": written.text}
        if out is not None:
            data["out"] = str(out)
        output.json(data)
    elif out is None:
        output.line(written.text.rstrip("\n"))
    else:
        output.line(f"wrote {safe(str(out))}: {len(written.pins)} plugins pinned")
    return 0


def _write_lock(path: Path, text: str, *, force: bool, marker: str) -> None:
    from jam.cli._files import write_file

    if path.exists() and not force:
        try:
            with path.open("rb") as handle:
                start = handle.read(len(marker))
        except OSError as err:
            raise CliError(f"cannot read {safe(str(path))}: {err.strerror}") from None
        if start != marker.encode("ascii"):
            raise CliError(
                f"{safe(str(path))} exists and is not a lock written by `jam plugins lock`; "
                "choose another --out, or pass --force to replace it"
            )
    write_file(path, text.encode("utf-8"), mode=0o644, replace=True)
