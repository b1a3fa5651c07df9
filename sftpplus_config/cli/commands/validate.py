"""``validate FILE… [--format F] [--target-version X.Y.Z] [--strict]
[--select R,…] [--ignore R,…] [--base FILE] [--var NAME=VALUE]… [--vars FILE]
[--inventory FILE]… [--inventories] [--baseline FILE] [--write-baseline FILE]
[--no-config] [-q]``: a thin shell over :func:`sftpplus_config.checks.run`."""

from __future__ import annotations

import argparse
from typing import Any

from ...syntax import Document
from ...validation import RULES, resolve_rules
from .._output import error
from ..reporters import Collected, add_format_argument, write_report
from ._common import STDIN, plural, read_stdin, stdin_once

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
        "server.override.ini is checked together with its base: the server.ini beside "
        "it, else in the folder above (or --base); a server.ini with node folders "
        "holding server.override.ini files (build's shared-folder output) is checked "
        "as each node sees it. A FILE ending in .toml is an inventory: every node is "
        "built in memory and checked, then the cluster lints run. Suppression comments "
        "(`; sftpplus-config: ignore[RULE]`), the configuration file "
        "(.sftpplus-config.toml or [tool.sftpplus-config] in pyproject.toml, found "
        "from each file up to the repository root; the command line wins) and a "
        "baseline apply. Exit status: 0 clean, 1 errors (or warnings with --strict), "
        "2 usage, read or decoding error, a bad suppression comment, configuration "
        "or baseline, or an inventory that does not define a template's variables.",
        epilog=_rule_list(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="server.ini files, or inventories (.toml); -: standard input",
    )
    add_format_argument(parser)
    parser.add_argument(
        "--target-version",
        metavar="X.Y.Z",
        help="the SFTPPlus version the files are for: report what it does not have yet "
        "and what it no longer has (default: the schema's version)",
    )
    parser.add_argument(
        "--strict",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="exit with 1 on warnings too, not only on errors (--no-strict: not even "
        "when the configuration file says so)",
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
        help="validate the FILEs as overrides of this server.ini (-: standard input)",
    )
    parser.add_argument(
        "--partial",
        action="store_true",
        help="the FILEs are fragments: no missing-option, no dangling-reference",
    )
    parser.add_argument(
        "--var",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a deploy-time variable: the FILEs are rendered with the variables and "
        "the result validated (repeatable; wins over --vars)",
    )
    parser.add_argument(
        "--vars", metavar="FILE", help="a TOML file of variables (tables nest with dots; -: stdin)"
    )
    parser.add_argument(
        "--inventory",
        metavar="FILE",
        action="append",
        default=[],
        help="also validate this inventory's nodes and run the cluster lints (repeatable)",
    )
    parser.add_argument(
        "--inventories",
        action="store_true",
        help="validate the inventories the FILEs belong to, instead of the FILEs: an "
        "inventory FILE itself, and for a server.ini or override file every "
        "discoverable inventory that uses it (the inventory pre-commit hook)",
    )
    parser.add_argument(
        "--baseline",
        metavar="FILE",
        help="report only the findings this baseline does not hold, and its stale entries",
    )
    parser.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record the findings of this run in FILE (and exit 0)",
    )
    parser.add_argument(
        "--no-config",
        action="store_true",
        help="ignore configuration files (.sftpplus-config.toml, pyproject.toml)",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no summary line on standard error",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ...checks import Request
    from ...checks import run as check

    select, ignore = _names(args.select), _names(args.ignore)
    resolve_rules(select, ignore)  # an unknown name is a usage error (exit 2)
    if args.target_version is not None:
        from ...rules.versions import parse_version

        try:
            parse_version(args.target_version)
        except ValueError as exc:
            error(f"sftpplus-config validate: --target-version: {exc}")
            return EXIT_USAGE
    if not args.files and not args.inventory and not args.inventories:
        error("sftpplus-config validate: give at least one FILE (or --inventory FILE)")
        return EXIT_USAGE
    stdin_once([*args.files, args.vars or "", args.base or ""])  # before anything is read
    variables = None
    if args.var or args.vars is not None:
        from .render import read_variables

        variables = read_variables(args.var, args.vars)
    documents: dict[str, Document] = {}
    for path in args.files:  # read here (once: a second `-` is a usage error)
        if path == STDIN:
            documents[STDIN] = read_stdin()
    if args.base == STDIN:
        documents[STDIN] = read_stdin()
    request = Request(
        files=args.files,
        documents=documents,
        inventories=args.inventory,
        select=select,
        ignore=ignore,
        target_version=args.target_version,
        strict=args.strict,
        base=args.base,
        variables=variables,
        baseline=args.baseline,
        write_baseline=args.write_baseline,
        use_config=not args.no_config,
        inventories_of_files=args.inventories,
        partial=args.partial,
    )
    files = [*args.files, *args.inventory]
    found = Collected(max_findings=args.max_findings)
    outcome = check(request, found)
    for problem in outcome.problems:
        error(problem)
    for mismatch in outcome.mismatches:
        error(mismatch)
    if outcome.baseline_written is not None:
        path, count = outcome.baseline_written
        if not args.quiet:
            error(
                f"{plural(count, 'finding')} of {plural(outcome.checked, 'file')} recorded in {path}"
            )
        return outcome.exit_code
    write_report(args.format, found, files)
    if args.format == "text" and not args.quiet:
        if found:
            error(_summary(found.errors, found.warnings, len(files)))
        elif not outcome.problems:
            error(f"{plural(outcome.checked, 'file')} checked, no problems")
    return outcome.exit_code


def _summary(errors: int, warnings: int, files: int) -> str:
    """``2 errors, 1 warning in 3 files``."""
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(files, 'file')}"
