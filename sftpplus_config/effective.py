"""The effective configurations of many nodes made from one base, made and
validated together.

A node is the base with its *layers* applied in order (its override file, the
options an inventory gives it;
[`apply_overrides`][sftpplus_config.overrides.apply_overrides] semantics) and
its deploy-time variables rendered
([`render`][sftpplus_config.variables.render]).
[`check_nodes`][sftpplus_config.effective.check_nodes] makes each node's text
and validates it fully (schema, references, variables, versions, security) the
way [`validate`][sftpplus_config.validation.validate] would validate that text,
every finding pointing at the line that caused it: the base, a layer, or
(through the caller) an inventory.

Nodes share most of the base, and so does the work: the base is read and
checked once. For each node only the sections its layers touch, and the
sections that use placeholders (which render differently per node), are
read and checked again, plus the rule groups that look across sections
(references: dangling ids, duplicate names, port conflicts), which run on
each node's whole configuration. A finding that holds on several nodes is
reported once, naming them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from ._reading import loads
from ._record import record, replace
from .findings import Finding
from .span import Span
from .syntax import Document

if TYPE_CHECKING:
    from .schema import Catalog

__all__ = ["NodeInput", "NodeOutput", "NodesResult", "check_nodes", "node_sections", "render_node"]


@record
class NodeInput:
    """One node: its name, its layers (applied in order over the base) and its
    variables (checked, lower-case names, as
    [`validate_variables`][sftpplus_config.variables.validate_variables]
    returns them; ``None``: nothing is rendered). ``keep_host_vars`` leaves
    ``{host.*}`` where SFTPPlus expands it itself."""

    name: str
    layers: tuple[Document, ...] = ()
    variables: Mapping[str, str] | None = None
    keep_host_vars: bool = False


class NodeOutput:
    """One node's effective configuration, and the placeholders it uses that
    its variables do not define (``(file, span, name)``). Its text is made
    when asked for: it is the base's text with the sections the node
    changes replaced, and a build of many nodes over a large base must not
    hold a copy of the whole file per node."""

    __slots__ = ("_base", "_names", "_rendered", "name", "undefined")

    def __init__(
        self,
        name: str,
        base: Document,
        names: set[str],
        rendered: Document,
        undefined: tuple[tuple[str | None, Span, str], ...] = (),
    ) -> None:
        self.name = name
        self.undefined = undefined
        self._base = base
        self._names = names
        self._rendered = rendered

    @property
    def text(self) -> str:
        """The node's server.ini (made anew at each call)."""
        return _splice_sections(self._base, self._names, self._rendered)

    def __repr__(self) -> str:
        return f"NodeOutput({self.name!r})"


@record
class NodesResult:
    """Every node's output, and the findings about them (merged: one per
    place and message, naming the nodes it holds on)."""

    nodes: tuple[NodeOutput, ...]
    findings: tuple[Finding, ...]


# -- making a node's text --------------------------------------------------------


def with_braces(doc: Document) -> set[str]:
    """The sections of ``doc`` whose text has a ``{`` (placeholders)."""
    return {s.name for s in doc.sections if s.name is not None and "{" in s.text}


def node_sections(base: Document, layers: Sequence[Document], templated: set[str]) -> set[str]:
    """The sections of a node that may differ from ``base``: ``templated``,
    those the layers touch and, when a layer adds a section, the base's
    last one (new sections are written after it)."""
    names = set(templated)
    new_section = False
    for layer in layers:
        for section in layer.sections:
            assert section.name is not None
            names.add(section.name)
            new_section = new_section or section.name not in base
    if new_section and base.sections:
        last = base.sections[-1].name
        assert last is not None
        names.add(last)
    return names


def _subset(doc: Document, names: Collection[str]) -> Document:
    """The sections of ``doc`` called one of ``names`` (every occurrence),
    alone in a document that styles new lines like ``doc``."""
    sub = loads("".join(s.text for s in doc.sections if s.name in names), path=doc.path)
    # New lines in a section without options, and new sections, take the
    # whole file's delimiter and line ending: give the subset the base's.
    sub._default_delim_cache = doc._default_delim()
    sub._default_ending_cache = doc._default_ending()
    return sub


