"""What is at a position of a document: a section header, an option's name,
its value, one word of the value (an id another section has, for a
reference option), and how a section's kind and type resolve."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from ..nodes import Option
from ..schema import Catalog, OptionSpec
from ..section import Section
from ..span import Span
from ..syntax import Document

__all__ = [
    "Reference",
    "Spot",
    "kind_and_type",
    "option_spec",
    "references_in",
    "section_at",
    "spot",
    "target_of",
]

#: The words of a value: ids, list items (commas and spaces separate them).
_WORD = re.compile(r"[^,\s]+")


@dataclass(frozen=True, slots=True)
class Spot:
    """What a position points at. ``where`` is ``header`` (the section's
    header line), ``key`` (an option's name), ``value`` (an option's value),
    or ``body`` (any other line of a section, or the preamble)."""

    where: Literal["header", "key", "value", "body"]
    section: Section | None
    option: Option | None = None
    #: the word of the value under the position, and its span
    word: tuple[str, Span] | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    """One id written in a reference option's value."""

    section: Section
    option: Option
    ident: str
    span: Span
    kinds: tuple[str, ...]


def section_at(doc: Document, line: int) -> Section | None:
    """The section whose lines hold ``line`` (None: the preamble)."""
    sections = doc.sections
    at = bisect.bisect_right([s.line for s in sections], line) - 1
    return sections[at] if at >= 0 else None


def spot(doc: Document, line: int, column: int) -> Spot:
    """What is at the 1-based ``line`` and code-point ``column``."""
    section = section_at(doc, line)
    if section is None:
        return Spot("body", None)
    if line == section.line:
        return Spot("header", section)
    for option in section.options():
        if not option.line <= line < option.line + option.line_count:
            continue
        key = option.key_span
        if line == key.line and column <= key.end_column:
            return Spot("key", section, option)
        return Spot("value", section, option, _word(option, line, column))
    return Spot("body", section)


def _word(option: Option, line: int, column: int) -> tuple[str, Span] | None:
    for span, text in zip(option.value_line_spans(), option.value.split("\n"), strict=False):
        if span.line != line:
            continue
        for match in _WORD.finditer(text):
            start = span.column + match.start()
            end = span.column + match.end()
            if start <= column <= end:
                return match.group(), Span(line, start, line, end)
    return None


def kind_and_type(catalog: Catalog, section: Section) -> tuple[str | None, str | None]:
    """The section's kind (None: unknown) and its canonical type (None: the
    kind has no types, or the type is unknown; the kind's default type when
    the section sets none)."""
    name = section.name or ""
    kind = catalog.kind_of(name)
    if kind is None or not catalog.types(kind):
        return kind, None
    written = section.get("type")
    if written is None:
        return kind, catalog.default_type(kind)
    return kind, catalog.canonical_type(kind, written)


def option_spec(catalog: Catalog, section: Section, name: str) -> OptionSpec | None:
    kind, type_ = kind_and_type(catalog, section)
    return None if kind is None else catalog.option(kind, type_, name)


def references_in(catalog: Catalog, doc: Document) -> Iterator[Reference]:
    """Every word of a reference option's value that names a section of
    the document of a kind the option refers to."""
    ids: dict[str, set[str]] = {}
    for name in doc.section_names():
        kind, _, ident = name.partition("/")
        if ident:
            ids.setdefault(ident, set()).add(kind)
    for section in doc.sections:
        for option in section.options():
            spec = option_spec(catalog, section, option.name)
            if spec is None or not spec.references:
                continue
            for span, text in zip(
                option.value_line_spans(), option.value.split("\n"), strict=False
            ):
                for match in _WORD.finditer(text):
                    word = match.group()
                    skip = 1 if spec.negatable and word.startswith("!") else 0
                    ident = word[skip:]
                    kinds = ids.get(ident, set()).intersection(spec.references)
                    if kinds:
                        start = span.column + match.start() + skip
                        yield Reference(
                            section,
                            option,
                            ident,
                            Span(span.line, start, span.line, start + len(ident)),
                            tuple(sorted(kinds)),
                        )


def target_of(catalog: Catalog, doc: Document, here: Spot) -> tuple[Section, Span] | None:
    """The section the word under a reference option's value names, and the
    word's span (without a leading ``!``)."""
    if here.where != "value" or here.word is None or here.section is None:
        return None
    assert here.option is not None
    spec = option_spec(catalog, here.section, here.option.name)
    if spec is None or not spec.references:
        return None
    word, span = here.word
    if spec.negatable and word.startswith("!"):
        word = word[1:]
        span = Span(span.line, span.column + 1, span.end_line, span.end_column)
    for kind in spec.references:
        found = doc.section(f"{kind}/{word}")
        if found is not None:
            return found, span
    return None
