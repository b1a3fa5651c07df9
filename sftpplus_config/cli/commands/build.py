"""``build INVENTORY [-o DIR]``: per-node files from an inventory."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ...inventory import (
    MANIFEST,
    InventoryError,
    build,
    check_outputs,
    load_inventory,
    prune_outputs,
    stale_outputs,
    write_outputs,
)
from .._output import error, out
from ..reporters import add_format_argument, has_errors, report


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "build",
        help="generate per-node files from a cluster inventory",
        description="Read a TOML inventory (docs/inventory.md), make every node's "
        "files in memory, check them (syntax of the inputs, variables, cluster lints) "
        "and write them under DIR/<node>/. Nothing is written when the inventory or a "
        "node has an error. Files that already have the right content are not touched.",
    )
    parser.add_argument("inventory", metavar="INVENTORY", help="the inventory (TOML)")
    parser.add_argument(
        "-o", "--output", metavar="DIR", default="build", help="output folder (default: build)"
    )
    parser.add_argument(
        "--prune",
        action="store_true",
        help="delete generated files under DIR that this build does not make (nodes "
        "removed from the inventory); without it they are only listed",
    )
    add_format_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        inventory = load_inventory(args.inventory)
    except InventoryError as exc:
        out(report(args.format, exc.findings, [args.inventory]))
        error(f"{args.inventory}: invalid inventory, nothing written")
        return 1
    result = build(inventory)
    findings = list(result.findings)
    files = [args.inventory]
    if findings or args.format != "text":
        out(report(args.format, findings, files))
    if has_errors(findings):
        error("build failed, nothing written")
        return 1
    stale = stale_outputs(result.files, args.output)
    # every path is checked before the first write or delete: a refused
    # one (a symbolic link inside DIR) stops the build with nothing changed
    check_outputs(args.output, [*result.files, MANIFEST, *(stale if args.prune else [])])
    warnings: list[str] = []
    written = write_outputs(
        result.files, args.output, stale=[] if args.prune else stale, warnings=warnings
    )
    summary = (
        f"{len(result.files)} files for {len(inventory.nodes)} nodes in {args.output}: "
        f"{len(written)} written, {len(result.files) - len(written)} unchanged"
    )
    if stale and args.prune:
        prune_outputs(stale, args.output)
        summary += f", {len(stale)} stale removed"
    elif stale:
        summary += f", {len(stale)} stale kept (--prune removes them)"
    error(summary)
    for warning in warnings:
        error(warning)
    for relative in stale:
        verb = "removed" if args.prune else "stale"
        error(f"  {verb}: {Path(args.output) / relative} (not made by this build)")
    return 0
