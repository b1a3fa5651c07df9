"""``merge3 BASE OURS THEIRS [-o OUT]``: section-aware three-way merge,
usable as a git merge driver (``merge3 %O %A %B -o %A --name %P``)."""

from __future__ import annotations

import argparse
from typing import Any

from ..._record import replace
from ...exceptions import RefusedError
from ...merge3 import MergeConflict, merge3
from ...span import Span
from .._output import error
from ._common import add_output_argument, load_accepted, plural, refused, write_output


def _label(text: str) -> str:
    if "\n" in text or "\r" in text:
        raise argparse.ArgumentTypeError("a label cannot contain a line break")
    return text


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "merge3",
        help="three-way merge, option by option (a git merge driver)",
        description="Merge the changes OURS and THEIRS made to BASE, option by "
        "option, keeping OURS' formatting. Changes to different options merge "
        "cleanly, even in the same section. Comments, invalid lines, duplicates "
        "and the lines before the first section are carried over from the side "
        "that changed them. The same option changed differently, a section "
        "removed on one side and edited on the other, or lines that clash, is a "
        "conflict: the output wraps it in <<<<<<< ours / ======= / >>>>>>> theirs "
        "markers and the conflicts are listed on stderr as file:line:col. Exit 0 "
        "clean, 1 conflicts, 2 error. As a git merge driver: "
        "sftpplus-config merge3 %%O %%A %%B -o %%A --name %%P",
    )
    parser.add_argument("base", metavar="BASE", help="the common ancestor")
    parser.add_argument("ours", metavar="OURS", help="our version")
    parser.add_argument("theirs", metavar="THEIRS", help="their version")
    add_output_argument(parser)
    parser.add_argument(
        "--name",
        metavar="NAME",
        help="the file name to use in conflict messages (git's %%P), which then "
        "give the sides' line numbers without naming their (temporary) files; "
        "default: OUT, or OURS",
    )
    parser.add_argument(
        "-L",
        "--label",
        action="append",
        default=[],
        type=_label,
        metavar="LABEL",
        help="up to three times, as for git merge-file: the names of OURS, BASE and "
        "THEIRS, used in the conflict markers and, instead of the files' names, in "
        "the conflict messages",
    )
    parser.set_defaults(run=run)


def _side(role: str, path: str, label: str | None, hide_path: bool, span: Span) -> str:
    if label is not None:
        return f"{role}: {label}:{span.line}:{span.column}"
    if hide_path:
        return f"{role}: line {span.line}"
    return f"{role}: {path}:{span.line}:{span.column}"


def _where(args: argparse.Namespace, labels: list[str | None], conflict: MergeConflict) -> str:
    sides = []
    hide = args.name is not None
    if conflict.ours is not None:
        sides.append(_side("ours", args.ours, labels[0], hide, conflict.ours))
    if conflict.theirs is not None:
        sides.append(_side("theirs", args.theirs, labels[2], hide, conflict.theirs))
    return f" ({', '.join(sides)})" if sides else ""


def run(args: argparse.Namespace) -> int:
    if len(args.label) > 3:
        error("merge3: -L/--label is given at most three times (ours, base, theirs)")
        return 2
    labels: list[str | None] = [*args.label, None, None, None][:3]
    try:
        base, ours, theirs = (load_accepted(p) for p in (args.base, args.ours, args.theirs))
    except RefusedError as exc:
        if args.name is not None:  # a merge driver's files are git's temporary files
            sides = {args.base: "base", args.ours: "ours", args.theirs: "theirs"}
            exc = RefusedError(
                [
                    replace(f, file=f"{args.name} ({sides.get(f.file or '', 'input')})")
                    for f in exc.findings
                ]
            )
        return refused(exc)
    result = merge3(base, ours, theirs, labels=(labels[0] or "ours", labels[2] or "theirs"))
    write_output(args.output, result.text, [base, ours, theirs])  # -o OURS: refused if changed
    name = args.name or args.output or args.ours
    for conflict in result.conflicts:
        where = _where(args, labels, conflict)
        error(f"{name}:{max(conflict.line, 1)}:1: error[merge-conflict] {conflict.message}{where}")
    if result.conflicts:
        error(f"{name}: {plural(len(result.conflicts), 'conflict')}")
        return 1
    return 0
