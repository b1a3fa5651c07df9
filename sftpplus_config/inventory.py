"""Cluster inventories (TOML) and per-node generation (docs/inventory.md).

[`load_inventory`][sftpplus_config.inventory.load_inventory] reads and checks
an inventory; [`build`][sftpplus_config.inventory.build] makes every output
file in memory, checks them (the syntax of the inputs, the full validation of
every node's effective configuration, the cluster lints) and returns them;
[`write_outputs`][sftpplus_config.inventory.write_outputs] writes them, leaving
files whose content is already right untouched. Nothing is written by
[`build`][sftpplus_config.inventory.build] itself, so a failing node means
nothing is written.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ._record import field, record, replace
from ._rootfs import Root, is_plain_relative
from ._toml import locate
from .api import load, loads
from .cluster import (
    CLUSTER_KINDS,
    ComponentView,
    NodeConfig,
    Value,
    _node_from_sections,
    check_cluster,
)
from .components import split_section_name
from .exceptions import SftpplusConfigError
from .findings import Finding
from .span import Span
from .syntax import Document, Section
from .variables import VariableError, expand_text, render, validate_variables

if TYPE_CHECKING:
    from .effective import NodeOutput

__all__ = [
    "BuildResult",
    "Inventory",
    "InventoryError",
    "Node",
    "build",
    "check_outputs",
    "load_inventory",
    "outdated_outputs",
    "prune_outputs",
    "stale_outputs",
    "write_outputs",
]

Mode = Literal["shared-folder", "per-node"]
MODES: tuple[Mode, ...] = ("shared-folder", "per-node")
SHARED_FILE = "server.ini"
OVERRIDE_FILE = "server.override.ini"
_NODE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")


class InventoryError(SftpplusConfigError, ValueError):
    """The inventory cannot be used. ``findings`` holds every problem found
    (rule ``invalid-inventory``, positioned in the inventory file)."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = tuple(findings)
        first = self.findings[0]
        super().__init__(f"{first.file}:{first.span}: {first.message}")


