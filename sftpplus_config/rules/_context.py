"""What every rule group gets: the document, its sections read once, the
catalog, the options of the run, and helpers to make positioned findings."""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from .._record import record
from ..findings import Finding, Related, Severity
from ..schema import Catalog
from ..span import Span
from ..syntax import Document, Option, Section
from ._plan import Plan, plan_for

__all__ = [
    "Context",
    "SectionInfo",
    "did_you_mean",
    "resolve_plan",
    "section_plan",
    "show_value",
]


@record(frozen=False)
class SectionInfo:
    """One section (the first of duplicates) as the rules see it.

    ``plan`` is ``None`` for a section of an unknown kind, and for one
    whose id has a character ids may not have (``bad_id``). ``written_type``
    is the ``type`` value as written, ``type_error`` says what is wrong with
    it (``"unknown"`` or ``"missing"``) for kinds that have types.
    """

    name: str
    node: Section
    kind: str | None
    plan: Plan | None
    values: dict[str, str]
    written_type: str | None
    type_error: str | None
    bad_id: bool = False


class Context:
    """The state shared by the rule groups of one validation run."""

    def __init__(
        self,
        doc: Document,
        catalog: Catalog,
        severities: Mapping[str, Severity],
        *,
        partial: bool = False,
        target_version: tuple[int, ...] | None = None,
    ) -> None:
        from ..history import version_key

        self.doc = doc
        self.catalog = catalog
        self.partial = partial
        self.target_version = target_version
        documented = catalog.schema_version
        #: the version the schema documents (``"5.26.2"``)
        self.schema_version = documented
        schema_key = version_key(documented) if documented else ()
        #: the version old names are judged against: the target, else the schema's
        self.history_target: tuple[int, ...] = target_version or schema_key
        #: the target is newer than the schema: what it does not know is a warning
        self.beyond_schema = bool(target_version and schema_key and target_version > schema_key)
        forbidden = catalog.id_forbidden_characters
        self._bad_id = re.compile(f"[{re.escape(forbidden)}]").search if forbidden else None
        self._severities = severities
        self.file = doc.path
        self._resolved: dict[tuple[str, str | None], tuple[Plan, str | None]] = {}
        #: verdicts a rule works out once per run and key (values repeat a lot)
        self.memo: dict[Any, Any] = {}
        info = self._info
        self.sections: list[SectionInfo] = [
            info(name, node) for name, node in doc._ordered_index().items()
        ]
        self.by_name: dict[str, SectionInfo] = {info.name: info for info in self.sections}

    def derive(self, doc: Document, changed: Collection[str]) -> Context:
        """The context of ``doc``: a document with this context's sections
        (and maybe more at the end), whose text differs only in the sections
        called ``changed``. Only those are read again; the others keep this
        context's values and plans, with ``doc``'s section nodes (and so
        ``doc``'s positions)."""
        ctx = self._copy(doc, [])
        append = ctx.sections.append
        known = self.by_name
        for name in doc.section_names():
            node = doc.section(name)
            assert node is not None
            old = known.get(name)
            if old is not None and name not in changed:
                append(
                    SectionInfo(
                        name,
                        node,
                        old.kind,
                        old.plan,
                        old.values,
                        old.written_type,
                        old.type_error,
                        old.bad_id,
                    )
                )
            else:
                append(self._info(name, node))
        ctx.by_name = {info.name: info for info in ctx.sections}
        return ctx

    def only(self, names: Collection[str]) -> Context:
        """This context with only the sections called ``names`` in
        ``sections`` (``by_name`` still has every one): for the rule groups
        that look at one section at a time."""
        ctx = self._copy(self.doc, [info for info in self.sections if info.name in names])
        ctx.by_name = self.by_name
        return ctx

    def _copy(self, doc: Document, sections: list[SectionInfo]) -> Context:
        ctx = object.__new__(Context)
        ctx.doc = doc
        ctx.catalog = self.catalog
        ctx.partial = self.partial
        ctx.target_version = self.target_version
        ctx._severities = self._severities
        ctx.file = doc.path
        ctx._resolved = self._resolved
        ctx.memo = self.memo
        ctx._bad_id = self._bad_id
        ctx.schema_version = self.schema_version
        ctx.history_target = self.history_target
        ctx.beyond_schema = self.beyond_schema
        ctx.sections = sections
        ctx.by_name = {}
        return ctx

    def _info(self, name: str, node: Section) -> SectionInfo:
        values = node.as_dict()
        kind = self.catalog.kind_of(name)
        if kind is None:
            return SectionInfo(name, node, None, None, values, None, None)
        bad_id = self._bad_id
        if bad_id is not None and bad_id(name, len(kind) + 1) is not None:
            return SectionInfo(name, node, kind, None, values, None, None, bad_id=True)
        written = values.get("type")
        resolved = self._resolved.get((kind, written))
        if resolved is None:
            resolved = self._resolve(kind, written)
        return SectionInfo(name, node, kind, resolved[0], values, written, resolved[1])

    def _resolve(self, kind: str, written: str | None) -> tuple[Plan, str | None]:
        resolved = self._resolved[(kind, written)] = resolve_plan(self.catalog, kind, written)
        return resolved

    # -- findings ----------------------------------------------------------------
    def severity(self, rule: str) -> Severity:
        """The severity of ``rule`` in the rule table."""
        return self._severities[rule]

    def finding(
        self,
        rule: str,
        message: str,
        span: Span,
        *,
        section: str | None = None,
        option: str | None = None,
        hint: str | None = None,
        related: Iterable[Related] = (),
        fixable: bool = False,
        beyond_schema: bool = False,
    ) -> Finding:
        """A finding of ``rule`` (severity from the rule table), in this file.

        ``beyond_schema``: the finding is about something the schema does not
        know; when the target version is newer than the schema, it is a
        warning that says so.
        """
        severity = self._severities[rule]
        if beyond_schema and self.beyond_schema and severity == "error":
            severity = "warning"
            message += f" (not known to the {self.schema_version} schema)"
        return Finding(
            rule,
            severity,
            message,
            span,
            self.file,
            section,
            option,
            hint,
            tuple(related),
            fixable,
        )

    # -- positions -----------------------------------------------------------------
    @staticmethod
    def option_node(info: SectionInfo, option: str) -> Option | None:
        """The option node (this parses the section: call it only for a
        finding)."""
        return info.node.option(option)

    def key_span(self, info: SectionInfo, option: str) -> Span:
        node = self.option_node(info, option)
        return node.key_span if node is not None else info.node.span

    def value_span(self, info: SectionInfo, option: str) -> Span:
        node = self.option_node(info, option)
        if node is None:
            return info.node.span
        span = node.value_span
        if span.end_line == span.line and span.end_column == span.column:
            return node.span  # an empty value: point at the whole line
        return span

    def item_span(self, info: SectionInfo, option: str, item: str) -> Span:
        """The span of one item of a list value (the whole value when the
        item cannot be found as written)."""
        node = self.option_node(info, option)
        if node is None:
            return info.node.span
        line_texts = node.value.split("\n")
        for span, text in zip(node.value_line_spans(), line_texts, strict=False):
            at = text.find(item)
            if at >= 0:
                column = span.column + at
                return Span(span.line, column, span.line, column + len(item))
        return self.value_span(info, option)


