"""``unset FILE SECTION [OPTION]``: remove an option or a whole section."""

from __future__ import annotations

import argparse
from typing import Any

from ...selectors import select
from ...syntax import Document
from .._output import document, error
from ._common import (
    STDIN,
    add_file_argument,
    add_section_argument,
    load_file,
    locked_for_edit,
    warn_about,
)


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "unset",
        help="remove an option or a section (atomic edit)",
        description="Remove OPTION (with its continuation lines) from [SECTION], "
        "or the whole section when OPTION is omitted, and save the file "
        "atomically, holding the file's lock as `set` does. SECTION is a section "
        "name or KIND:NAME (accounts:johnd). With FILE `-`, the file is read from "
        "standard input and the result written to standard output. Exit 1 when "
        "there was nothing to remove, or when another program changed the file "
        "meanwhile.",
    )
    add_file_argument(parser)
    add_section_argument(parser)
    parser.add_argument("option", metavar="OPTION", nargs="?")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.file == STDIN:
        doc = load_file(STDIN)
        code = _unset(doc, args)
        if code == 0:
            document(doc.dumps())
        return code
    with locked_for_edit(args.file):  # as `set` does: concurrent edits take turns
        doc = load_file(args.file)
        code = _unset(doc, args)
        if code == 0:
            warn_about(doc.save())
    return code


def _unset(doc: Document, args: argparse.Namespace) -> int:
    section = select(doc, args.section)
    name = section.name
    assert name is not None
    if not doc.unset(name, args.option):
        error(f"{doc.path}: no option {args.option!r} in [{name}]; nothing to remove")
        return 1
    return 0