@record
class Node:
    """One node of the inventory."""

    name: str
    variables: Mapping[str, str]
    """Every variable of the node, lower-case names: the cluster's, the
    node's own, ``host.name`` and ``host.fqdn``."""
    override: Path | None = None
    options: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Extra options ``{section: {option: value}}``, applied after the
    override file."""
    index: int = 0
    origins: Mapping[str, Span] = field(default_factory=dict)
    """Where each variable (lower-case name) is defined in the inventory."""


@record
class Inventory:
    """A cluster inventory as
    [`load_inventory`][sftpplus_config.inventory.load_inventory] reads it: its
    template (``base``), how the nodes' files are laid out (``mode``), the
    cluster variables and the nodes."""

    path: Path
    base: Path
    mode: Mode
    keep_host_vars: bool
    variables: Mapping[str, str]
    nodes: tuple[Node, ...]
    text: str = ""
    origins: Mapping[str, Span] = field(default_factory=dict)
    """Where each cluster variable (lower-case name) is defined."""


# -- reading ---------------------------------------------------------------------------


class _Problems:
    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.text = text
        self.found: list[Finding] = []

    def add(self, path: Sequence[str | int], message: str, hint: str | None = None) -> None:
        span = locate(self.text, path)
        self.found.append(
            Finding("invalid-inventory", "error", message, span, self.file, hint=hint)
        )


def _check_keys(
    problems: _Problems, table: Mapping[str, Any], allowed: set[str], where: list[str | int]
) -> None:
    for key in table:
        if key not in allowed:
            shown = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in [*where, key])
            shown = shown.lstrip(".")
            problems.add(
                [*where, key],
                f"unknown key `{shown}`",
                "allowed here: " + ", ".join(sorted(allowed)),
            )


def _strings(problems: _Problems, value: Any, where: list[str | int]) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.add(where, f"`{'.'.join(map(str, where))}` must be a table")
        return {}
    out: dict[str, str] = {}
    for key, item in value.items():
        text = _scalar(item)
        if text is None:
            problems.add([*where, key], f"`{key}` must be a string, a number or a boolean")
        else:
            out[str(key)] = text
    return out


def _scalar(item: Any) -> str | None:
    if isinstance(item, bool):
        return "yes" if item else "no"
    if isinstance(item, int | float | str):
        return str(item)
    return None


_TREE_HINT = (
    "the base and override files must be in the inventory's folder or below it "
    "(symbolic links are resolved first): move the file there, or the inventory up"
)


def _in_tree(tree: str, path: Path) -> bool:
    """Whether ``path``, resolved, is inside the folder ``tree`` (resolved)."""
    real = os.path.realpath(path)
    return os.path.commonpath([tree, real]) == tree


def _outside(what: str, given: str) -> str:
    return f"{what} file {given!r} is outside the inventory's folder"


def load_inventory(path: str | os.PathLike[str]) -> Inventory:
    """Read and check an inventory. Raises
    [`InventoryError`][sftpplus_config.inventory.InventoryError] with every
    problem found, or OSError when the file cannot be read.

    The ``base`` and ``override`` files must resolve (symbolic links
    followed) to files inside the inventory's folder tree: an inventory
    cannot make ``build`` read, and quote in its messages, a file elsewhere
    (``/etc/shadow``)."""
    inv_path = Path(path)
    data = inv_path.read_bytes()
    file = os.fspath(path)
    try:
        text = data.decode("utf-8")
        document = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise InventoryError(
            [Finding("invalid-inventory", "error", f"not UTF-8: {exc}", Span(1, 1, 1, 1), file)]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        where = re.search(r"\(at line (\d+), column (\d+)\)", message)
        line, column = (int(where.group(1)), int(where.group(2))) if where else (1, 1)
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
        raise InventoryError(
            [
                Finding(
                    "invalid-inventory",
                    "error",
                    f"TOML syntax error: {message}",
                    Span(line, column, line, column + 1),
                    file,
                )
            ]
        ) from None
    problems = _Problems(file, text)
    tree = os.path.realpath(inv_path.parent)
    _check_keys(problems, document, {"cluster", "nodes"}, [])
    cluster = document.get("cluster")
    if not isinstance(cluster, dict):
        problems.add(["cluster"], "missing table [cluster]", "add [cluster] with base and mode")
        cluster = {}
    _check_keys(problems, cluster, {"base", "mode", "keep_host_vars", "variables"}, ["cluster"])
    base = cluster.get("base")
    if not isinstance(base, str) or not base:
        problems.add(["cluster", "base"], "missing `base` (the server.ini to start from)")
        base = ""
    mode = cluster.get("mode")
    if mode not in MODES:
        problems.add(
            ["cluster", "mode"],
            f"`mode` must be one of {', '.join(MODES)}" + (f", not {mode!r}" if mode else ""),
        )
        mode = "per-node"
    keep = cluster.get("keep_host_vars", False)
    if not isinstance(keep, bool):
        problems.add(["cluster", "keep_host_vars"], "`keep_host_vars` must be true or false")
        keep = False
    cluster_vars = _strings(problems, cluster.get("variables"), ["cluster", "variables"])
    raw_nodes = document.get("nodes")
    if not isinstance(raw_nodes, list) or not raw_nodes:
        problems.add(["nodes"], "no nodes: add one [[nodes]] table per node")
        raw_nodes = []
    nodes: list[Node] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_nodes):
        at: list[str | int] = ["nodes", index]
        if not isinstance(raw, dict):
            problems.add(at, "each node must be a table")
            continue
        _check_keys(problems, raw, {"name", "host", "variables", "override", "options"}, at)
        name = raw.get("name")
        if not isinstance(name, str) or not _NODE_NAME.match(name) or name == SHARED_FILE:
            problems.add(
                [*at, "name"] if "name" in raw else at,
                "missing node `name`"
                if name is None
                else f"invalid node name {name!r}: letters, digits, `.`, `_` and `-`",
            )
            continue
        if name in seen:
            problems.add([*at, "name"], f"node {name!r} is defined twice")
        seen[name] = index
        host = raw.get("host", {})
        if not isinstance(host, dict):
            problems.add([*at, "host"], "`host` must be a table with name and fqdn")
            host = {}
        _check_keys(problems, host, {"name", "fqdn"}, [*at, "host"])
        host_name = host.get("name", name)
        host_fqdn = host.get("fqdn", host_name)
        own = _strings(problems, raw.get("variables"), [*at, "variables"])
        variables = {
            **cluster_vars,
            **own,
            "host.name": str(host_name),
            "host.fqdn": str(host_fqdn),
        }
        try:
            checked = validate_variables(variables)
        except SftpplusConfigError as exc:
            problems.add([*at, "variables"], str(exc))
            checked = {}
        origins = {
            name.lower(): locate(text, ["cluster", "variables", name]) for name in cluster_vars
        }
        origins.update({name.lower(): locate(text, [*at, "variables", name]) for name in own})
        # host.name defaults to the node's name, host.fqdn to host.name
        name_at: list[str | int] = [*at, "host", "name"] if "name" in host else [*at, "name"]
        fqdn_at: list[str | int] = [*at, "host", "fqdn"] if "fqdn" in host else name_at
        origins["host.name"] = locate(text, name_at)
        origins["host.fqdn"] = locate(text, fqdn_at)
        override = raw.get("override")
        override_path: Path | None = None
        if override is not None:
            if not isinstance(override, str):
                problems.add([*at, "override"], "`override` must be a path")
            else:
                override_path = inv_path.parent / override
                if not _in_tree(tree, override_path):
                    problems.add([*at, "override"], _outside("override", override), _TREE_HINT)
                    override_path = None
                elif not override_path.is_file():
                    problems.add([*at, "override"], f"override file not found: {override}")
        options: dict[str, dict[str, str]] = {}
        raw_options = raw.get("options", {})
        if not isinstance(raw_options, dict):
            problems.add([*at, "options"], "`options` must be a table of sections")
            raw_options = {}
        for section, values in raw_options.items():
            options[section] = _strings(problems, values, [*at, "options", section])
        nodes.append(Node(name, checked, override_path, options, index, origins))
    base_path = inv_path.parent / base
    if base and not _in_tree(tree, base_path):
        problems.add(["cluster", "base"], _outside("base", base), _TREE_HINT)
    elif base and not base_path.is_file():
        problems.add(["cluster", "base"], f"base file not found: {base}")
    if problems.found:
        raise InventoryError(problems.found)
    assert mode in MODES
    cluster_origins = {
        name.lower(): locate(text, ["cluster", "variables", name]) for name in cluster_vars
    }
    return Inventory(
        inv_path,
        base_path,
        mode,
        keep,
        validate_variables(cluster_vars),
        tuple(nodes),
        text,
        cluster_origins,
    )


# -- building ------------------------------------------------------------------------------


@record
class BuildResult:
    """The files to write (relative path -> text, sorted) and the findings.
    ``ok`` is False when a finding is an error: then nothing should be
    written. ``undefined`` lists the placeholders the inventory's variables
    do not cover, as (file, span, name, nodes): a mismatch between the
    inventory and the template. ``inputs`` are the server.ini files read
    (the base, then the override files)."""

    files: Mapping[str, str]
    findings: tuple[Finding, ...]
    undefined: tuple[tuple[str | None, Span, str, tuple[str, ...]], ...] = ()
    inputs: tuple[Document, ...] = ()

    @property
    def ok(self) -> bool:
        """No finding of severity error: every node's files may be written."""
        return not any(f.severity == "error" for f in self.findings)


