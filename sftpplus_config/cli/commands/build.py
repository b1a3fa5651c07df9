"""``build INVENTORY [-o DIR] [--check] [--prune]``: per-node files from an inventory."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ...inventory import (
    MANIFEST,
    check_outputs,
    outdated_outputs,
    prune_outputs,
    stale_outputs,
    write_outputs,
)
from .._output import error
from ..reporters import add_format_argument, has_errors, write_report
from ._common import STDIN, UsageError


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "build",
        help="generate per-node files from a cluster inventory",
        description="Read a TOML inventory (docs/inventory.md), make every node's "
        "files in memory, validate them fully (what `validate INVENTORY` reports: the "
        "inputs' syntax, each node's effective configuration, the cluster lints; "
        "suppression comments, the configuration file and its baseline apply) and "
        "write them under DIR/<node>/. Nothing is written when the inventory or a "
        "node has an error (exit 1), or when the inventory does not define a "
        "variable the template uses (exit 2). Files that already have the right "
        "content are not touched. --check writes nothing and exits 1 when a file "
        "would change.",
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
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; list the files under DIR that a build would write, "
        "change or leave stale, and exit 1 if there is any (drift detection in CI)",
    )
    parser.add_argument(
        "--no-config",
        action="store_true",
        help="ignore configuration files (.sftpplus-config.toml, pyproject.toml)",
    )
    add_format_argument(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ...checks import Request
    from ...checks import run as check

    if STDIN in (args.inventory, args.output):
        # an inventory names its template and files relative to its own folder
        raise UsageError(
            "build: INVENTORY and -o DIR are files on disk (an inventory's paths are "
            "relative to its folder; the output is a folder): `-` is not accepted here"
        )
    outcome = check(Request(inventories=[args.inventory], use_config=not args.no_config))
    for problem in outcome.problems:
        error(problem)
    if outcome.problems:
        return 2
    findings = outcome.findings
    result = outcome.builds.get(args.inventory)
    if findings or args.format != "text":
        write_report(args.format, findings, [args.inventory], max_findings=args.max_findings)
    for mismatch in outcome.mismatches:
        error(mismatch)
    if result is None:
        error(f"{args.inventory}: invalid inventory, nothing written")
        return 1
    if outcome.mismatches:
        error(f"{args.inventory}: the inventory does not cover the template, nothing written")
        return 2
    if has_errors(findings) or outcome.strict_failure:
        error("build failed, nothing written")
        return 1
    nodes = len({name.split("/", 1)[0] for name in result.files if "/" in name})
    stale = stale_outputs(result.files, args.output)
    if args.check:
        outdated = outdated_outputs(result.files, args.output)
        for relative in outdated:
            error(f"  would write: {Path(args.output) / relative}")
        for relative in stale:
            error(f"  stale: {Path(args.output) / relative} (not made by this build)")
        if outdated or stale:
            error(
                f"{args.output} is not up to date with {args.inventory}: "
                f"{len(outdated)} of {len(result.files)} files would change, "
                f"{len(stale)} stale; run `sftpplus-config build {args.inventory} "
                f"-o {args.output}`"
            )
            return 1
        error(f"{len(result.files)} files for {nodes} nodes in {args.output}: up to date")
        return 0
    # every path is checked before the first write or delete: a refused
    # one (a symbolic link inside DIR) stops the build with nothing changed
    check_outputs(args.output, [*result.files, MANIFEST, *(stale if args.prune else [])])
    warnings: list[str] = []
    written = write_outputs(
        result.files, args.output, stale=[] if args.prune else stale, warnings=warnings
    )
    summary = (
        f"{len(result.files)} files for {nodes} nodes in {args.output}: "
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
