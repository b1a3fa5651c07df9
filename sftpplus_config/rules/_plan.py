"""What the schema says about the sections of one kind and type, compiled.

``jsonschema`` is the reference implementation of ``schema/``, but importing
it costs more than a whole pre-commit run may take, and it validates a
10k-account projection in seconds. So the validator compiles each option's
schema into a small predicate once, with the same semantics as
``jsonschema`` for the keywords the option schemas use (``type``, ``enum``,
``const``, ``anyOf``, ``pattern``, ``minLength``, ``maxLength``, ``minimum``,
``maximum``, ``items``, ``prefixItems``, ``minItems``, ``maxItems``; and, on
sections, ``allOf`` of ``if``/``then`` branches that make an option required
when another one has some value). A keyword it does not know makes the
compilation fail loudly, and a test checks, on every corpus file and on
generated sections, that the compiled checks report exactly the problems
``jsonschema`` reports on the typed projection.

A :class:`Plan` gathers, for one (kind, type), the checks of every option a
section may set and the options it must set. Plans are built on first use
and cached per catalog; each :class:`OptionCheck` caches its verdict per raw
value, since values repeat a lot in big files (``type``, ``enabled``,
``group``...).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from ..schema import Catalog, OptionSpec
from ..typed import convert_value

__all__ = [
    "Condition",
    "OptionCheck",
    "Plan",
    "RequiredWhen",
    "SchemaCompileError",
    "compile_schema",
    "plan_for",
]

Predicate = Callable[[Any], bool]

#: Keywords that do not constrain a value.
_ANNOTATIONS = frozenset({"description", "default", "title", "$comment", "examples"})
#: Verdicts kept per option before the cache starts afresh.
_CACHE_LIMIT = 50_000


class SchemaCompileError(ValueError):
    """An option schema uses a keyword the compiled checks do not implement."""


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_TYPES: dict[str, Predicate] = {
    "string": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "integer": _is_integer,
    "number": _is_number,
    "array": lambda value: isinstance(value, list),
    "object": lambda value: isinstance(value, dict),
    "null": lambda value: value is None,
}


def _unbool(value: Any) -> Any:
    if value is True:
        return _TRUE
    if value is False:
        return _FALSE
    return value


_TRUE, _FALSE = object(), object()


def _equal(one: Any, two: Any) -> bool:
    """JSON equality as ``jsonschema`` sees it: ``True`` is not ``1``."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, list | tuple) and isinstance(two, list | tuple):
        return len(one) == len(two) and all(_equal(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(_equal(one[k], two[k]) for k in one)
    return bool(_unbool(one) == _unbool(two))


def _type_check(names: Any) -> Predicate:
    wanted = [_TYPES[name] for name in ([names] if isinstance(names, str) else names)]
    if len(wanted) == 1:
        return wanted[0]
    return lambda value: any(check(value) for check in wanted)


def _enum_check(members: list[Any]) -> Predicate:
    strings = frozenset(m for m in members if isinstance(m, str))
    others = [m for m in members if not isinstance(m, str)]

    def check(value: Any) -> bool:
        if isinstance(value, str):
            return value in strings
        return any(_equal(value, member) for member in others)

    return check


def _keyword_check(key: str, arg: Any) -> Predicate:
    if key == "type":
        return _type_check(arg)
    if key == "enum":
        return _enum_check(list(arg))
    if key == "const":
        return _enum_check([arg])
    if key == "anyOf":
        return _any_of([compile_schema(node) for node in arg])
    if key == "pattern":
        search = re.compile(arg).search
        return lambda value: not isinstance(value, str) or search(value) is not None
    if key == "minLength":
        return lambda value: not isinstance(value, str) or len(value) >= arg
    if key == "maxLength":
        return lambda value: not isinstance(value, str) or len(value) <= arg
    if key == "minimum":
        return lambda value: not _is_number(value) or value >= arg
    if key == "maximum":
        return lambda value: not _is_number(value) or value <= arg
    if key == "items":
        item = compile_schema(arg)
        return lambda value: not isinstance(value, list) or all(map(item, value))
    if key == "prefixItems":
        firsts = [compile_schema(node) for node in arg]
        return lambda value: (
            not isinstance(value, list)
            or all(check(item) for check, item in zip(firsts, value, strict=False))
        )
    if key == "minItems":
        return lambda value: not isinstance(value, list) or len(value) >= arg
    if key == "maxItems":
        return lambda value: not isinstance(value, list) or len(value) <= arg
    raise SchemaCompileError(f"option schemas may not use {key!r} (not compiled)")


def compile_schema(node: Any) -> Predicate:
    """A predicate equivalent to validating a value against ``node`` with
    ``jsonschema`` (draft 2020-12) for the keywords option schemas use.

    Raises :class:`SchemaCompileError` for any other keyword.
    """
    if node is True:
        return lambda value: True
    if node is False:
        return lambda value: False
    if not isinstance(node, Mapping):
        raise SchemaCompileError(f"not a schema: {node!r}")
    keywords = {k: v for k, v in node.items() if k not in _ANNOTATIONS and not k.startswith("x-")}
    if keywords.get("type") == "string" and keywords.keys() <= {"type", "pattern", "minLength"}:
        return _string_check(keywords.get("pattern"), keywords.get("minLength", 0))
    return _all_of([_keyword_check(key, arg) for key, arg in keywords.items()])


def _string_check(pattern: str | None, min_length: int) -> Predicate:
    """``{"type": "string", "pattern": …, "minLength": …}`` in one step (list
    items mostly look like this)."""
    if pattern is None:
        return lambda value: isinstance(value, str) and len(value) >= min_length
    search = re.compile(pattern).search
    return lambda value: (
        isinstance(value, str) and len(value) >= min_length and search(value) is not None
    )


def _all_of(checks: list[Predicate]) -> Predicate:
    if not checks:
        return lambda value: True
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        one, two = checks
        return lambda value: one(value) and two(value)
    return lambda value: all(check(value) for check in checks)


def _any_of(checks: list[Predicate]) -> Predicate:
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        one, two = checks
        return lambda value: one(value) or two(value)
    return lambda value: any(check(value) for check in checks)


def _accepts_any_string(node: Any) -> bool:
    """True when ``node`` certainly accepts every string: ``{"type":
    "string"}`` and annotations only, or an ``anyOf`` with such a branch."""
    if node is True:
        return True
    if not isinstance(node, Mapping):
        return False
    keys = {k for k in node if k not in _ANNOTATIONS and not k.startswith("x-")}
    if keys == {"anyOf"}:
        return any(_accepts_any_string(alt) for alt in node["anyOf"])
    return keys <= {"type"} and node.get("type", "string") == "string"


class OptionCheck:
    """The schema check of one option of one (kind, type): converts the raw
    value as the typed projection does, then applies the option's schema
    (and the kind's common schema of the same option, which the type's
    definition also applies through ``$ref``). Verdicts are cached per raw
    value."""

    __slots__ = ("_plain", "_predicate", "_schemas", "cache", "spec")

    def __init__(self, spec: OptionSpec, schemas: list[Any]) -> None:
        self.spec = spec
        self._schemas = schemas
        self._predicate: Predicate | None = None  # compiled on first use
        # a string option without words: its typed value is the stripped text
        # (what convert_value gives), so the conversion is skipped
        self._plain = spec.json_type == "string" and not spec.values
        #: verdicts per raw value (read it directly in hot loops)
        self.cache: dict[str, bool] = {}

    def predicate(self) -> Predicate:
        """The compiled schema(s) of the option, applied to a typed value."""
        predicate = self._predicate
        if predicate is None:
            predicate = self._predicate = _all_of([compile_schema(s) for s in self._schemas])
        return predicate

    def __call__(self, raw: str) -> bool:
        """Whether ``raw`` is a valid value."""
        cache = self.cache
        verdict = cache.get(raw)
        if verdict is None:
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            value = raw.strip() if self._plain else convert_value(raw, self.spec)
            verdict = cache[raw] = self.predicate()(value)
        return verdict


class RequiredWhen(NamedTuple):
    """An ``if``/``then`` branch of a section schema: ``required`` must be set
    when ``option`` is set to a value ``test`` accepts (or, when
    ``absent_holds``, when ``option`` is not set at all)."""

    option: str
    spec: OptionSpec | None
    test: Predicate
    absent_holds: bool
    required: tuple[str, ...]

    def holds(self, values: Mapping[str, str]) -> bool:
        raw = values.get(self.option)
        if raw is None:
            return self.absent_holds
        value = convert_value(raw, self.spec) if self.spec is not None else raw.strip()
        return self.test(value)


class Condition(NamedTuple):
    """An ``x-conditions`` note: ``option`` is only ``used`` when, or is
    ``ignored`` when, every option of ``when`` has one of its values."""

    option: str
    effect: str
    when: Mapping[str, Any]
    except_when: Mapping[str, Any]
    match: str | None
    source: str


def _required_when(node: Any, specs: Mapping[str, OptionSpec]) -> RequiredWhen:
    if not isinstance(node, Mapping) or not {"if", "then"} <= node.keys() <= {
        "if",
        "then",
        "x-source",
    }:
        raise SchemaCompileError(f"section schemas may only use if/then branches: {node!r}")
    condition, then = node["if"], node["then"]
    if set(condition) - {"properties", "required"} or set(then) != {"required"}:
        raise SchemaCompileError(f"unsupported if/then branch: {node!r}")
    ((name, schema),) = condition["properties"].items()
    if condition.get("required", [name]) != [name]:
        raise SchemaCompileError(f"unsupported if/then branch: {node!r}")
    return RequiredWhen(
        name,
        specs.get(name),
        compile_schema(schema),
        "required" not in condition,
        tuple(then["required"]),
    )


class Plan:
    """The schema's view of sections of one kind and (canonical) type.

    ``checks`` maps each option name a section may set to its check, or to
    ``None`` when any value is accepted (free text, the ``type`` option,
    which is checked on its own, or, for a section whose type is missing or
    unknown, the options that only some type has). ``specs`` holds the
    option specs the schema checks values against; ``required`` the options
    a section must set; ``references`` the specs of the options whose
    values name other sections; ``required_when`` the options required when
    another option has some value; ``conditions`` the options used only, or
    ignored, depending on others; ``history`` the old option names that
    have a history for this kind and type.
    """

    __slots__ = (
        "any_type",
        "checks",
        "conditions",
        "history",
        "kind",
        "references",
        "required",
        "required_when",
        "since_specs",
        "specs",
        "type",
        "typed",
        "value_history",
        "value_words",
    )

    def __init__(
        self,
        kind: str,
        type_: str | None,
        *,
        typed: bool,
        any_type: bool,
        specs: Mapping[str, OptionSpec],
        checks: dict[str, OptionCheck | None],
        required: tuple[str, ...],
    ) -> None:
        self.kind = kind
        self.type = type_
        self.typed = typed
        self.any_type = any_type
        self.specs = specs
        self.checks = checks
        self.required = required
        self.references = tuple(spec for spec in specs.values() if spec.references)
        self.required_when: tuple[RequiredWhen, ...] = ()
        self.conditions: tuple[Condition, ...] = ()
        self.history: frozenset[str] = frozenset()
        self.value_history: frozenset[str] = frozenset()
        #: per option of ``value_history``, its old values in lower case
        #: (a quick test before the exact one)
        self.value_words: dict[str, tuple[str, ...]] = {}
        self.since_specs = tuple(
            spec for spec in specs.values() if spec.value_since or spec.multiple_since
        )

    def describe(self) -> str:
        """``accounts (type application)``, ``groups``, ``services (type unknown)``."""
        if not self.typed:
            return self.kind
        if self.any_type:
            return f"{self.kind} (type unknown)"
        return f"{self.kind} (type {self.type})"


def _checks_for(
    specs: Mapping[str, OptionSpec], common: Mapping[str, OptionSpec]
) -> dict[str, OptionCheck | None]:
    checks: dict[str, OptionCheck | None] = {}
    for name, spec in specs.items():
        schemas: list[Any] = []
        base = common.get(name)
        if base is not None and base.schema is not spec.schema:
            schemas.append(base.schema)
        schemas.append(spec.schema)
        if spec.json_type == "string" and all(_accepts_any_string(s) for s in schemas):
            checks[name] = None  # the projection gives a string: always valid
        else:
            checks[name] = OptionCheck(spec, schemas)
    return checks


def _build(catalog: Catalog, kind: str, type_: str | None) -> Plan:
    plan = _build_checks(catalog, kind, type_)
    groups = [catalog.group_schema(kind, None)]
    if type_ is not None:
        groups.append(catalog.group_schema(kind, type_))
    specs = plan.specs
    plan.required_when = tuple(
        _required_when(node, specs) for group in groups for node in group.get("allOf", ())
    )
    plan.conditions = tuple(
        Condition(
            note["option"],
            note["effect"],
            note["when"],
            note.get("except_when", {}),
            note.get("match"),
            note.get("source", ""),
        )
        for group in groups
        for note in group.get("x-conditions", ())
    )
    history = catalog.history(kind)
    plan.history = frozenset(
        name
        for name, raw in history.get("options", {}).items()
        if raw.get("types") is None or type_ in raw["types"]
    )
    values = history.get("values", {})
    plan.value_history = frozenset(name for name in values if name in specs)
    plan.value_words = {
        name: tuple(old.lower() for key in (name, "*") for old in values.get(key, {}))
        for name in plan.value_history
    }
    return plan


def _build_checks(catalog: Catalog, kind: str, type_: str | None) -> Plan:
    types = catalog.types(kind)
    common = catalog.options(kind, None)
    if not types:
        specs = common
        checks = _checks_for(specs, {})
        required = tuple(name for name, spec in specs.items() if spec.required)
        return Plan(
            kind,
            None,
            typed=False,
            any_type=False,
            specs=specs,
            checks=checks,
            required=required,
        )
    if type_ is not None:
        specs = catalog.options(kind, type_)
        checks = _checks_for(specs, common)
        names = {n for n, s in common.items() if s.required} | {
            n for n, s in specs.items() if s.required
        }
        required = tuple(sorted(names))
    else:
        # the schema's any-type: common options checked, any option of some
        # type let through
        specs = common
        checks = dict.fromkeys(_any_type_names(catalog, kind))
        checks.update(_checks_for(common, {}))
        required = tuple(name for name, spec in common.items() if spec.required)
    checks["type"] = None  # the written type is checked on its own (unknown-type)
    return Plan(
        kind,
        type_,
        typed=True,
        any_type=type_ is None,
        specs=specs,
        checks=checks,
        required=required,
    )


def _any_type_names(catalog: Catalog, kind: str) -> list[str]:
    """The options the schema lets through when a section's type is missing
    or unknown: those of its ``$defs/any-type``, which are the options of
    every type."""
    defs = catalog.schema(f"{kind}.json").get("$defs", {})
    properties = defs.get("any-type", {}).get("properties")
    if isinstance(properties, Mapping):
        return list(properties)
    return [name for type_ in catalog.types(kind) for name in catalog.options(kind, type_)]


_PLANS: weakref.WeakKeyDictionary[Catalog, dict[tuple[str, str | None], Plan]] = (
    weakref.WeakKeyDictionary()
)


def plan_for(catalog: Catalog, kind: str, type_: str | None) -> Plan:
    """The (cached) plan of ``kind`` and canonical ``type_`` (``None``: a kind
    without types, or a section whose type is missing or unknown)."""
    plans = _PLANS.get(catalog)
    if plans is None:
        plans = _PLANS[catalog] = {}
    key = (kind, type_)
    plan = plans.get(key)
    if plan is None:
        plan = plans[key] = _build(catalog, kind, type_)
    return plan