def _text_of(output: NodeOutput) -> Callable[[], str]:
    return lambda: output.text


class _Outputs(Mapping[str, str]):
    """The files of a build, by relative path in sorted order; a node's
    file is made when it is read (once per read: writing reads each file
    once), so that a build holds one whole node file at a time."""

    def __init__(self, files: Mapping[str, str | Callable[[], str]]) -> None:
        self._files = dict(sorted(files.items()))

    def __getitem__(self, relative: str) -> str:
        value = self._files[relative]
        return value if isinstance(value, str) else value()

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def __repr__(self) -> str:
        return f"<build outputs: {', '.join(self._files)}>"


def _options_doc(options: Mapping[str, Mapping[str, str]], path: str) -> Document:
    doc = loads("", path=path)
    for section, values in options.items():
        for option, value in values.items():
            doc.set(section, option, value)
    return doc


def _relocate(node: NodeConfig, extras_path: str, inventory: Inventory, index: int) -> NodeConfig:
    """Values that came from a node's ``options`` table point at the
    inventory's lines, not at the generated document."""
    components: list[ComponentView] = []
    for component in node.components:
        options = {
            key: (
                Value(
                    value.text,
                    locate(inventory.text, ["nodes", index, "options", component.name, key]),
                    os.fspath(inventory.path),
                )
                if value.file == extras_path
                else value
            )
            for key, value in component.options.items()
        }
        span, file = component.span, component.file
        if file == extras_path:
            span = locate(inventory.text, ["nodes", index, "options", component.name])
            file = os.fspath(inventory.path)
        components.append(ComponentView(component.name, span, file, options))
    return replace(node, components=tuple(components))


