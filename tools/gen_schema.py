#!/usr/bin/env python3
"""Generate the JSON Schema files in ``schema/`` from the SFTPPlus option reference.

Inputs:

- the vendor option reference (``../shared/reference/sftpplus-options.json``
  relative to the repository root, or ``--reference PATH``): option names,
  documented defaults, value lists and versions;
- ``tools/schema_src/descriptions.toml``: our own short description of every
  option, kind and type;
- ``tools/schema_src/overrides.toml``: the decisions the value texts do not
  give (value forms, references, secrets, accepted and rejected undocumented
  options, extra types, type aliases).

Output: one file per kind plus ``server-ini.json``, pretty-printed with sorted
keys, so that a second run gives the same bytes. ``--check`` compares instead
of writing and exits 1 when a file is stale, missing or unexpected.

Standard library only.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import schema_semantics as semantics

DEFAULT_REFERENCE = Path("..") / "shared" / "reference" / "sftpplus-options.json"
SRC_DIR = Path(__file__).resolve().parent / "schema_src"
SCHEMA_DIR_NAME = "schema"

SCHEMA_BASE = "https://sftpplus-config.github.io/schema/1/"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

#: Kinds whose sections are named ``<kind>/<id>``; ``server`` is ``[server]``.
SECTION_KIND_SERVER = "server"

JSON = Any

# ---------------------------------------------------------------------------
# Reading the documented value texts.
# ---------------------------------------------------------------------------

#: Bullets that say "the value may be empty".
_EMPTY_BULLET = re.compile(
    r"^(empty|empty value|''|leave empty\b.*|empty\s*-\s.*|empty to .*|empty field .*)\.?$",
    re.IGNORECASE,
)
#: ``Yes``/``No`` bullets, with or without backticks and an explanation.
_BOOL_BULLET = re.compile(r"^`*(yes|no)`*(\s*\.|\s+-\s.*|\s*)$", re.IGNORECASE)
_INHERIT_BULLET = re.compile(r"^`*inherit`*\.?$", re.IGNORECASE)
#: A backticked token at the start of a bullet, and what follows it.
_BACKTICKED = re.compile(r"^`+([^`]+?)`+(.*)$")
#: What a keyword token may look like (no spaces except after commas, no
#: slashes or colons: those are examples of free values, not keywords).
_KEYWORD_TOKEN = re.compile(r"^[\w${}.-]+(,\s*[\w-]+)*$")
#: Text allowed after a backticked keyword.
_KEYWORD_TAIL = re.compile(
    r"^(\.?|\s*-\s.*|\s*\((since|default)[^)]*\)\.?|\s+(to|or)\s.*)$", re.IGNORECASE
)
#: A bare single-word bullet (``AES128``, ``md5``, ``gnu (Default before 5.16.0)``).
_BARE_TOKEN = re.compile(
    r"^([A-Za-z0-9]([\w.-]*[\w-])?)(\s+\((since|default)[^)]*\))?$", re.IGNORECASE
)
_INT_TOKEN = re.compile(r"^-?\d+$")
#: Backticked words that describe a value rather than name one.
_DESCRIPTIVE_TOKENS = frozenset({"url", "uri", "uuids"})
#: Bare words that describe a value rather than name one.
_DESCRIPTIVE_WORDS = frozenset(
    {"text", "number", "url", "json", "path", "empty", "integer", "yes", "no", "inherit"}
)
#: Keywords that the docs spell in several cases; we use the lower-case form.
_LOWERCASE_KEYWORDS = frozenset({"inherit", "disabled", "empty"})

_NUMBER_WORDS = re.compile(r"\b(number|integer|timestamp|size in bytes)\b", re.IGNORECASE)
_NOT_A_NUMBER = re.compile(r"(list|range of|port numbers|iso code|pair of)", re.IGNORECASE)
_MIN_GE = re.compile(r"greater (than )?or equal to `?(\d+)`?", re.IGNORECASE)
_MIN_GT = re.compile(r"greater than `?(\d+)`?", re.IGNORECASE)

_LINES_WORDS = re.compile(
    r"(one per line|per line|separated by (a )?new ?lines?|newlines|separate lines?|"
    r"multiple lines|on multiple lines|one \w+ per line|new line)",
    re.IGNORECASE,
)
_COMMA_WORDS = re.compile(r"(comma[ -]separated|\blist of\b)", re.IGNORECASE)


@dataclass
class Bullets:
    """What the ``:Values:`` bullets and the default of one option say."""

    empty: bool = False
    boolean: bool = False
    keywords: list[str] = field(default_factory=list)
    int_values: list[int] = field(default_factory=list)
    int_minimums: list[int] = field(default_factory=list)
    number: bool = False
    port: bool = False
    texts: list[str] = field(default_factory=list)


def read_bullets(values: Sequence[str]) -> Bullets:
    """Sort the value bullets into keywords, numbers, booleans and texts."""
    out = Bullets()
    for raw in values:
        text = raw.strip()
        if _EMPTY_BULLET.match(text):
            out.empty = True
            continue
        if _BOOL_BULLET.match(text):
            out.boolean = True
            continue
        if _INHERIT_BULLET.match(text):
            out.keywords.append("inherit")
            continue
        match = _BACKTICKED.match(text)
        if match:
            token, tail = match.group(1).strip(), match.group(2)
            if _INT_TOKEN.match(token):
                out.int_values.append(int(token))
                continue
            if (
                _KEYWORD_TOKEN.match(token)
                and token.lower() not in _DESCRIPTIVE_TOKENS
                and _KEYWORD_TAIL.match(tail)
            ):
                out.keywords.append(token)
                if re.search(r"\bor 0\b", tail):
                    out.int_values.append(0)
                continue
            out.texts.append(text)
            continue
        bare = _BARE_TOKEN.match(text)
        if bare and bare.group(1).lower() not in _DESCRIPTIVE_WORDS:
            token = bare.group(1)
            if _INT_TOKEN.match(token):
                out.int_values.append(int(token))
            else:
                out.keywords.append(token)
            continue
        if _NUMBER_WORDS.search(text) and not _NOT_A_NUMBER.search(text):
            if re.search(r"\breal\b", text, re.IGNORECASE):
                out.number = True
                out.int_minimums.append(0)
                continue
            if re.search(r"\bport number\b", text, re.IGNORECASE):
                out.port = True
                continue
            ge = _MIN_GE.search(text)
            gt = _MIN_GT.search(text)
            if ge:
                out.int_minimums.append(int(ge.group(2)))
            elif gt:
                out.int_minimums.append(int(gt.group(1)) + 1)
            elif re.search(r"\bpositive\b", text, re.IGNORECASE):
                out.int_minimums.append(1)
            else:
                out.int_minimums.append(0)
            continue
        out.texts.append(text)
    return out


# ---------------------------------------------------------------------------
# The value specification of one option.
# ---------------------------------------------------------------------------


@dataclass
class Spec:
    """How one option's value is typed; turned into a JSON Schema fragment."""

    value_type: str = "text"
    base: str | None = "string"  # boolean, integer, number, string, array, None (keywords only)
    minimum: int | float | None = None
    maximum: int | float | None = None
    pattern: str | None = None
    keywords: list[str] = field(default_factory=list)
    empty: bool = False
    separator: str | None = None  # "comma" or "line" when base is "array"
    item_pattern: str | None = None
    item_keywords: list[str] = field(default_factory=list)
    min_items: int | None = None
    max_items: int | None = None
    reference: list[str] = field(default_factory=list)
    unit: str | None = None
    secret: bool = False
    negatable: bool = False  # list items may start with "!" to exclude
    descriptive_default: bool = False  # the documented default describes, is no value
    max_length: int | None = None
    value_since: dict[str, str] = field(default_factory=dict)  # word -> version
    multiple_since: str | None = None  # several list items allowed since
    default_history: list[dict[str, Any]] = field(default_factory=list)
    array_extra: dict[str, Any] = field(default_factory=dict)  # more array keywords
    reference_types: dict[str, list[str]] = field(default_factory=dict)
    reference_position: str | None = None
    reference_also: list[str] = field(default_factory=list)


