"""``merge3 BASE OURS THEIRS [-o OUT]``: section-aware three-way merge,
usable as a git merge driver (``merge3 %O %A %B -o %A``)."""

from __future__ import annotations

import argparse
from typing import Any

from ...merge3 import merge3
from .._output import error
from ._common import add_output_argument, load_accepted, plural, span_text, write_output


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "merge3",
        help="three-way merge, option by option (a git merge driver)",
        description="Merge the changes OURS and THEIRS made to BASE, option by "
        "option, keeping OURS' formatting. Changes to different options merge "
        "cleanly, even in the same section. The same option changed differently, "
        "or a section removed on one side and edited on the other, is a conflict: "
        "the output wraps it in <<<<<<< ours / ======= / >>>>>>> theirs markers "
        "and the conflicts are listed on stderr as file:line:col. Exit 0 clean, "
        "1 conflicts, 2 error. As a git merge driver: "
        "sftpplus-config merge3 %%O %%A %%B -o %%A --name %%P",
    )
    parser.add_argument("base", metavar="BASE", help="the common ancestor")
    parser.add_argument("ours", metavar="OURS", help="our version")
    parser.add_argument("theirs", metavar="THEIRS", help="their version")
    add_output_argument(parser)
    parser.add_argument(
        "--name",
        metavar="NAME",
        help="the file name to use in conflict messages (git's %%P); default: OUT, or OURS",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    base, ours, theirs = (load_accepted(p) for p in (args.base, args.ours, args.theirs))
    result = merge3(base, ours, theirs)
    write_output(args.output, result.text, [base, ours, theirs])  # -o OURS: refused if changed
    name = args.name or args.output or args.ours
    for conflict in result.conflicts:
        sides = []
        if conflict.ours is not None:
            sides.append(f"ours: {span_text(args.ours, conflict.ours)}")
        if conflict.theirs is not None:
            sides.append(f"theirs: {span_text(args.theirs, conflict.theirs)}")
        where = f" ({', '.join(sides)})" if sides else ""
        error(f"{name}:{max(conflict.line, 1)}:1: error[merge-conflict] {conflict.message}{where}")
    if result.conflicts:
        error(f"{name}: {plural(len(result.conflicts), 'conflict')}")
        return 1
    return 0