def _options_finding(finding: Finding, inventory: Inventory, index: int) -> Finding:
    """A finding about a node's ``options`` table, placed in the inventory."""
    path: list[str | int] = ["nodes", index, "options", finding.section or ""]
    if finding.option:
        path.append(finding.option)
    return replace(finding, file=os.fspath(inventory.path), span=locate(inventory.text, path))


def _extras_path(inventory: Inventory, node: Node) -> str:
    return f"{inventory.path}#nodes.{node.name}.options"


def build(
    inventory: Inventory,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    target_version: str | Sequence[int] | None = None,
) -> BuildResult:
    """Every output file of ``inventory``, in memory, with the findings.

    ``per-node``: ``<node>/server.ini`` is the base with the node's override
    file and ``options`` applied, and its variables rendered (``{host.*}``
    kept in local-file ``path`` when ``keep_host_vars``).

    ``shared-folder``: ``server.ini`` is the base with the cluster's
    variables rendered and ``{host.*}`` left for SFTPPlus;
    ``<node>/server.override.ini`` holds the node's override file and
    ``options``, rendered, plus every base option whose value uses a
    variable that differs between nodes, rendered for the node.

    The findings: the syntax of the input files (as ``validate`` reports it),
    the full validation of every node's effective configuration
    ([`check_nodes`][sftpplus_config.effective.check_nodes]: schema,
    references, variables, versions, security; with ``select``/``ignore`` and
    ``target_version`` as for ``validate``), each placed in the base, an
    override file or the inventory line it comes from, and the cluster lints
    over all nodes. These are the raw findings: suppression comments, the
    configuration file and a baseline are applied by
    [`sftpplus_config.checks.run`][sftpplus_config.checks.run], as ``validate``
    and ``build`` do.
    """
    from .acceptance import syntax_problems
    from .effective import NodeInput, check_nodes, with_braces
    from .validation import RULE_GROUPS, resolve_rules

    active = resolve_rules(select, ignore)
    base = load(inventory.base)
    findings: list[Finding] = [f for f in syntax_problems(base) if f.rule in active]
    inputs: list[Document] = [base]
    overrides: dict[Path, Document] = {}
    templated = with_braces(base)
    templated_sections = [section for section in base.sections if section.name in templated]
    cluster_sections = [
        section
        for section in base.sections
        if split_section_name(section.name or "")[0] in CLUSTER_KINDS
    ]
    files: dict[str, str | Callable[[], str]] = {}
    node_vars = _node_dependent(inventory)
    if inventory.mode == "shared-folder":
        cluster_only = {k: v for k, v in inventory.variables.items() if k not in node_vars}
        try:
            files[SHARED_FILE] = render(base, cluster_only, keep_host_vars=True).document.dumps()
        except VariableError as exc:
            findings.append(_value_finding(exc, inventory, inventory.origins))
    node_inputs: list[NodeInput] = []
    node_layers: list[list[Document]] = []
    for node in inventory.nodes:
        layers: list[Document] = []
        if node.override is not None:
            override = overrides.get(node.override)
            if override is None:
                override = overrides[node.override] = load(node.override)
                inputs.append(override)
                findings += [f for f in syntax_problems(override, base=base) if f.rule in active]
            layers.append(override)
        if node.options:
            layers.append(_options_doc(node.options, _extras_path(inventory, node)))
        node_layers.append(layers)
        keep = inventory.keep_host_vars or inventory.mode == "shared-folder"
        node_inputs.append(NodeInput(node.name, tuple(layers), node.variables, keep))
    try:
        checked = check_nodes(
            base,
            node_inputs,
            active=active - set(RULE_GROUPS["syntax"]),
            target_version=target_version,
        )
    except VariableError as exc:  # a node's value that would not read back
        at = {node.name: node for node in inventory.nodes}.get(exc.node or "")
        findings.append(_value_finding(exc, inventory, at.origins if at else {}))
        return BuildResult(_Outputs(files), tuple(findings), (), tuple(inputs))
    extras = {_extras_path(inventory, node): node.index for node in inventory.nodes}
    for finding in checked.findings:
        index = extras.get(finding.file or "")
        findings.append(finding if index is None else _options_finding(finding, inventory, index))
    undefined: dict[tuple[str | None, Span, str], list[str]] = {}
    for output in checked.nodes:
        for file, span, name in output.undefined:
            undefined.setdefault((file, span, name), []).append(output.name)
    node_configs: list[NodeConfig] = []
    for node, layers, output in zip(inventory.nodes, node_layers, checked.nodes, strict=True):
        if inventory.mode == "per-node":
            files[f"{node.name}/{SHARED_FILE}"] = _text_of(output)
        else:
            try:
                override_doc = _node_override(
                    inventory, node, base, templated_sections, layers, node_vars
                )
            except VariableError as exc:
                findings.append(_value_finding(exc, inventory, node.origins))
                continue
            files[f"{node.name}/{OVERRIDE_FILE}"] = override_doc.dumps()
        config = _node_from_sections(
            node.name,
            [(base, cluster_sections), *[(layer, layer.sections) for layer in layers]],
            node.variables,
        )
        node_configs.append(_relocate(config, _extras_path(inventory, node), inventory, node.index))
    findings.extend(f for f in check_cluster(node_configs) if f.rule in active)
    return BuildResult(
        _Outputs(files),
        tuple(findings),
        tuple((file, span, name, tuple(nodes)) for (file, span, name), nodes in undefined.items()),
        tuple(inputs),
    )


