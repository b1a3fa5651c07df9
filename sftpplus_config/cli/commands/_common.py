"""Helpers shared by commands."""

from __future__ import annotations

import argparse

from ...api import load
from ...syntax import Document


def load_file(path: str) -> Document:
    """Load a file for a command (errors become exit 2 in main)."""
    return load(path)


def add_file_argument(parser: argparse.ArgumentParser, help_text: str = "server.ini file") -> None:
    parser.add_argument("file", metavar="FILE", help=help_text)


def write_text(path: str, text: str) -> None:
    """Write a command's output file atomically (UTF-8)."""
    from ..._atomic import atomic_write

    atomic_write(path, text.encode("utf-8"))
