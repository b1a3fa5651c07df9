"""The validator: positioned findings about a configuration.

:data:`RULES` is the rule table (PRODUCT.md section 4): every rule's stable
name, its group, its default severity and what it reports. It is the
contract: the docs and the ``--select``/``--ignore`` checks are built from
it. :func:`iter_findings` yields the findings of one document lazily, one
rule group after the other; :func:`validate` collects them, sorted by file,
line and column, into a :class:`ValidationResult`.

An override file (``server.override.ini``) is validated together with its
base: the effective configuration (:func:`~sftpplus_config.overrides.apply_overrides`)
is checked, and each finding points at the file and line that set the value.
Without a base, an override is checked as a *partial* file: no
``missing-option`` and no ``dangling-reference``, since those may well be
satisfied by the base.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ._gc import collector_paused as _collector_paused
from .exceptions import UnknownRuleError
from .findings import Finding, Related, Severity
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
    "find_base",
    "is_override_file",
    "iter_findings",
    "iter_path_findings",
    "resolve_rules",
    "validate",
    "validate_path",
]


@dataclass(frozen=True, slots=True)
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
    Rule("dangling-reference", "references", "error", "an id that names no section"),
    Rule("duplicate-name", "references", "error", "two sections of a kind with one `name`"),
    Rule("port-conflict", "references", "error", "two enabled services on one address and port"),
    Rule("unknown-variable", "variables", "error", "a `{…}` placeholder nobody defines"),
    Rule("variable-not-allowed", "variables", "error", "a placeholder the option cannot use"),
    Rule("newer-than-target", "versions", "error", "an option newer than --target-version"),
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
)

_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}
_SEVERITIES: dict[str, Severity] = {rule.name: rule.severity for rule in RULES}
#: Rule names per group, in table order.
RULE_GROUPS: dict[str, tuple[str, ...]] = {}
for _rule in RULES:
    RULE_GROUPS[_rule.group] = (*RULE_GROUPS.get(_rule.group, ()), _rule.name)
del _rule

_OVERRIDE_SUFFIX = ".override.ini"
_BASE_NAME = "server.ini"


def resolve_rules(
    select: Iterable[str] | None = None, ignore: Iterable[str] | None = None
) -> frozenset[str]:
    """The rules a run reports: the ``select``ed ones (default: all) less the
    ``ignore``d ones. Both take rule names or group names (``security``).

    Raises :class:`~sftpplus_config.exceptions.UnknownRuleError` for a name
    the table lacks.
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


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """The findings of one validation, sorted by file, line and column."""

    findings: tuple[Finding, ...]

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> ValidationResult:
        """The result of these findings, sorted by file, line and column."""
        return cls(tuple(sorted(findings, key=sort_key)))

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def warnings(self) -> int:
        return self.count("warning")

    @property
    def infos(self) -> int:
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
) -> Iterator[Finding]:
    """The findings of ``doc``, lazily and in no particular order.

    ``base``: ``doc`` is an override of it; the effective configuration is
    validated and findings point at the file that set the value.
    ``partial``: ``doc`` is not a whole configuration (an override whose base
    is unknown): no ``missing-option``, no ``dangling-reference``.
    ``target_version``: report options newer than this SFTPPlus version.
    Raises :class:`~sftpplus_config.exceptions.UnknownRuleError` for an unknown
    rule name and ValueError for a malformed version.
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
    if base is None:
        effective = doc
        place: _Relocator | None = None
    else:
        from .overrides import apply_overrides

        effective = apply_overrides(base, doc)
        place = _Relocator(effective, base, doc)
    ctx = Context(effective, catalog, _SEVERITIES, partial=partial, target_version=target)
    if active.intersection(RULE_GROUPS["syntax"]):
        sources = [doc] if base is None else [base, doc]
        for source in sources:
            for finding in syntax.check(ctx, source):
                if finding.rule in active:
                    yield finding
    for group, run in _groups():
        if not active.intersection(RULE_GROUPS[group]):
            continue
        for finding in run(ctx):
            if finding.rule in active:
                yield finding if place is None else place.finding(finding)


def validate(
    doc: Document,
    *,
    catalog: Catalog | None = None,
    target_version: str | Sequence[int] | None = None,
    base: Document | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    partial: bool = False,
) -> ValidationResult:
    """Validate ``doc``; see :func:`iter_findings` for the arguments."""
    with _collector_paused():
        findings = iter_findings(
            doc,
            catalog=catalog,
            target_version=target_version,
            base=base,
            select=select,
            ignore=ignore,
            partial=partial,
        )
        return ValidationResult.of(findings)


# -- files -------------------------------------------------------------------------
def is_override_file(path: str | os.PathLike[str]) -> bool:
    """Whether a file is an override by its name (``*.override.ini``)."""
    return Path(path).name.lower().endswith(_OVERRIDE_SUFFIX)


def find_base(path: str | os.PathLike[str]) -> Path:
    """Where the base of an override file is expected: ``server.ini`` in
    the same folder."""
    return Path(path).parent / _BASE_NAME


def validate_path(
    path: str | os.PathLike[str],
    *,
    base: str | os.PathLike[str] | None = None,
    catalog: Catalog | None = None,
    target_version: str | Sequence[int] | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> ValidationResult:
    """Load and validate a file.

    With ``base``, the file is validated as an override of that file. An
    override file (``*.override.ini``) without ``base`` is validated with
    the ``server.ini`` beside it; when there is none, as a partial file,
    with a ``base-not-found`` info finding. Raises OSError and
    :class:`~sftpplus_config.exceptions.DecodeError` from loading.
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
) -> Iterator[Finding]:
    """The findings of :func:`validate_path`, lazily and in no particular
    order (a report can then keep only what it shows). The files are loaded
    before the first finding is yielded, so loading errors come first."""
    from .api import load

    active = resolve_rules(select, ignore)
    doc = load(path)
    base_doc: Document | None = None
    partial = False
    extra: list[Finding] = []
    if base is not None:
        base_doc = load(base)
    elif is_override_file(path):
        expected = find_base(path)
        if expected.is_file():
            base_doc = load(expected)
        else:
            partial = True
            extra.append(_base_not_found(doc, expected))
    yield from iter_findings(
        doc,
        catalog=catalog,
        target_version=target_version,
        base=base_doc,
        select=active,
        partial=partial,
    )
    yield from (f for f in extra if f.rule in active)


