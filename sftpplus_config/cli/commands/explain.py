"""``explain KIND[/TYPE] [OPTION] [--json]``: what the schema says about an option."""

from __future__ import annotations

import argparse
import difflib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from ...schema import Catalog, OptionSpec, load_catalog
from .._output import error, out


def register(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "explain",
        help="describe a kind, a type or an option from the schema",
        description="Describe a component kind (accounts, services, ...), one of its "
        "types (services/ssh), or one option: its value type, documented default, "
        "allowed values, the version it appeared in and whether it is a secret. "
        "Types are case-insensitive and accept aliases (services/sftp). "
        "Exit 1 when the kind, type or option is unknown.",
    )
    parser.add_argument("target", metavar="KIND[/TYPE]", help="e.g. server, accounts, services/ssh")
    parser.add_argument("option", metavar="OPTION", nargs="?", help="option name (any case)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    catalog = load_catalog()
    kind, _, raw_type = str(args.target).partition("/")
    if kind not in catalog.kinds():
        _unknown("kind", kind, catalog.kinds())
        return 1
    type_: str | None = None
    if raw_type:
        type_ = catalog.canonical_type(kind, raw_type)
        if type_ is None:
            if not catalog.types(kind):
                error(f"{kind} has no types")
            else:
                _unknown(f"{kind} type", raw_type, catalog.types(kind))
            return 1
    if args.option is None:
        return _explain_kind(catalog, kind, type_, as_json=bool(args.json))
    spec = catalog.option(kind, type_, str(args.option))
    if spec is None:
        old = _old_option(catalog, kind, type_, str(args.option).lower())
        if old is None:
            return _unknown_option(catalog, kind, type_, str(args.option))
        if args.json:
            out(json.dumps(old, indent=2, ensure_ascii=False) + "\n")
        else:
            out(_old_text(old))
        return 0
    data = option_json(spec, type_) | history_json(catalog, spec, type_)
    if args.json:
        out(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        out(option_text(spec, type_) + _history_rows(data))
    return 0


def history_json(catalog: Catalog, spec: OptionSpec, type_: str | None) -> dict[str, Any]:
    """``removed_in``, ``renamed_to`` and ``renamed_from`` of a current option."""
    from ...history import option_change

    change = option_change(catalog, spec.kind, type_, spec.name)
    history = catalog.history(spec.kind).get("options", {})
    renamed_from = [
        {"option": old, "since": raw.get("since")}
        for old, raw in sorted(history.items())
        if raw.get("renamed_to") == spec.name
        and raw.get("new_kind", spec.kind) == spec.kind
        and (raw.get("types") is None or type_ in raw["types"])
    ]
    return {
        "removed_in": change.removed_in if change is not None else None,
        "renamed_to": change.new if change is not None and change.since else None,
        "deprecated_in": change.deprecated_in if change is not None else None,
        "renamed_from": renamed_from,
        "value_since": dict(spec.value_since),
        "old_values": _old_values(catalog, spec),
        "default_history": [
            {k: v for k, v in entry.items() if k != "source"} for entry in spec.default_history
        ],
    }


def _old_values(catalog: Catalog, spec: OptionSpec) -> list[dict[str, Any]]:
    """The values of an option that were renamed, removed or deprecated."""
    from ...history import value_change

    words = catalog.history(spec.kind).get("values", {}).get(spec.name, {})
    found = []
    for word in sorted(words):
        change = value_change(catalog, spec.kind, spec.name, word)
        assert change is not None
        found.append(
            {
                "value": word,
                "renamed_to": change.new if change.since else None,
                "since": change.since,
                "removed_in": change.removed_in,
                "deprecated_in": change.deprecated_in,
                "replacement": change.new,
            }
        )
    return found


def _old_option(catalog: Catalog, kind: str, type_: str | None, name: str) -> dict[str, Any] | None:
    """The ``explain`` data of an option name that is no longer current."""
    from ...history import option_change

    change = option_change(catalog, kind, type_, name)
    if change is None:
        return None
    return {
        "kind": kind,
        "type": type_,
        "option": name,
        "current": False,
        "renamed_to": change.new if change.since else None,
        "renamed_in": change.since,
        "new_kind": change.new_kind,
        "new_type": change.new_type,
        "removed_in": change.removed_in,
        "deprecated_in": change.deprecated_in,
        "replacement": change.new,
        "migrated_by_sftpplus": change.migrated,
        "still_accepted": change.still_accepted,
        "fixable": change.fixable,
        "sources": list(change.sources),
    }


def _old_text(data: Mapping[str, Any]) -> str:
    where = f"{data['kind']}/{data['type']}" if data["type"] else data["kind"]
    lines = [f"{where} {data['option']}", "  no longer a current option"]
    if data["renamed_to"]:
        place = f" ([{data['new_kind']}/…])" if data["new_kind"] else ""
        lines.append(f"  renamed to  {data['renamed_to']}{place} in {data['renamed_in']}")
    if data["removed_in"]:
        lines.append(f"  removed in  {data['removed_in']}")
    if data["deprecated_in"]:
        lines.append(f"  deprecated  since {data['deprecated_in']} (SFTPPlus still reads it)")
    if data["replacement"] and not data["renamed_to"]:
        lines.append(f"  use instead {data['replacement']}")
    if data["renamed_to"] or data["removed_in"]:
        converted = "yes" if data["migrated_by_sftpplus"] else "no"
        lines.append(f"  converted   {converted} (SFTPPlus converts the old name when it starts)")
    if data["fixable"]:
        lines.append("  fix         `sftpplus-config fix` writes the new name")
    return "\n".join(lines) + "\n"


def _history_rows(data: Mapping[str, Any]) -> str:
    rows = []
    if data["renamed_from"]:
        names = ", ".join(f"{r['option']} (until {r['since']})" for r in data["renamed_from"])
        rows.append(f"  formerly    {names}")
    if data["renamed_to"]:
        rows.append(f"  renamed to  {data['renamed_to']}")
    if data["removed_in"]:
        rows.append(f"  removed in  {data['removed_in']}")
    if data["deprecated_in"]:
        rows.append(f"  deprecated  since {data['deprecated_in']}")
    if data["value_since"]:
        since = ", ".join(f"{v} since {w}" for v, w in sorted(data["value_since"].items()))
        rows.append(f"  values      {since}")
    if data["default_history"]:
        from ...history import default_history_text

        texts = ", ".join(default_history_text(entry) for entry in data["default_history"])
        rows.append(f"  defaults    {texts}")
    for old in data["old_values"]:
        rows.append(f"  old value   {old['value']}: {_old_value_text(old)}")
    return "".join(row + "\n" for row in rows)


def _old_value_text(old: Mapping[str, Any]) -> str:
    if old["renamed_to"] is not None:
        return f"renamed to {old['renamed_to'] or '(empty)'} in {old['since']}"
    if old["removed_in"]:
        instead = "" if old["replacement"] is None else f", use {old['replacement'] or '(empty)'}"
        return f"removed in {old['removed_in']}{instead}"
    if old["deprecated_in"]:
        return f"deprecated since {old['deprecated_in']}"
    return "removed"


def option_json(spec: OptionSpec, type_: str | None) -> dict[str, Any]:
    """The ``explain --json`` object of one option."""
    return {
        "kind": spec.kind,
        "type": type_,
        "option": spec.name,
        "value_type": spec.value_type,
        "json_type": spec.json_type,
        "description": spec.description,
        "default": spec.default,
        "default_value": spec.default_value,
        "since": spec.since,
        "values": list(spec.values),
        "item_values": list(spec.item_values),
        "secret": spec.secret,
        "references": list(spec.references),
        "required": spec.required,
        "allows_empty": spec.allows_empty,
        "minimum": spec.minimum,
        "maximum": spec.maximum,
        "pattern": spec.pattern,
        "item_pattern": spec.item_pattern,
        "separator": spec.separator,
        "negatable": spec.negatable,
        "unit": spec.unit,
        "documented": spec.documented,
    }


def option_text(spec: OptionSpec, type_: str | None) -> str:
    """The ``explain`` text of one option."""
    where = f"{spec.kind}/{type_}" if type_ else spec.kind
    rows: list[tuple[str, str]] = [("value", _value_summary(spec))]
    if spec.default is None:
        rows.append(("default", "(not documented)"))
    elif spec.default == "" and spec.required:
        rows.append(("default", "(none: the option must be set)"))
    else:
        rows.append(("default", _quote(spec.default)))
    rows.append(("since", spec.since or "(not documented)"))
    if spec.values:
        rows.append(("values", ", ".join(spec.values)))
    if spec.item_values:
        rows.append(("items", ", ".join(spec.item_values)))
    if spec.references:
        rows.append(("refers to", ", ".join(spec.references)))
    rows.append(("required", "yes" if spec.required else "no"))
    rows.append(("secret", "yes" if spec.secret else "no"))
    if not spec.documented:
        reason = str(spec.schema.get("x-undocumented", ""))
        rows.append(("note", f"not in the vendor field lists; accepted because: {reason}"))
    width = max(len(label) for label, _ in rows)
    lines = [f"{where} {spec.name}", f"  {spec.description}"]
    lines += [f"  {label.ljust(width)}  {text}" for label, text in rows]
    return "\n".join(lines) + "\n"


def _value_summary(spec: OptionSpec) -> str:
    text = spec.value_type
    details: list[str] = []
    if spec.json_type in ("integer", "number"):
        low = "" if spec.minimum is None else str(spec.minimum)
        high = "" if spec.maximum is None else str(spec.maximum)
        if low or high:
            details.append(f"{low}..{high}")
    if spec.unit:
        details.append(spec.unit)
    if spec.separator:
        details.append("comma separated" if spec.separator == "comma" else "one per line")
    if spec.negatable:
        details.append("! excludes")
    if spec.pattern:
        details.append(f"matching {spec.pattern}")
    if spec.allows_empty and spec.json_type != "string":
        details.append("may be empty")
    return f"{text} ({', '.join(details)})" if details else text


def _quote(text: str) -> str:
    return '""' if text == "" else text


def _explain_kind(catalog: Catalog, kind: str, type_: str | None, *, as_json: bool) -> int:
    document = catalog.schema(f"{kind}.json")
    defs: dict[str, Any] = document.get("$defs", {})
    if type_ is None:
        description = str(document.get("description", ""))
    else:
        description = str(defs.get(f"type-{type_}", {}).get("description", ""))
    options = catalog.options(kind, type_)
    versions = _type_versions(catalog, kind, type_)
    if as_json:
        data = {
            "kind": kind,
            "type": type_,
            "section": document.get("x-section"),
            "description": description,
            **versions,
            "types": list(catalog.types(kind)),
            "type_aliases": dict(catalog.type_aliases(kind)),
            "options": [option_json(spec, type_) for spec in options.values()],
        }
        out(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return 0
    title = f"[{document.get('x-section', kind)}]" + (f" type = {type_}" if type_ else "")
    lines = [title, f"  {description}"]
    if versions.get("since"):
        lines.append(f"  since {versions['since']}")
    if versions.get("deprecated_in"):
        instead = f"; use [{versions['use_instead']}/…] sections" if versions["use_instead"] else ""
        lines.append(f"  deprecated since {versions['deprecated_in']}{instead}")
    types = catalog.types(kind)
    if types and type_ is None:
        lines.append(f"  types: {', '.join(types)}")
        aliases = catalog.type_aliases(kind)
        if aliases:
            lines.append(
                "  aliases: " + ", ".join(f"{a} = {t}" for a, t in sorted(aliases.items()))
            )
        lines.append("  options common to every type:")
    else:
        lines.append("  options:")
    width = max((len(name) for name in options), default=0)
    for name, spec in options.items():
        default = "" if spec.default is None else f"  default {_quote(spec.default)}"
        lines.append(f"    {name.ljust(width)}  {spec.value_type}{default}")
    out("\n".join(lines) + "\n")
    return 0


def _type_versions(catalog: Catalog, kind: str, type_: str | None) -> dict[str, Any]:
    """``since`` and ``deprecated_in`` (with what to use instead) of a type."""
    if type_ is None:
        return {}
    from ...history import type_change

    change = type_change(catalog, kind, type_)
    deprecated = change is not None and change.deprecated_in is not None
    return {
        "since": catalog.type_since(kind, type_),
        "deprecated_in": change.deprecated_in if change is not None else None,
        "use_instead": (change.new_kind or change.new) if deprecated and change else None,
    }


def _unknown(what: str, name: str, known: Iterable[str]) -> None:
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    error(f"unknown {what} {name!r}{hint}")


def _unknown_option(catalog: Catalog, kind: str, type_: str | None, name: str) -> int:
    wanted = name.lower()
    if type_ is None:
        holders = [t for t in catalog.types(kind) if wanted in catalog.options(kind, t)]
        if holders:
            error(
                f"{wanted!r} is not common to every {kind} type; "
                f"ask for one of: {', '.join(f'{kind}/{t}' for t in holders)}"
            )
            return 1
    where = f"{kind}/{type_}" if type_ else kind
    _unknown(f"option of {where}", wanted, catalog.options(kind, type_))
    return 1