def _value_finding(
    exc: VariableError, inventory: Inventory, origins: Mapping[str, Span]
) -> Finding:
    """A variable value that rendering refused, placed at the inventory key
    that defines the variable (the message names the placeholder)."""
    message = exc.message
    if exc.span is not None:
        message += f" (the placeholder at {exc.file}:{exc.span.line}:{exc.span.column})"
    span = origins.get(exc.name or "", Span(1, 1, 1, 2))
    return Finding(
        "invalid-inventory", "error", message, span, os.fspath(inventory.path), hint=exc.hint
    )


def _node_dependent(inventory: Inventory) -> set[str]:
    """Variable names whose value is not the same on every node."""
    names: set[str] = set()
    for node in inventory.nodes:
        names.update(node.variables)
    return {
        name
        for name in names
        if len({node.variables.get(name) for node in inventory.nodes}) > 1
        or name not in inventory.variables
    }


def _node_override(
    inventory: Inventory,
    node: Node,
    base: Document,
    templated_sections: list[Section],
    layers: Sequence[Document],
    node_vars: set[str],
) -> Document:
    header = (
        f"; Generated by sftpplus-config build from {inventory.path.name} "
        f"for node {node.name}; do not edit.\n"
    )
    text = layers[0].dumps() if node.override is not None else ""
    doc = render(loads(header + text), node.variables, keep_host_vars=True).document
    present = {(s.name, o.name) for s in doc.sections for o in s.options()}
    for name, values in node.options.items():
        kind, type_ = _kind_type(name, base, doc)
        for option_name, value in values.items():
            where = locate(inventory.text, ["nodes", node.index, "options", name, option_name])
            expanded = _expand(value, node, kind, type_, option_name, inventory.path, where)
            doc.set(name, option_name, expanded)
            present.add((name, option_name.lower()))
    for section in templated_sections:
        assert section.name is not None
        kind, type_ = _kind_type(section.name, base, doc)
        for option in section.options():
            if (section.name, option.name) in present:
                continue
            if _uses(kind, type_, option.name, option.value, node_vars):
                value = _expand(
                    option.value,
                    node,
                    kind,
                    type_,
                    option.name,
                    base.path,
                    option.value_line_spans(),
                )
                doc.set(section.name, option.raw_key, value)
                present.add((section.name, option.name))
    return loads(doc.dumps())


