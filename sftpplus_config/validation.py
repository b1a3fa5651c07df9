"""The validator: positioned findings about a configuration.

`RULES` is the rule table (docs/validation.md lists it): every rule's stable
name, its group, its default severity and what it reports. It is the contract:
the docs and the ``--select``/``--ignore`` checks are built from it.
[`iter_findings`][sftpplus_config.validation.iter_findings] yields the findings
of one document lazily, one rule group after the other;
[`validate`][sftpplus_config.validation.validate] collects them, sorted by
file, line and column, into a
[`ValidationResult`][sftpplus_config.validation.ValidationResult].

An override file (``server.override.ini``) is validated together with its base:
the effective configuration
([`apply_overrides`][sftpplus_config.overrides.apply_overrides]) is checked,
and each finding points at the file and line that set the value. Without a
base, an override is checked as a *partial* file: no ``missing-option`` and no
``dangling-reference``, since those may well be satisfied by the base.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ._gc import collector_paused as _collector_paused
from ._record import record, replace
from .exceptions import UnknownRuleError
from .findings import Finding, Related, Severity
from .pairing import find_base, is_override_file
from .span import Span

if TYPE_CHECKING:
    from .document import Document
    from .nodes import Option
    from .rules._context import Context
    from .schema import Catalog
    from .section import Section

__all__ = [
    "RULES",
    "RULE_GROUPS",
    "Rule",
    "ValidationResult",
    "base_of",
    "find_base",
    "is_override_file",
    "iter_findings",
    "iter_path_findings",
    "resolve_rules",
    "validate",
    "validate_path",
]


@record
class Rule:
    """One row of the rule table."""

    name: str
    group: str
    severity: Severity
    summary: str


#: The rule table. Names and severities are part of the public contract.
RULES: tuple[Rule, ...] = (
    Rule("syntax-error", "syntax", "error", "a line that is not a header, an option or a comment"),
    Rule("duplicate-section", "syntax", "error", "a section defined twice"),
    Rule("duplicate-option", "syntax", "error", "an option set twice in one section"),
    Rule("option-outside-section", "syntax", "error", "an option before the first section"),
    Rule(
        "indented-option",
        "syntax",
        "error",
        "an indented `known_option = …` line, read as part of the previous value",
    ),
    Rule("unknown-kind", "schema", "error", "a section that is not [server] or a known kind"),
    Rule("unknown-type", "schema", "error", "a `type` the section's kind does not have"),
    Rule("unknown-option", "schema", "error", "an option the section's kind and type lack"),
    Rule("invalid-value", "schema", "error", "a value of the wrong form for its option"),
    Rule("missing-option", "schema", "error", "an option a component cannot work without"),
    Rule("ignored-option", "schema", "warning", "an option that has no effect where it is set"),
    Rule("invalid-section-id", "schema", "error", "a section id with `/` or `|` in it"),
    Rule("dangling-reference", "references", "error", "an id that names no section"),
    Rule(
        "wrong-reference-type",
        "references",
        "error",
        "an id that names a section of a kind or type the option cannot use",
    ),
    Rule("duplicate-name", "references", "error", "two sections of a kind with one `name`"),
    Rule("port-conflict", "references", "error", "two enabled services on one address and port"),
    Rule("unknown-variable", "variables", "error", "a `{…}` placeholder nobody defines"),
    Rule("variable-not-allowed", "variables", "error", "a placeholder the option cannot use"),
    Rule("newer-than-target", "versions", "error", "an option newer than --target-version"),
    Rule("removed-option", "versions", "error", "an option, type or value SFTPPlus removed"),
    Rule("renamed-option", "versions", "warning", "an old name that SFTPPlus converts itself"),
    Rule(
        "deprecated-option",
        "versions",
        "warning",
        "an option, type or value SFTPPlus deprecated: still read, to be replaced",
    ),
    Rule("plaintext-password", "security", "warning", "a password where a hash belongs"),
    Rule("inline-private-key", "security", "warning", "a private key written in the file"),
    Rule("shared-writable-path", "cluster", "error", "nodes writing to the same file"),
    Rule("duplicate-server-identity", "cluster", "error", "nodes sharing a server uuid"),
    Rule("multiple-config-managers", "cluster", "warning", "several nodes changing the config"),
    Rule("duplicated-transfer", "cluster", "warning", "a transfer active on every node"),
    Rule("base-not-found", "overrides", "info", "an override validated without its base"),
    Rule("override-new-section", "overrides", "warning", "an override section the base lacks"),
    Rule("redundant-override", "overrides", "info", "an override equal to the base value"),
    Rule("missing-controller", "cluster", "warning", "node-sync without a controller node"),
    Rule("invalid-inventory", "inventory", "error", "a problem in a build inventory"),
    Rule("missing-asset", "assets", "error", "an external file that does not exist"),
    Rule(
        "external-file-outside-configuration",
        "assets",
        "warning",
        "an external-file: path that leaves the configuration folder",
    ),
    Rule("unused-suppression", "suppressions", "warning", "a suppression that silences nothing"),
)

_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}
_SEVERITIES: dict[str, Severity] = {rule.name: rule.severity for rule in RULES}
#: Rule names per group, in table order.
RULE_GROUPS: dict[str, tuple[str, ...]] = {}
for _rule in RULES:
    RULE_GROUPS[_rule.group] = (*RULE_GROUPS.get(_rule.group, ()), _rule.name)
del _rule


def resolve_rules(
    select: Iterable[str] | None = None, ignore: Iterable[str] | None = None
) -> frozenset[str]:
    """The rules a run reports: the ``select``ed ones (default: all) less the
    ``ignore``d ones. Both take rule names or group names (``security``).

    Raises [`UnknownRuleError`][sftpplus_config.exceptions.UnknownRuleError]
    for a name the table lacks.
    """

    def expand(names: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for raw in names:
            name = raw.strip()
            if name in _BY_NAME:
                found.add(name)
            elif name in RULE_GROUPS:
                found.update(RULE_GROUPS[name])
            else:
                import difflib

                close = difflib.get_close_matches(name, [*_BY_NAME, *RULE_GROUPS], n=1)
                raise UnknownRuleError(name, close[0] if close else None)
        return found

    active = expand(select) if select is not None else set(_BY_NAME)
    if ignore is not None:
        active -= expand(ignore)
    return frozenset(active)


@record
class ValidationResult:
    """The findings of one validation, sorted by file, line and column."""

    findings: tuple[Finding, ...]

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> ValidationResult:
        """The result of these findings, sorted by file, line and column."""
        return cls(tuple(sorted(findings, key=sort_key)))

    def count(self, severity: Severity) -> int:
        """How many findings have ``severity``."""
        return sum(1 for finding in self.findings if finding.severity == severity)

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return self.count("error")

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return self.count("warning")

    @property
    def infos(self) -> int:
        """How many findings are informational."""
        return self.count("info")

    def success(self, strict: bool = False) -> bool:
        """No errors (and, when ``strict``, no warnings either)."""
        return self.errors == 0 and not (strict and self.warnings)


def sort_key(finding: Finding) -> tuple[str, int, int, int, int, str, str]:
    """File, then position, then rule: the order findings are reported in."""
    span = finding.span
    return (
        finding.file or "",
        span.line,
        span.column,
        span.end_line,
        span.end_column,
        finding.rule,
        finding.message,
    )


def _variables(ctx: Context) -> Iterable[Finding]:
    """The variables rule group (``unknown-variable``,
    ``variable-not-allowed``).

    Findings about ``ctx.doc`` are moved to the override or base file by
    the caller, like every other group's.
    """
    from .variables import check_variables

    return check_variables(ctx.doc)


#: Rule groups whose findings about one section depend on other sections.
#: Every other group looks at one section at a time: the node checks of
#: [`sftpplus_config.effective`][sftpplus_config.effective] rely on it (and a test compares them
#: with whole-file validation).
WHOLE_FILE_GROUPS: frozenset[str] = frozenset({"references"})


def _groups() -> list[tuple[str, Callable[[Context], Iterable[Finding]]]]:
    from .rules import references, schema, security, versions

    return [
        ("schema", schema.check),
        ("references", references.check),
        ("variables", _variables),
        ("versions", versions.check),
        ("security", security.check),
    ]


def iter_findings(
    doc: Document,
    *,
    catalog: Catalog | None = None,
    target_version: str | Sequence[int] | None = None,
    base: Document | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    partial: bool = False,
    variables: Mapping[str, str] | None = None,
    declared: Iterable[str] = (),
) -> Iterator[Finding]:
    """The findings of ``doc``, lazily and in no particular order.

    ``base``: ``doc`` is an override of it; the effective configuration is
    validated and findings point at the file that set the value. ``partial``:
    ``doc`` is not a whole configuration (an override whose base is unknown):
    no ``missing-option``, no ``dangling-reference``. ``target_version``:
    report options newer than this SFTPPlus version. ``variables``: deploy-time
    variables (``--var``): placeholders are checked against them, then the
    configuration is rendered with them and the rendered values are validated
    (findings still point at the template's lines). ``declared``: names of
    variables defined elsewhere with values unknown here (a template's
    inventory): they are not ``unknown-variable``, and a value that uses one is
    not ``invalid-value`` (its nodes are checked with ``validate
    --inventory``). Raises
    [`UnknownRuleError`][sftpplus_config.exceptions.UnknownRuleError] for an
    unknown rule name, ValueError for a malformed version and
    [`VariableError`][sftpplus_config.variables.VariableError] for bad
    variables.
    """
    from .rules import syntax
    from .rules._context import Context
    from .rules.versions import parse_version
    from .schema import load_catalog

    active = resolve_rules(select, ignore)
    if isinstance(target_version, str):
        target: tuple[int, ...] | None = parse_version(target_version)
    else:
        target = None if target_version is None else tuple(target_version)
    catalog = catalog if catalog is not None else load_catalog()
    sources = [doc] if base is None else [base, doc]
    if base is None:
        unrendered = doc
    else:
        from .overrides import apply_overrides

        unrendered = apply_overrides(base, doc)
    effective = unrendered
    unknown_values = {name.lower(): "" for name in declared}
    names = dict(unknown_values)
    if variables is not None:
        from .variables import render, validate_variables

        given = validate_variables(variables)
        names.update(given)
        effective = render(unrendered, given).document
    place = None if effective is doc else _Relocator(effective, sources)
    ctx = Context(effective, catalog, _SEVERITIES, partial=partial, target_version=target)
    if active.intersection(RULE_GROUPS["syntax"]):
        for source in sources:
            for finding in syntax.check(ctx, source):
                if finding.rule in active:
                    yield finding
    for group, run in _groups():
        if not active.intersection(RULE_GROUPS[group]):
            continue
        where = place
        if group == "variables" and names:
            from .variables import check_variables

            found: Iterable[Finding] = check_variables(unrendered, names)
            where = None if unrendered is doc else _Relocator(unrendered, sources)
        else:
            found = run(ctx)
        for finding in found:
            if finding.rule not in active:
                continue
            if (
                unknown_values
                and finding.rule == "invalid-value"
                and _uses(unrendered, finding, unknown_values)
            ):
                continue
            yield finding if where is None else where.finding(finding)


def _uses(doc: Document, finding: Finding, names: Mapping[str, str]) -> bool:
    """Whether the value ``finding`` is about uses one of the variables
    ``names`` (its validity is then a matter of each rendering)."""
    from .variables import tokenize

    if finding.section is None or finding.option is None:
        return False
    value = doc.get(finding.section, finding.option)
    if value is None or "{" not in value:
        return False
    return any(
        token.kind == "placeholder" and token.name.lower() in names
        for line in value.split("\n")
        for token in tokenize(line)
    )


def validate(
    doc: Document,
    *,
    catalog: Catalog | None = None,
    target_version: str | Sequence[int] | None = None,
    base: Document | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    partial: bool = False,
    variables: Mapping[str, str] | None = None,
    declared: Iterable[str] = (),
) -> ValidationResult:
    """Validate ``doc``; see
    [`iter_findings`][sftpplus_config.validation.iter_findings] for the
    arguments."""
    with _collector_paused():
        findings = iter_findings(
            doc,
            catalog=catalog,
            target_version=target_version,
            base=base,
            select=select,
            ignore=ignore,
            partial=partial,
            variables=variables,
            declared=declared,
        )
        return ValidationResult.of(findings)


# -- files -------------------------------------------------------------------------
def validate_path(
    path: str | os.PathLike[str],
    *,
    base: str | os.PathLike[str] | None = None,
    catalog: Catalog | None = None,
    target_version: str | Sequence[int] | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    partial: bool = False,
) -> ValidationResult:
    """Load and validate a file.

    ``partial``: the file is a fragment (no ``missing-option``, no
    ``dangling-reference``).

    With ``base``, the file is validated as an override of that file. An
    override file (``*.override.ini``) without ``base`` is validated with its
    base ([`find_base`][sftpplus_config.pairing.find_base]: the ``server.ini``
    beside it, else in the folder above); when there is none, as a partial
    file, with a ``base-not-found`` info finding. Raises OSError and
    [`DecodeError`][sftpplus_config.exceptions.DecodeError] from loading.

    These are the raw findings of the file;
    [`sftpplus_config.checks.run`][sftpplus_config.checks.run] does what the
    ``validate`` command does on top (suppression comments, the configuration
    file, baselines, templates and inventories).
    """
    with _collector_paused():
        return ValidationResult.of(
            iter_path_findings(
                path,
                base=base,
                catalog=catalog,
                target_version=target_version,
                select=select,
                ignore=ignore,
                partial=partial,
            )
        )


def iter_path_findings(
    path: str | os.PathLike[str],
    *,
    base: str | os.PathLike[str] | None = None,
    catalog: Catalog | None = None,
    target_version: str | Sequence[int] | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    partial: bool = False,
) -> Iterator[Finding]:
    """The findings of
    [`validate_path`][sftpplus_config.validation.validate_path], lazily and in
    no particular order (a report can then keep only what it shows). The files
    are loaded before the first finding is yielded, so loading errors come
    first."""
    from ._reading import load

    active = resolve_rules(select, ignore)
    doc = load(path)
    base_doc, missing = base_of(path, doc, base)
    partial = partial or missing is not None
    extra = [] if missing is None else [missing]
    yield from iter_findings(
        doc,
        catalog=catalog,
        target_version=target_version,
        base=base_doc,
        select=active,
        partial=partial,
    )
    yield from (f for f in extra if f.rule in active)


def base_of(
    path: str | os.PathLike[str], doc: Document, base: str | os.PathLike[str] | None
) -> tuple[Document | None, Finding | None]:
    """The base ``doc`` (read from ``path``) is validated with: ``base`` when
    given, else for an override file the one
    [`find_base`][sftpplus_config.pairing.find_base] finds; and, for an
    override without one, the ``base-not-found`` finding (it is then
    partial)."""
    from ._reading import load

    if base is not None:
        return load(base), None
    if not is_override_file(path):
        return None, None
    found = find_base(path)
    if found is not None:
        return load(found), None
    return None, _base_not_found(doc, Path(path).parent / "server.ini")


def _base_not_found(doc: Document, expected: Path) -> Finding:
    return Finding(
        "base-not-found",
        _SEVERITIES["base-not-found"],
        f"no base configuration at {expected}: validated as a partial file "
        "(missing options and references to other sections are not checked)",
        Span(1, 1, 1, 1),
        doc.path,
        hint="put the override beside its server.ini (or in a folder beside it), or give "
        "the base with --base FILE",
    )


# -- overrides: where each finding about the effective configuration belongs ----
class _Relocator:
    """Moves spans of the effective configuration to the file and line that
    set them: an option points into the last of ``sources`` (the base, then
    the overrides in order) that sets it, a section header into the first
    that has the section."""

    def __init__(self, effective: Document, sources: Sequence[Document]) -> None:
        self._sources = tuple(sources)
        self._effective = effective
        self._sections: list[Section] = []
        self._starts: list[int] = []

    def finding(self, finding: Finding) -> Finding:
        file, span = self.place(finding.span)
        related = tuple(Related(*self._related(r)) for r in finding.related)
        return replace(finding, span=span, file=file, related=related)

    def _related(self, related: Related) -> tuple[Span, str, str | None]:
        file, span = self.place(related.span)
        return span, related.message, file

    def place(self, span: Span) -> tuple[str | None, Span]:
        sources = self._sources
        if not self._starts:  # made on the first finding: most runs have none
            self._sections = self._effective.sections
            self._starts = [section.line for section in self._sections]
        at = bisect.bisect_right(self._starts, span.line) - 1
        if at < 0:
            return sources[0].path, span  # the preamble is the base's
        section = self._sections[at]
        name = section.name
        assert name is not None
        option = _option_at(section, span.line)
        if option is not None:
            for source in reversed(sources):
                found = source.section(name)
                node = found.option(option.name) if found is not None else None
                if node is not None:
                    return source.path, _move(span, option, node)
        # the section itself (its header, or an option it lacks): the first
        # source's header that has the section
        for source in sources:
            found = source.section(name)
            if found is not None:
                return source.path, found.span
        return sources[0].path, span


def _option_at(section: Section, line: int) -> Option | None:
    from .nodes import Option

    for node in section.nodes:
        if type(node) is Option and node.line <= line < node.line + node.line_count:
            return node
    return None


def _move(span: Span, option: Option, source: Option) -> Span:
    """A span inside ``option`` moved to the same place inside ``source``
    (which has the same value, perhaps written differently)."""
    if span == option.key_span:
        return source.key_span
    if span == option.span:
        return source.span
    if span == option.value_span:
        return source.value_span
    targets = source.value_line_spans()
    for number, line in enumerate(option.value_line_spans()):
        if line.line == span.line and number < len(targets):
            target = targets[number]
            shift = target.column - line.column
            end_column = span.end_column + shift if span.end_line == span.line else span.end_column
            if end_column > target.end_column and span.end_line == span.line:
                return target  # the value was rendered: the text moved; the whole line
            return Span(
                target.line,
                span.column + shift,
                target.line + span.end_line - span.line,
                end_column,
            )
    return source.value_span
