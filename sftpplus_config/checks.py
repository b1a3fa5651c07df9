"""A validation run as ``validate`` (and ``build``) make it: files and
inventories, the configuration file, suppression comments and a baseline.

[`run`][sftpplus_config.checks.run] takes what the command line asked
([`Request`][sftpplus_config.checks.Request]) and returns an
[`Outcome`][sftpplus_config.checks.Outcome]: the findings to report, the
problems that stopped a file (usage, I/O, a malformed suppression comment or
configuration file: exit 2) and what the exit code is. The command only prints.

For each input, in order:

1. the configuration file that applies to it
   ([`sftpplus_config.project`][sftpplus_config.project]), the command line
   winning key by key;
2. its findings: a server.ini on its own, an override with its base
   ([`sftpplus_config.pairing`][sftpplus_config.pairing]), a shared server.ini
   through the node overrides beside it (``build``'s shared-folder layout), or
   an inventory's nodes
   ([`sftpplus_config.inventory.build`][sftpplus_config.inventory.build]); a
   template is checked with the variables given (``--var``/``--vars``), or
   knowing the names its discoverable inventories define
   (`sftpplus_config.discovery`);
3. the suppression comments of every file the findings point into
   ([`sftpplus_config.suppressions`][sftpplus_config.suppressions]), and the
   configuration's per-file ignores;
4. the baseline ([`sftpplus_config.baseline`][sftpplus_config.baseline]), if
   any.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ._reading import load
from ._record import field, record
from .exceptions import ParseError, SftpplusConfigError
from .findings import Finding
from .project import Config, find_config, load_config
from .syntax import Document
from .validation import RULE_GROUPS, resolve_rules, sort_key

if TYPE_CHECKING:
    from .inventory import BuildResult
    from .suppressions import Suppressions

__all__ = ["Outcome", "Request", "run"]

#: What a suppression comment starts with (``suppressions.MARKER``).
_MARKER = "sftpplus-config"
#: The rule groups a plain ``validate`` of a server.ini runs (the others
#: need an inventory, a merge or an assets check).
_FILE_GROUPS = ("syntax", "schema", "references", "variables", "security")


@record
class Request:
    """What the command line asked. ``None`` means "not given": the
    configuration file's value (or the default) applies."""

    files: Sequence[str] = ()
    inventories: Sequence[str] = ()
    select: Sequence[str] | None = None
    ignore: Sequence[str] | None = None
    target_version: str | None = None
    strict: bool | None = None
    base: str | None = None
    variables: Mapping[str, str] | None = None
    baseline: str | None = None
    write_baseline: str | None = None
    use_config: bool = True
    inventories_of_files: bool = False
    partial: bool = False
    """The files are fragments: no ``missing-option``, no ``dangling-reference``."""
    documents: Mapping[str, Document] = field(default_factory=dict)
    """Documents already read, by the name ``files`` gives them (the command
    line reads ``-``, standard input, and passes it here): not read again."""


