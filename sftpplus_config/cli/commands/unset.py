"""``unset FILE SECTION [OPTION]``: remove an option or a whole section."""

from __future__ import annotations

import argparse
from typing import Any

from .._output import error
from ._common import add_file_argument, load_file, locked_for_edit, warn_about


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "unset",
        help="remove an option or a section (atomic edit)",
        description="Remove OPTION (with its continuation lines) from [SECTION], "
        "or the whole section when OPTION is omitted, and save the file "
        "atomically, holding the file's lock as `set` does. Exit 1 when there "
        "was nothing to remove, or when another program changed the file meanwhile.",
    )
    add_file_argument(parser)
    parser.add_argument("section", metavar="SECTION")
    parser.add_argument("option", metavar="OPTION", nargs="?")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with locked_for_edit(args.file):  # as `set` does: concurrent edits take turns
        doc = load_file(args.file)
        if not doc.unset(args.section, args.option):
            what = f"option {args.option!r} in " if args.option else ""
            error(f"{args.file}: no {what}section [{args.section}]; nothing to remove")
            return 1
        warn_about(doc.save())
    return 0