def _kind_type(section: str, *docs: Document) -> tuple[str, str | None]:
    kind = split_section_name(section)[0]
    for doc in reversed(docs):
        value = doc.get(section, "type")
        if value is not None:
            return kind, value.strip().lower()
    return kind, None


def _expand(
    value: str,
    node: Node,
    kind: str,
    type_: str | None,
    option: str,
    file: str | os.PathLike[str] | None,
    where: Span | list[Span],
) -> str:
    """``value`` rendered for ``node``; a refused variable value raises
    [`VariableError`][sftpplus_config.variables.VariableError] placed in
    ``file``: at the placeholder when ``where`` is the value's line spans, else
    at ``where``."""
    try:
        return expand_text(
            value,
            node.variables,
            kind=kind,
            type_=type_,
            option=option,
            keep_host_vars=True,
            check=True,
        )
    except VariableError as exc:
        exc.file = None if file is None else os.fspath(file)
        if isinstance(where, list) and exc.span is not None and exc.span.line <= len(where):
            line = where[exc.span.line - 1]  # the value line the placeholder is on
            start = line.column - 1
            exc.span = Span(
                line.line, start + exc.span.column, line.line, start + exc.span.end_column
            )
        elif isinstance(where, Span):
            exc.span = where
        raise


def _uses(kind: str, type_: str | None, option: str, value: str, names: set[str]) -> bool:
    """Whether rendering ``value`` replaces a placeholder of ``names`` (or a
    ``{host.*}`` that SFTPPlus would not expand itself)."""
    probe = dict.fromkeys(names, "\0")
    expanded = expand_text(value, probe, kind=kind, type_=type_, option=option, keep_host_vars=True)
    return expanded != value


# -- writing -------------------------------------------------------------------------


#: Written by [`write_outputs`][sftpplus_config.inventory.write_outputs] in the output folder:
#: the files the build made, so that the next build can tell which ones it no longer makes.
MANIFEST = ".sftpplus-config-build.json"


