"""TOML files of ours (inventories, the configuration file): read them with
``tomllib`` and give positions to their keys and errors."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from typing import Any

from .span import Span

__all__ = ["TomlError", "locate", "parse"]

_HEADER = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_WHERE = re.compile(r"\s*\(at (line \d+, column \d+|end of document)\)")


class TomlError(ValueError):
    """Text that is not TOML: ``message`` without tomllib's position, and
    the position (1-based)."""

    def __init__(self, message: str, line: int, column: int) -> None:
        self.message = message
        self.line = line
        self.column = column
        super().__init__(f"{line}:{column}: {message}")


def parse(text: str) -> dict[str, Any]:
    """``tomllib.loads`` with a positioned :class:`TomlError`."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = _AT.search(message)
        line, column = (int(where.group(1)), int(where.group(2))) if where else (1, 1)
        raise TomlError(_WHERE.sub("", message), line, column) from None


def _key_pattern(key: str) -> re.Pattern[str]:
    quoted = re.escape(key)
    return re.compile(rf"\s*(?:{quoted}|\"{quoted}\"|'{quoted}')\s*[=.]")


def locate(text: str, path: Sequence[str | int]) -> Span:
    """Best-effort position of ``path`` (``("nodes", 1, "override")``) in
    the TOML text: the key's line, else its table's header, else line 1."""
    lines = text.splitlines()
    table: tuple[str | int, ...] = ()
    counts: dict[str, int] = {}
    best = Span(1, 1, 1, 2)
    best_depth = 0
    for number, line in enumerate(lines, start=1):
        header = _HEADER.match(line)
        if header is not None and not line.lstrip().startswith("#"):
            name = header.group(2).strip().replace('"', "")
            parts: list[str | int] = list(name.split("."))
            if header.group(1) == "[[":
                counts[name] = counts.get(name, -1) + 1
                parts.append(counts[name])
            elif parts[0] in counts:
                parts.insert(1, counts[str(parts[0])])
            table = tuple(parts)
            depth = _prefix(table, path)
            if depth > best_depth and depth == len(table):
                best, best_depth = Span(number, 1, number, len(line.rstrip()) + 1), depth
            continue
        if len(path) > len(table) and _prefix(table, path) == len(table):
            key = path[len(table)]
            if isinstance(key, str) and _key_pattern(key).match(line):
                column = len(line) - len(line.lstrip()) + 1
                depth = len(table) + 1
                if depth > best_depth:
                    best, best_depth = Span(number, column, number, len(line.rstrip()) + 1), depth
    return best


def _prefix(table: Sequence[str | int], path: Sequence[str | int]) -> int:
    depth = 0
    for a, b in zip(table, path, strict=False):
        if a != b:
            break
        depth += 1
    return depth
