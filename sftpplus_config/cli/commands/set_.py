"""``set FILE SECTION OPTION VALUE [OPTION VALUE]… [--option K=V]… [--force]``:
one minimal, atomic, validated edit."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ...exceptions import EditError
from ...selectors import parse_selector, select_or_none
from ...syntax import Document
from .._output import document, error
from ..reporters import write_report
from ._common import (
    STDIN,
    UsageError,
    add_file_argument,
    add_section_argument,
    load_file,
    locked_for_edit,
    plural,
    warn_about,
)


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "set",
        help="set options (minimal, atomic, validated edit)",
        description="Set each OPTION in [SECTION] to its VALUE and save the file "
        "atomically, all the options in one edit. Only the options' lines change; "
        "a new option goes after the section's last option, in the style of its "
        "neighbours. SECTION is a section name or KIND:NAME (accounts:johnd); a "
        "missing section name is added at the end of the file unless --no-create "
        "is given. Use a newline in VALUE for a multi-line value. The edited "
        "section is validated first: an error about an option set (an invalid "
        "value, an unknown option...) refuses the edit, exit 1, nothing written, "
        "unless --force is given; warnings are printed. With FILE `-`, the file "
        "is read from standard input and the result written to standard output. "
        "The file's lock (.FILE.lock beside it) is held from reading to writing, "
        "so that concurrent edits take turns; exit 1, writing nothing, when "
        "another program changed the file meanwhile.",
    )
    add_file_argument(parser)
    add_section_argument(parser)
    parser.add_argument(
        "pairs",
        metavar="OPTION VALUE",
        nargs="*",
        help="options and their values, in pairs",
    )
    parser.add_argument(
        "--option",
        dest="options",
        metavar="OPTION=VALUE",
        action="append",
        default=[],
        help="one more option to set (repeatable; a value may hold `=`)",
    )
    parser.add_argument(
        "--no-create",
        action="store_true",
        help="fail (exit 1) instead of adding a missing section",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="write even when the validator finds errors in the options set",
    )
    parser.set_defaults(run=run)


def _assignments(args: argparse.Namespace) -> list[tuple[str, str]]:
    """The ``(option, value)`` pairs asked for, in order (positional pairs,
    then ``--option``), each option once."""
    pairs: list[str] = args.pairs
    if len(pairs) % 2:
        raise UsageError(
            f"set: option {pairs[-1]!r} has no value: give OPTION VALUE pairs (or --option K=V)"
        )
    found = list(zip(pairs[::2], pairs[1::2], strict=True))
    for item in args.options:
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"set: --option {item!r}: write OPTION=VALUE")
        found.append((key.strip(), value))
    if not found:
        raise UsageError("set: nothing to set: give OPTION VALUE (or --option OPTION=VALUE)")
    seen: dict[str, str] = {}
    for key, _ in found:
        if key.lower() in seen:
            raise UsageError(f"set: option {key!r} is given twice")
        seen[key.lower()] = key
    return found


def run(args: argparse.Namespace) -> int:
    assignments = _assignments(args)
    if args.file == STDIN:
        doc = load_file(STDIN)
        code, _ = _edit(doc, args, assignments)
        if code == 0:
            document(doc.dumps())
        return code
    # the lock makes concurrent edits of the file take turns (docs/editing.md)
    with locked_for_edit(args.file):
        doc = load_file(args.file)
        code, changed = _edit(doc, args, assignments)
        if code == 0 and changed:
            warn_about(doc.save())
    return code


def _edit(
    doc: Document, args: argparse.Namespace, assignments: list[tuple[str, str]]
) -> tuple[int, bool]:
    """Make the edit in memory and judge it: (exit code, whether the text
    changed). Nothing is written here."""
    from ...edits import edit_findings

    section = select_or_none(doc, args.section)
    if section is None:
        if parse_selector(args.section) is not None:  # a name: nothing to create
            from ...selectors import select

            select(doc, args.section)  # raises: no such section, with the candidates
        if args.no_create:
            error(f"{doc.path}: no section [{args.section}] (and --no-create was given)")
            return 1, False
    name = section.name if section is not None else args.section
    assert name is not None
    before = doc.dumps()
    try:
        if section is None:
            doc.add_section(name, dict(assignments))
        else:
            for key, value in assignments:
                section.set(key, value)
    except EditError as exc:
        error(f"{doc.path}: [{name}]: {exc}; nothing written")
        return 2, False
    findings = edit_findings(doc, name, [key for key, _ in assignments])
    errors = [f for f in findings if f.severity == "error"]
    if findings:
        write_report("text", findings, [doc.path or ""], stream=sys.stderr)
    if errors and not args.force:
        error(
            f"{doc.path}: refused, nothing written: {plural(len(errors), 'error')} in "
            f"[{name}] (--force writes anyway)"
        )
        return 1, False
    return 0, doc.dumps() != before
