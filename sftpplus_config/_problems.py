"""The syntax-level findings of a document (:meth:`Document.problems`):
``syntax-error``, ``duplicate-section``, ``duplicate-option``,
``option-outside-section`` and ``indented-option`` (every indented
``name = value`` line; :mod:`sftpplus_config.acceptance` decides which of
these make a file unacceptable)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from . import _parser
from ._gc import collector_paused
from .findings import Finding, Related
from .nodes import Invalid, Option

if TYPE_CHECKING:
    from .document import Document
    from .section import Section

__all__ = ["iter_problems", "problems"]

_INDENTED_OPTION = _parser.INDENTED_OPTION


def problems(doc: Document) -> list[Finding]:
    """The syntax-level findings of ``doc``, in file order."""
    with collector_paused():
        found = list(iter_problems(doc))
    found.sort(key=lambda f: (f.span.line, f.span.column))
    return found


def iter_problems(doc: Document) -> Iterator[Finding]:
    """The syntax-level findings of ``doc``, one at a time (a report that
    shows only some of them need not hold them all), in file order."""
    if doc._starts is not None and doc._lazy is not None and not doc._edited:
        yield from _lazy_problems(doc, doc._starts, doc._lazy)
        return
    seen: dict[str, Section] = {}
    for owner in [doc._preamble, *doc._sections]:
        if owner.name is not None:
            first = seen.setdefault(owner.name, owner)
            if first is not owner:
                yield _duplicate(owner, first)
        if _may_have_problems(owner):
            yield from _section_problems(owner)


def _duplicate(owner: Section, first: Section) -> Finding:
    assert owner.name is not None
    return Finding(
        "duplicate-section",
        "error",
        f"section [{_short(owner.name)}] is defined again (first defined at line {first.line})",
        owner.span,
        section=owner.name,
        hint="merge the two sections into one: SFTPPlus refuses a file with duplicate sections",
        related=(Related(first.span, "first defined here"),),
    )


def _lazy_problems(
    doc: Document, starts: Sequence[int], lazy: list[Section | None]
) -> Iterator[Finding]:
    """:func:`iter_problems` of a document whose sections are still header
    offsets: a section object is made only for a section that may hold a
    problem (and for the first copy of a duplicate), with its line counted
    on the way, so that checking a file of a million clean sections makes
    none of them."""
    preamble = doc._preamble
    yield from _section_problems(preamble)
    source = doc._source
    header_at, check = _parser.header_at, _parser.scan_values_checked
    seen: dict[str, tuple[int, int]] = {}  # name -> (position, line) of its first copy
    line = 1 + source.count("\n", 0, starts[0]) if starts else 1
    count = len(starts)
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < count else len(source)
        name, ending, header_end = header_at(source, start)
        made = lazy[position]
        first = seen.setdefault(name, (position, line))
        if first[0] != position:
            yield _duplicate(_made(doc, position, line), _made(doc, first[0], first[1]))
        clean = made._clean if made is not None and made._items is None else None
        if clean is None and (made is None or made._items is None):
            _, clean = check(source[header_end + len(ending) : end])
        if not clean:
            yield from _section_problems(_made(doc, position, line))
        line += source.count("\n", start, end)
    for added in lazy[count:]:  # sections added since loading (none: not edited)
        if added is not None:
            yield from _section_problems(added)


def _made(doc: Document, position: int, line: int) -> Section:
    """The section object at ``position`` of a lazy document, its line
    known (counting it from the top would make a file of many problems
    quadratic)."""
    if doc._lazy is None:  # a lookup made every section meanwhile: same order
        return doc._materialized()[position]
    section = doc._lazy_section(position)
    if not section._line:
        section._line = line
    return section


def _short(text: str, limit: int = 80) -> str:
    """A name for a message: long ones shortened, so that a finding never
    holds a copy of a long line."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _may_have_problems(section: Section) -> bool:
    """False only when the section is not parsed yet and its text is known
    to hold no syntax problem, so that :meth:`Document.problems` need not
    parse it. :meth:`Section.as_dict` records that while it reads the
    values (a validator reads them first, then asks for the problems);
    otherwise it is worked out here the same way, which is still cheaper
    than building the nodes. Parsed sections and the preamble are always
    checked in full."""
    src = section._src
    if section._items is not None or src is None or section.name is None:
        return True
    clean = section._clean
    if clean is None:
        _, body_start, end = src
        _, clean = _parser.scan_values_checked(section._doc._source[body_start:end])
        section._clean = clean
    return not clean


def _section_problems(owner: Section) -> Iterator[Finding]:
    keys: dict[str, Option] = {}
    for node in owner._ensure():
        kind = type(node)
        if kind is Option:
            assert isinstance(node, Option)
            if owner.name is None:
                yield Finding(
                    "option-outside-section",
                    "error",
                    f"option `{_short(node.raw_key)}` comes before any section header",
                    node.key_span,
                    option=node.name,
                    hint="move it under the section it belongs to, e.g. below [server]",
                )
            else:
                first = keys.setdefault(node.name, node)
                if first is not node:
                    yield Finding(
                        "duplicate-option",
                        "error",
                        f"option `{_short(node.raw_key)}` is set again in [{_short(owner.name)}] "
                        f"(first set at line {first.line})",
                        node.key_span,
                        section=owner.name,
                        option=node.name,
                        hint="keep only one of them: SFTPPlus refuses duplicate options",
                        related=(Related(first.key_span, "first set here"),),
                    )
            for span, text in node.continuation_lines():
                match = _INDENTED_OPTION.match(text)
                if match is not None:
                    # the line itself is not quoted: it is part of a value,
                    # which may be a secret
                    yield Finding(
                        "indented-option",
                        "error",
                        f"an indented `{_short(match.group(1))} = …` line is read as part "
                        f"of the value of `{_short(node.raw_key)}`, not as an option",
                        span,
                        section=owner.name,
                        option=match.group(1).lower(),
                        hint="remove the indentation so that the option starts at column 1",
                    )
        elif kind is Invalid:
            # an invalid line is never quoted: it may be a password written
            # without its delimiter, or a line of a pasted key
            assert isinstance(node, Invalid)
            content = node.content.strip()
            if content.startswith(("=", ":")):
                message = "option name missing before the delimiter"
                hint = "write `name = value`"
            elif content.startswith("["):
                message = "this line is not a valid section header"
                hint = "write the section name between [ and ], e.g. [accounts/<uuid>]"
            else:
                message = "this line is neither a section, an option nor a comment"
                hint = (
                    "write `name = value`, start the line with `#` to make it a comment, "
                    "or indent it to continue the previous value"
                )
            yield Finding(
                "syntax-error",
                "error",
                message,
                node.span,
                section=owner.name,
                hint=hint,
            )
