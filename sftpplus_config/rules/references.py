"""Reference rules: ``dangling-reference``, ``duplicate-name`` and
``port-conflict``.

The options whose values name other sections are those the schema marks
with ``x-reference`` (see :func:`reference_options`, which the docs' table is
generated from). A value names a section by its id, the part after
``<kind>/``. Documented words (``all``, ``set-on-first-connection``,
``disabled``...) are not references, a leading ``!`` is dropped where the
option is negatable, and the ids SFTPPlus provides itself (the documented
defaults of reference options, such as ``DEFAULT-LOCAL-FILESYSTEM``, see
:func:`builtin_ids`) need no section.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import NamedTuple

from ..findings import Finding, Related
from ..schema import Catalog, OptionSpec
from ..typed import convert_value
from ..values import parse_bool, parse_csv, parse_int
from ._context import Context, SectionInfo, did_you_mean

__all__ = ["ReferenceOption", "builtin_ids", "check", "reference_options"]

#: Addresses a service listens on for every address (of its family).
_ANY_ADDRESS = frozenset({"", "*", "::", "[::]"})
_ANY_IPV4 = "0.0.0.0"


class ReferenceOption(NamedTuple):
    """An option that names other sections: the documentation's table row."""

    kind: str
    option: str
    types: tuple[str, ...]  # empty: every section of the kind
    references: tuple[str, ...]
    words: tuple[str, ...]
    negatable: bool
    many: bool


def reference_options(catalog: Catalog) -> list[ReferenceOption]:
    """Every option whose value names other sections, with the kinds it
    names, the words it also accepts and the types that have it."""
    rows: dict[tuple[str, str, tuple[str, ...], tuple[str, ...], bool, bool], list[str]] = {}
    for spec in catalog.iter_options():
        if not spec.references:
            continue
        key = (
            spec.kind,
            spec.name,
            spec.references,
            spec.values + spec.item_values,
            spec.negatable,
            spec.json_type == "array",
        )
        rows.setdefault(key, []).append(spec.type or "")
    table: list[ReferenceOption] = []
    for (kind, option, references, words, negatable, many), types in sorted(rows.items()):
        all_types = set(catalog.types(kind)) == set(types) or types == [""]
        table.append(
            ReferenceOption(
                kind,
                option,
                () if all_types else tuple(types),
                references,
                words,
                negatable,
                many,
            )
        )
    return table


@functools.cache
def builtin_ids(catalog: Catalog) -> dict[str, frozenset[str]]:
    """Ids SFTPPlus provides without a section in the file, per kind: the
    documented defaults of the reference options (``DEFAULT-ROLE``...)."""
    found: dict[str, set[str]] = {}
    for spec in catalog.iter_options():
        default = spec.default_value
        if not spec.references or default in (None, ""):
            continue
        items = default if isinstance(default, list) else [default]
        for item in items:
            if isinstance(item, str) and item not in spec.values + spec.item_values:
                for kind in spec.references:
                    found.setdefault(kind, set()).add(item)
    return {kind: frozenset(ids) for kind, ids in found.items()}


def _fields(line: str) -> list[str]:
    try:
        return parse_csv(line)
    except ValueError:
        return [part.strip() for part in line.split(",")]


def _positioned(position: str, lines: list[str]) -> list[str]:
    """The ids in rule lines, by the documented position of the ids
    (``x-reference-position``)."""
    ids: list[str] = []
    for number, line in enumerate(lines):
        fields = _fields(line)
        if position == "field-3-optional":
            ids.extend(fields[2:3])
        elif len(fields) == 1 and (
            position == "whole-value-or-fields-3-and-later"
            or (position == "first-line-or-fields-3-and-later" and number == 0)
        ):
            ids.extend(fields)
        else:
            ids.extend(fields[2:])
    return ids


def _referenced_ids(spec: OptionSpec, raw: str) -> list[str]:
    """The ids a value names (words and empty values name none)."""
    value = convert_value(raw, spec)
    items = value if isinstance(value, list) else [value]
    if spec.reference_position is not None:
        items = _positioned(spec.reference_position, [i for i in items if isinstance(i, str)])
    words = spec.values + spec.item_values
    also = spec.reference_also
    ids: list[str] = []
    for item in items:
        if not isinstance(item, str) or not item or item in words:
            continue
        if spec.negatable and item.startswith("!"):
            item = item[1:].strip()
        if also and (
            ("email-address" in also and "@" in item)
            or ("event-based-template" in also and "{" in item)
        ):
            continue
        if item != "${CONTINUE}":
            ids.append(item)
    return ids


