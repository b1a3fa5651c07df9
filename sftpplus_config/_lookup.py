"""Sections by kind, type and name, for
[`Document.components`][sftpplus_config.document.Document.components] and
[`Document.find`][sftpplus_config.document.Document.find].

A lazy document (sections still header offsets) is walked by header: a
section object is made only for a section of the kind asked for, and a
search by name makes one only where the name occurs in the section's text
(one substring search, no nodes). Values are read without making nodes
(``Section.get``). Every walk is one pass over the sections.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from . import _parser
from .components import Component

if TYPE_CHECKING:
    from .document import Document
    from .section import Section

__all__ = ["components", "find_all"]


def _kind_of(name: str) -> str:
    return name.partition("/")[0]


def _sections(doc: Document, kind: str | None, needle: str | None = None) -> Iterator[Section]:
    """The sections of ``kind`` (every section when None) in file order,
    duplicates included; with ``needle``, only those whose text may hold
    it (a section that was edited is always given)."""
    lazy, starts = doc._lazy, doc._starts
    source = doc._source
    if lazy is not None and starts is not None:
        count = len(starts)
        header_at = _parser.header_at
        # each section's line is counted on the way (asking each for its
        # line afterwards would count from the top: quadratic); an edited
        # document counts its lines itself
        track = not doc._edited
        line = 1 + source.count("\n", 0, starts[0]) if starts else 1
        for position, start in enumerate(starts):
            end = starts[position + 1] if position + 1 < count else len(source)
            here = line
            if track:
                line += source.count("\n", start, end)
            made = lazy[position]
            if made is not None:
                if (kind is None or _kind_of(made.name or "") == kind) and _may_hold(made, needle):
                    if track and not made._line:
                        made._line = here
                    yield made
                continue
            name, _, _ = header_at(source, start)
            if kind is not None and _kind_of(name) != kind:
                continue
            if needle is not None and source.find(needle, start, end) < 0:
                continue
            section = doc._lazy_section(position)
            if track:
                section._line = here
            yield section
        for added in lazy[count:]:  # sections added since loading
            if added is not None and (kind is None or _kind_of(added.name or "") == kind):
                yield added
        return
    for section in doc._sections:
        if (kind is None or _kind_of(section.name or "") == kind) and _may_hold(section, needle):
            yield section


def _may_hold(section: Section, needle: str | None) -> bool:
    """False only when ``needle`` is not in the section's unedited text."""
    src = section._src
    if needle is None or src is None or section._modified:
        return True
    return section._doc._source.find(needle, src[0], src[2]) >= 0


def components(doc: Document, kind: str | None = None, type_: str | None = None) -> list[Component]:
    """See ``Document.components``."""
    found = [Component(section) for section in _sections(doc, kind)]
    if type_ is None:
        return found
    from .schema import load_catalog

    catalog = load_catalog()
    wanted = type_.strip().lower()
    kept = []
    for component in found:
        of_kind = catalog.kind_of(component.section_name) or component.kind
        canonical = catalog.canonical_type(of_kind, wanted) or wanted
        written = component.section.get("type")
        if written is None:
            actual = catalog.default_type(of_kind)
        else:
            actual = catalog.canonical_type(of_kind, written) or written.strip().lower()
        if actual == canonical:
            kept.append(component)
    return kept


def find_all(doc: Document, kind: str, name: str) -> list[Component]:
    """See ``Document.find_all``: the sections of ``kind`` whose ``name``
    option, trimmed, is ``name`` (as the ``duplicate-name`` rule compares
    names)."""
    wanted = name.strip()
    # the value's text is in the file as written (one line): a section whose
    # text lacks it cannot match, and is skipped without being made
    needle = wanted if wanted and "\n" not in wanted and "\r" not in wanted else None
    found = []
    for section in _sections(doc, kind, needle):
        value = section.get("name")
        if value is not None and value.strip() == wanted:
            found.append(Component(section))
    return found
