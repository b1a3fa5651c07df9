"""Writing to the terminal (the only place in the package that does)."""

from __future__ import annotations

import sys


def out(text: str) -> None:
    """Write ``text`` to standard output as is (no newline added)."""
    sys.stdout.write(text)
    sys.stdout.flush()


def line(text: str = "") -> None:
    print(text)


def error(text: str) -> None:
    print(text, file=sys.stderr)