class _Index:
    """The section ids and names of the document, per kind."""

    def __init__(self, ctx: Context) -> None:
        self.ids: dict[str, set[str]] = {}
        self.names: dict[str, dict[str, str]] = {}
        self._catalog = ctx.catalog
        self._by_name = ctx.by_name
        for info in ctx.sections:
            if info.kind is None or "/" not in info.name:
                continue
            ident = info.name.partition("/")[2]
            self.ids.setdefault(info.kind, set()).add(ident)
            name = info.values.get("name")
            if name:
                self.names.setdefault(info.kind, {}).setdefault(name.strip(), ident)

    def section_type(self, kind: str, ident: str) -> tuple[bool, str | None]:
        """Whether [kind/ident] is in the file, and its (canonical) type."""
        if ident not in self.ids.get(kind, ()):
            return False, None
        info = self._by_name.get(f"{kind}/{ident}")
        if info is None or info.plan is None:
            return False, None
        return True, info.plan.type

    def exists(self, kinds: tuple[str, ...], ident: str) -> bool:
        ids = self.ids
        if any(ident in ids.get(kind, ()) for kind in kinds):
            return True
        # rare in a valid file: only then read every kind's defaults
        builtin = builtin_ids(self._catalog)
        return any(ident in builtin.get(kind, ()) for kind in kinds)

    def hint(self, kinds: tuple[str, ...], ident: str) -> str | None:
        for kind in kinds:
            owner = self.names.get(kind, {}).get(ident)
            if owner is not None:
                return f"`{ident}` is the name of [{kind}/{owner}]; refer to it by its id `{owner}`"
        candidates = [i for kind in kinds for i in self.ids.get(kind, ())]
        for candidate in candidates:
            if candidate.lower() == ident.lower():
                return f"ids are case-sensitive: did you mean `{candidate}`?"
        return did_you_mean(ident, candidates)


def _wrong_type(spec: OptionSpec, index: _Index, ident: str) -> tuple[str, str | None] | None:
    """(kind, type) of the section ``ident`` names when its kind or type is
    not one the option may point at; ``None`` when it is fine or unknown."""
    allowed = spec.reference_types
    found: tuple[str, str | None] | None = None
    for kind in spec.references:
        present, type_ = index.section_type(kind, ident)
        if present:
            if kind not in allowed or type_ in allowed[kind] or type_ is None:
                return None
            found = (kind, type_)
    return found


def _typed(ctx: Context, index: _Index) -> Iterator[Finding]:
    """``wrong-reference-type``: an id that names a section of a type the
    option cannot use (checked in partial files too: the target is here)."""
    typed: dict[int, tuple[frozenset[str], tuple[OptionSpec, ...]]] = {}
    ids: dict[tuple[int, str], list[str]] = {}  # per spec and raw value (values repeat)
    for info in ctx.sections:
        plan = info.plan
        found = typed.get(id(plan))
        if found is None:
            refs = plan.references if plan is not None else ()
            specs = tuple(spec for spec in refs if spec.reference_types)
            found = typed[id(plan)] = (frozenset(spec.name for spec in specs), specs)
        if found[0].isdisjoint(info.values):
            continue  # no typed reference set here (the usual case)
        assert plan is not None
        values = info.values
        for spec in found[1]:
            raw = values.get(spec.name)
            if raw is None:
                continue
            key = (id(spec), raw)
            named = ids.get(key)
            if named is None:
                verdict = plan.checks.get(spec.name)
                valid = verdict is None or verdict(raw)
                named = ids[key] = _referenced_ids(spec, raw) if valid else []
            for ident in named:
                wrong = _wrong_type(spec, index, ident)
                if wrong is None:
                    continue
                kind, type_ = wrong
                wanted = " or ".join(f"`{t}`" for t in spec.reference_types[kind])
                yield ctx.finding(
                    "wrong-reference-type",
                    f"`{spec.name}` refers to [{kind}/{ident}], a {kind} section of type "
                    f"`{type_}`; it needs one of type {wanted}",
                    ctx.item_span(info, spec.name, ident),
                    section=info.name,
                    option=spec.name,
                    hint=f"point `{spec.name}` at a {kind} section of type {wanted}",
                )


