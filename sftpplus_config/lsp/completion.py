"""Completion: section kinds after ``[``; the options a section's kind and
type have (less those it sets), with their defaults; the documented words
after ``=``; the ids of sections of the right kind and type for a
reference option, labelled by their ``name``; ``{host.name}``-style
variables after ``{`` where the option accepts them.

A secret is never sent: no value of the file is offered (only ids and
names of sections), and a secret option's default is not shown.
"""

from __future__ import annotations

import re

from lsprotocol import types

from ..schema import Catalog, OptionSpec
from ..secrets import shown
from ..section import Section
from .locate import kind_and_type, option_spec, section_at
from .state import OpenFile

__all__ = ["TRIGGERS", "completion"]

#: Characters after which an editor asks for completions by itself.
TRIGGERS = ["[", "=", ":", "{", ",", "/", " "]
_KEY = re.compile(r"[A-Za-z0-9_.-]*\Z")
_DELIMITER = re.compile(r"[=:]")
_WORD_START = re.compile(r"[^,\s!]*\Z")
_OPEN_BRACE = re.compile(r"\{([A-Za-z0-9_.-]*)\Z")


def completion(
    catalog: Catalog, file: OpenFile, position: types.Position
) -> list[types.CompletionItem]:
    """The completions at ``position`` of ``file``."""
    line, column = file.lines.point(position)
    text = file.lines.text(line)
    before = text[: column - 1]
    section = section_at(file.doc, line)
    if before.startswith("[") and "]" not in before:
        return _kinds(catalog, file, line, before)
    if section is None or line == section.line:
        return []
    match = _DELIMITER.search(before)
    if match is None:
        if before[:1].isspace() or not _KEY.match(before):
            return []
        return _options(catalog, file, section, line, before)
    name = before[: match.start()].strip().lower()
    value = before[match.end() :]
    spec = option_spec(catalog, section, name)
    brace = _OPEN_BRACE.search(value)
    if brace is not None:
        return _variables(catalog, file, section, name, line, column, brace.group(1))
    if spec is None or spec.secret:
        return []
    word = _WORD_START.search(value)
    typed = word.group() if word is not None else ""
    start = types.Position(
        line=position.line,
        character=file.lines.position(line, column - len(typed)).character,
    )
    edit_range = types.Range(start=start, end=position)
    if spec.references:
        return _ids(catalog, file, spec, edit_range)
    return _words(spec, edit_range)


def _replace(edit_range: types.Range, text: str) -> types.TextEdit:
    return types.TextEdit(range=edit_range, new_text=text)


def _kinds(catalog: Catalog, file: OpenFile, line: int, before: str) -> list[types.CompletionItem]:
    start = file.lines.position(line, 2)
    end = file.lines.position(line, len(before) + 1)
    edit_range = types.Range(start=start, end=end)
    items = []
    for kind in catalog.kinds():
        document = catalog.schema(f"{kind}.json")
        label = "server" if kind == "server" else f"{kind}/"
        insert = "server]" if kind == "server" else f"{kind}/"
        items.append(
            types.CompletionItem(
                label=label,
                kind=types.CompletionItemKind.Module,
                detail=str(document.get("description", "")),
                text_edit=_replace(edit_range, insert),
            )
        )
    return items


def _options(
    catalog: Catalog, file: OpenFile, section: Section, line: int, before: str
) -> list[types.CompletionItem]:
    kind, type_ = kind_and_type(catalog, section)
    if kind is None:
        return []
    taken = {key.lower() for key in section}
    edit_range = types.Range(
        start=file.lines.position(line, 1), end=file.lines.position(line, len(before) + 1)
    )
    items = []
    for name, spec in catalog.options(kind, type_).items():
        if name in taken:
            continue
        items.append(
            types.CompletionItem(
                label=name,
                kind=types.CompletionItemKind.Property,
                detail=_default(spec, kind, type_),
                documentation=types.MarkupContent(
                    kind=types.MarkupKind.Markdown, value=spec.description
                ),
                text_edit=_replace(edit_range, f"{name} = "),
                sort_text=("0" if spec.required else "1") + name,
            )
        )
    return items


def _default(spec: OptionSpec, kind: str, type_: str | None) -> str:
    """The completion detail of an option: its value type and default."""
    if spec.secret:
        return f"{spec.value_type} (secret)"
    if spec.default is None:
        return spec.value_type
    default = shown(kind, type_, spec.name, spec.default) if spec.default else "empty"
    return f"{spec.value_type}, default: {default}"


def _words(spec: OptionSpec, edit_range: types.Range) -> list[types.CompletionItem]:
    words = list(spec.values or spec.item_values)
    if spec.json_type == "boolean" and not words:
        words = ["Yes", "No"]
    return [
        types.CompletionItem(
            label=word,
            kind=types.CompletionItemKind.EnumMember,
            detail="default" if spec.default is not None and word == spec.default else None,
            text_edit=_replace(edit_range, word),
        )
        for word in words
    ]


def _ids(
    catalog: Catalog, file: OpenFile, spec: OptionSpec, edit_range: types.Range
) -> list[types.CompletionItem]:
    items = [
        types.CompletionItem(
            label=word, kind=types.CompletionItemKind.Keyword, text_edit=_replace(edit_range, word)
        )
        for word in (*spec.values, *spec.item_values)
    ]
    for section in file.doc.sections:
        name = section.name or ""
        kind, _, ident = name.partition("/")
        if kind not in spec.references or not ident:
            continue
        wanted = spec.reference_types.get(kind)
        if wanted:
            _, type_ = kind_and_type(catalog, section)
            if type_ not in wanted:
                continue
        label = section.get("name") or ident
        items.append(
            types.CompletionItem(
                label=label,
                kind=types.CompletionItemKind.Reference,
                detail=f"[{name}]",
                filter_text=f"{label} {ident}",
                text_edit=_replace(edit_range, ident),
            )
        )
    return items


def _variables(
    catalog: Catalog,
    file: OpenFile,
    section: Section,
    option: str,
    line: int,
    column: int,
    typed: str,
) -> list[types.CompletionItem]:
    """``{host.name}``, ``{host.fqdn}`` and the runtime placeholders the
    option accepts (:data:`sftpplus_config.variables.CATALOGUE`)."""
    from ..variables import _RUNTIME_EXAMPLES, HOST_VARIABLES, _matches, option_variables

    kind, type_ = kind_and_type(catalog, section)
    if kind is None:
        return []
    names = list(HOST_VARIABLES)
    entry = option_variables(kind, type_, option)
    if entry is not None:
        names += [name for name in _RUNTIME_EXAMPLES if _matches(name, entry.runtime)]
    start = file.lines.position(line, column - len(typed) - 1)
    # an editor that closes braces by itself has put the `}` already
    closed = file.lines.text(line)[column - 1 : column] == "}"
    end = file.lines.position(line, column + (1 if closed else 0))
    edit_range = types.Range(start=start, end=end)
    return [
        types.CompletionItem(
            label=f"{{{name}}}",
            kind=types.CompletionItemKind.Variable,
            detail="deploy-time variable" if name in HOST_VARIABLES else "runtime placeholder",
            filter_text=f"{{{name}",
            text_edit=_replace(edit_range, f"{{{name}}}"),
        )
        for name in names
    ]
