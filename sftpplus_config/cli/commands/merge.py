"""``merge BASE OVERRIDE… [-o OUT] [--explain]``: the effective configuration."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..._printable import log_line
from ...exceptions import RefusedError
from ...overrides import merge
from ...syntax import Document
from .._output import document, out
from ..reporters import add_format_argument, has_errors, write_report
from ._common import STDIN, UsageError, add_output_argument, load_accepted, refused, write_output


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "merge",
        help="apply server.override.ini files to a server.ini",
        description="Print the configuration SFTPPlus sees: BASE with each option of "
        "each OVERRIDE replacing the same option of the same section (later overrides "
        "win). The base's formatting and comments are kept. Surprising overrides are "
        "reported: sections missing from the base, values equal to the base. Any "
        "FILE may be `-` (standard input). Exit 1, writing nothing, when an override "
        "has an error (an option its section does not have).",
    )
    parser.add_argument("base", metavar="BASE", help="the server.ini")
    parser.add_argument("overrides", metavar="OVERRIDE", nargs="+", help="override files")
    add_output_argument(parser)
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print, for every option, the file and line its value comes from "
        "(instead of the merged file, unless -o is given)",
    )
    parser.add_argument(
        "--show-secrets",
        action="store_true",
        help="show passwords, keys and other secret values in --explain (redacted by default)",
    )
    add_format_argument(parser)
    parser.set_defaults(run=run)


def _redacted(
    doc: Document, rows: list[tuple[str, str, str, Any]]
) -> list[tuple[str, str, str, Any]]:
    """The rows with secret values (by option, or by what the value looks
    like) replaced by a marker."""
    from ...secrets import shown

    rows_shown = []
    for section, option, value, origin in rows:
        node = doc.section(section)
        kind = section.partition("/")[0]
        type_ = node.get("type") if node is not None else None
        rows_shown.append((section, option, shown(kind, type_, option, value), origin))
    return rows_shown


def explain_text(rows: list[tuple[str, str, str, Any]]) -> str:
    lines = []
    for section, option, value, origin in rows:
        shown = value.split("\n", 1)[0] + (" …" if "\n" in value else "")
        where = f"{origin.file or '<string>'}:{origin.span.line}:{origin.span.column}"
        lines.append(log_line(f"{where}: [{section}] {option} = {shown}"))
    return "".join(line + "\n" for line in lines)


def run(args: argparse.Namespace) -> int:
    to_file = args.output not in (None, STDIN)
    if args.explain and args.output == STDIN:
        raise UsageError("merge: --explain prints to standard output: give -o a file")
    try:
        base = load_accepted(args.base)
        overrides = [load_accepted(path, base=base) for path in args.overrides]
    except RefusedError as exc:
        return refused(exc, args.format)
    result = merge(base, *overrides)
    findings = list(result.findings)
    failed = has_errors(findings)
    files = [args.base, *args.overrides]
    if to_file and not failed:  # a failed merge writes nothing
        write_output(args.output, result.document.dumps(), [base, *overrides])
    if args.explain:
        rows = result.explain()
        if not args.show_secrets:
            rows = _redacted(result.document, rows)
        if args.format == "json":
            provenance = [
                {
                    "section": section,
                    "option": option,
                    "value": value,
                    "file": origin.file,
                    "line": origin.span.line,
                    "column": origin.span.column,
                }
                for section, option, value, origin in rows
            ]
            extra = {"provenance": provenance}
            write_report("json", findings, files, max_findings=args.max_findings, extra=extra)
        else:
            out(explain_text(rows))
            if findings or args.format != "text":
                write_report(
                    args.format, findings, files, stream=sys.stderr, max_findings=args.max_findings
                )
    elif to_file:
        if findings or args.format != "text":
            write_report(args.format, findings, files, max_findings=args.max_findings)
    else:
        if findings or args.format != "text":
            write_report(
                args.format, findings, files, stream=sys.stderr, max_findings=args.max_findings
            )
        if not failed:
            document(result.document.dumps())
    return 1 if failed else 0