def _dangling(ctx: Context, index: _Index) -> Iterator[Finding]:
    missing_cache: dict[tuple[int, str], list[str]] = {}
    for info in ctx.sections:
        plan = info.plan
        if plan is None or not plan.references:
            continue
        values = info.values
        for spec in plan.references:
            raw = values.get(spec.name)
            if raw is None:
                continue
            key = (id(spec), raw)
            missing = missing_cache.get(key)
            if missing is None:
                verdict = plan.checks.get(spec.name)
                if verdict is not None and not verdict(raw):
                    missing = []  # an invalid value: reported as such
                else:
                    refs = spec.references
                    missing = [i for i in _referenced_ids(spec, raw) if not index.exists(refs, i)]
                missing_cache[key] = missing
            for ident in missing:
                yield _dangling_finding(ctx, index, info, spec, ident)


def _dangling_finding(
    ctx: Context, index: _Index, info: SectionInfo, spec: OptionSpec, ident: str
) -> Finding:
    wanted = " or ".join(f"[{kind}/{ident}]" for kind in spec.references[:3])
    if len(spec.references) > 3:
        wanted = f"a section with id `{ident}`"
    return ctx.finding(
        "dangling-reference",
        f"`{spec.name}` refers to {wanted}, which is not in this file",
        ctx.item_span(info, spec.name, ident),
        section=info.name,
        option=spec.name,
        hint=index.hint(spec.references, ident),
    )


def _duplicate_names(ctx: Context) -> Iterator[Finding]:
    first: dict[tuple[str, str], SectionInfo] = {}
    for info in ctx.sections:
        if info.kind is None or info.kind == "server":
            continue
        name = info.values.get("name", "").strip()
        if not name:
            continue
        earlier = first.setdefault((info.kind, name), info)
        if earlier is info:
            continue
        yield ctx.finding(
            "duplicate-name",
            f"[{info.name}] has the same name `{name}` as [{earlier.name}]",
            ctx.value_span(info, "name"),
            section=info.name,
            option="name",
            hint=f"give each of the {info.kind} a name of its own",
            related=(Related(ctx.value_span(earlier, "name"), f"[{earlier.name}] is named here"),),
        )


def _listening(info: SectionInfo) -> tuple[str, int] | None:
    """(address, port) of an enabled service, or None."""
    plan = info.plan
    assert plan is not None
    values = info.values

    def value(name: str) -> str | None:
        raw = values.get(name)
        if raw is not None:
            return raw
        spec = plan.specs.get(name)
        default = spec.default_value if spec is not None else None
        return None if default is None else str(default)

    try:
        enabled = parse_bool(value("enabled") or "yes")
        port = parse_int(values.get("port", ""))
    except ValueError:
        return None
    if not enabled:
        return None
    return (value("address") or "").strip().lower(), port


def _overlap(one: str, two: str) -> bool:
    if one == two or one in _ANY_ADDRESS or two in _ANY_ADDRESS:
        return True
    return (one == _ANY_IPV4 and ":" not in two) or (two == _ANY_IPV4 and ":" not in one)


def _port_conflicts(ctx: Context) -> Iterator[Finding]:
    seen: dict[int, list[tuple[str, SectionInfo]]] = {}
    for info in ctx.sections:
        if info.kind != "services" or info.plan is None:
            continue
        listening = _listening(info)
        if listening is None:
            continue
        address, port = listening
        others = seen.setdefault(port, [])
        for other_address, other in others:
            if _overlap(address, other_address):
                shown = address or "every address"
                yield ctx.finding(
                    "port-conflict",
                    f"[{info.name}] listens on {shown} port {port}, "
                    f"as does [{other.name}] (both enabled)",
                    ctx.value_span(info, "port"),
                    section=info.name,
                    option="port",
                    hint="give one of them another port or address, or disable one",
                    related=(
                        Related(ctx.value_span(other, "port"), f"[{other.name}] listens here"),
                    ),
                )
                break
        others.append((address, info))


def check(ctx: Context) -> Iterator[Finding]:
    """The reference findings (no ``dangling-reference`` for a partial file)."""
    index = _Index(ctx)
    if not ctx.partial:
        yield from _dangling(ctx, index)
    yield from _typed(ctx, index)
    yield from _duplicate_names(ctx)
    yield from _port_conflicts(ctx)
