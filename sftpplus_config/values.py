"""Reading SFTPPlus option values as Python values.

Pure functions; the component layer and the typed projection build on them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["BOOLEAN_WORDS", "parse_bool", "parse_csv", "parse_int", "parse_lines"]

#: The spellings SFTPPlus accepts for booleans (compared in lower case).
BOOLEAN_WORDS: Mapping[str, bool] = MappingProxyType(
    {"yes": True, "true": True, "on": True, "1": True}
    | {"no": False, "false": False, "off": False, "0": False}
)


def parse_bool(text: str) -> bool:
    """``yes/no``, ``true/false``, ``on/off``, ``1/0`` in any case.

    Raises ValueError for anything else.
    """
    value = BOOLEAN_WORDS.get(text.strip().lower())
    if value is not None:
        return value
    raise ValueError(f"not a boolean: {text!r} (use yes or no)")


def parse_int(text: str) -> int:
    """A decimal integer, optionally signed. Raises ValueError otherwise."""
    stripped = text.strip()
    body = stripped[1:] if stripped[:1] in ("-", "+") else stripped
    if not body.isascii() or not body.isdigit():
        raise ValueError(f"not an integer: {text!r}")
    return int(stripped)


def parse_csv(text: str) -> list[str]:
    """A comma-separated list as SFTPPlus reads it.

    Items are stripped. An item may be quoted with double quotes to hold
    commas, with two quotes standing for one quote inside it:
    ``a, "b, c"`` gives ``["a", "b, c"]``.
    An empty text gives an empty list. Raises ValueError on an unterminated
    quote or text after a closing quote.
    """
    items: list[str] = []
    if not text.strip():
        return items
    position, length = 0, len(text)
    while True:
        while position < length and text[position].isspace():
            position += 1
        if position < length and text[position] == '"':
            position += 1
            chunk: list[str] = []
            while True:
                end = text.find('"', position)
                if end < 0:
                    raise ValueError(f"unterminated quote in list: {text!r}")
                chunk.append(text[position:end])
                if text.startswith('"', end + 1):
                    chunk.append('"')
                    position = end + 2
                    continue
                position = end + 1
                break
            item = "".join(chunk)
            while position < length and text[position].isspace():
                position += 1
            if position < length and text[position] != ",":
                raise ValueError(f"text after a closing quote in list: {text!r}")
        else:
            end = text.find(",", position)
            if end < 0:
                end = length
            item = text[position:end].strip()
            position = end
        items.append(item)
        if position >= length:
            return items
        position += 1  # the comma


def parse_lines(text: str) -> list[str]:
    """A newline-separated list (multi-line value): non-empty lines."""
    return [line.strip() for line in text.split("\n") if line.strip()]
