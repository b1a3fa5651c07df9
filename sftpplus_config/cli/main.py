"""Entry point: parse arguments, dispatch to a command, map errors to exit codes.

Exit codes: 0 clean / no differences, 1 something about the content
(findings, differences, absent values, conflicts), 2 usage or I/O error,
3 internal error (a bug: please report it), 130 interrupted.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Sequence

from ..exceptions import (
    AmbiguousNameError,
    FileChangedError,
    RefusedError,
    SelectorError,
    SftpplusConfigError,
)
from . import commands
from ._output import error, setup_streams

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


@functools.cache
def _help_width() -> int:
    """The width help is wrapped to, as argparse works it out, without the
    import of :mod:`shutil` (and of the compression modules it imports) that
    argparse makes for it every time a parser checks an argument."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 80
    return columns - 2


class _Parser(argparse.ArgumentParser):
    def _get_formatter(self) -> argparse.HelpFormatter:
        return self.formatter_class(prog=self.prog, width=_help_width())  # type: ignore[call-arg]

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        error(f"{self.prog}: {message}")
        raise SystemExit(EXIT_USAGE)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of every command (also used to document them), or
    of the command ``only`` (a run needs no other)."""
    from .. import __version__

    parser = _Parser(
        prog="sftpplus-config",
        description="Read, edit, validate and compare SFTPPlus server.ini files "
        "without disturbing a byte you did not mean to change.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for command in commands.COMMANDS if only is None else (only,):
        commands.load(command).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    setup_streams()
    common = sys.modules.get(f"{__package__}.commands._common")
    if common is not None:  # an earlier run in this process read standard input
        common.reset_stdin()
    words = list(sys.argv[1:] if argv is None else argv)
    # a command's own parser is enough to run it (``--help``, ``--version``
    # and mistakes get the whole parser)
    command = words[0] if words and words[0] in commands.COMMANDS else None
    parser = build_parser(only=command)
    try:
        args = parser.parse_args(words)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        result: int = args.run(args)
    except (FileChangedError, SelectorError, AmbiguousNameError) as exc:
        # content: another writer's edit is kept; a section that is not there
        error(str(exc))
        return EXIT_CONTENT
    except RefusedError as exc:  # an input validate fails on syntax grounds
        from .commands._common import refused

        return refused(exc)
    except SftpplusConfigError as exc:
        error(str(exc))
        return EXIT_USAGE
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        error(f"{where}{exc.strerror or exc}")
        return EXIT_USAGE
    except UnicodeError as exc:
        # an argument or file name with bytes that are not UTF-8 (Python
        # carries them as lone surrogates), used where text is needed
        problem = getattr(exc, "object", "")
        text = problem if isinstance(problem, str) else repr(problem)
        error(
            f"sftpplus-config: {text[:200]}: not valid UTF-8 "
            "(an argument, a file name or a file holds bytes that are not UTF-8)"
        )
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: say so, without a traceback unless asked
        if os.environ.get("SFTPPLUS_CONFIG_DEBUG"):
            raise
        error(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "  This is a bug in sftpplus-config; set SFTPPLUS_CONFIG_DEBUG=1 "
            "for a traceback and report it."
        )
        return EXIT_INTERNAL
    return result
