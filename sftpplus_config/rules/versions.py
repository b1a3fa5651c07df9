"""Version rules.

- ``newer-than-target``: an option, type or value that appeared in an
  SFTPPlus version newer than the one the file is written for
  (``--target-version``), from the schema's ``x-since``, ``x-value-since``
  and ``x-multiple-since``;
- ``removed-option``: an option, type, kind or value that SFTPPlus no longer
  knows at the target version (the schema's version when no target is
  given), and does not convert by itself;
- ``renamed-option``: an old name that SFTPPlus converts (or still accepts)
  at the target version; ``fix`` writes the new name where the change is
  one-to-one;
- ``deprecated-option``: an option, type or value the docs call deprecated
  at the target version (``deprecated_in`` of the history): SFTPPlus still
  reads it, and the hint names the replacement, if there is one.

The schema rules leave these names to this group: an old option name is
not an ``unknown-option``, an old type not an ``unknown-type``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import NamedTuple

from ..findings import Finding
from ..history import Change, Verdict, judge, kind_change, option_change, type_change, value_change
from ..history import version_key as _version_key
from ..schema import OptionSpec
from ..span import Span
from ..typed import convert_value
from ._context import Context, SectionInfo
from ._plan import Plan

__all__ = [
    "check",
    "kind_verdict",
    "known_then",
    "old_kind",
    "old_option",
    "old_type",
    "old_value",
    "option_verdict",
    "parse_version",
    "type_verdict",
    "value_verdict",
]

_VERSION = re.compile(r"\d+(\.\d+)*")

Judged = tuple[Change, Verdict]


def parse_version(text: str) -> tuple[int, ...]:
    """``"5.12.0"`` as ``(5, 12, 0)``; ``"4.1"`` as ``(4, 1, 0)``.

    Raises ValueError for anything but dot-separated numbers.
    """
    stripped = text.strip()
    if not _VERSION.fullmatch(stripped):
        raise ValueError(f"not a version: {text!r} (write X.Y.Z, e.g. 5.12.0)")
    parts = tuple(int(part) for part in stripped.split("."))
    return parts + (0,) * (3 - len(parts))


def _judged(ctx: Context, change: Change | None) -> Judged | None:
    if change is None:
        return None
    verdict = judge(change, ctx.history_target)
    return None if verdict is None else (change, verdict)


def known_then(ctx: Context, change: Change | None) -> bool:
    """The old name is reported by this group, or was current at the target
    version (so it is not unknown either)."""
    if change is None:
        return False
    if judge(change, ctx.history_target) is not None:
        return True
    when = change.when
    return when is not None and ctx.history_target < _version_key(when)


def old_option(ctx: Context, plan: Plan, name: str) -> bool:
    """``name`` is an old option name of the plan's kind and type (see
    :func:`known_then`): not an ``unknown-option``."""
    if name not in plan.history:
        return False
    return known_then(ctx, option_change(ctx.catalog, plan.kind, plan.type, name))


def old_type(ctx: Context, info: SectionInfo) -> bool:
    """The section's ``type`` is an old name (not an ``unknown-type``)."""
    if info.kind is None or info.written_type is None:
        return False
    return known_then(ctx, type_change(ctx.catalog, info.kind, info.written_type))


def old_kind(ctx: Context, info: SectionInfo) -> bool:
    """The section's kind is an old one (not an ``unknown-kind``)."""
    kind, slash, ident = info.name.partition("/")
    return bool(slash and ident) and known_then(ctx, kind_change(ctx.catalog, kind))


def old_value(ctx: Context, info: SectionInfo, name: str, raw: str) -> bool:
    """The value (or one of its items) is an old one (not an ``invalid-value``)."""
    plan = info.plan
    if plan is None or name not in plan.value_history:
        return False
    spec = plan.specs.get(name)
    value = convert_value(raw, spec) if spec is not None else raw.strip()
    items = value if isinstance(value, list) else [value]
    return any(
        known_then(ctx, value_change(ctx.catalog, plan.kind, name, item))
        for item in items
        if isinstance(item, str) and item
    )


