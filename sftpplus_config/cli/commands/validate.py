"""``validate FILE… [--format F] [--target-version X.Y.Z] [--strict]
[--select R,…] [--ignore R,…] [--base FILE]``."""

from __future__ import annotations

import argparse
import os
from typing import Any

from ..._gc import collector_paused
from ...exceptions import DecodeError
from ...validation import RULES, find_base, is_override_file, iter_path_findings, resolve_rules
from .._output import error
from ..reporters import Collected, add_format_argument, write_report
from ._common import plural

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def _rule_list() -> str:
    width = max(len(rule.name) for rule in RULES)
    lines = ["rules (name, group, severity):"]
    lines += [
        f"  {rule.name:<{width}}  {rule.group:<10}  {rule.severity:<7}  {rule.summary}"
        for rule in RULES
    ]
    return "\n".join(lines)


def _names(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "validate",
        help="check files and report positioned findings",
        description="Check each FILE: syntax, the schema (kinds, types, options, "
        "values), references between sections, versions and security. Findings "
        "are printed as `path:line:col: severity[rule] message`. A "
        "server.override.ini is checked together with the server.ini beside it "
        "(or --base). Exit status: 0 clean, 1 errors (or warnings with --strict), "
        "2 usage, read or decoding error.",
        epilog=_rule_list(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="server.ini files")
    add_format_argument(parser)
    parser.add_argument(
        "--target-version",
        metavar="X.Y.Z",
        help="report options that this SFTPPlus version does not have yet",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit with 1 on warnings too, not only on errors"
    )
    parser.add_argument(
        "--select",
        metavar="R,…",
        action="append",
        help="report only these rules or rule groups (comma-separated, repeatable)",
    )
    parser.add_argument(
        "--ignore",
        metavar="R,…",
        action="append",
        help="do not report these rules or rule groups (comma-separated, repeatable)",
    )
    parser.add_argument(
        "--base",
        metavar="FILE",
        help="validate the FILEs as overrides of this server.ini",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    select, ignore = _names(args.select), _names(args.ignore)
    resolve_rules(select, ignore)  # an unknown name is a usage error (exit 2)
    if args.target_version is not None:
        from ...rules.versions import parse_version

        try:
            parse_version(args.target_version)
        except ValueError as exc:
            error(f"sftpplus-config validate: --target-version: {exc}")
            return EXIT_USAGE
    base = args.base
    found = Collected(max_findings=args.max_findings, dedupe=_repeated(args.files, base))
    failed = False
    for path in args.files:
        as_override = base is not None and not _same_file(path, base)
        try:
            with collector_paused():
                found.extend(
                    iter_path_findings(
                        path,
                        base=base if as_override else None,
                        target_version=args.target_version,
                        select=select,
                        ignore=ignore,
                    )
                )
        except DecodeError as exc:
            error(str(exc))
            failed = True
        except OSError as exc:
            error(f"{exc.filename or path}: {exc.strerror or exc}")
            failed = True
    write_report(args.format, found, args.files)
    if args.format == "text" and found:
        error(_summary(found.errors, found.warnings, len(args.files)))
    if failed:
        return EXIT_USAGE
    if found.errors or (args.strict and found.warnings):
        return EXIT_CONTENT
    return EXIT_OK


def _repeated(files: list[str], base: str | None) -> set[str]:
    """Files whose findings a run may report twice: a base that is also
    validated with its overrides, a file given twice."""
    repeated = {path for index, path in enumerate(files) if path in files[:index]}
    if base is not None:
        repeated.add(base)
    repeated.update(
        str(find_base(path))
        for path in files
        if base is None and is_override_file(path) and find_base(path).is_file()
    )
    return repeated


def _summary(errors: int, warnings: int, files: int) -> str:
    """``2 errors, 1 warning in 3 files``."""
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(files, 'file')}"


def _same_file(one: str, two: str) -> bool:
    try:
        return os.path.samefile(one, two)
    except OSError:
        return os.path.abspath(one) == os.path.abspath(two)