def stale_outputs(files: Mapping[str, str], folder: str | os.PathLike[str]) -> list[str]:
    """Files that the previous build into ``folder`` made (its manifest) and
    that are not in ``files``: left by nodes no longer in the inventory, or by
    the other mode. Only existing files; relative paths, sorted. Without a
    manifest (no build was made there yet) nothing is stale. An entry that is
    not a plain relative path is ignored (a manifest is data: it never leads
    out of the folder); one whose path goes through a symbolic link raises
    [`UnsafePathError`][sftpplus_config.exceptions.UnsafePathError]."""
    try:
        root = Root(folder)
    except FileNotFoundError:
        return []
    with root:
        try:
            data = root.read(MANIFEST)
            previous = json.loads(data.decode("utf-8"))["files"] if data is not None else []
        except (ValueError, KeyError, TypeError):
            return []
        if not isinstance(previous, list):
            return []
        stale = {
            relative
            for relative in previous
            if isinstance(relative, str)
            and relative not in files
            and is_plain_relative(relative)
            and root.is_file(relative)
        }
    return sorted(stale)


def check_outputs(folder: str | os.PathLike[str], relatives: Sequence[str]) -> None:
    """Refuse, before anything is written or deleted, every path that
    [`write_outputs`][sftpplus_config.inventory.write_outputs] or
    [`prune_outputs`][sftpplus_config.inventory.prune_outputs] would refuse
    (raises [`UnsafePathError`][sftpplus_config.exceptions.UnsafePathError]):
    one that goes through a symbolic link or a file inside ``folder``, or that
    is a link or a folder itself. ``folder`` itself may be a link (it is
    resolved)."""
    try:
        root = Root(folder)
    except FileNotFoundError:
        return  # nothing there yet: every path is new
    with root:
        for relative in relatives:
            root.check(relative)


def outdated_outputs(files: Mapping[str, str], folder: str | os.PathLike[str]) -> list[str]:
    """The relative paths of ``files`` whose bytes under ``folder`` are not
    already right (missing or different), sorted. Reads only, and never through
    a symbolic link inside ``folder`` (such a path raises
    [`UnsafePathError`][sftpplus_config.exceptions.UnsafePathError])."""
    try:
        root = Root(folder)
    except FileNotFoundError:
        return sorted(files)
    with root:
        return sorted(
            relative
            for relative, text in files.items()
            if root.read(relative) != text.encode("utf-8")
        )


def prune_outputs(stale: list[str], folder: str | os.PathLike[str]) -> None:
    """Delete the ``stale`` files (from
    [`stale_outputs`][sftpplus_config.inventory.stale_outputs]) and the node
    folders they leave empty. Every path is checked first: when one is refused,
    nothing is deleted."""
    check_outputs(folder, stale)
    with Root(folder) as root:
        for relative in stale:
            root.remove(relative)


def write_outputs(
    files: Mapping[str, str],
    folder: str | os.PathLike[str],
    *,
    stale: Sequence[str] = (),
    warnings: list[str] | None = None,
) -> list[str]:
    """Write ``files`` under ``folder``; files whose bytes are already right
    are not touched. Then record them, and the ``stale`` files that are kept,
    in the folder's manifest (`MANIFEST`). Returns the relative paths written
    (the manifest not included).

    Every path is checked before the first write
    ([`check_outputs`][sftpplus_config.inventory.check_outputs]): when one is
    refused, nothing is written. No write follows a symbolic link inside
    ``folder``. Warnings about the files written (a hard link split by the
    replace, an owner that could not be kept) are appended to ``warnings`` when
    it is given."""
    check_outputs(folder, [*files, MANIFEST])
    manifest = {"files": sorted({*files, *stale})}
    with Root(folder, create=True) as root:
        written = [
            relative
            for relative, text in files.items()
            if _write_if_changed(root, relative, text, warnings)
        ]
        _write_if_changed(root, MANIFEST, json.dumps(manifest, indent=1) + "\n", warnings)
    return written


def _write_if_changed(root: Root, relative: str, text: str, warnings: list[str] | None) -> bool:
    data = text.encode("utf-8")
    if root.read(relative) == data:
        return False
    result = root.write(relative, data)
    if warnings is not None:
        warnings.extend(f"{result.path}: warning: {note}" for note in result.warnings)
    return True