def option_verdict(ctx: Context, plan: Plan, name: str) -> Judged | None:
    """What an old option name means at the target version, if anything."""
    if name not in plan.history:
        return None
    return _judged(ctx, option_change(ctx.catalog, plan.kind, plan.type, name))


def type_verdict(ctx: Context, info: SectionInfo) -> Judged | None:
    """What an old ``type`` value means at the target version, if anything."""
    if info.kind is None or info.written_type is None:
        return None
    return _judged(ctx, type_change(ctx.catalog, info.kind, info.written_type))


def kind_verdict(ctx: Context, info: SectionInfo) -> Judged | None:
    """What a section of a legacy kind (``[logs/…]``) means, if anything."""
    kind, slash, ident = info.name.partition("/")
    if not slash or not ident:
        return None
    return _judged(ctx, kind_change(ctx.catalog, kind))


def value_verdict(ctx: Context, info: SectionInfo, name: str, raw: str) -> Judged | None:
    """What an old value (or list item) of an option means, if anything
    (worked out once per plan, option and value: values repeat)."""
    plan = info.plan
    if plan is None or name not in plan.value_history:
        return None
    if _old_words(ctx, plan, name).search(raw) is None:
        return None  # no old value in it, as a word or otherwise: nothing to remember
    key = (id(plan), name, raw)
    memo = ctx.memo
    if key not in memo:
        memo[key] = _value_verdict(ctx, plan, name, raw)
    found: Judged | None = memo[key]
    return found


def _old_words(ctx: Context, plan: Plan, name: str) -> re.Pattern[str]:
    """One search for every old value of an option (a quick pre-test)."""
    key = ("old-words", id(plan), name)
    found: re.Pattern[str] | None = ctx.memo.get(key)
    if found is None:
        words = "|".join(re.escape(word) for word in plan.value_words.get(name, ()))
        found = ctx.memo[key] = re.compile(words or "(?!)", re.IGNORECASE)
    return found


def _value_verdict(ctx: Context, plan: Plan, name: str, raw: str) -> Judged | None:
    spec = plan.specs.get(name)
    value = convert_value(raw, spec) if spec is not None else raw.strip()
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str) and item:
            judged = _judged(ctx, value_change(ctx.catalog, plan.kind, name, item))
            if judged is not None:
                return judged
    return None


def _when(change: Change) -> str:
    return change.when or "an earlier version"


def _history_finding(
    ctx: Context, info: SectionInfo, judged: Judged, option: str | None
) -> Finding:
    change, verdict = judged
    what = {"option": "option", "type": "type", "kind": "section kind", "value": "value"}
    subject = f"{what[change.what]} `{change.old}`"
    if change.what == "value" and option:
        subject += f" of `{option}`"
    if change.what == "type":
        span = ctx.value_span(info, "type")
        option = "type"
    elif change.what == "kind":
        span = info.node.span
    elif change.what == "value":
        assert option is not None
        span = ctx.value_span(info, option)
    else:
        assert option is not None
        span = ctx.key_span(info, option)
    fixable = change.fixable and _fix_possible(info, change)
    if verdict == "deprecated":
        return _deprecated_finding(ctx, info, change, subject, span, option)
    if verdict == "renamed":
        if change.new is not None and change.since:
            message = f"{subject} was renamed to {change.where()} in SFTPPlus {change.since}"
        else:
            message = f"{subject} was removed in SFTPPlus {_when(change)}"
        message += (
            "; SFTPPlus converts it when it starts"
            if change.migrated
            else "; SFTPPlus still accepts it"
        )
        hint = f"write {change.where()}" if change.new else "remove it"
        if fixable:
            hint += " (`sftpplus-config fix` does it)"
        return ctx.finding(
            "renamed-option",
            message,
            span,
            section=info.name,
            option=option,
            hint=hint,
            fixable=fixable,
        )
    message = f"{subject} was removed in SFTPPlus {_when(change)}"
    if change.new == "" and change.what == "value":
        hint = "leave the value empty instead"
    elif change.new:
        hint = f"use {change.where()} instead (since {_when(change)})"
        if change.replacement_value:
            hint += f", with `{change.replacement_value}`"
    elif change.new_kind:
        hint = f"use a [{change.new_kind}/…] section instead"
    else:
        hint = "remove it: SFTPPlus no longer reads it"
    if fixable:
        hint += " (`sftpplus-config fix` does it)"
    return ctx.finding(
        "removed-option",
        message,
        span,
        section=info.name,
        option=option,
        hint=hint,
        fixable=fixable,
    )


