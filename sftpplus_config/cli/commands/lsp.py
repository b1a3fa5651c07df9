"""``lsp``: the language server, on standard input and output."""

from __future__ import annotations

import argparse
from typing import Any

from .._output import error

INSTALL = "pip install 'sftpplus-config[lsp]'"


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "lsp",
        help="run the language server (for editors) on standard input and output",
        description="Run the language server: diagnostics, hover, completion, go to "
        "definition, references, symbols and code actions for server.ini and "
        "server.override.ini, in any editor that speaks the Language Server Protocol. "
        "It talks JSON-RPC on standard input and output, reads the same configuration "
        f"file as validate and writes no file. It needs the lsp extra: {INSTALL}.",
    )
    parser.add_argument(
        "--stdio",
        action="store_true",
        help="accepted for editors that pass it; standard input and output is the only transport",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError as exc:
        error(
            f"sftpplus-config lsp needs the lsp extra ({exc.name} is not installed)\n"
            f"  hint: {INSTALL}"
        )
        return 2
    from ...lsp.server import serve

    serve()
    return 0
