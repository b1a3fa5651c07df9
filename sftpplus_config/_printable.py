"""User text made safe for a terminal or a CI log: the one sanitising
function every human-readable output uses (the ``text`` and ``github``
report formats, messages on stderr, ``diff``'s review text, ``merge
--explain``, ``assets``).

A configuration file, a file name or an argument may hold bytes that a
terminal acts on: ESC (colour changes, cursor moves, OSC sequences that set
the window title or write the clipboard), BEL, backspace, a carriage return
that overwrites what came before, a line break that starts a line of its
own, the C1 controls (``\\x9b`` is a one-byte CSI), Unicode line and
paragraph separators, and the bidirectional controls that make text read
differently from how it is stored. :func:`printable` shows each of them as
a visible escape (``\\x1b``, ``\\u202e``); everything else, non-ASCII
letters included, is kept. A lone surrogate (how Python carries a byte of
a file name that is not UTF-8) is shown as the byte it stands for
(``\\xff``).

:func:`log_lines` goes one step further for text that is printed as lines
of a log that a CI runner reads (GitHub Actions acts on a line that starts
with ``::``, after any blanks, and on ``##[`` anywhere in a line): such a
line starts with ``\x3a:`` instead, and ``##[`` reads ``##\x5b``.

JSON and SARIF need no such step: they escape by construction (see
``cli/reporters.py``).
"""

from __future__ import annotations

import re

__all__ = ["log_line", "log_lines", "printable"]

# C0 controls but tab, DEL, C1 controls, line/paragraph separators, the
# bidirectional formatting characters, and lone surrogates.
_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
    "\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every character that could drive a terminal (or start
    a line of its own in a log) shown as a visible escape. With
    ``keep_newlines``, ``\\n`` stays a line break (for messages of several
    lines that we wrote); ``\\r`` never does."""
    if text.isprintable():  # nothing unsafe is printable
        return text
    if keep_newlines:
        return "\n".join(_UNSAFE.sub(_escape, part) for part in text.split("\n"))
    return _UNSAFE.sub(_escape, text)


def log_line(text: str) -> str:
    """One line of a log: :func:`printable` (a line break shows as
    ``\\x0a``), and not readable as a CI workflow command."""
    return _not_a_command(printable(text))


def log_lines(text: str) -> str:
    """:func:`printable` (line breaks kept), and no line of the result can be
    read as a CI workflow command."""
    lines = printable(text, keep_newlines=True).split("\n")
    return "\n".join(_not_a_command(line) for line in lines)


def _not_a_command(line: str) -> str:
    if "##[" in line:
        line = line.replace("##[", "##\\x5b")
    if line.lstrip().startswith("::"):
        at = line.index(":")
        line = line[:at] + "\\x3a" + line[at + 1 :]
    return line
