"""Hover: what ``explain`` says about the option under the cursor; for a
word of a reference option's value, the section it names; for a header,
the section's kind and type.

A secret is never sent: the hover never shows a value of the file, and
for a secret option it shows neither a default nor example values.
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from ..cli.commands.explain import history_json, option_json
from ..schema import Catalog
from ..secrets import shown
from ..section import Section
from .locate import kind_and_type, option_spec, spot, target_of
from .state import OpenFile

__all__ = ["hover"]


def hover(catalog: Catalog, file: OpenFile, position: types.Position) -> types.Hover | None:
    """The hover at ``position`` of ``file`` (None: nothing to say)."""
    line, column = file.lines.point(position)
    here = spot(file.doc, line, column)
    section = here.section
    if section is None:
        return None
    if here.where == "header":
        return _hover(section_text(catalog, section), file, section.span)
    if here.option is None:
        return None
    if here.where == "value":
        target = target_of(catalog, file.doc, here)
        if target is not None:
            found, span = target
            text = f"→ [{found.name}]\n\n" + section_text(catalog, found)
            return _hover(text, file, span)
    about = option_text(catalog, section, here.option.name)
    if about is None:
        return None
    return _hover(about, file, here.option.key_span)


def _hover(text: str, file: OpenFile, span: Any) -> types.Hover:
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
        range=file.lines.range(span),
    )


def section_text(catalog: Catalog, section: Section) -> str:
    """Markdown: a section's kind, type and name."""
    kind, type_ = kind_and_type(catalog, section)
    if kind is None:
        return f"**[{section.name}]**: not a kind of section SFTPPlus has"
    document = catalog.schema(f"{kind}.json")
    rows = [f"**{kind}**: {document.get('description', '')}"]
    written = section.get("type")
    if catalog.types(kind):
        if type_ is None:
            rows.append(f"type `{written}`: not a type of {kind}")
        else:
            described = document.get("$defs", {}).get(f"type-{type_}", {}).get("description")
            since = catalog.type_since(kind, type_)
            note = f" (since {since})" if since else ""
            default = " (the default type)" if written is None else ""
            rows.append(f"type **{type_}**{default}{note}: {described or ''}".rstrip(": "))
    name = section.get("name")
    if name is not None:
        rows.append(f"name `{shown(kind, type_, 'name', name)}`")
    return "\n\n".join(rows)


def option_text(catalog: Catalog, section: Section, name: str) -> str | None:
    """Markdown: what ``explain`` says about an option of ``section``."""
    kind, type_ = kind_and_type(catalog, section)
    if kind is None:
        return None
    spec = option_spec(catalog, section, name)
    if spec is None:
        return _old_option(catalog, kind, type_, name)
    data = option_json(spec, type_) | history_json(catalog, spec, type_)
    where = f"{kind}/{type_}" if type_ else kind
    rows = [f"**{spec.name}** ({where})", data["description"]]
    facts = [f"value: {data['value_type']}"]
    if data["secret"]:
        facts.append("secret: yes (its value is never shown)")
    else:
        default = data["default"]
        if default is None:
            facts.append("default: (not documented)")
        else:
            facts.append(
                f"default: `{shown(kind, type_, spec.name, default)}`"
                if default
                else "default: empty"
            )
        if data["values"]:
            facts.append("values: " + ", ".join(f"`{v}`" for v in data["values"]))
        if data["item_values"]:
            facts.append("items: " + ", ".join(f"`{v}`" for v in data["item_values"]))
        facts.append("secret: no")
    if data["references"]:
        facts.append("refers to: " + ", ".join(f"[{kind}/…]" for kind in data["references"]))
    facts.append(f"since: {data['since'] or '(not documented)'}")
    if data["required"]:
        facts.append("required: yes")
    for old in data["renamed_from"]:
        facts.append(f"formerly `{old['option']}` (until {old['since']})")
    if data["renamed_to"]:
        facts.append(f"renamed to `{data['renamed_to']}`")
    if data["removed_in"]:
        facts.append(f"removed in {data['removed_in']}")
    for value, since in sorted(data["value_since"].items()):
        facts.append(f"`{value}` since {since}")
    rows.append("\n".join(f"- {fact}" for fact in facts))
    return "\n\n".join(row for row in rows if row)


def _old_option(catalog: Catalog, kind: str, type_: str | None, name: str) -> str | None:
    """Markdown for a name that is no longer a current option."""
    from ..history import option_change

    change = option_change(catalog, kind, type_, name.lower())
    if change is None:
        return None
    rows = [f"**{name}**: no longer a current option"]
    if change.new and change.since:
        rows.append(f"renamed to `{change.new}` in {change.since}")
    if change.removed_in:
        rows.append(f"removed in {change.removed_in}")
    if change.new and not change.since:
        rows.append(f"use `{change.new}` instead")
    if change.fixable:
        rows.append("the code action *apply fix* (or `sftpplus-config fix`) writes the new name")
    return "\n\n".join(rows)