def _layered(base: Document, layers: Sequence[Document], names: Collection[str]) -> Document:
    """The sections ``names`` of ``apply_overrides(base, *layers)``, alone."""
    sub = _subset(base, names)
    for layer in layers:  # as apply_overrides does, on the subset
        for section in layer.sections:
            assert section.name is not None
            for option in section.options():
                sub.set(section.name, option.raw_key, option.value)
    return sub


def _splice_sections(base: Document, names: Collection[str], edited: Document) -> str:
    """``base``'s text with the sections called one of ``names`` taken from
    ``edited`` (a changed `_subset`), plus the sections it added."""
    replacements = iter(edited.sections)
    parts = ["\ufeff" if base.bom else "", base.preamble.text]
    for section in base.sections:
        parts.append(next(replacements).text if section.name in names else section.text)
    parts.extend(section.text for section in replacements)
    return "".join(parts)


def render_node(
    base: Document,
    layers: Sequence[Document],
    variables: Mapping[str, str],
    keep_host_vars: bool,
    templated: set[str],
) -> str:
    """``render(apply_overrides(base, *layers), variables)`` as text, without
    copying the sections nothing changes (``templated``:
    [`with_braces`][sftpplus_config.effective.with_braces])."""
    from .variables import render

    names = node_sections(base, layers, templated)
    sub = _layered(base, layers, names)
    rendered = render(sub, variables, keep_host_vars=keep_host_vars).document
    return _splice_sections(base, names, rendered)


# -- checking ----------------------------------------------------------------------