_REFERENCE_WORDS: tuple[tuple[str, str], ...] = (
    (r"vault item", "vault-items"),
    (r"\brole", "roles"),
    (r"\bgroups? uuid|\bgroup or role uuid|uuid of a group|group uuid", "groups"),
    (r"authentication (method|`?uuids?`?)|another authentication", "authentications"),
    (r"account\b.*\buuid|uuid\b.*\baccount", "accounts"),
    (r"\blocation\b", "locations"),
    (r"security policy", "security-policies"),
    (r"event handler", "event-handlers"),
    (r"service uuid", "services"),
    (r"node uuid", "cluster-nodes"),
)


def guess_references(texts: Iterable[str]) -> list[str]:
    """Kinds named by texts such as "UUID of a trusted-certificates vault item"."""
    found: list[str] = []
    for text in texts:
        low = text.lower()
        if "uuid" not in low and " id of " not in f" {low}":
            continue
        for pattern, kind in _REFERENCE_WORDS:
            if re.search(pattern, low) and kind not in found:
                found.append(kind)
    return found


def _unit(texts: Iterable[str]) -> str | None:
    joined = " ".join(texts).lower()
    for unit in ("seconds", "days", "bytes"):
        if unit in joined:
            return unit
    return None


def derive_spec(values: Sequence[str], default: str, optional: bool) -> Spec:
    """Work out a first Spec from the documented values and default."""
    bullets = read_bullets(values)
    spec = Spec()
    spec.empty = bullets.empty or (optional and normalise_documented_default(default) == "")
    keywords = _dedupe_keywords(bullets.keywords)
    numeric = bool(bullets.int_minimums) or bullets.port or bullets.number
    if numeric or (bullets.int_values and not bullets.texts and not bullets.boolean):
        if bullets.port:
            spec.base, spec.value_type, spec.minimum, spec.maximum = "integer", "port", 1, 65535
        else:
            spec.base = "number" if bullets.number else "integer"
            spec.value_type = spec.base
            lows = bullets.int_minimums + bullets.int_values
            spec.minimum = min(lows) if lows else 0
            if not bullets.int_minimums and not bullets.number:
                spec.maximum = max(bullets.int_values)
            spec.unit = _unit(values)
        spec.keywords = keywords
        if spec.base == "integer" and bullets.texts:
            spec.value_type = "integer"
        return spec
    if bullets.boolean and not bullets.texts:
        spec.base, spec.value_type, spec.keywords = "boolean", "boolean", keywords
        return spec
    if keywords and not bullets.texts:
        spec.base, spec.value_type, spec.keywords = None, "enum", keywords
        return spec
    spec.keywords = keywords
    texts = bullets.texts
    refs = guess_references(texts)
    joined = " ".join(texts)
    if _LINES_WORDS.search(joined):
        spec.base, spec.separator, spec.value_type = "array", "line", "lines"
    elif _COMMA_WORDS.search(joined):
        spec.base, spec.separator, spec.value_type = "array", "comma", "list"
    if refs:
        spec.reference = refs
        if spec.base == "array":
            spec.value_type = "reference-list"
            spec.item_pattern = ID_PATTERN
        else:
            spec.value_type = "reference"
            spec.pattern = ID_PATTERN
    elif spec.base != "array":
        spec.value_type = _string_value_type(joined)
    return spec


