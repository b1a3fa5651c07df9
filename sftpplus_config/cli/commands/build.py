"""``build INVENTORY [-o DIR]``: per-node files from an inventory."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ...inventory import (
    InventoryError,
    build,
    load_inventory,
    prune_outputs,
    stale_outputs,
    write_outputs,
)
from .._output import error
from ..reporters import add_format_argument, has_errors, write_report


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
        write_report(args.format, exc.findings, [args.inventory], max_findings=args.max_findings)
        error(f"{args.inventory}: invalid inventory, nothing written")
        return 1
    result = build(inventory)
    findings = list(result.findings)
    files = [args.inventory]
    if findings or args.format != "text":
        write_report(args.format, findings, files, max_findings=args.max_findings)
    if has_errors(findings):
        error("build failed, nothing written")
        return 1
    stale = stale_outputs(result.files, args.output)
    written = write_outputs(result.files, args.output, stale=[] if args.prune else stale)
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
    for relative in stale:
        verb = "removed" if args.prune else "stale"
        error(f"  {verb}: {Path(args.output) / relative} (not made by this build)")
    return 0
