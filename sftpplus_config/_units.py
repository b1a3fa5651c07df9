"""A document cut into the units of a three-way merge, and the lines of a
unit that the option-by-option diff does not see.

The units are the preamble (the lines before the first header) and each
section, with the comment lines right above its header: the lines
:meth:`Document.remove_section` takes along, so a comment describing a
section goes with it. A unit's key is the section's name for the first
section of a name, ``(name, n)`` for the copies of a duplicate (n sections
of that name come before it), and :data:`PREAMBLE` (None) for the preamble.

A unit's *extra* lines are the ones :func:`sftpplus_config.diff.diff`
ignores: comment lines (also inside a multi-line value), invalid lines,
duplicate options, and every line that is not blank in the preamble or in a
duplicate section's later copies. :func:`nodes` gives a unit as tokens for
a merge of its nodes, where an option is known by its name, not its text.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping

from ._lines import split_lines
from .api import loads
from .nodes import Blank, Comment, Invalid, Option
from .syntax import Document, Section

__all__ = [
    "PREAMBLE",
    "Key",
    "content",
    "copy",
    "cut",
    "extras",
    "is_comment",
    "name",
    "name_keys",
    "nodes",
]

Key = str | tuple[str, int] | None
PREAMBLE: Key = None


def name(key: Key) -> str | None:
    """The section name of a unit's key (None for the preamble)."""
    return key[0] if isinstance(key, tuple) else key


def copy(key: Key) -> int:
    """Which copy of a duplicate section the unit is (0: the first)."""
    return key[1] if isinstance(key, tuple) else 0


def content(line: str) -> str:
    """A line without its line ending."""
    return line.rstrip("\r\n")


def is_comment(line: str) -> bool:
    """A comment line (configparser skips it wherever it stands)."""
    return line.lstrip()[:1] in (";", "#")


def _comment_tail(text: str) -> int:
    """Where the run of comment lines that ends ``text`` starts (``len(text)``
    when its last line is not a comment). ``text`` is a section's text: its
    first line is the header, which is never a comment."""
    position = len(text)
    while position > 0:
        end = position
        if text[end - 1] == "\n":
            end -= 1
            if end > 0 and text[end - 1] == "\r":
                end -= 1
        elif text[end - 1] == "\r":
            end -= 1
        start = max(text.rfind("\n", 0, end), text.rfind("\r", 0, end)) + 1
        if not is_comment(text[start:end]):
            break
        position = start
    return position


def cut(doc: Document, sections: Iterable[Section]) -> tuple[str, array[int]]:
    """The document's text (without a BOM) and where its units start in
    that text, in file order (the preamble first, at 0), then its length.
    ``sections`` are the document's sections."""
    text = doc.dumps()
    if doc.bom:
        text = text[1:]
    offset = len(doc.preamble.text)
    bounds = array("q", [0])
    previous: str | None = None
    for section in sections:
        section_text = section.text
        lead = 0
        if previous is not None and ("#" in previous or ";" in previous):
            lead = len(previous) - _comment_tail(previous)
        bounds.append(offset - lead)
        offset += len(section_text)
        previous = section_text
    bounds.append(offset)
    if offset != len(text):
        raise ValueError("the sections' texts do not add up to the document's text")
    return text, bounds


def name_keys(sections: Iterable[Section], renamed: Mapping[str, str]) -> list[Key]:
    """The key of each section; ``renamed`` maps a section's name to the name
    it had in base, for the sections the semantic diff found renamed."""
    seen: dict[str, int] = {}
    keys: list[Key] = []
    for section in sections:
        called = section.name
        assert called is not None
        count = seen.get(called, 0)
        seen[called] = count + 1
        keys.append(renamed.get(called, called) if count == 0 else (called, count))
    return keys


def extras(text: str, key: Key) -> Counter[str]:
    """The extra lines of a unit's text, without their line endings."""
    found: Counter[str] = Counter()
    if key is PREAMBLE or copy(key) > 0:
        found.update(content(line) for line in split_lines(text) if line.strip())
        return found
    doc = loads(text)
    for section in (doc.preamble, *doc.sections):
        names: set[str] = set()
        for node in section.nodes:
            if isinstance(node, Comment | Invalid):
                found[node.content] += 1
            elif isinstance(node, Option):
                lines = split_lines(node.text)
                if node.name in names:
                    found.update(content(line) for line in lines if line.strip())
                else:
                    names.add(node.name)
                    found.update(content(line) for line in lines[1:] if is_comment(line))
            else:
                assert isinstance(node, Blank)
    return found


def nodes(text: str) -> tuple[list[Hashable], list[str]]:
    """A unit's text as tokens, one a node, and the text of each: the header
    is known by its section name and an option by its name and occurrence
    (whatever its spelling and value), any other line by its text."""
    doc = loads(text)
    tokens: list[Hashable] = []
    texts: list[str] = []
    for section in (doc.preamble, *doc.sections):
        if section.header is not None:
            rest = section.text[len(section.header) :]
            ending = "\r\n" if rest.startswith("\r\n") else rest[:1] if rest[:1] in "\r\n" else ""
            tokens.append(("header", section.name))
            texts.append(section.header + ending)
        seen: Counter[str] = Counter()
        for node in section.nodes:
            if isinstance(node, Option):
                seen[node.name] += 1
                tokens.append(("option", node.name, seen[node.name]))
            else:
                assert isinstance(node, Blank | Comment | Invalid)
                tokens.append(("line", node.content))
            texts.append(node.text)
    return tokens, texts