#: A component id as used in section names and references: no spaces or commas.
ID_PATTERN = r"^[^\s,]+$"


def _string_value_type(joined: str) -> str:
    low = joined.lower()
    rules = (
        ("iso 8601", "date-time"),
        ("format string", "format-string"),
        ("template", "format-string"),
        ("url", "url"),
        ("uri", "url"),
        ("path", "path"),
        ("directory", "path"),
        ("email", "email"),
        ("host name", "host"),
        ("ip address", "host"),
        ("expression", "expression"),
    )
    for needle, label in rules:
        if needle in low:
            return label
    return "text"


def _dedupe_keywords(keywords: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for word in keywords:
        low = word.lower()
        canonical = low if low in _LOWERCASE_KEYWORDS else word
        if low in seen:
            if seen[low] != canonical:
                seen[low] = low
            continue
        seen[low] = canonical
    return list(seen.values())


# ---------------------------------------------------------------------------
# Defaults.
# ---------------------------------------------------------------------------

_EMPTY_SPELLINGS = frozenset({"", "''", '""', "empty"})


def normalise_documented_default(text: str) -> str:
    """The documented default, with the docs' spellings of "empty" as ``""``."""
    stripped = text.strip()
    if stripped.strip("`'\" ").lower() in _EMPTY_SPELLINGS:
        return ""
    return stripped


_BOOLEAN_WORDS = {
    "yes": True,
    "true": True,
    "on": True,
    "1": True,
    "no": False,
    "false": False,
    "off": False,
    "0": False,
}


def convert(text: str, spec: Spec) -> JSON:
    """Same conversion as ``sftpplus_config.typed`` (kept in step by the tests)."""
    value = text.strip()
    if value == "":
        return ""
    low = value.lower()
    for word in spec.keywords:
        if word.lower() == low:
            return word
    if spec.base == "boolean" and low in _BOOLEAN_WORDS:
        return _BOOLEAN_WORDS[low]
    if spec.base in ("integer", "number") and re.fullmatch(r"[+-]?\d+", value):
        return int(value)
    if spec.base == "number" and re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?", value):
        return float(value)
    if spec.base == "array":
        parts = re.split(r"\n" if spec.separator == "line" else r"[,\n]", value)
        items = [part.strip() for part in parts if part.strip()]
        if spec.negatable:
            items = [re.sub(r"^!\s+", "!", item) for item in items]
        lookup = {word.lower(): word for word in spec.item_keywords}
        return [lookup.get(item.lower(), item) for item in items]
    return value


def accepts(spec: Spec, value: JSON) -> bool:
    """A small stand-in for the JSON Schema check, used for defaults only."""
    if value == "" and spec.empty:
        return True
    if isinstance(value, str) and value in spec.keywords:
        return True
    base = spec.base
    if base == "boolean":
        return isinstance(value, bool)
    if base in ("integer", "number"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        if base == "integer" and not isinstance(value, int):
            return False
        low_ok = spec.minimum is None or value >= spec.minimum
        high_ok = spec.maximum is None or value <= spec.maximum
        return low_ok and high_ok
    if base == "string":
        return isinstance(value, str) and (
            spec.pattern is None or re.search(spec.pattern, value) is not None
        )
    if base == "array":
        if not isinstance(value, list):
            return False
        if spec.min_items is not None and len(value) < spec.min_items:
            return False
        if spec.max_items is not None and len(value) > spec.max_items:
            return False
        return all(_item_ok(spec, item) for item in value)
    return False


def _item_ok(spec: Spec, item: str) -> bool:
    if item in spec.item_keywords:
        return True
    if spec.item_pattern is not None:
        return re.search(spec.item_pattern, item) is not None
    return not spec.item_keywords


_PARENTHETICAL = re.compile(r"\s*\([^)]*\)\s*$")


def typed_default(documented: str, spec: Spec) -> tuple[bool, JSON]:
    """The documented default as a typed value, when it is a valid value."""
    cleaned = _PARENTHETICAL.sub("", documented).strip().strip("`").strip()
    value = convert(cleaned, spec)
    if accepts(spec, value):
        return True, value
    return False, None


# ---------------------------------------------------------------------------
# Applying the hand-written decisions.
# ---------------------------------------------------------------------------

_SPEC_FIELDS = {
    "value_type",
    "base",
    "minimum",
    "maximum",
    "pattern",
    "keywords",
    "empty",
    "separator",
    "item_pattern",
    "item_keywords",
    "min_items",
    "max_items",
    "reference",
    "unit",
    "negatable",
    "descriptive_default",
}


def apply_form(spec: Spec, form: Mapping[str, JSON], where: str) -> None:
    """Set the fields of ``form`` (an overrides.toml table) on ``spec``."""
    for key, value in form.items():
        if key in ("reason", "keywords_add"):
            continue
        if key not in _SPEC_FIELDS:
            raise SystemExit(f"overrides.toml: {where}: unknown field {key!r}")
        if key == "base" and value == "enum":
            value = None
        if key in ("pattern", "item_pattern", "unit", "separator") and value == "":
            value = None
        setattr(spec, key, copy.deepcopy(value))
    for word in form.get("keywords_add", []):
        if word not in spec.keywords:
            spec.keywords.append(word)
    if spec.base != "array":
        spec.separator = None


def selectors(kind: str, type_: str | None, name: str) -> list[str]:
    """Override keys from least to most specific."""
    keys = [name, f"{kind}.{name}"]
    if type_:
        keys.append(f"{kind}/{type_}.{name}")
    return keys


# ---------------------------------------------------------------------------
# The model built from the reference.
# ---------------------------------------------------------------------------


@dataclass
class OptionDoc:
    """One documented (or accepted undocumented) option."""

    name: str
    default: str | None  # documented text, None when undocumented
    values: list[str]
    since: str | None
    optional: bool
    documented: bool = True
    reason: str | None = None  # why an undocumented option is accepted
    conditional: bool = False  # required only when another option has a value

    def key(self) -> tuple[Any, ...]:
        return (self.default, tuple(self.values), self.since, self.optional)


@dataclass
class KindModel:
    name: str
    section: str
    common: dict[str, OptionDoc]
    types: dict[str, dict[str, OptionDoc]]  # type -> options defined by that type
    type_docs: dict[str, str]
    aliases: dict[str, str]
    default_type: str | None
    type_required: bool
    excluded_types: dict[str, str]
    extra_types: dict[str, str]
    type_since: dict[str, str] = field(default_factory=dict)


def _option_doc(name: str, raw: Mapping[str, JSON]) -> OptionDoc:
    return OptionDoc(
        name=name,
        default=str(raw.get("default", "")),
        values=[str(v) for v in raw.get("values", [])],
        since=str(raw["from_version"]) if raw.get("from_version") else None,
        optional=bool(raw.get("optional", True)),
    )


def build_models(reference: Mapping[str, JSON], overrides: Mapping[str, JSON]) -> list[KindModel]:
    kind_overrides: Mapping[str, JSON] = overrides.get("kinds", {})
    models: list[KindModel] = []
    for kind, raw in reference["kinds"].items():
        common = {n: _option_doc(n, o) for n, o in raw["common_options"].items()}
        types: dict[str, dict[str, OptionDoc]] = {}
        type_docs: dict[str, str] = {}
        for type_, traw in raw.get("types", {}).items():
            own: dict[str, OptionDoc] = {}
            for n, o in traw["options"].items():
                doc = _option_doc(n, o)
                if n in common and common[n].key() == doc.key():
                    continue
                own[n] = doc
            missing = set(common) - set(traw["options"])
            if missing:
                raise SystemExit(f"{kind}/{type_}: common options missing: {sorted(missing)}")
            types[type_] = own
            type_docs[type_] = str(traw.get("doc", ""))
        ko: Mapping[str, JSON] = kind_overrides.get(kind, {})
        aliases = dict(raw.get("type_list_aliases", {}))
        aliases.update(ko.get("aliases", {}))
        excluded = {str(k): str(v) for k, v in ko.get("excluded_types", {}).items()}
        extra_types: dict[str, str] = {}
        for type_, spec in ko.get("extra_types", {}).items():
            like = spec.get("options_like")
            types[type_] = copy.deepcopy(types[like]) if like else {}
            type_docs[type_] = ""
            extra_types[type_] = str(spec["reason"])
        type_option = common.get("type")
        default_type: str | None = None
        type_required = False
        if types and type_option is not None:
            documented = normalise_documented_default(type_option.default or "")
            if documented in types:
                default_type = documented
            type_required = default_type is None
        models.append(
            KindModel(
                name=kind,
                section=str(raw["section"]),
                common=common,
                types=types,
                type_docs=type_docs,
                aliases=aliases,
                default_type=default_type,
                type_required=type_required,
                excluded_types=excluded,
                extra_types=extra_types,
            )
        )
    return models


def add_accepted_options(models: list[KindModel], overrides: Mapping[str, JSON]) -> None:
    """Add the undocumented options that overrides.toml accepts."""
    by_name = {m.name: m for m in models}
    for entry in overrides.get("accepted", []):
        kinds = list(by_name) if entry["kind"] == "*" else [entry["kind"]]
        for kind in kinds:
            model = by_name[kind]
            doc = OptionDoc(
                name=entry["option"],
                default=entry.get("default"),
                values=[],
                since=None,
                optional=True,
                documented=False,
                reason=entry["reason"],
            )
            targets = entry.get("types", ["*"])
            if targets == ["*"]:
                if doc.name in model.common:
                    continue
                model.common[doc.name] = doc
            else:
                for type_ in targets:
                    if doc.name in model.types[type_] or doc.name in model.common:
                        raise SystemExit(f"accepted {kind}/{type_}.{doc.name} is documented")
                    model.types[type_][doc.name] = doc


def check_judgements(reference: Mapping[str, JSON], overrides: Mapping[str, JSON]) -> None:
    """Every option the vendor examples use without documenting it is judged."""
    accepted = {(e["kind"], e["option"]) for e in overrides.get("accepted", [])}
    accepted_any = {e["option"] for e in overrides.get("accepted", []) if e["kind"] == "*"}
    rejected = {(e["kind"], e["option"]) for e in overrides.get("rejected", [])}
    missing = []
    for entry in reference.get("example_options_not_documented", []):
        key = (entry["kind"], entry["option"])
        if key not in accepted and key not in rejected and entry["option"] not in accepted_any:
            missing.append(key)
    if missing:
        raise SystemExit(f"overrides.toml: undocumented example options not judged: {missing}")


# ---------------------------------------------------------------------------
# Building the specs and the JSON Schema fragments.
# ---------------------------------------------------------------------------


class Sources:
    """The hand-written inputs: descriptions and overrides."""

    def __init__(
        self,
        descriptions: Mapping[str, JSON],
        overrides: Mapping[str, JSON],
        sem: semantics.Semantics | None = None,
        kinds: Sequence[str] = (),
    ):
        self.descriptions = descriptions
        self.overrides = overrides
        self.sem = sem
        self.kinds = tuple(kinds)
        self.models: dict[str, KindModel] = {}
        self.history: dict[str, JSON] = {}
        self.used_value_keys: set[str] = set()
        self.used_description_keys: set[str] = set()

    def description(self, kind: str, type_: str | None, name: str) -> str:
        specific: Mapping[str, str] = self.descriptions.get("specific", {})
        generic: Mapping[str, str] = self.descriptions.get("option", {})
        for key in reversed(selectors(kind, type_, name)[1:]):
            if key in specific:
                self.used_description_keys.add(f"specific:{key}")
                return specific[key]
        if name in generic:
            self.used_description_keys.add(f"option:{name}")
            return generic[name]
        raise SystemExit(f"descriptions.toml: no description for {kind}/{type_ or ''}.{name}")

    def spec(self, kind: str, type_: str | None, doc: OptionDoc) -> Spec:
        # An undocumented option has no documented default: that does not make
        # an empty value valid.
        spec = derive_spec(doc.values, doc.default or "", doc.optional and doc.documented)
        forms: Mapping[str, Mapping[str, JSON]] = self.overrides.get("value", {})
        for key in selectors(kind, type_, doc.name):
            if key in forms:
                self.used_value_keys.add(key)
                apply_form(spec, forms[key], key)
        secrets: Mapping[str, Mapping[str, JSON]] = self.overrides.get("secret", {})
        for key in selectors(kind, type_, doc.name):
            if key in secrets:
                spec.secret = bool(secrets[key]["secret"])
        if self.sem is not None:
            semantics.apply_references(spec, self.sem, kind, type_, doc.name, self.kinds)
            semantics.apply_value_forms(spec, self.sem, kind, type_, doc.name)
        return spec


def value_schema(spec: Spec) -> dict[str, JSON]:
    """The JSON Schema of one option's typed value."""
    alternatives: list[dict[str, JSON]] = []
    enum = list(spec.keywords)
    free_text = spec.base == "string" and spec.pattern is None
    if spec.empty and "" not in enum and not free_text:
        enum.append("")
    if enum:
        alternatives.append({"enum": enum})
    typed: dict[str, JSON] | None = None
    if spec.base in ("boolean", "integer", "number", "string"):
        typed = {"type": spec.base}
        if spec.minimum is not None:
            typed["minimum"] = spec.minimum
        if spec.maximum is not None:
            typed["maximum"] = spec.maximum
        if spec.pattern is not None:
            typed["pattern"] = spec.pattern
        if spec.max_length is not None and spec.base == "string":
            typed["maxLength"] = spec.max_length
    elif spec.base == "array":
        item: dict[str, JSON] = {"type": "string", "minLength": 1}
        if spec.item_pattern is not None:
            item["pattern"] = spec.item_pattern
        if spec.item_keywords:
            item = (
                {"anyOf": [{"enum": list(spec.item_keywords)}, item]}
                if spec.item_pattern is not None
                else {"enum": list(spec.item_keywords)}
            )
        typed = {"type": "array", "items": item, "x-separator": spec.separator or "comma"}
        if spec.min_items is not None:
            typed["minItems"] = spec.min_items
        if spec.max_items is not None:
            typed["maxItems"] = spec.max_items
        typed.update(copy.deepcopy(spec.array_extra))
    elif spec.base is not None:
        raise SystemExit(f"unknown base {spec.base!r}")
    if typed is not None:
        alternatives.append(typed)
    if not alternatives:
        raise SystemExit("an option accepts no value at all")
    if len(alternatives) == 1:
        return dict(alternatives[0])
    return {"anyOf": alternatives}


def option_schema(
    sources: Sources, kind: str, type_: str | None, doc: OptionDoc
) -> tuple[dict[str, JSON], Spec]:
    spec = sources.spec(kind, type_, doc)
    schema = value_schema(spec)
    schema["description"] = sources.description(kind, type_, doc.name)
    schema["x-value-type"] = spec.value_type
    if doc.since:
        schema["x-since"] = doc.since
    if doc.default is not None:
        documented = normalise_documented_default(doc.default)
        schema["x-documented-default"] = documented
        ok, value = typed_default(documented, spec)
        if ok and not spec.descriptive_default and not is_required(doc):
            schema["default"] = value
    if not doc.documented:
        schema["x-undocumented"] = doc.reason
    if spec.secret:
        schema["x-secret"] = True
    if spec.reference:
        schema["x-reference"] = list(spec.reference)
    if spec.unit:
        schema["x-unit"] = spec.unit
    if spec.negatable:
        schema["x-negatable"] = True
    if spec.reference_types:
        schema["x-reference-types"] = dict(sorted(spec.reference_types.items()))
    if spec.reference_position:
        schema["x-reference-position"] = spec.reference_position
    if spec.reference_also:
        schema["x-reference-also"] = list(spec.reference_also)
    if spec.value_since:
        schema["x-value-since"] = dict(sorted(spec.value_since.items()))
    if spec.multiple_since:
        schema["x-multiple-since"] = spec.multiple_since
    if spec.default_history:
        schema["x-default-history"] = spec.default_history
    return schema, spec


def is_required(doc: OptionDoc) -> bool:
    """Required: documented as not optional and without a documented default."""
    if not doc.documented or doc.optional:
        return False
    return normalise_documented_default(doc.default or "") == ""


def group_schema(
    sources: Sources, kind: str, type_: str | None, options: Mapping[str, OptionDoc]
) -> dict[str, JSON]:
    properties: dict[str, JSON] = {}
    required: list[str] = []
    for name in sorted(options):
        schema, _ = option_schema(sources, kind, type_, options[name])
        properties[name] = schema
        if is_required(options[name]):
            required.append(name)
    group: dict[str, JSON] = {"type": "object", "properties": properties}
    if required:
        group["required"] = required
    sem = sources.sem
    if sem is not None:
        branches = semantics.required_branches(
            sem, kind, type_, options, lambda name, text: _typed(sources, kind, type_, name, text)
        )
        if branches:
            group["allOf"] = branches
        names = set(options) if type_ is None else {*options, *sources.models[kind].common}
        notes = semantics.conditions_for(sem, kind, type_, names)
        if notes:
            group["x-conditions"] = notes
    return group


def _typed(
    sources: Sources, kind: str, type_: str | None, name: str, text: str
) -> tuple[JSON, bool]:
    """The typed value of ``text`` for an option, and whether it is its default."""
    model = sources.models[kind]
    doc = model.types.get(type_ or "", {}).get(name) or model.common.get(name)
    if doc is None:
        raise SystemExit(f"semantics: condition on unknown option {kind}/{type_}.{name}")
    spec = sources.spec(kind, type_, doc)
    value = convert("" if text == "<empty>" else text, spec)
    default_ok, default = typed_default(normalise_documented_default(doc.default or ""), spec)
    return value, bool(default_ok and default == value and type(default) is type(value))


def kind_file_name(kind: str) -> str:
    return f"{kind}.json"


def type_def_name(type_: str) -> str:
    return f"type-{type_}"


def kind_schema(sources: Sources, model: KindModel) -> dict[str, JSON]:
    kind = model.name
    kind_text: Mapping[str, str] = sources.descriptions.get("kind", {})
    type_text: Mapping[str, str] = sources.descriptions.get("type", {})
    if kind not in kind_text:
        raise SystemExit(f"descriptions.toml: no description for kind {kind}")
    schema: dict[str, JSON] = {
        "$schema": DRAFT,
        "$id": SCHEMA_BASE + kind_file_name(kind),
        "title": f"[{model.section}]",
        "description": kind_text[kind],
        "type": "object",
        "x-kind": kind,
        "x-section": model.section,
    }
    if sources.sem is not None:
        schema["x-schema-version"] = sources.sem.version
        if kind in sources.history:
            schema["x-history"] = sources.history[kind]
    common = group_schema(sources, kind, None, model.common)
    common["description"] = f"Options shared by every [{model.section}] section."
    defs: dict[str, JSON] = {"common": common}
    if not model.types:
        schema["$ref"] = "#/$defs/common"
        schema["unevaluatedProperties"] = False
        schema["$defs"] = defs
        return schema

    type_names = sorted(model.types)
    if "type" not in common["properties"]:
        raise SystemExit(f"{kind}: typed kind without a type option")
    type_property = common["properties"]["type"]
    for key in ("anyOf", "enum", "type", "pattern", "default"):
        type_property.pop(key, None)
    type_property["enum"] = type_names
    type_property["x-value-type"] = "enum"
    if model.default_type:
        type_property["default"] = model.default_type

    branches: list[JSON] = []
    union: set[str] = set()
    for type_ in type_names:
        own = model.types[type_]
        union.update(own)
        key = f"{kind}/{type_}"
        if key not in type_text:
            raise SystemExit(f"descriptions.toml: no description for type {key}")
        group = group_schema(sources, kind, type_, own)
        group["description"] = type_text[key]
        group["$ref"] = "#/$defs/common"
        group["unevaluatedProperties"] = False
        if type_ in model.extra_types:
            group["x-undocumented"] = model.extra_types[type_]
        if type_ in model.type_since:
            group["x-since"] = model.type_since[type_]
        defs[type_def_name(type_)] = group
        condition: dict[str, JSON] = {"properties": {"type": {"const": type_}}}
        if type_ != model.default_type:
            condition["required"] = ["type"]
        branches.append({"if": condition, "then": {"$ref": f"#/$defs/{type_def_name(type_)}"}})

    known: dict[str, JSON] = {"properties": {"type": {"enum": type_names}}}
    if model.default_type is None:
        known["required"] = ["type"]
    branches.append({"if": known, "else": {"$ref": "#/$defs/any-type"}})
    defs["any-type"] = {
        "description": (
            "Used when the type is missing or unknown: the common options are checked, "
            "and any option of one of the types is let through."
        ),
        "$ref": "#/$defs/common",
        "properties": dict.fromkeys(sorted(union - set(model.common)), True),
        "unevaluatedProperties": False,
    }
    schema["allOf"] = branches
    schema["$defs"] = defs
    schema["x-types"] = type_names
    if model.aliases:
        schema["x-type-aliases"] = dict(sorted(model.aliases.items()))
    if model.default_type:
        schema["x-default-type"] = model.default_type
    if model.excluded_types:
        schema["x-excluded-types"] = dict(sorted(model.excluded_types.items()))
    return schema


#: What a section id may not contain (the docs' id rules: `/` and `|`).
ID_FORBIDDEN = "/|"


def server_ini_schema(
    models: Sequence[KindModel], sem: semantics.Semantics | None = None
) -> dict[str, JSON]:
    patterns: dict[str, JSON] = {}
    properties: dict[str, JSON] = {}
    for model in models:
        ref = {"$ref": kind_file_name(model.name)}
        if model.name == SECTION_KIND_SERVER:
            properties["server"] = ref
        else:
            patterns[f"^{re.escape(model.name)}/[^{re.escape(ID_FORBIDDEN)}]+$"] = ref
    schema: dict[str, JSON] = {
        "$schema": DRAFT,
        "$id": SCHEMA_BASE + "server-ini.json",
        "title": "SFTPPlus server.ini, typed projection",
        "description": (
            "The whole configuration as {section name: {option name: typed value}}. "
            "Section names are [server] or <kind>/<id>; option names are lower-case."
        ),
        "type": "object",
        "properties": properties,
        "patternProperties": patterns,
        "additionalProperties": False,
        "x-kinds": sorted(m.name for m in models),
    }
    if sem is not None:
        schema["x-schema-version"] = sem.version
        schema["x-id-forbidden-characters"] = ID_FORBIDDEN
        for number, entry in sem.entries("id_rules"):
            if entry["rule"] == "forbidden-characters":
                if set(entry["detail"]["characters"]) != set(ID_FORBIDDEN):
                    raise SystemExit(f"semantics: id rule {entry} differs from ID_FORBIDDEN")
                sem.count("id_rules", number, len(patterns))
        schema["x-kind-history"] = sem.kind_history
    return schema


def render(schema: Mapping[str, JSON]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def generate(
    reference: Mapping[str, JSON],
    descriptions: Mapping[str, JSON],
    overrides: Mapping[str, JSON],
    sem: semantics.Semantics | None = None,
) -> dict[str, str]:
    """File name -> file text for every schema file."""
    check_judgements(reference, overrides)
    models = build_models(reference, overrides)
    add_accepted_options(models, overrides)
    if sem is not None:
        semantics.apply_to_models(models, sem)
        sem.history_by_kind, sem.kind_history = semantics.history(sem, models)
    sources = Sources(descriptions, overrides, sem, [m.name for m in models])
    sources.models = {m.name: m for m in models}
    sources.history = sem.history_by_kind if sem is not None else {}
    files: dict[str, str] = {}
    for model in models:
        files[kind_file_name(model.name)] = render(kind_schema(sources, model))
    files["server-ini.json"] = render(server_ini_schema(models, sem))
    unused = set(overrides.get("value", {})) - sources.used_value_keys
    if unused:
        raise SystemExit(f"overrides.toml: [value] entries match no option: {sorted(unused)}")
    if sem is not None:
        semantics.check_applied(sem)
    return files


# ---------------------------------------------------------------------------
# Command line.
# ---------------------------------------------------------------------------


def load_inputs(reference_path: Path) -> tuple[JSON, JSON, JSON]:
    reference = json.loads(reference_path.read_text(encoding="utf-8"))
    descriptions = tomllib.loads((SRC_DIR / "descriptions.toml").read_text(encoding="utf-8"))
    overrides = tomllib.loads((SRC_DIR / "overrides.toml").read_text(encoding="utf-8"))
    return reference, descriptions, overrides


def load_semantics(path: Path) -> semantics.Semantics:
    """The semantics supplement and our judgements of it (semantics.toml)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    table = tomllib.loads((SRC_DIR / "semantics.toml").read_text(encoding="utf-8"))
    return semantics.Semantics(data, semantics.Judgements(table))


def stale_files(files: Mapping[str, str], out_dir: Path) -> list[str]:
    """Names of files that differ, are missing, or should not be there."""
    problems = []
    for name, text in sorted(files.items()):
        path = out_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            problems.append(name)
    if out_dir.is_dir():
        for path in sorted(out_dir.glob("*.json")):
            if path.name not in files:
                problems.append(path.name)
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--reference",
        type=Path,
        default=None,
        help="the option reference JSON (default: ../shared/reference/sftpplus-options.json "
        "relative to the repository root)",
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="output folder (default: <repo>/schema)"
    )
    parser.add_argument(
        "--semantics",
        type=Path,
        default=None,
        help="the semantics supplement JSON (default: ../shared/reference/semantics.json "
        "relative to the repository root)",
    )
    parser.add_argument(
        "--check", action="store_true", help="compare with the files instead of writing them"
    )
    parser.add_argument(
        "--stats",
        action="store_true",
        help="print how many schema entries each key of the semantics supplement changed",
    )
    args = parser.parse_args(argv)
    reference_path: Path = args.reference or (REPO_ROOT / DEFAULT_REFERENCE)
    semantics_path: Path = args.semantics or (REPO_ROOT / semantics.DEFAULT_SEMANTICS)
    out_dir: Path = args.out or (REPO_ROOT / SCHEMA_DIR_NAME)
    if not reference_path.is_file():
        sys.stderr.write(f"gen_schema: reference not found: {reference_path}\n")
        return 2
    if not semantics_path.is_file():
        sys.stderr.write(f"gen_schema: semantics supplement not found: {semantics_path}\n")
        return 2
    sem = load_semantics(semantics_path)
    files = generate(*load_inputs(reference_path), sem)
    if args.stats:
        for key in semantics.KEYS_ALL:
            sys.stdout.write(f"{key}: {sem.changed[key]} schema entries changed\n")
    if args.check:
        problems = stale_files(files, out_dir)
        for name in problems:
            sys.stderr.write(f"gen_schema: stale: {out_dir / name}\n")
        if problems:
            sys.stderr.write("gen_schema: run `python tools/gen_schema.py` and commit\n")
            return 1
        return 0
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in out_dir.glob("*.json"):
        if path.name not in files:
            path.unlink()
    for name, text in files.items():
        path = out_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
