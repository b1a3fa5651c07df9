"""Schema rules: ``unknown-kind``, ``unknown-type``, ``unknown-option``,
``invalid-value`` and ``missing-option``, with the compiled checks of
:mod:`._plan` (the same verdicts as ``jsonschema`` on the typed projection).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..findings import Finding
from ..schema import Catalog, OptionSpec
from ..typed import convert_value
from ._context import Context, SectionInfo, did_you_mean, show_value
from ._plan import Condition, OptionCheck, Plan, plan_for
from .versions import old_kind, old_option, old_type, old_value

__all__ = ["check", "expected", "required_options"]

#: Plain words for the value types whose form a pattern checks.
_FORMS: dict[str, str] = {
    "date-time": "a date (`2024-05-01`) or a date and time (`2024-05-01 10:12:13`)",
    "email-list": "e-mail addresses separated by commas",
    "event-group-list": "event group names separated by commas (`!` excludes one)",
    "event-id-list": "event ids separated by commas (`!` excludes one)",
    "event-list": "event ids or groups separated by commas (`!` excludes one)",
    "format-string": "text in which every `{` is closed by a `}`",
    "id": "letters, digits and `-`",
    "ip-filter": "one rule per line: `allow <address or CIDR>` or `deny <address or CIDR>`",
    "mime-type": "a MIME type such as `text/plain`",
    "octal": "three or four octal digits, such as `022`",
    "port-range": "`MIN - MAX`, such as `50000 - 50100`",
    "python-entry-point": "`python:package.module.Name`",
    "reference": "one id, without spaces or commas",
    "reference-list": "ids separated by commas",
    "rotation-time": "`N day-of-month` or `HH:MM time-of-day`",
    "schedule": "`[DAY-]HH:MM-start` or `[DAY-]HH:MM-stop` items separated by commas",
    "url": "a URL such as `https://host/path`",
    "url-list": "URLs separated by commas",
    "url-path": "a URL path starting with `/`, without a `/` at the end",
}


_UNKNOWN = OptionCheck.__new__(OptionCheck)  # marks names a plan does not know


# A URL pattern that names its schemes: ^otpauth://, ^(file|tcp|udp)://
_URL_SCHEMES = re.compile(r"\^\(?([a-z]+(?:\|[a-z]+)*)\)?://")


def _words(words: tuple[str, ...], limit: int = 8) -> str:
    shown = ", ".join(f"`{w}`" for w in words[:limit])
    return shown + (", …" if len(words) > limit else "")


def _range(spec: OptionSpec) -> str:
    low, high = spec.minimum, spec.maximum
    if low is not None and high is not None:
        return f" from {low} to {high}"
    if low is not None:
        return f" of at least {low}"
    if high is not None:
        return f" of at most {high}"
    return ""


def expected(spec: OptionSpec) -> str:
    """What a valid value of ``spec`` looks like, in words."""
    json_type = spec.json_type
    if json_type == "boolean":
        form = "`yes` or `no`"
    elif json_type in ("integer", "number"):
        form = ("an integer" if json_type == "integer" else "a number") + _range(spec)
    elif json_type == "array":
        if spec.value_type in _FORMS:
            form = _FORMS[spec.value_type]
        else:
            form = "one item per line" if spec.separator == "line" else "items separated by commas"
        if spec.negatable and "`!`" not in form:
            form += " (`!` before one excludes it)"
        if spec.item_values:
            form += f", each one of {_words(spec.item_values)}"
        if spec.min_items is not None and spec.min_items == spec.max_items:
            form += f", exactly {spec.min_items} of them"
    elif spec.value_type == "url" and (schemes := _URL_SCHEMES.match(spec.pattern or "")):
        names = [f"`{name}://`" for name in schemes.group(1).split("|")]
        form = f"a URL starting with {' or '.join(names)}"
    elif spec.value_type in _FORMS:
        form = _FORMS[spec.value_type]
    elif spec.value_type == "path" and spec.pattern:
        form = "an absolute path"
    elif spec.values:
        return f"one of {_words(spec.values)}"
    else:
        form = f"a valid {spec.value_type}"
    if spec.values:
        form += f", or one of {_words(spec.values)}"
    return form


def _kind_candidates(ctx: Context) -> list[str]:
    return [kind for kind in ctx.catalog.kinds() if kind != "server"]


def _unknown_kind(ctx: Context, info: SectionInfo) -> Finding:
    name = info.name
    kind, slash, _ = name.partition("/")
    hint: str | None
    if not slash:
        message = f"[{name}] is not a section SFTPPlus knows: it expects [server] or [<kind>/<id>]"
        close = did_you_mean(name, _kind_candidates(ctx))
        hint = close.replace("`?", "/<id>`?") if close else "see `sftpplus-config explain`"
    elif kind == "server":
        message = f"[{name}]: the server section takes no id"
        hint = "write [server]"
    elif kind in ctx.catalog.kinds():
        message = f"[{name}] has no id after `{kind}/`"
        hint = f"write [{kind}/<id>], the id usually being a UUID"
    else:
        message = f"unknown section kind `{kind}` in [{name}]"
        close = did_you_mean(kind, _kind_candidates(ctx))
        hint = close.replace("`?", "/`?") if close else None
    return ctx.finding(
        "unknown-kind", message, info.node.span, section=name, hint=hint, beyond_schema=True
    )


def _invalid_section_id(ctx: Context, info: SectionInfo) -> Finding:
    forbidden = " or ".join(f"`{c}`" for c in ctx.catalog.id_forbidden_characters)
    kind, _, ident = info.name.partition("/")
    return ctx.finding(
        "invalid-section-id",
        f"the id `{ident}` of [{info.name}] contains {forbidden}, which ids may not contain",
        info.node.span,
        section=info.name,
        hint=f"write [{kind}/<id>] with an id of letters, digits and `-` (a UUID)",
    )


def _unknown_type(ctx: Context, info: SectionInfo) -> Finding:
    assert info.kind is not None and info.written_type is not None
    catalog = ctx.catalog
    written = info.written_type.strip()
    types = catalog.types(info.kind)
    if written:
        message = f"unknown type `{written}` for {info.kind}"
    else:
        message = f"the type of [{info.name}] is empty"
    from ..history import type_change, value_change

    aliases = [
        alias
        for alias in catalog.type_aliases(info.kind)
        if value_change(catalog, info.kind, "type", alias) is None
        and type_change(catalog, info.kind, alias) is None
    ]  # not the old names: the validator would warn about them
    close = did_you_mean(written, [*types, *aliases]) if written else None
    hint = close or f"use one of {_words(types, limit=20)}"
    return ctx.finding(
        "unknown-type",
        message,
        ctx.value_span(info, "type"),
        section=info.name,
        option="type",
        hint=hint,
        beyond_schema=True,
    )


def _unknown_option(ctx: Context, info: SectionInfo, plan: Plan, name: str) -> Finding:
    catalog = ctx.catalog
    hint = did_you_mean(name, plan.checks)
    if hint is None and plan.typed and not plan.any_type:
        owners = [t for t in catalog.types(plan.kind) if name in catalog.options(plan.kind, t)]
        if owners:
            hint = f"`{name}` is an option of {plan.kind} of type {_words(tuple(owners))}"
    if hint is None:
        target = plan.kind if plan.type is None else f"{plan.kind}/{plan.type}"
        hint = f"`sftpplus-config explain {target}` lists the options"
    return ctx.finding(
        "unknown-option",
        f"unknown option `{name}` for {plan.describe()}",
        ctx.key_span(info, name),
        section=info.name,
        option=name,
        hint=hint,
        beyond_schema=True,
    )


def _invalid_value(ctx: Context, info: SectionInfo, spec: OptionSpec, raw: str) -> Finding:
    from ..secrets import is_secret_value

    name = spec.name
    secret = spec.secret or is_secret_value(info.kind, info.written_type, name, raw)
    shown = "" if secret else f" {show_value(raw)}"
    hint = None
    words = spec.values or spec.item_values
    if words and not secret and "\n" not in raw and "," not in raw:
        hint = did_you_mean(raw.strip(), words)
    if hint is None and spec.value_type == "boolean":
        hint = "write `yes` or `no` (`true`/`false`, `on`/`off` and `1`/`0` work too)"
    return ctx.finding(
        "invalid-value",
        f"invalid value{shown} for `{name}`: expected {expected(spec)}",
        ctx.value_span(info, name),
        section=info.name,
        option=name,
        hint=hint,
        beyond_schema=spec.value_type == "enum" or name == "type",
    )


def _empty(value: object) -> bool:
    return value in ("", None) or value == []


def _token_holds(ctx: Context, plan: Plan, option: str, raw: str | None, token: str) -> bool:
    """Whether the option ``option`` (``raw`` as written, ``None`` when not
    set) matches one ``x-conditions`` token."""
    spec = plan.specs.get(option)
    if raw is None:
        value = spec.default_value if spec is not None else None
    elif option == "type":
        value = plan.type
    else:
        value = convert_value(raw, spec) if spec is not None else raw.strip()
    if token == "<empty>":
        return _empty(value)
    if token == "<non-empty>":
        return not _empty(value)
    if token.endswith("*"):
        return isinstance(value, str) and value.lower().startswith(token[:-1].lower())
    wanted = convert_value(token, spec) if spec is not None else token
    if isinstance(value, str) and isinstance(wanted, str):
        return value.lower() == wanted.lower()
    return type(value) is type(wanted) and value == wanted


def _holds(
    ctx: Context, plan: Plan, info: SectionInfo, when: Mapping[str, Any], match: str | None
) -> bool:
    for option, tokens in when.items():
        raw = info.values.get(option)
        words = tokens if isinstance(tokens, list) else [tokens]
        if match == "contains-action":
            text = (raw or "").lower()
            fields = {f.strip() for line in text.split("\n") for f in line.split(",")}
            if not any(word.lower() in fields for word in words):
                return False
        elif not any(_token_holds(ctx, plan, option, raw, word) for word in words):
            return False
    return True


def _ignored(ctx: Context, info: SectionInfo, plan: Plan, condition: Condition) -> Finding | None:
    """``ignored-option`` when a conditional option is set where it has no effect."""
    holds = _holds(ctx, plan, info, condition.when, condition.match)
    if condition.except_when and _holds(ctx, plan, info, condition.except_when, None):
        holds = not holds if condition.effect == "ignored" else holds
    if holds == (condition.effect == "used"):
        return None
    name = condition.option
    shown = ", ".join(
        f"`{k} = {' or '.join(v) if isinstance(v, list) else v}`" for k, v in condition.when.items()
    )
    if condition.effect == "used":
        message = f"`{name}` has no effect here: SFTPPlus uses it only with {shown}"
    else:
        message = f"`{name}` has no effect here: SFTPPlus ignores it with {shown}"
    return ctx.finding(
        "ignored-option",
        message,
        ctx.key_span(info, name),
        section=info.name,
        option=name,
        hint=f"remove `{name}`, or change the options it depends on",
    )


def _missing_option(ctx: Context, info: SectionInfo, plan: Plan, name: str) -> Finding:
    what = plan.describe() if name != "type" else plan.kind
    return ctx.finding(
        "missing-option",
        f"[{info.name}] has no `{name}`, which {what} cannot work without",
        info.node.span,
        section=info.name,
        option=name,
        hint=f"add `{name} = …` (`sftpplus-config explain {plan.kind}"
        + (f"/{plan.type}" if plan.type and name != "type" else "")
        + f" {name}` says what it takes)",
    )


def check(ctx: Context) -> Iterator[Finding]:
    """The schema findings of every section."""
    partial = ctx.partial
    for info in ctx.sections:
        plan = info.plan
        if plan is None:
            if info.bad_id:
                yield _invalid_section_id(ctx, info)
            elif not old_kind(ctx, info):
                yield _unknown_kind(ctx, info)
            continue
        if info.type_error == "unknown" and not old_type(ctx, info):
            yield _unknown_type(ctx, info)
        checks = plan.checks
        values = info.values
        for name, raw in values.items():
            check = checks.get(name, _UNKNOWN)
            if check is None:
                continue  # any value will do
            if check is _UNKNOWN:
                if not old_option(ctx, plan, name):
                    yield _unknown_option(ctx, info, plan, name)
                continue
            verdict = check.cache.get(raw)  # inlined OptionCheck.__call__ (hot loop)
            if verdict is None:
                verdict = check(raw)
            if not verdict and not old_value(ctx, info, name, raw):
                yield _invalid_value(ctx, info, check.spec, raw)
        if plan.conditions:
            for condition in plan.conditions:
                if condition.option in values:
                    finding = _ignored(ctx, info, plan, condition)
                    if finding is not None:
                        yield finding
        if not partial:
            for name in plan.required:
                if name not in values:
                    yield _missing_option(ctx, info, plan, name)
            for branch in plan.required_when:
                if branch.holds(values):
                    for name in branch.required:
                        if name not in values:
                            yield _missing_option(ctx, info, plan, name)


def required_options(catalog: Catalog) -> list[tuple[str, str | None, tuple[str, ...]]]:
    """The ``missing-option`` list: (kind, type, options) rows, where type
    ``None`` means every section of the kind and a type's row lists what
    that type needs on top. Read from the schema's ``required`` lists."""
    rows: list[tuple[str, str | None, tuple[str, ...]]] = []
    for kind in catalog.kinds():
        common = plan_for(catalog, kind, None).required
        if common:
            rows.append((kind, None, common))
        for type_ in catalog.types(kind):
            extra = tuple(n for n in plan_for(catalog, kind, type_).required if n not in common)
            if extra:
                rows.append((kind, type_, extra))
    return rows
