"""The typed JSON projection of a configuration (``export --typed``).

The raw export is ``{"<section>": {"<option>": "<raw value>"}}`` with
multi-line values joined by ``\\n``.  The typed projection keeps the same
shape, lower-cases option names and turns each value into the JSON form its
schema describes:

- booleans: ``yes/no/true/false/on/off/1/0`` (any case) become ``true``/``false``;
- integers and numbers become JSON numbers;
- documented words (``inherit``, ``disabled``, ``secure``...) are matched
  without regard to case and written in their documented spelling;
- comma lists and line lists become arrays of trimmed strings (comma lists
  also split on line breaks; blank items are dropped);
- everything else stays a string, trimmed of surrounding white space;
- an empty value stays ``""``.

The ``type`` option is canonicalised first (lower case, aliases resolved),
since it decides which options the section has.  A value that does not
convert (``port = eighty``) stays a string, so that the schema reports it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .schema import Catalog, OptionSpec
from .values import BOOLEAN_WORDS, parse_bool, parse_csv, parse_int, parse_lines

__all__ = ["BOOLEAN_WORDS", "convert_value", "section_type", "typed_projection"]

_NUMBER = re.compile(r"[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][+-]?[0-9]+)?")
_NEGATION_SPACE = re.compile(r"^!\s+")


def _comma_items(value: str) -> list[str]:
    """Items of a comma list; line breaks separate items too.

    Each line is read as SFTPPlus reads a comma list (double quotes may hold
    commas); a line with a broken quote is split on every comma.
    """
    items: list[str] = []
    for line in value.split("\n"):
        try:
            items.extend(parse_csv(line))
        except ValueError:
            items.extend(part.strip() for part in line.split(","))
    return [item for item in items if item]


def convert_value(raw: str, spec: OptionSpec) -> Any:
    """One raw option value in the JSON form of ``spec``.

    Values that do not fit the option's form are returned as (trimmed)
    strings.
    """
    value = raw.strip()
    if value == "":
        return ""
    low = value.lower()
    for word in spec.values:
        if word.lower() == low:
            return word
    json_type = spec.json_type
    if json_type == "boolean":
        try:
            return parse_bool(value)
        except ValueError:
            return value
    if json_type in ("integer", "number"):
        try:
            return parse_int(value)
        except ValueError:
            if json_type == "number" and _NUMBER.fullmatch(value):
                return float(value)
            return value
    if json_type == "array":
        items = parse_lines(value) if spec.separator == "line" else _comma_items(value)
        if spec.negatable:
            items = [_NEGATION_SPACE.sub("!", item) for item in items]
        lookup = {word.lower(): word for word in spec.item_values}
        return [lookup.get(item.lower(), item) for item in items]
    return value


def section_type(
    catalog: Catalog, kind: str, options: Mapping[str, str]
) -> tuple[str | None, str | None]:
    """The canonical type of a section and its written value, if any.

    ``options`` must have lower-case names.  For a kind without types both
    are ``None``; for a missing ``type`` the kind's default type (accounts:
    ``application``) is returned; for an unknown one, ``None``.
    """
    if not catalog.types(kind):
        return None, None
    written = options.get("type")
    if written is None:
        return catalog.default_type(kind), None
    return catalog.canonical_type(kind, written), written


def typed_projection(
    raw: Mapping[str, Mapping[str, str]], catalog: Catalog
) -> dict[str, dict[str, Any]]:
    """The schema-typed projection of a raw export.

    Sections of unknown kinds keep their raw values (option names are still
    lower-cased); for those of an unknown type, only the kind's common
    options are converted.
    """
    projection: dict[str, dict[str, Any]] = {}
    for section, options in raw.items():
        lowered = {name.lower(): value for name, value in options.items()}
        kind = catalog.kind_of(section)
        if kind is None:
            projection[section] = dict(lowered)
            continue
        type_, written_type = section_type(catalog, kind, lowered)
        typed: dict[str, Any] = {}
        for name, value in lowered.items():
            if name == "type" and written_type is not None:
                typed[name] = type_ if type_ is not None else written_type.strip().lower()
                continue
            spec = catalog.option(kind, type_, name)
            typed[name] = convert_value(value, spec) if spec is not None else value
        projection[section] = typed
    return projection