def _base_not_found(doc: Document, expected: Path) -> Finding:
    return Finding(
        "base-not-found",
        _SEVERITIES["base-not-found"],
        f"no base configuration at {expected}: validated as a partial file "
        "(missing options and references to other sections are not checked)",
        Span(1, 1, 1, 1),
        doc.path,
        hint="put the override beside its server.ini, or give the base with --base FILE",
    )


# -- overrides: where each finding about the effective configuration belongs ----
class _Relocator:
    """Moves spans of the effective configuration to the file and line that
    set them: an option the override sets points into the override, the
    rest into the base."""

    def __init__(self, effective: Document, base: Document, override: Document) -> None:
        self._effective = effective
        self._base = base
        self._override = override
        self._sections = effective.sections
        self._starts = [section.line for section in self._sections]

    def finding(self, finding: Finding) -> Finding:
        file, span = self.place(finding.span)
        related = tuple(Related(*self._related(r)) for r in finding.related)
        return replace(finding, span=span, file=file, related=related)

    def _related(self, related: Related) -> tuple[Span, str, str | None]:
        file, span = self.place(related.span)
        return span, related.message, file

    def place(self, span: Span) -> tuple[str | None, Span]:
        base, override = self._base, self._override
        at = bisect.bisect_right(self._starts, span.line) - 1
        if at < 0:
            return base.path, span  # the preamble is the base's
        section = self._sections[at]
        name = section.name
        assert name is not None
        base_section = base.section(name)
        override_section = override.section(name)
        option = _option_at(section, span.line)
        if option is not None:
            if override_section is not None:
                source = override_section.option(option.name)
                if source is not None:
                    return override.path, _move(span, option, source)
            if base_section is not None:
                source = base_section.option(option.name)
                if source is not None:
                    return base.path, _move(span, option, source)
        # the section itself (its header, or an option it lacks): the base's
        # header if the base has the section
        if base_section is not None:
            return base.path, base_section.span
        assert override_section is not None
        return override.path, override_section.span


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
            return Span(
                target.line,
                span.column + shift,
                target.line + span.end_line - span.line,
                end_column,
            )
    return source.value_span
