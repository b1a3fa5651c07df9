"""``fix FILE… [--target-version X.Y.Z] [--diff]``: apply the deterministic
fixes (old names SFTPPlus renamed one-to-one) as minimal edits."""

from __future__ import annotations

import argparse
import difflib
from typing import Any

from ..._atomic import atomic_write
from ...exceptions import DecodeError
from .._output import document, error, out
from ._common import STDIN, STDIN_NAME, load_file, plural, stdin_once

EXIT_OK, EXIT_CHANGES, EXIT_USAGE = 0, 1, 2


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "fix",
        help="rewrite old option, type and value names to their current ones",
        description="Apply the fixes that `validate` marks (fixable): options, types and "
        "values that SFTPPlus renamed one-to-one get their new name, removed words "
        "whose replacement is an empty value are emptied. Only the changed spans "
        "are rewritten, atomically; a FILE `-` is read from standard input and written, "
        "fixed, to standard output. With --diff nothing is written: the changes are "
        "shown as a unified diff and the exit status is 1 when there is any. "
        "Exit status: 0 done (or nothing to do), 1 changes to make (--diff), "
        "2 usage, read or decoding error.",
    )
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="server.ini files (-: standard input)"
    )
    parser.add_argument(
        "--target-version",
        metavar="X.Y.Z",
        help="the SFTPPlus version the files are for (default: the schema's version)",
    )
    parser.add_argument("--diff", action="store_true", help="show what would change, write nothing")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ...fix import fix_text
    from ...rules.versions import parse_version

    target = None
    if args.target_version is not None:
        try:
            target = parse_version(args.target_version)
        except ValueError as exc:
            error(f"sftpplus-config fix: --target-version: {exc}")
            return EXIT_USAGE
    stdin_once(args.files)
    failed = changed = False
    for path in args.files:
        try:
            doc = load_file(path)
        except DecodeError as exc:
            error(str(exc))
            failed = True
            continue
        except OSError as exc:
            error(f"{exc.filename or path}: {exc.strerror or exc}")
            failed = True
            continue
        before = doc.dumps()
        after, edits = fix_text(doc, target_version=target)
        if path == STDIN and not args.diff:
            document(after)  # fixed or not, the file goes on down the pipe
        if not edits:
            continue
        changed = True
        if args.diff:
            lines = difflib.unified_diff(
                before.splitlines(keepends=True),
                after.splitlines(keepends=True),
                fromfile=f"a/{path}",
                tofile=f"b/{path}",
            )
            out("".join(line if line.endswith("\n") else line + "\n" for line in lines))
            continue
        name = path
        if path == STDIN:
            name = STDIN_NAME
        else:
            try:
                atomic_write(path, after.encode("utf-8"))
            except OSError as exc:
                error(f"{exc.filename or path}: {exc.strerror or exc}")
                failed = True
                continue
        error(f"{name}: {plural(len(edits), 'fix')} applied")
        for edit in edits:
            error(f"  {name}:{edit.span.line}:{edit.span.column}: {edit.message}")
    if failed:
        return EXIT_USAGE
    return EXIT_CHANGES if changed and args.diff else EXIT_OK
