"""``set FILE SECTION OPTION VALUE``: a minimal, atomic edit."""

from __future__ import annotations

import argparse
from typing import Any

from .._output import error
from ._common import add_file_argument, load_file, locked_for_edit, warn_about


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "set",
        help="set an option (minimal, atomic edit)",
        description="Set OPTION in [SECTION] to VALUE and save the file atomically. "
        "Only the option's lines change; a new option goes after the section's "
        "last option, in the style of its neighbours. A missing section is "
        "added at the end of the file unless --no-create is given. Use a "
        "newline in VALUE for a multi-line value. The file's lock "
        "(.FILE.lock beside it) is held from reading to writing, so that "
        "concurrent edits take turns; exit 1, writing nothing, when another "
        "program changed the file meanwhile.",
    )
    add_file_argument(parser)
    parser.add_argument("section", metavar="SECTION")
    parser.add_argument("option", metavar="OPTION")
    parser.add_argument("value", metavar="VALUE")
    parser.add_argument(
        "--no-create",
        action="store_true",
        help="fail (exit 1) instead of adding a missing section",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # the lock makes concurrent edits of the file take turns (docs/editing.md)
    with locked_for_edit(args.file):
        doc = load_file(args.file)
        if args.no_create and args.section not in doc:
            error(f"{args.file}: no section [{args.section}] (and --no-create was given)")
            return 1
        before = doc.get(args.section, args.option)
        doc.set(args.section, args.option, args.value)
        if before != args.value:
            warn_about(doc.save())
    return 0
