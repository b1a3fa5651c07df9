"""A document cut into the units of a three-way merge, and the lines of a
unit that the option-by-option diff does not see.

The units are the preamble (the lines before the first header) and each
section, with the comment lines right above its header: the lines
:meth:`Document.remove_section` takes along, so a comment describing a
section goes with it. Units are keyed ``(name, n)``: the section's name and
how many sections of that name come before it (0 for the first, 1 for a
duplicate's second copy); the preamble's key is :data:`PREAMBLE`.

A unit's *extra* lines are the ones :func:`sftpplus_config.diff.diff`
ignores: comment lines (also inside a multi-line value), invalid lines,
duplicate options, and every line that is not blank in the preamble or in a
duplicate section's later copies.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from ._lines import split_lines
from .api import loads
from .nodes import Blank, Comment, Invalid, Option
from .syntax import Document, Section

__all__ = ["PREAMBLE", "Key", "content", "cut", "extras", "is_comment", "name_keys"]

Key = tuple[str | None, int]
PREAMBLE: Key = (None, 0)


def content(line: str) -> str:
    """A line without its line ending."""
    return line.rstrip("\r\n")


def is_comment(line: str) -> bool:
    """A comment line (configparser skips it wherever it stands)."""
    return line.lstrip()[:1] in (";", "#") and line.strip() != ""


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


def cut(doc: Document) -> tuple[str, list[tuple[Section | None, int, int]]]:
    """The document's text (without a BOM) and its units as ``(section,
    start, end)`` offsets in that text, in file order; the preamble first,
    with section None."""
    text = doc.dumps()
    if doc.bom:
        text = text[1:]
    offset = len(doc.preamble.text)
    units: list[tuple[Section | None, int, int]] = []
    start = 0
    previous: str | None = None
    current: Section | None = None
    for section in doc.sections:
        section_text = section.text
        lead = 0 if previous is None else len(previous) - _comment_tail(previous)
        units.append((current, start, offset - lead))
        start = offset - lead
        current = section
        offset += len(section_text)
        previous = section_text
    units.append((current, start, offset))
    if offset != len(text):
        raise ValueError("the sections' texts do not add up to the document's text")
    return text, units


def name_keys(sections: Iterable[Section], renamed: Mapping[str, str]) -> list[Key]:
    """The key of each section; ``renamed`` maps a section's name to the name
    it had in base, for the sections the semantic diff found renamed."""
    seen: dict[str, int] = {}
    keys: list[Key] = []
    for section in sections:
        name = section.name
        assert name is not None
        count = seen.get(name, 0)
        seen[name] = count + 1
        keys.append((renamed.get(name, name), 0) if count == 0 else (name, count))
    return keys


def extras(text: str, key: Key) -> Counter[str]:
    """The extra lines of a unit's text, without their line endings."""
    found: Counter[str] = Counter()
    if key == PREAMBLE or key[1] > 0:
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