def resolve_plan(catalog: Catalog, kind: str, written: str | None) -> tuple[Plan, str | None]:
    """The plan of a section of ``kind`` whose ``type`` is ``written``, and
    what is wrong with the type (``"unknown"``, ``"missing"``)."""
    type_: str | None = None
    error: str | None = None
    if catalog.types(kind):
        if written is None:
            type_ = catalog.default_type(kind)
            if type_ is None:
                error = "missing"
        else:
            type_ = catalog.canonical_type(kind, written)
            if type_ is None:
                error = "unknown"
    return plan_for(catalog, kind, type_), error


def section_plan(catalog: Catalog, name: str, written_type: str | None) -> Plan | None:
    """The plan of the section ``name`` whose ``type`` is ``written_type``
    (None for a section of an unknown kind), as the validator resolves it."""
    kind = catalog.kind_of(name)
    return None if kind is None else resolve_plan(catalog, kind, written_type)[0]


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """``did you mean `x`?`` for the closest candidate, if one is close."""
    return _closest(word, tuple(sorted(set(candidates))))


@functools.lru_cache(maxsize=4096)
def _closest(word: str, pool: tuple[str, ...]) -> str | None:
    # cached: a broken file repeats the same mistake in many sections
    import difflib

    matches = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not matches:
        lowered = {c.lower(): c for c in pool}
        matches = [lowered[m] for m in difflib.get_close_matches(word.lower(), lowered, n=1)]
    return f"did you mean `{matches[0]}`?" if matches else None


def show_value(value: str, limit: int = 60) -> str:
    """A value for a message: first line, shortened."""
    first, _, rest = value.partition("\n")
    text = first if not rest else first + " …"
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"`{text}`"
