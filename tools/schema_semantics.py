"""Apply the vendor semantics supplement to the schema being generated.

``semantics.json`` (``../shared/reference/semantics.json`` relative to the
repository root, or ``--semantics PATH`` of ``gen_schema.py``) records what
the vendor docs say only in prose: renamed and removed options, types and
kinds; types the option reference lacks; conditional options; per-type
exclusions; value forms; typed references; section id rules. This module
turns those facts into schema data:

- ``x-history`` in each kind file: the names the kind's options, types and
  values had, with the version of each change (``x-kind-history`` in
  ``server-ini.json`` for kinds);
- ``x-since`` on types, ``x-schema-version`` on every file;
- ``allOf``/``if``/``then`` for options required when another option has a
  value, ``x-conditions`` for options used or ignored depending on another;
- tighter value forms (ranges, aliases, list items, exclusive words, IP
  filters, date-time offsets...), ``x-value-since`` and ``x-multiple-since``;
- ``x-reference`` / ``x-reference-types`` / ``x-reference-position`` /
  ``x-reference-also`` for the options that name other sections.

Entries that are not applied are listed, each with a reason, in
``tools/schema_src/semantics.toml``; the tests read the same list. Every
fact keeps its docs source line (``x-source``): our data, no vendor prose.

Standard library only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

JSON = Any

DEFAULT_SEMANTICS = Path("..") / "shared" / "reference" / "semantics.json"
KEYS = ("renamed", "removed", "missing_types", "conditional", "not_available", "value_forms")
KEYS_ALL = (*KEYS, "references", "id_rules")

#: An IPv4 address with an optional prefix length.
_IPV4 = (
    r"((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(/(3[0-2]|[12]?\d))?"
)
#: An IPv6 address (hex groups and colons, at least two colons) with an optional prefix length.
_IPV6 = r"(?=[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:)[0-9A-Fa-f:.]{2,45}(/(12[0-8]|1[01]\d|[1-9]?\d))?"
IP_FILTER_ITEM = rf"^(?i:allow|deny)\s+({_IPV4}|{_IPV6})$"
#: A TCP port, 0 to 65535.
_PORT = r"(6553[0-5]|655[0-2]\d|65[0-4]\d\d|6[0-4]\d{3}|[1-5]\d{4}|[1-9]\d{0,3}|0)"
PORT_RANGE = rf"^{_PORT}\s*-\s*{_PORT}$"
#: ISO 8601 as SFTPPlus reads it: the date, then optionally the time (``T``
#: or a space), then optionally ``Z`` or an offset of hours, with or without minutes.
DATETIME = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?$"
BASE_URL_PATH = r"^/(\S*[^/\s])?$"
#: A list item that may start with `!` (exclude it): something must follow.
NEGATABLE_ITEM = r"^!?[^!]"
#: A free list item (not blank), for lists that also take some words.
FREE_ITEM = r"\S"


def _version_key(text: str) -> tuple[int, ...]:
    numbers = re.match(r"\d+(\.\d+)*", text)
    return tuple(int(p) for p in numbers.group(0).split(".")) if numbers else ()


class Judgements:
    """``semantics.toml``: the entries not applied, each with its reason."""

    def __init__(self, table: Mapping[str, JSON]) -> None:
        self.rules: list[Mapping[str, JSON]] = list(table.get("exclude", []))
        for rule in self.rules:
            if "key" not in rule or "reason" not in rule:
                raise SystemExit(f"semantics.toml: exclusion without key or reason: {rule}")
        self.used: set[int] = set()

    def reason(self, key: str, entry: Mapping[str, JSON]) -> str | None:
        for number, rule in enumerate(self.rules):
            if rule["key"] != key:
                continue
            fields = {k: v for k, v in rule.items() if k not in ("key", "reason")}
            if all(_same(_field(entry, k), v) for k, v in fields.items()):
                self.used.add(number)
                return str(rule["reason"])
        return None


def _same(value: JSON, wanted: JSON) -> bool:
    """``wanted`` from semantics.toml matches ``value``; a table matches the
    entries whose value has at least those keys with those values."""
    if isinstance(wanted, Mapping):
        return isinstance(value, Mapping) and all(_same(value.get(k), v) for k, v in wanted.items())
    return bool(value == wanted)


def _field(entry: Mapping[str, JSON], name: str) -> JSON:
    if name == "only_when_key":
        return next(iter(entry.get("only_when", {})), None)
    value = entry.get(name)
    return "" if value is None and name in ("kind", "type", "option") else value


class Semantics:
    """The facts of ``semantics.json`` as the generator uses them."""

    def __init__(self, data: Mapping[str, JSON], judgements: Judgements) -> None:
        self.data = data
        self.judgements = judgements
        self.version = str(data["schema_version"])
        self.changed: Counter[str] = Counter()
        self.applied: dict[str, set[int]] = {key: set() for key in KEYS_ALL}
        self.history_by_kind: dict[str, JSON] = {}
        self.kind_history: dict[str, JSON] = {}

    def entries(self, key: str) -> Iterable[tuple[int, Mapping[str, JSON]]]:
        for number, entry in enumerate(self.data.get(key, [])):
            if self.judgements.reason(key, entry) is None:
                yield number, entry

    def count(self, key: str, number: int, changes: int = 1) -> None:
        self.applied[key].add(number)
        self.changed[key] += changes


# ---------------------------------------------------------------------------
# Models: missing types, exclusions, conditionally required options.
# ---------------------------------------------------------------------------


def _types_of(model: Any, type_: str | None) -> list[str]:
    if type_ is None:
        return sorted(model.types) or [""]
    return [type_] if type_ in model.types else []


def apply_to_models(models: list[Any], sem: Semantics) -> None:
    """Add the missing types, drop the options the docs exclude from a type,
    and make the conditionally required options optional (their condition
    is added to the schema by :func:`conditions_for`)."""
    by_name = {m.name: m for m in models}
    for number, entry in sem.entries("value_forms"):
        if entry["form"] == "alias" and entry["option"] == "type":
            model = by_name[entry["kind"]]
            alias, of = entry["detail"]["value"], entry["detail"]["alias_of"]
            if model.aliases.get(alias) != of:
                model.aliases[alias] = of
                sem.changed["value_forms"] += 1
            sem.applied["value_forms"].add(number)
    for key in ("value_forms", "references", "conditional"):
        for _, entry in sem.entries(key):
            model = by_name.get(entry.get("kind") or "")
            if model is not None and entry.get("type") in model.types and entry.get("option"):
                _option(model, entry["type"], entry["option"])  # the type's own copy
    for number, entry in sem.entries("missing_types"):
        model = by_name[entry["kind"]]
        type_ = entry["type"]
        if type_ not in model.types:
            model.types[type_] = {}
            model.type_docs[type_] = ""
            model.extra_types[type_] = (
                f"Named by the vault and TLS client pages ({entry['evidence'][0]}); "
                "the common vault-item options, no options of its own."
            )
        if entry.get("since"):
            model.type_since[type_] = str(entry["since"])
        sem.count("missing_types", number)
    for number, entry in sem.entries("not_available"):
        model = by_name[entry["kind"]]
        own = model.types.get(entry["type"], {})
        if entry["option"] not in own:
            raise SystemExit(f"semantics: not_available {entry} names no type option")
        del own[entry["option"]]
        sem.count("not_available", number)
    for _, entry in sem.entries("value_forms"):
        if entry["form"] == "empty-allowed" and entry["kind"] in by_name:
            doc = _option(by_name[entry["kind"]], entry["type"], entry["option"])
            if doc is not None:
                doc.optional = True  # "may be left empty": not required
    for _, entry in sem.entries("conditional"):
        if entry["effect"] not in ("required", "used"):
            continue
        model = by_name[entry["kind"]]
        doc = _option(model, entry["type"], entry["option"])
        if doc is None:
            raise SystemExit(f"semantics: conditional {entry} names an unknown option")
        if entry["effect"] == "used" and (doc.optional or not _empty_default(doc)):
            continue  # not required: only x-conditions (see conditions_for)
        doc.optional = True
        doc.conditional = True


def _empty_default(doc: Any) -> bool:
    return (doc.default or "").strip().strip("`'\" ").lower() in ("", "empty")


def _option(model: Any, type_: str | None, name: str) -> Any:
    if type_ is not None and name in model.types.get(type_, {}):
        return model.types[type_][name]
    if name in model.common:
        # a common option made conditional for one type: give the type its own copy
        if type_ is not None and type_ in model.types:
            import copy

            doc = copy.deepcopy(model.common[name])
            model.types[type_][name] = doc
            return doc
        return model.common[name]
    return None


# ---------------------------------------------------------------------------
# Value forms, applied to each option's Spec.
# ---------------------------------------------------------------------------


def _matches(entry: Mapping[str, JSON], kind: str, type_: str | None, name: str) -> bool:
    if entry.get("option") != name:
        return False
    if entry.get("kind") not in (None, kind):
        return False
    return entry.get("type") in (None, type_) or (type_ is None and entry.get("type") is None)


def forms_for(sem: Semantics, kind: str, type_: str | None, name: str) -> list[tuple[int, JSON]]:
    found = []
    for number, entry in sem.entries("value_forms"):
        if entry.get("option") != name or entry.get("kind") not in (None, kind):
            continue
        if entry.get("type") not in (None, type_):
            continue
        found.append((number, entry))
    return found


def _exclusive_pattern(words: Iterable[str], base: str | None) -> str:
    alternatives = "|".join(re.escape(w) for w in words)
    rest = base[1:] if base and base.startswith("^") else (base or r"[\s\S]+$")
    if not rest.endswith("$"):
        rest += r"[\s\S]*$"
    return rf"^(?!(?i:{alternatives})$){rest}"


def apply_value_forms(spec: Any, sem: Semantics, kind: str, type_: str | None, name: str) -> None:
    """Tighten or widen ``spec`` as the value forms of the option say."""
    exclusive: list[str] = []
    for number, entry in forms_for(sem, kind, type_, name):
        form, detail = entry["form"], entry.get("detail", {})
        if form == "alias":
            if name == "type":
                continue  # type aliases: see type_aliases
            word, of = detail["value"], detail["alias_of"]
            target = spec.item_keywords if of in spec.item_keywords else spec.keywords
            if word not in target:
                target.append(word)
        elif form == "accepted-value":
            if detail["value"] not in spec.item_keywords:
                spec.item_keywords.append(detail["value"])
        elif form in ("exclusive-keyword", "exclusive-value"):
            if detail["value"] not in spec.keywords:
                spec.keywords.append(detail["value"])
            exclusive.append(detail["value"])
        elif form == "value-since":
            _value_since(spec, detail)
        elif form in ("default-since", "default-before"):
            spec.default_history.append(dict(detail.items()) | {"source": entry["source"]})
        elif form == "zero-or-negative-means-default":
            spec.minimum = None
        elif form == "zero-means":
            if spec.minimum is None or spec.minimum > 0:
                spec.minimum = 0
        elif form == "range":
            if "minimum" in detail:
                spec.minimum = detail["minimum"]
            if "greater_than" in detail:
                spec.minimum = detail["greater_than"] + 1
            if "maximum" in detail:
                spec.maximum = detail["maximum"]
        elif form == "max-length":
            spec.max_length = detail["maximum"]
        elif form == "exclusion-prefix":
            spec.negatable = True
            # `!` then the item: a lone `!` (or `!!x`) excludes nothing
            if spec.item_pattern is None:
                spec.item_pattern = NEGATABLE_ITEM
            elif not spec.item_pattern.startswith("^!?"):
                spec.item_pattern = "^!?(?!!)" + spec.item_pattern[1:]
            if detail.get("mix_include_and_exclude") is False:
                spec.array_extra["anyOf"] = [
                    {"items": {"pattern": "^!"}},
                    {"items": {"pattern": "^[^!]"}},
                ]
        elif form == "ip-filter-rules":
            spec.item_pattern = IP_FILTER_ITEM
        elif form == "datetime":
            spec.pattern = DATETIME
        elif form in ("empty-means", "empty-allowed"):
            spec.empty = True
        elif form == "pair":
            items = detail["items"]
            spec.array_extra["prefixItems"] = [{"enum": list(item["allowed"])} for item in items]
            spec.min_items = spec.max_items = len(items)
        elif form == "port-range":
            spec.pattern = PORT_RANGE
        elif form == "csv-rule":
            actions = "|".join(re.escape(a) for a in detail["actions"])
            spec.item_pattern = rf"^(?i:{actions})\s*,\s*\S"
        elif form == "schedule":
            spec.array_extra["anyOf"] = [
                {"items": {"pattern": "^(?!month_day_)"}},
                {"items": {"pattern": "^(?![A-Za-z]+day-)"}},
            ]
        elif form == "allowed-values-in-prose":
            spec.base = None
            spec.value_type = "enum"
            spec.keywords = list(detail["values"])
            spec.empty = True
        elif form == "case-restriction":
            spec.item_pattern = rf"^(?!{re.escape(detail['value'])}\s*:)"
        elif form == "absolute-path":
            if name == "base_url_path":
                spec.pattern = BASE_URL_PATH
            else:
                spec.pattern = r"^(/|[A-Za-z]:[\\/]|\\\\|\$\{)"
        elif form == "self-replacing-value":
            if detail["value"] not in spec.keywords:
                spec.keywords.append(detail["value"])
        elif form == "unique-across-sections":
            pass  # the port-conflict rule
        else:
            raise SystemExit(f"semantics: value form {form!r} has no handler (exclude it?)")
        sem.count("value_forms", number)
    if exclusive:
        # items limited to their own words (ssl_allowed_methods) already
        # leave the whole-value words out; free items must not be one
        free_items = spec.item_pattern is not None or not spec.item_keywords
        if spec.base == "array" and free_items:
            spec.item_pattern = _exclusive_pattern(exclusive, spec.item_pattern)
        elif spec.base == "string":
            pass  # a whole value: the keyword itself


_MULTIPLE = re.compile(r"(comma[ -]separated|multiple|list of)", re.IGNORECASE)


def _value_since(spec: Any, detail: Mapping[str, JSON]) -> None:
    raw = str(detail["value"])
    word = raw.strip("`")
    words = {w.lower(): w for w in [*spec.keywords, *spec.item_keywords]}
    if word.lower() in words:
        spec.value_since[words[word.lower()]] = str(detail["since"])
    elif _MULTIPLE.search(raw):
        spec.multiple_since = str(detail["since"])
    else:
        raise SystemExit(f"semantics: value-since {raw!r} is not a value (exclude it?)")


# ---------------------------------------------------------------------------
# References.
# ---------------------------------------------------------------------------


def references_for(sem: Semantics, kind: str, type_: str | None, name: str) -> list[JSON]:
    found = []
    for number, entry in sem.entries("references"):
        if entry["option"] != name:
            continue
        if entry["kind"] is None:
            pairs = entry.get("applies_to") or []
            if not any(p["kind"] == kind and p["type"] == type_ for p in pairs):
                continue
        elif entry["kind"] != kind or entry["type"] not in (None, type_):
            continue
        found.append((number, entry))
    return found


def apply_references(
    spec: Any, sem: Semantics, kind: str, type_: str | None, name: str, kinds: Iterable[str]
) -> None:
    """Set the kinds, types, positions and other words of a reference option."""
    found = references_for(sem, kind, type_, name)
    if not found:
        return
    targets: list[str] = []
    for number, entry in found:
        target = entry["target_kind"]
        for one in [target] if target else sorted(k for k in kinds if k != "server"):
            if one not in targets:
                targets.append(one)
        if entry.get("target_types"):
            spec.reference_types[target] = list(entry["target_types"])
        if entry.get("position"):
            spec.reference_position = entry["position"]
        for word in entry.get("also_accepts", []):
            if word in ("email-address", "event-based-template"):
                if word not in spec.reference_also:
                    spec.reference_also.append(word)
            elif word not in spec.keywords and word not in spec.item_keywords:
                if spec.base == "array" and spec.item_pattern is None and not spec.item_keywords:
                    spec.item_pattern = FREE_ITEM  # free items stay free beside the word
                (spec.item_keywords if spec.base == "array" else spec.keywords).append(word)
        sem.count("references", number)
    spec.reference = targets


# ---------------------------------------------------------------------------
# History: renamed and removed names.
# ---------------------------------------------------------------------------


def _record(entry: Mapping[str, JSON], key: str) -> dict[str, JSON]:
    record: dict[str, JSON] = {"source": entry["source"]}
    if key == "renamed":
        record["renamed_to"] = entry["new"]
        record["since"] = entry["since"]
        for field in ("new_kind", "new_type", "value_map", "merged_with"):
            if entry.get(field):
                record[field] = entry[field]
        if entry.get("old_still_accepted"):
            record["still_accepted"] = True
    else:
        if entry.get("status") == "deprecated":
            record["deprecated_in"] = entry.get("deprecated_in")
        else:
            record["removed"] = True  # removed_in may be unknown (SSLv2)
        if entry.get("removed_in"):
            record["removed_in"] = entry["removed_in"]
        if entry.get("replacement") is not None:
            record["replacement"] = entry["replacement"]
        for field, name in (("replacement_kind", "new_kind"), ("replacement_type", "new_type")):
            if entry.get(field):
                record[name] = entry[field]
        if entry.get("replacement_value"):
            record["replacement_value"] = entry["replacement_value"]
    if entry.get("migrated_by_sftpplus") is not None:
        record["migrated"] = entry["migrated_by_sftpplus"]
    return record


def _merge(into: dict[str, JSON], record: Mapping[str, JSON]) -> None:
    for field, value in record.items():
        if field == "source":
            sources = into.setdefault("sources", [])
            if value not in sources:
                sources.append(value)
        elif field == "migrated":
            into["migrated"] = bool(into.get("migrated")) or bool(value)
        elif field not in into:
            into[field] = value


def _finish(record: dict[str, JSON], kind: str, value: bool = False) -> dict[str, JSON]:
    """Whether ``fix`` may apply the change: a one-to-one rename in place
    (or, for a removed value, its documented replacement: an empty value)."""
    if value and record.get("replacement") == "" and not record.get("renamed_to"):
        record["fixable"] = True
        return dict(sorted(record.items()))
    record["fixable"] = bool(
        record.get("renamed_to")
        and record.get("new_kind", kind) == kind
        and not record.get("new_type")
        and not record.get("merged_with")
        and (record.get("migrated") or record.get("still_accepted"))
    )
    return dict(sorted(record.items()))


def history(sem: Semantics, models: list[Any]) -> tuple[dict[str, JSON], dict[str, JSON]]:
    """``x-history`` per kind, and the ``x-kind-history`` of ``server-ini.json``."""
    by_kind: dict[str, JSON] = {m.name: {"options": {}, "types": {}, "values": {}} for m in models}
    kinds: dict[str, JSON] = {}
    for key in ("renamed", "removed"):
        for number, entry in sem.entries(key):
            what = entry["what"]
            record = _record(entry, key)
            if what == "kind":
                name = entry.get("old") if key == "renamed" else entry["kind"]
                _merge(kinds.setdefault(name, {}), record)
                sem.count(key, number)
                continue
            targets = [entry["kind"]] if entry["kind"] else _kinds_having(models, entry, key)
            changes = 0
            for kind in targets:
                if kind not in by_kind:
                    continue  # a legacy kind: see x-kind-history
                place = by_kind[kind]
                if what == "option":
                    old = entry["old"] if key == "renamed" else entry["option"]
                    types = [entry["type"]] if entry.get("type") else []
                    slot = place["options"].setdefault(old, {})
                    if types:
                        slot.setdefault("types", [])
                        slot["types"] = sorted({*slot["types"], *types})
                    else:
                        slot["all_types"] = True
                elif what == "type":
                    old = entry["old"] if key == "renamed" else entry["type"]
                    slot = place["types"].setdefault(old, {})
                elif what == "value":
                    old = entry["old"] if key == "renamed" else entry["value"]
                    option = entry.get("option") or "*"
                    slot = place["values"].setdefault(option, {}).setdefault(old, {})
                else:
                    raise SystemExit(f"semantics: {key} {what!r} has no handler (exclude it?)")
                _merge(slot, record)
                changes += 1
            if changes:
                sem.count(key, number, changes)
    out: dict[str, JSON] = {}
    for kind, place in by_kind.items():
        options = {
            name: _finish(_types_field(slot), kind)
            for name, slot in sorted(place["options"].items())
        }
        types = {name: _finish(slot, kind) for name, slot in sorted(place["types"].items())}
        values = {
            option: {value: _finish(slot, kind, True) for value, slot in sorted(words.items())}
            for option, words in sorted(place["values"].items())
        }
        found = {k: v for k, v in (("options", options), ("types", types), ("values", values)) if v}
        if found:
            out[kind] = found
    return out, {name: _finish(slot, "") for name, slot in sorted(kinds.items())}


def _types_field(slot: dict[str, JSON]) -> dict[str, JSON]:
    if slot.pop("all_types", False):
        slot.pop("types", None)
    return slot


def _kinds_having(models: list[Any], entry: Mapping[str, JSON], key: str) -> list[str]:
    """The kinds an entry without a kind applies to: those with the new name
    (or the old one), else every kind."""
    names = [entry.get("new") if key == "renamed" else entry.get("replacement")]
    names.append(entry.get("old") if key == "renamed" else entry.get("option"))
    if entry["what"] == "value":
        names = [entry.get("option")]
    for name in names:
        if not name:
            continue
        found = [
            m.name
            for m in models
            if name in m.common or any(name in own for own in m.types.values())
        ]
        if found:
            return found
    return [m.name for m in models]


# ---------------------------------------------------------------------------
# Conditions.
# ---------------------------------------------------------------------------


def conditions_for(
    sem: Semantics, kind: str, type_: str | None, options: Iterable[str]
) -> list[JSON]:
    """The ``x-conditions`` of one group (``type_`` ``None``: the kind's
    common group): the options that are used only, or ignored, when other
    options have some value. An entry without a kind applies to every group
    that has the option."""
    notes: list[JSON] = []
    names = set(options)
    for number, entry in sem.entries("conditional"):
        if entry["effect"] not in ("used", "ignored") or entry["option"] not in names:
            continue
        if entry["kind"] is not None and (entry["kind"] != kind or entry["type"] != type_):
            continue
        note = {
            "option": entry["option"],
            "effect": entry["effect"],
            "when": entry["only_when"],
            "source": entry["source"],
        }
        for field in ("except_when", "match"):
            if entry.get(field):
                note[field] = entry[field]
        notes.append(note)
        sem.count("conditional", number)
    return notes


def required_branches(
    sem: Semantics, kind: str, type_: str | None, docs: Mapping[str, Any], typed: Any
) -> list[JSON]:
    """``if``/``then`` branches for the options made conditional by
    :func:`apply_to_models`; ``typed(name, text)`` gives the typed value of
    ``text`` for option ``name`` and whether it is the option's default."""
    branches: list[JSON] = []
    for number, entry in sem.entries("conditional"):
        if entry["kind"] != kind or entry["type"] != type_:
            continue
        doc = docs.get(entry["option"])
        if doc is None or not getattr(doc, "conditional", False):
            continue
        if entry["effect"] not in ("required", "used"):
            continue
        ((name, wanted),) = entry["only_when"].items()
        values = []
        default_matches = False
        for text in wanted if isinstance(wanted, list) else [wanted]:
            value, is_default = typed(name, text)
            values.append(value)
            default_matches = default_matches or is_default
        condition: dict[str, JSON] = {"properties": {name: {"enum": values}}}
        if not default_matches:
            condition["required"] = [name]
        branches.append(
            {
                "if": condition,
                "then": {"required": [entry["option"]]},
                "x-source": entry["source"],
            }
        )
        sem.count("conditional", number)
    return branches


def check_applied(sem: Semantics) -> None:
    """Every entry is applied or excluded with a reason; every exclusion is used."""
    missing = []
    for key in KEYS_ALL:
        for number, entry in enumerate(sem.data.get(key, [])):
            if number in sem.applied[key]:
                continue
            if sem.judgements.reason(key, entry) is None:
                missing.append(f"{key}[{number}] {entry.get('source')}")
    if missing:
        raise SystemExit(
            "semantics: entries neither applied nor excluded:\n  " + "\n  ".join(missing)
        )
    unused = [
        sem.judgements.rules[n]
        for n in range(len(sem.judgements.rules))
        if n not in sem.judgements.used
    ]
    if unused:
        raise SystemExit(f"semantics.toml: exclusions that match nothing: {unused}")