@record(frozen=False)
class Outcome:
    """The result of a run."""

    findings: list[Finding] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Messages about inputs that could not be checked (exit 2)."""
    mismatches: list[str] = field(default_factory=list)
    """An inventory whose variables do not cover its template (exit 2)."""
    checked: int = 0
    strict_failure: bool = False
    baseline_written: tuple[str, int] | None = None
    builds: dict[str, BuildResult] = field(default_factory=dict)
    """The builds made for the inventories, by path as given."""

    errors: int = 0
    """Error findings reported (to ``findings``, or to the run's sink)."""
    warnings: int = 0

    @property
    def exit_code(self) -> int:
        if self.problems or self.mismatches:
            return 2
        if self.baseline_written is not None:
            return 0
        return 1 if self.errors or self.strict_failure else 0


@record
class _Settings:
    config: Config
    select: Sequence[str] | None
    ignore: Sequence[str]
    target_version: str | None
    strict: bool
    baseline: Path | None

    def active(self, file: str) -> frozenset[str]:
        return resolve_rules(self.select, self.ignore) - set(self.config.ignored_for(file))


@record(frozen=False)
class _Unit:
    """The findings of one input (made as they are read) and the documents
    they point into."""

    findings: Iterable[Finding]
    docs: dict[str | None, Document]
    checked: dict[str | None, frozenset[str]]


class _Run:
    def __init__(self, request: Request) -> None:
        self.request = request
        self.outcome = Outcome()
        self._configs: dict[Path, Config] = {}

    # -- settings ------------------------------------------------------------------
    def settings(self, path: str) -> _Settings:
        request = self.request
        config = Config()
        if request.use_config:
            found = find_config(path)
            if found is not None:
                if found not in self._configs:
                    self._configs[found] = load_config(found)
                config = self._configs[found]
        baseline = Path(request.baseline) if request.baseline is not None else config.baseline
        return _Settings(
            config,
            request.select if request.select is not None else config.select,
            request.ignore if request.ignore is not None else config.ignore,
            request.target_version or config.target_version,
            request.strict if request.strict is not None else config.strict,
            baseline,
        )

    # -- inputs ------------------------------------------------------------------
    def inputs(self) -> list[tuple[str, str]]:
        """``(kind, path)``: ``file`` or ``inventory``, each once."""
        request = self.request
        seen: set[str] = set()
        found: list[tuple[str, str]] = []

        def add(kind: str, path: str) -> None:
            key = os.path.abspath(path)
            if key not in seen:
                seen.add(key)
                found.append((kind, path))

        for path in request.files:
            if path.lower().endswith(".toml"):
                add("inventory", path)
            elif request.inventories_of_files:
                from .discovery import inventories_of

                configured = self._configured(path)
                for names in inventories_of(path, configured):
                    add("inventory", os.path.relpath(names.path))
            else:
                add("file", path)
        for path in request.inventories:
            add("inventory", path)
        return self._covered_overrides_left_out(found)

    def _covered_overrides_left_out(self, found: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """Node overrides whose shared server.ini is also checked (through
        its nodes, every override included) are not checked again."""
        from .pairing import node_overrides

        request = self.request
        if request.base is not None or request.variables is not None:
            return found
        covered: set[str] = set()
        for kind, path in found:
            if kind == "file":
                covered.update(os.path.abspath(o) for o in node_overrides(path))
        return [(k, p) for k, p in found if k != "file" or os.path.abspath(p) not in covered]

    def _configured(self, path: str) -> tuple[Path, ...]:
        if not self.request.use_config:
            return ()
        return self.settings(path).config.inventory

    def unit(self, kind: str, path: str, settings: _Settings) -> _Unit:
        if kind == "inventory":
            return self._inventory(path, settings)
        return self._file(path, settings)

    def _file(self, path: str, settings: _Settings) -> _Unit:
        from .pairing import is_override_file, node_overrides
        from .validation import base_of, iter_findings

        request = self.request
        active = settings.active(path)
        given_doc = request.documents.get(path)
        doc = given_doc if given_doc is not None else load(path)
        docs: dict[str | None, Document] = {doc.path: doc}
        ran = active & _runs(settings.target_version)
        given = request.base
        if given is not None and _same_file(path, given):
            given = None
        elif given is None and request.variables is None and not is_override_file(path):
            nodes = node_overrides(path)
            if nodes:
                return self._shared_base(doc, nodes, active, settings)
        base_doc: Document | None
        if given is not None and given in request.documents:
            base_doc, missing = request.documents[given], None
        else:
            base_doc, missing = base_of(path, doc, given)
        partial = request.partial or missing is not None
        extra = [] if missing is None else [missing]
        if partial:
            ran -= {"missing-option", "dangling-reference"}
        if base_doc is not None:
            docs[base_doc.path] = base_doc
        declared: frozenset[str] = frozenset()
        if base_doc is None:
            from .discovery import declared_variables

            inventory_names = declared_variables(path, settings.config.inventory)
            if request.variables is None:
                declared = inventory_names
            if inventory_names:
                # a template of an inventory: a suppression may be for a
                # finding of some nodes only, so whether it silences anything
                # is told when the inventory is validated, not here
                ran = frozenset()
        found = iter_findings(
            doc,
            base=base_doc,
            select=active,
            partial=partial,
            target_version=settings.target_version,
            variables=request.variables,
            declared=declared,
        )
        findings = chain(found, (f for f in extra if f.rule in active))
        checked = dict.fromkeys(docs, ran)
        if base_doc is not None:
            # the base's own suppressions may be for other nodes: they are
            # judged when the base is validated (through all its nodes)
            checked[base_doc.path] = frozenset()
        return _Unit(findings, docs, checked)

    def _shared_base(
        self, base: Document, overrides: list[Path], active: frozenset[str], settings: _Settings
    ) -> _Unit:
        """A shared server.ini validated as the nodes beside it see it."""
        from .acceptance import syntax_problems
        from .effective import NodeInput, check_nodes

        findings = [f for f in syntax_problems(base) if f.rule in active]
        docs: dict[str | None, Document] = {base.path: base}
        nodes: list[NodeInput] = []
        for override_path in overrides:
            override = load(override_path)
            docs[override.path] = override
            findings += [f for f in syntax_problems(override, base=base) if f.rule in active]
            nodes.append(NodeInput(override_path.parent.name, (override,)))
        checked = check_nodes(
            base,
            nodes,
            active=active - set(RULE_GROUPS["syntax"]),
            target_version=settings.target_version,
        )
        findings += checked.findings
        ran = active & _runs(settings.target_version)
        return _Unit(findings, docs, dict.fromkeys(docs, ran))

    def _inventory(self, path: str, settings: _Settings) -> _Unit:
        from .inventory import InventoryError, build, load_inventory

        active = settings.active(path)
        try:
            inventory = load_inventory(path)
        except InventoryError as exc:
            return _Unit(list(exc.findings), {}, {})
        result = build(
            inventory,
            select=active,
            target_version=settings.target_version,
        )
        self.outcome.builds[path] = result
        docs: dict[str | None, Document] = {doc.path: doc for doc in result.inputs}
        ran = active & (_runs(settings.target_version) | frozenset(RULE_GROUPS["cluster"]))
        for file, span, name, nodes in result.undefined:
            # an empty name: a placeholder inside a secret value, not shown
            what = f"{{{name}}}" if name else "a variable of a secret value"
            self.outcome.mismatches.append(
                f"{file}:{span.line}:{span.column}: the inventory {path} does not define "
                f"{what} for {_nodes(nodes)}\n  hint: add it to [cluster.variables], or "
                "to [nodes.variables] of each node that uses it"
            )
        return _Unit(list(result.findings), docs, dict.fromkeys(docs, ran))

    # -- the run -------------------------------------------------------------------
    def run(self, sink: Sink | None) -> Outcome:
        outcome = self.outcome
        request = self.request
        by_baseline: dict[Path, tuple[list[Finding], dict[str, set[str]]]] = {}
        documents: dict[str | None, Document] = {}
        recorded: list[Finding] = []
        strict_files: set[str | None] = set()
        inputs = self.inputs()
        kept: list[Finding] = []
        report = _Reporter(
            outcome, sink if sink is not None else kept, _may_repeat(inputs, request)
        )
        for kind, path in inputs:
            try:
                settings = self.settings(path)
                unit = self.unit(kind, path, settings)
                tables = _suppressions(unit.docs)
            except (OSError, SftpplusConfigError) as exc:
                outcome.problems.append(_problem(exc, path))
                continue
            outcome.checked += 1
            documents.update(unit.docs)
            if settings.strict:
                strict_files.update({path, *unit.docs})
                if settings.baseline is not None:
                    strict_files.add(os.fspath(settings.baseline))
            report.strict_files = strict_files
            findings = unit.findings
            if tables:
                from .suppressions import apply

                findings = apply(findings, tables, checked=unit.checked)
            ignored = settings.config.ignored_for
            findings = (f for f in findings if f.file is None or f.rule not in ignored(f.file))
            if request.write_baseline is not None:
                recorded.extend(findings)
                continue
            if settings.baseline is not None:
                bucket = by_baseline.setdefault(settings.baseline, ([], {}))
                bucket[0].extend(findings)
                for file, rules in unit.checked.items():
                    if file is not None:
                        bucket[1].setdefault(file, set()).update(rules)
                continue
            for finding in findings:
                report(finding)
        value_of = _ValueOf(documents)
        if request.write_baseline is not None:
            from .baseline import write_baseline

            unique = {(f.file, f.span, f.rule, f.message): f for f in recorded}
            count = write_baseline(request.write_baseline, unique.values(), value_of)
            outcome.baseline_written = (request.write_baseline, count)
            return outcome
        for baseline_path, (found, checked) in by_baseline.items():
            from .baseline import load_baseline

            try:
                baseline = load_baseline(baseline_path)
            except ParseError as exc:
                outcome.problems.append(str(exc))
                continue
            unique = {(f.file, f.span, f.rule, f.message): f for f in found}
            for finding in baseline.filter(unique.values(), value_of, checked=checked):
                report(finding)
        if sink is None:
            outcome.findings = sorted(kept, key=sort_key)
        return outcome


class Sink(Protocol):
    """Where a run puts its findings, one at a time (a report that keeps only
    what it shows, or a list)."""

    def append(self, finding: Finding, /) -> None: ...


class _Reporter:
    """Counts each finding, drops the exact repeats of the files that more
    than one input reads (a base checked alone and with its override), and
    hands the rest to the sink."""

    def __init__(self, outcome: Outcome, sink: Sink, repeated: set[str]) -> None:
        self.outcome = outcome
        self.sink = sink
        self.repeated = repeated
        self.seen: set[tuple[object, ...]] = set()
        self.strict_files: set[str | None] = set()

    def __call__(self, finding: Finding) -> None:
        file = finding.file
        if self.repeated and file is not None and os.path.abspath(file) in self.repeated:
            key = (file, finding.span, finding.rule, finding.message)
            if key in self.seen:
                return
            self.seen.add(key)
        outcome = self.outcome
        if finding.severity == "error":
            outcome.errors += 1
        elif finding.severity == "warning":
            outcome.warnings += 1
            if finding.file in self.strict_files:
                outcome.strict_failure = True
        self.sink.append(finding)


def _may_repeat(inputs: Sequence[tuple[str, str]], request: Request) -> set[str]:
    """The files (absolute paths) that more than one input reads: the only
    ones whose findings can come twice, and so the only ones whose findings
    a run must remember."""
    from .pairing import find_base, is_override_file, node_overrides

    counts: dict[str, int] = {}
    for kind, path in inputs:
        files = {path}
        if kind == "inventory":
            from .discovery import read_names

            names = read_names(Path(path))
            if names is not None:
                files.update(str(p) for p in (names.base, *names.overrides) if p is not None)
        elif request.base is not None:
            files.add(request.base)
        elif is_override_file(path):
            base = find_base(path)
            if base is not None:
                files.add(str(base))
        else:
            files.update(str(p) for p in node_overrides(path))
        for file in {os.path.abspath(f) for f in files}:
            counts[file] = counts.get(file, 0) + 1
    return {file for file, count in counts.items() if count > 1}


def _suppressions(docs: Mapping[str | None, Document]) -> dict[str | None, Suppressions]:
    """The suppression comments of the documents that have any (the module
    is imported only then: most runs have none)."""
    marked = {file: doc for file, doc in docs.items() if _MARKER in doc.dumps()}
    if not marked:
        return {}
    from .suppressions import parse

    tables = {file: parse(doc) for file, doc in marked.items()}
    return {file: table for file, table in tables.items() if table}


def _runs(target_version: str | None) -> frozenset[str]:
    """The rules a validation of a file really runs (a suppression of any
    other one is not reported unused)."""
    names = {name for group in _FILE_GROUPS for name in RULE_GROUPS[group]}
    if target_version is not None:
        names.update(RULE_GROUPS["versions"])
    names.add("unused-suppression")
    return frozenset(names)


def _nodes(nodes: Sequence[str]) -> str:
    return f"node {nodes[0]}" if len(nodes) == 1 else "nodes " + ", ".join(nodes)


def _problem(exc: BaseException, path: str) -> str:
    if isinstance(exc, OSError):
        return f"{exc.filename or path}: {exc.strerror or exc}"
    return str(exc)


def _same_file(one: str, two: str) -> bool:
    try:
        return os.path.samefile(one, two)
    except OSError:
        return os.path.abspath(one) == os.path.abspath(two)


class _ValueOf:
    """The value of the option a finding is about, read from the document
    of the finding's file (None when it is not about an option there)."""

    def __init__(self, documents: Mapping[str | None, Document]) -> None:
        self._documents = documents

    def __call__(self, finding: Finding) -> str | None:
        doc = self._documents.get(finding.file)
        if doc is None or finding.section is None or finding.option is None:
            return None
        section = doc.section(finding.section)
        if section is None:
            return None
        line = finding.span.line
        for option in section.options():
            if (
                option.name == finding.option
                and option.line <= line < option.line + option.line_count
            ):
                return option.value
        return None


def run(request: Request, sink: Sink | None = None) -> Outcome:
    """Check what ``request`` asks (see the module). The findings go to
    ``sink`` as they are made (each exact repeat left out) when one is
    given, else to ``Outcome.findings``, sorted; either way the outcome
    counts errors and warnings."""
    from ._gc import collector_paused

    with collector_paused():
        return _Run(request).run(sink)
