"""Go to definition (from an id in a reference option's value to the
section it names), find references (the values that name a section) and
document symbols (sections labelled kind / type / name, their options as
children, for outline views and breadcrumbs)."""

from __future__ import annotations

from lsprotocol import types

from ..nodes import Blank, Comment
from ..schema import Catalog
from ..secrets import shown
from ..section import Section
from ..span import Span
from .locate import kind_and_type, references_in, spot, target_of
from .state import OpenFile

__all__ = ["definition", "references", "symbols"]


def definition(
    catalog: Catalog, file: OpenFile, position: types.Position
) -> list[types.Location] | None:
    """The header of the section that the id under ``position`` names."""
    line, column = file.lines.point(position)
    target = target_of(catalog, file.doc, spot(file.doc, line, column))
    if target is None:
        return None
    return [types.Location(uri=file.uri, range=file.lines.range(target[0].span))]


def references(
    catalog: Catalog, file: OpenFile, position: types.Position, include_declaration: bool
) -> list[types.Location] | None:
    """Every place that names the section under ``position`` (its header,
    or an id in a reference value)."""
    line, column = file.lines.point(position)
    here = spot(file.doc, line, column)
    section: Section | None = None
    if here.where == "header":
        section = here.section
    else:
        target = target_of(catalog, file.doc, here)
        section = None if target is None else target[0]
    if section is None or section.name is None:
        return None
    kind, _, ident = section.name.partition("/")
    found: list[Span] = [section.span] if include_declaration else []
    found += [
        ref.span
        for ref in references_in(catalog, file.doc)
        if ref.ident == ident and kind in ref.kinds
    ]
    return [types.Location(uri=file.uri, range=file.lines.range(span)) for span in found]


def _section_range(file: OpenFile, section: Section) -> types.Range:
    last = section.line
    for node in section.nodes:
        if isinstance(node, Blank | Comment):
            continue
        last = node.span.end_line
    end = file.lines.position(last, len(file.lines.text(last)) + 1)
    return types.Range(start=file.lines.position(section.line, 1), end=end)


def symbols(catalog: Catalog, file: OpenFile) -> list[types.DocumentSymbol]:
    """One symbol per section (``name`` or id, with ``kind / type`` as the
    detail), each option a child (its value as the detail, redacted when
    it is a secret)."""
    result = []
    for section in file.doc.sections:
        name = section.name or ""
        kind, type_ = kind_and_type(catalog, section)
        label_kind = kind or name.partition("/")[0]
        written = section.get("type")
        detail = " / ".join(part for part in (label_kind, type_ or written) if part)
        title = section.get("name") or name.partition("/")[2] or name
        children = []
        for option in section.options():
            value = shown(kind or label_kind, written, option.name, option.value)
            children.append(
                types.DocumentSymbol(
                    name=option.raw_key,
                    detail=value.split("\n")[0][:80],
                    kind=types.SymbolKind.Property,
                    range=file.lines.range(option.span),
                    selection_range=file.lines.range(option.key_span),
                )
            )
        result.append(
            types.DocumentSymbol(
                name=f"{title}",
                detail=f"{detail} [{name}]" if detail else f"[{name}]",
                kind=types.SymbolKind.Class if kind != "server" else types.SymbolKind.Module,
                range=_section_range(file, section),
                selection_range=file.lines.range(section.span),
                children=children,
            )
        )
    return result