def _deprecated_finding(
    ctx: Context,
    info: SectionInfo,
    change: Change,
    subject: str,
    span: Span,
    option: str | None,
) -> Finding:
    if change.new_kind:
        hint = f"move to a [{change.new_kind}/…] section"
    elif change.new:
        hint = f"use {change.where()} instead"
    elif change.what == "value":
        hint = "leave it out, or use a value that is not deprecated"
    else:
        hint = "remove it"
    return ctx.finding(
        "deprecated-option",
        f"{subject} is deprecated since SFTPPlus {change.deprecated_in}: "
        "SFTPPlus still reads it, a later version may not",
        span,
        section=info.name,
        option=option,
        hint=hint,
    )


def _fix_possible(info: SectionInfo, change: Change) -> bool:
    """``fix`` can apply the change here: the new option name is free."""
    if change.what == "option":
        return change.new is not None and change.new not in info.values
    if change.what == "value":
        return change.new is not None
    return change.what == "type"


class _Facts(NamedTuple):
    """What the version rules need to know about one plan, for one run's
    target version, worked out once per plan (most plans need nothing, and
    most sections then cost two set tests)."""

    #: the plan's own type has a history (a deprecated type)
    type_history: bool
    #: the plan's type is newer than the target: its since-version
    newer_type: str | None
    #: options newer than the target, with their since-versions
    newer_options: Mapping[str, str]
    #: (spec, its words newer than the target, several items newer than the target)
    newer_values: tuple[tuple[OptionSpec, Mapping[str, str], bool], ...]
    #: names of the options of ``newer_options`` and ``newer_values``
    newer_names: frozenset[str]


def _facts(ctx: Context, plan: Plan) -> _Facts:
    key = ("versions", id(plan))
    found: _Facts | None = ctx.memo.get(key)
    if found is None:
        found = ctx.memo[key] = _plan_facts(ctx, plan)
    return found


def _plan_facts(ctx: Context, plan: Plan) -> _Facts:
    catalog = ctx.catalog
    types = catalog.history(plan.kind).get("types", {})
    type_history = plan.type is not None and plan.type in {name.lower() for name in types}
    target = ctx.target_version
    if target is None:
        return _Facts(type_history, None, {}, (), frozenset())
    newer_type = None
    if plan.type is not None:
        since = catalog.type_since(plan.kind, plan.type)
        if since is not None and _version_key(since) > target:
            newer_type = since
    newer_options = {
        name: spec.since
        for name, spec in plan.specs.items()
        if spec.since is not None and _parsed(spec.since) > target
    }
    newer_values = []
    for spec in plan.since_specs:
        words = {w: v for w, v in spec.value_since.items() if _version_key(v) > target}
        several = spec.multiple_since is not None and _version_key(spec.multiple_since) > target
        if words or several:
            newer_values.append((spec, words, several))
    names = frozenset(newer_options) | {spec.name for spec, _, _ in newer_values}
    return _Facts(type_history, newer_type, newer_options, tuple(newer_values), names)


def _parsed(since: str) -> tuple[int, ...]:
    """A documented since-version; one that is not a version never counts as newer."""
    try:
        return parse_version(since)
    except ValueError:
        return ()