def check_nodes(
    base: Document,
    nodes: Sequence[NodeInput],
    *,
    active: Collection[str] | None = None,
    target_version: str | Sequence[int] | None = None,
    catalog: Catalog | None = None,
) -> NodesResult:
    """Make and validate every node (see the module). ``active``: the rules
    to report (default: all but the syntax group, which is about the input
    files rather than the nodes; the caller checks those once).
    Findings are sorted; those about several nodes name them (``(nodes a,
    b)``, ``(all 3 nodes)``)."""
    from ._gc import collector_paused
    from .rules._context import Context
    from .rules.versions import parse_version
    from .schema import load_catalog
    from .validation import _SEVERITIES, RULE_GROUPS, WHOLE_FILE_GROUPS, _groups, _Relocator

    with collector_paused():
        wanted = (
            frozenset(active)
            if active is not None
            else frozenset(_SEVERITIES) - frozenset(RULE_GROUPS["syntax"])
        )
        the_catalog = catalog if catalog is not None else load_catalog()
        if isinstance(target_version, str):
            target: tuple[int, ...] | None = parse_version(target_version)
        else:
            target = None if target_version is None else tuple(target_version)
        groups = [
            (group, run) for group, run in _groups() if wanted.intersection(RULE_GROUPS[group])
        ]
        variables_wanted = any(group == "variables" for group, _ in groups)
        templated = with_braces(base)
        touched = [node_sections(base, node.layers, templated) for node in nodes]
        base_ctx = Context(base, the_catalog, _SEVERITIES, target_version=target)
        places: dict[tuple[object, ...], tuple[Finding, list[str]]] = {}

        def add(finding: Finding, names: Iterable[str]) -> None:
            if finding.rule not in wanted:
                return
            key = (finding.file, finding.span, finding.rule, finding.severity, finding.message)
            held = places.setdefault(key, (finding, []))[1]
            held.extend(names)

        # the sections some node leaves as they are: checked once, on the base
        everywhere: set[str] = set(touched[0]).intersection(*touched[1:]) if touched else set()
        untouched = set(base_ctx.by_name) - everywhere
        if untouched:
            shared = base_ctx.only(untouched)
            for group, run in groups:
                if group in WHOLE_FILE_GROUPS or group == "variables":
                    continue
                for finding in run(shared):
                    section = finding.section
                    holders = [
                        n.name for n, t in zip(nodes, touched, strict=True) if section not in t
                    ]
                    add(finding, holders)
        outputs: list[NodeOutput] = []

        def check_node(node: NodeInput, names: set[str]) -> None:
            sources = [base, *node.layers]
            sub = _layered(base, node.layers, names)
            undefined: list[tuple[str | None, Span, str]] = []
            if node.variables is not None:
                from .variables import VariableError, _scan, render

                if variables_wanted:
                    _, found = _scan(sub, dict.fromkeys(node.variables, ""), True)
                    where = _Relocator(sub, sources)
                    for finding in found:
                        if finding.rule == "unknown-variable":
                            name = _placeholder(sub, finding.span)
                            if name is not None and not name.lower().startswith("host."):
                                moved = where.finding(finding)
                                # a placeholder inside a secret value is not named
                                shown = "" if _in_secret(sub, finding) else name
                                undefined.append((moved.file, moved.span, shown))
                        add(where.finding(finding), [node.name])
                try:
                    result = render(sub, node.variables, keep_host_vars=node.keep_host_vars)
                except VariableError as exc:  # placed in its source file, named for the node
                    if exc.span is not None:
                        exc.file, exc.span = _Relocator(sub, sources).place(exc.span)
                    exc.node = node.name
                    raise
                rendered = result.document
            else:
                rendered = sub
                if variables_wanted:
                    from .variables import check_variables

                    where = _Relocator(sub, sources)
                    for finding in check_variables(sub):
                        add(where.finding(finding), [node.name])
            output = NodeOutput(node.name, base, names, rendered, tuple(undefined))
            outputs.append(output)
            node_doc = loads(output.text, path=base.path)
            node_ctx = base_ctx.derive(node_doc, names)
            own = node_ctx.only(names)
            where = _Relocator(node_doc, sources)
            for group, run in groups:
                if group == "variables":
                    continue
                ctx = node_ctx if group in WHOLE_FILE_GROUPS else own
                for finding in run(ctx):
                    add(where.finding(finding), [node.name])

        # The collector is paused (it would rescan the base's many objects
        # again and again), so the reference cycles of each node's document
        # (sections and their nodes point at each other) would pile up: the
        # objects made so far are frozen out of collections, and each node's
        # garbage is collected when the node is done, at the cost of what
        # that node made only. Nothing is done when somebody else froze.
        import gc

        freeze = gc.get_freeze_count() == 0
        if freeze:
            gc.freeze()
        try:
            for node, names in zip(nodes, touched, strict=True):
                check_node(node, names)
                if freeze:
                    gc.collect()
        finally:
            if freeze:
                gc.unfreeze()
        everyone = [node.name for node in nodes]
        findings = [_named(finding, held, everyone) for finding, held in places.values()]
    from .validation import sort_key

    return NodesResult(tuple(outputs), tuple(sorted(findings, key=sort_key)))


_BREAK = re.compile(r"\r\n|\r|\n")


def _placeholder(doc: Document, span: Span) -> str | None:
    """The placeholder name written at ``span`` of ``doc`` (one line)."""
    lines = _BREAK.split(doc.dumps().lstrip("\ufeff"))
    if not 0 < span.line <= len(lines):
        return None
    text = lines[span.line - 1][span.column - 1 : span.end_column - 1]
    return text.strip("{}") or None


def _named(finding: Finding, held: list[str], everyone: list[str]) -> Finding:
    """The finding, its message naming the nodes it holds on (when there
    is more than one node)."""
    if len(everyone) < 2:
        return finding
    names = sorted(set(held), key=everyone.index)
    if len(names) == len(everyone):
        suffix = f" (all {len(everyone)} nodes)"
    elif len(names) == 1:
        suffix = f" (node {names[0]})"
    else:
        suffix = f" (nodes {', '.join(names)})"
    return replace(finding, message=finding.message + suffix)


def _in_secret(doc: Document, finding: Finding) -> bool:
    """Whether the finding is about a value the redaction policy hides."""
    from .secrets import is_secret_value

    if finding.section is None or finding.option is None:
        return False
    section = doc.section(finding.section)
    if section is None:
        return False
    value = section.get(finding.option) or ""
    kind = finding.section.partition("/")[0]
    return is_secret_value(kind, section.get("type"), finding.option, value)