def _since_findings(
    ctx: Context, info: SectionInfo, facts: _Facts, wanted: str
) -> Iterator[Finding]:
    values = info.values
    for spec, words, several in facts.newer_values:
        raw = values.get(spec.name)
        if raw is None:
            continue
        low = raw.lower()
        # quick pre-tests: a newer word in it, or more than one item
        if not (several and ("," in raw or "\n" in raw)) and not any(
            word.lower() in low for word in words
        ):
            continue
        value = convert_value(raw, spec)
        items = value if isinstance(value, list) else [value]
        if several and len(items) > 1:
            yield ctx.finding(
                "newer-than-target",
                f"several values in `{spec.name}` need SFTPPlus {spec.multiple_since}; "
                f"the target version {wanted} takes one",
                ctx.value_span(info, spec.name),
                section=info.name,
                option=spec.name,
                hint=f"keep one value, or target SFTPPlus {spec.multiple_since} or later",
            )
        for item in items:
            since = words.get(item) if isinstance(item, str) else None
            if since is not None:
                yield ctx.finding(
                    "newer-than-target",
                    f"`{item}` in `{spec.name}` appeared in SFTPPlus {since}; "
                    f"the target version {wanted} does not know it",
                    ctx.item_span(info, spec.name, item),
                    section=info.name,
                    option=spec.name,
                    hint=f"use another value, or target SFTPPlus {since} or later",
                )
    newer_options = facts.newer_options
    for name in values:  # in file order (reports may stream)
        since = newer_options.get(name)
        if since is None:
            continue
        yield ctx.finding(
            "newer-than-target",
            f"`{name}` appeared in SFTPPlus {since}; the target version {wanted} does not know it",
            ctx.key_span(info, name),
            section=info.name,
            option=name,
            hint=f"remove it, or target SFTPPlus {since} or later",
        )


def _type_since(ctx: Context, info: SectionInfo, plan: Plan, since: str) -> Finding:
    wanted = ".".join(map(str, ctx.target_version or ()))
    return ctx.finding(
        "newer-than-target",
        f"type `{plan.type}` appeared in SFTPPlus {since}; "
        f"the target version {wanted} does not know it",
        ctx.value_span(info, "type"),
        section=info.name,
        option="type",
        hint=f"target SFTPPlus {since} or later",
    )


def check(ctx: Context) -> Iterator[Finding]:
    """Old names at the target version, and options, types and values newer
    than it."""
    target = ctx.target_version
    wanted = ".".join(map(str, target)) if target is not None else ""
    for info in ctx.sections:
        plan = info.plan
        if plan is None:
            if info.kind is None and not info.bad_id:
                judged = kind_verdict(ctx, info)
                if judged is not None:
                    yield _history_finding(ctx, info, judged, None)
            continue
        values = info.values
        written = info.written_type
        facts = _facts(ctx, plan)
        if info.type_error == "unknown" or (
            written is not None and (facts.type_history or written.strip().lower() != plan.type)
        ):
            judged = type_verdict(ctx, info)
            if judged is not None:
                yield _history_finding(ctx, info, judged, "type")
        if plan.history and not plan.history.isdisjoint(values):
            for name in plan.history.intersection(values):
                judged = option_verdict(ctx, plan, name)
                if judged is not None:
                    yield _history_finding(ctx, info, judged, name)
        if plan.value_history and not plan.value_history.isdisjoint(values):
            for name in plan.value_history.intersection(values):
                judged = value_verdict(ctx, info, name, values[name])
                if judged is not None:
                    yield _history_finding(ctx, info, judged, name)
        if target is None:
            continue
        if facts.newer_type is not None and written is not None:
            yield _type_since(ctx, info, plan, facts.newer_type)
        if facts.newer_names and not facts.newer_names.isdisjoint(values):
            yield from _since_findings(ctx, info, facts, wanted)
